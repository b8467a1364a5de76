// A recycled WhatsApp number parted from its previous owner, on the real MongoDB-wire server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WhatsAppSender } from "../../src/adapters/whatsapp/whatsapp-sender.js";
import type { OutgoingMessages } from "../../src/adapters/whatsapp/outgoing.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { MongoWhatsAppAddressBook } from "../../src/store/mongo-whatsapp-address-book.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { unlinkWhatsAppNumber } from "../../src/store/unlink-whatsapp-number.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const at = new Date("2026-11-27T10:00:00+05:00");
const jid = "77015550444@s.whatsapp.net";
const citizen = `whatsapp:${jid}`;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;

beforeAll(async () => {
  database = await openTestDatabase("unlink");
  store = await openMongoStore(database.connection);
  await seedReferenceData(database.connection, await shippedReferenceData());
});
afterAll(() => database.drop());

describe("whatsapp:unlink", () => {
  it("parts the previous owner's appeals and profile from the number; the new owner starts afresh", async () => {
    const addresses = new MongoWhatsAppAddressBook(database.connection);
    await addresses.register(jid, undefined);
    await store.citizens.recordConsent(citizen, { at, version: 1 }, { channel: "whatsapp", language: "kk" });
    const submitted = await submitAppeal({ appeals: store.appeals, directory: store.directory, calendar: await shippedCalendar() }, { draft: draft(), submissionKey: `${citizen}:1`, citizenId: citizen, receivedAt: at });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    // As the dialogue keeps them for the next appeal: the new owner must not be offered them.
    const { applicant } = submitted.appeal;
    if (!applicant) throw new Error("the sample appeal has an applicant");
    await store.citizens.saveApplicant(citizen, applicant);
    expect((await store.citizens.get(citizen))?.applicant).toEqual(applicant);

    expect(await unlinkWhatsAppNumber(database.connection, "77015550444")).toEqual({ ok: true, appeals: 1 });
    expect(await unlinkWhatsAppNumber(database.connection, "77010000000")).toEqual({ ok: false, reason: "unknown_number" });
    const appeal = await store.appeals.get(submitted.appeal.id);
    expect(appeal?.citizenId).toMatch(/^whatsapp:unlinked-[0-9a-f-]{36}@s\.whatsapp\.net$/);
    expect(await store.citizens.get(citizen)).toBeUndefined();
    expect(await store.appeals.listByCitizen(citizen, { offset: 0, limit: 10 })).toEqual([]);
    // The old owner's notifications are undeliverable, so the card shows it, instead of reaching the new owner.
    const sender = new WhatsAppSender(addresses, {} as OutgoingMessages);
    await expect(sender.send(appeal?.citizenId ?? "", { text: "answer", choices: [] })).rejects.toMatchObject({ kind: "blocked" });
  });
});
