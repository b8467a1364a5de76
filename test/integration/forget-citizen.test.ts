// Forgetting a citizen on the real MongoDB-wire server: the files Estu keeps of them go,
// except those of their registered appeals, which the law keeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { MongoMediaStore } from "../../src/store/mongo-media-store.js";
import { MongoSimulatorInbox } from "../../src/store/mongo-simulator-inbox.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const at = new Date("2026-11-27T10:00:00+05:00");
const citizen = "whatsapp:77015550123@s.whatsapp.net";
const other = "whatsapp:77015550999@s.whatsapp.net";
const file = (name: string) => ({ data: Buffer.from(name), fileName: `${name}.jpg`, mimeType: "image/jpeg" });
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let whatsapp: MongoMediaStore;
let simulator: MongoMediaStore;

beforeAll(async () => {
  database = await openTestDatabase("forget");
  store = await openMongoStore(database.connection);
  await seedReferenceData(database.connection, await shippedReferenceData());
  whatsapp = new MongoMediaStore(database.connection, "whatsapp");
  simulator = new MongoMediaStore(database.connection, "simulator");
});
afterAll(() => database.drop());

const stored = async (media: MongoMediaStore, fileId: string) => media.has(fileId);

describe("forgetting a citizen", () => {
  it("deletes their kept files but those of their registered appeals, and nobody else's, and their simulated chat", async () => {
    await store.citizens.recordConsent(citizen, { at, version: 1 }, { channel: "whatsapp", language: "kk" });
    await whatsapp.put(`${citizen}/APPEALED`, file("appealed"));
    await whatsapp.put(`${citizen}/DRAFTED`, file("drafted"));
    await whatsapp.put(`${other}/DRAFTED`, file("someone else's"));
    await simulator.put("simulator:forget-me/0b7c", file("simulated"));
    const chat = new MongoSimulatorInbox(database.connection);
    await chat.append("simulator:forget-me", [{ text: "Менің ЖСН-ім 900101300123", choices: [] }], at, "citizen");
    const attachment = { kind: "photo" as const, channel: "whatsapp", fileId: `${citizen}/APPEALED`, mimeType: "image/jpeg" };
    const result = await submitAppeal(
      { appeals: store.appeals, directory: store.directory, calendar: await shippedCalendar() },
      { draft: draft({ attachments: [attachment] }), submissionKey: `${citizen}:1`, citizenId: citizen, receivedAt: at },
    );
    expect(result.ok).toBe(true);

    await store.citizens.forget(citizen, at);
    await store.citizens.forget("simulator:forget-me", at);
    expect(await stored(whatsapp, `${citizen}/APPEALED`)).toBe(true);
    expect(await stored(whatsapp, `${citizen}/DRAFTED`)).toBe(false);
    expect(await stored(whatsapp, `${other}/DRAFTED`)).toBe(true);
    expect(await stored(simulator, "simulator:forget-me/0b7c")).toBe(false);
    expect(await chat.after("simulator:forget-me", 0, 100)).toEqual([]);
    expect(await database.connection.collection("simulator_messages").countDocuments({ citizenId: "simulator:forget-me", message: { $exists: true } })).toBe(0);
  });
});
