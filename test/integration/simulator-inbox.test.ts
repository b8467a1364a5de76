// The simulator's chats on the real MongoDB-wire server: numbered by the messages themselves, read by `_id`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/core/outbound.js";
import { MongoSimulatorInbox } from "../../src/store/mongo-simulator-inbox.js";
import { openTestDatabase } from "../support/services.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let inbox: MongoSimulatorInbox;
const at = new Date("2026-03-02T09:00:00Z");
const text = (value: string): Outbound => ({ text: value, choices: [] });
const texts = async (citizenId: string, afterSeq = 0, limit = 100) => (await inbox.after(citizenId, afterSeq, limit)).map((message) => [message.seq, message.message.text]);

beforeAll(async () => {
  database = await openTestDatabase("sim_inbox");
  inbox = new MongoSimulatorInbox(database.connection);
});
afterAll(() => database.drop());

describe("simulator chats", () => {
  it("numbers a chat's messages in order and gives those after a number, up to a limit", async () => {
    await inbox.append("simulator:a", [text("Сәлем"), text("Тіл таңдаңыз")], at);
    await inbox.append("simulator:a", [text("1")], at, "citizen");
    expect(await texts("simulator:a")).toEqual([[1, "Сәлем"], [2, "Тіл таңдаңыз"], [3, "1"]]);
    expect(await texts("simulator:a", 2)).toEqual([[3, "1"]]);
    expect(await texts("simulator:a", 0, 2)).toEqual([[1, "Сәлем"], [2, "Тіл таңдаңыз"]]);
    expect((await inbox.after("simulator:a", 2, 10))[0]?.from).toBe("citizen");
    expect(await texts("simulator:a", 3)).toEqual([]);
    expect(await texts("simulator:nobody")).toEqual([]);
  });

  it("gives every message of appends running at once its own number, each append's in its order", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, index) => inbox.append("simulator:b", [text(`${index}.1`), text(`${index}.2`)], at)));
    const chat = await texts("simulator:b");
    expect(chat.map(([seq]) => seq)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
    for (let index = 0; index < 12; index++) {
      const [first, second] = [chat.findIndex(([, value]) => value === `${index}.1`), chat.findIndex(([, value]) => value === `${index}.2`)];
      expect(first).toBeGreaterThanOrEqual(0);
      expect(second).toBeGreaterThan(first);
    }
  });

  it("finds a message whose append died before raising the counter, and the next append goes after it", async () => {
    await inbox.append("simulator:c", [text("one")], at);
    // As an append that wrote its message and died before raising the counter.
    await database.connection.collection("simulator_messages").insertOne({ _id: "simulator:c#2" as never, citizenId: "simulator:c", seq: 2, from: "estu", message: text("two"), at });
    expect(await texts("simulator:c")).toEqual([[1, "one"], [2, "two"]]);
    await inbox.append("simulator:c", [text("three")], at);
    expect(await texts("simulator:c", 2)).toEqual([[3, "three"]]);
  });

  it("goes past a number below the counter that was never written (an older release could leave one)", async () => {
    await inbox.append("simulator:d", [text("one"), text("two"), text("three")], at);
    await database.connection.collection("simulator_messages").deleteOne({ _id: "simulator:d#2" as never });
    expect(await texts("simulator:d")).toEqual([[1, "one"], [3, "three"]]);
  });

  it("after forget-me shows only what came after, to a reloaded page and to one still open", async () => {
    await inbox.append("simulator:e", Array.from({ length: 150 }, (_, index) => text(`old ${index}`)), at);
    await inbox.forget("simulator:e");
    expect(await texts("simulator:e")).toEqual([]);
    await inbox.append("simulator:e", [text("new")], at);
    expect(await texts("simulator:e")).toEqual([[151, "new"]]);
    expect(await texts("simulator:e", 150)).toEqual([[151, "new"]]);
  });

  it("never numbers a message under a forgotten number, even one an append died holding", async () => {
    await inbox.append("simulator:f", [text("one")], at);
    // An append that wrote #2 and #3 and died before raising the counter; an open page has seen them.
    const messages = database.connection.collection("simulator_messages");
    for (const seq of [2, 3]) await messages.insertOne({ _id: `simulator:f#${seq}` as never, citizenId: "simulator:f", seq, from: "estu", message: text(`${seq}`), at });
    expect(await texts("simulator:f", 1)).toEqual([[2, "2"]]);
    expect(await texts("simulator:f", 2)).toEqual([[3, "3"]]);
    await inbox.forget("simulator:f");
    expect(await messages.countDocuments({ citizenId: "simulator:f", message: { $exists: true } })).toBe(0);
    await inbox.append("simulator:f", [text("after")], at);
    expect(await texts("simulator:f", 3)).toEqual([[4, "after"]]);
    expect(await texts("simulator:f")).toEqual([[4, "after"]]);
  });

  it("numbers an append that read the counter before a forget above the forgotten messages", async () => {
    await inbox.append("simulator:g", [text("one"), text("two"), text("three")], at);
    await inbox.forget("simulator:g");
    // As an append whose read of the counter (2, while #3 was being written) came before the forget and its write after.
    await database.connection.collection("simulator_counters").updateOne({ _id: "simulator:g" as never }, { $set: { seq: 2 } });
    await inbox.append("simulator:g", [text("notice")], at);
    expect(await texts("simulator:g")).toEqual([[4, "notice"]]);
  });
});
