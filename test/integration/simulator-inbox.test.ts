// The simulator's chats on the real MongoDB-wire server: what a page's poll reads after a sequence number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MongoSimulatorInbox } from "../../src/store/mongo-simulator-inbox.js";
import { openTestDatabase } from "../support/services.js";

const at = new Date("2026-11-27T10:00:00+05:00");
const text = (body: string) => ({ text: body, choices: [] });
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let inbox: MongoSimulatorInbox;

beforeAll(async () => {
  database = await openTestDatabase("simulator-inbox");
  inbox = new MongoSimulatorInbox(database.connection);
});
afterAll(() => database.drop());

describe("simulator inbox", () => {
  it("returns a chat's messages after a sequence number, in order, at most the limit, and nothing of other chats", async () => {
    await inbox.append("simulator:a", [text("Сәлеметсіз бе")], at, "citizen");
    await inbox.append("simulator:b", [text("other chat")], at);
    await inbox.append("simulator:a", [text("one"), text("two"), text("three")], at);

    const all = await inbox.after("simulator:a", 0, 100);
    expect(all.map((message) => [message.seq, message.from, message.message.text])).toEqual([
      [1, "citizen", "Сәлеметсіз бе"],
      [2, "estu", "one"],
      [3, "estu", "two"],
      [4, "estu", "three"],
    ]);
    expect((await inbox.after("simulator:a", 1, 2)).map((message) => message.seq)).toEqual([2, 3]);
    expect(await inbox.after("simulator:a", 4, 100)).toEqual([]);
    expect(await inbox.after("simulator:nobody", 0, 100)).toEqual([]);
  });

  it("skips a number an append took but never wrote, and reads an odd or negative position from the start", async () => {
    await inbox.append("simulator:c", [text("first")], at);
    // What an append that died between taking its numbers and writing its messages leaves.
    await database.connection.collection<{ _id: string; seq: number }>("simulator_counters").updateOne({ _id: "simulator:c" }, { $inc: { seq: 1 } });
    await inbox.append("simulator:c", [text("third")], at);

    expect((await inbox.after("simulator:c", 0, 100)).map((message) => [message.seq, message.message.text])).toEqual([
      [1, "first"],
      [3, "third"],
    ]);
    expect((await inbox.after("simulator:c", -5, 100)).map((message) => message.seq)).toEqual([1, 3]);
    expect((await inbox.after("simulator:c", 1.5, 100)).map((message) => message.seq)).toEqual([3]);
  });
});
