// What the WhatsApp channel keeps in MongoDB, on the real MongoDB-wire server: the
// account addresses (LID and phone-number JIDs of one citizen), the sent messages
// (for resends and late failures), and received files kept by `_id`.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MongoMediaStore } from "../../src/store/mongo-media-store.js";
import { MongoWhatsAppAddressBook } from "../../src/store/mongo-whatsapp-address-book.js";
import { MongoWhatsAppInbox } from "../../src/store/mongo-whatsapp-inbox.js";
import { MongoWhatsAppSentMessages } from "../../src/store/mongo-whatsapp-sent-messages.js";
import { openTestDatabase } from "../support/services.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  database = await openTestDatabase("wa_stores");
});
afterAll(() => database.drop());

describe("WhatsApp address book", () => {
  const phoneJid = "77011234567@s.whatsapp.net";
  const lid = "208934570918023@lid";

  it("knows a citizen by the phone-number JID and the LID, and replies where the last message came from", async () => {
    const book = new MongoWhatsAppAddressBook(database.connection);
    expect(await book.replyJid(phoneJid)).toBeUndefined();
    expect(await book.register(phoneJid, undefined)).toBe(phoneJid);
    expect(await book.replyJid(phoneJid)).toBe(phoneJid);
    // WhatsApp moves the chat to the LID and sends the phone-number JID along.
    expect(await book.register(lid, phoneJid)).toBe(phoneJid);
    expect(await book.replyJid(phoneJid)).toBe(lid);
    // The LID alone is now known too.
    expect(await book.register(lid, undefined)).toBe(phoneJid);
    expect(await book.register(phoneJid, undefined)).toBe(phoneJid);
    expect(await book.replyJid(phoneJid)).toBe(phoneJid);
    expect(await database.connection.collection("whatsapp_addresses").countDocuments()).toBe(2);
  });

  it("makes the first JID seen canonical, and gives concurrent first messages one answer", async () => {
    const book = new MongoWhatsAppAddressBook(database.connection);
    const results = await Promise.all([book.register("111@lid", "77020000001@s.whatsapp.net"), book.register("111@lid", "77020000001@s.whatsapp.net")]);
    expect(results).toEqual(["111@lid", "111@lid"]);
    expect(await book.register("77020000001@s.whatsapp.net", undefined)).toBe("111@lid");
    expect(await book.replyJid("111@lid")).toBe("77020000001@s.whatsapp.net");
  });

  it("keeps two accounts apart when nothing ties them", async () => {
    const book = new MongoWhatsAppAddressBook(database.connection);
    expect(await book.register("77030000001@s.whatsapp.net", undefined)).toBe("77030000001@s.whatsapp.net");
    expect(await book.register("333@lid", undefined)).toBe("333@lid");
  });
});

describe("sent WhatsApp messages", () => {
  it("keeps the bytes for a resend and reports a failure once, with its delivery", async () => {
    const sent = new MongoWhatsAppSentMessages(database.connection);
    const content = Uint8Array.from([10, 5, 104, 101, 108, 108, 111]);
    const sentAt = new Date("2026-11-27T10:00:00Z");
    await sent.record({ id: "3EB0AA", citizenId: "whatsapp:77011234567@s.whatsapp.net", content, deliveryRef: "ALEN-2026-000001/0/e1", sentAt });
    expect(Buffer.from((await sent.content("3EB0AA")) ?? [])).toEqual(Buffer.from(content));
    expect(await sent.content("3EB0BB")).toBeUndefined();

    const failedAt = new Date("2026-11-27T10:00:05Z");
    const [first, second] = await Promise.all([sent.markFailed("3EB0AA", "463", failedAt), sent.markFailed("3EB0AA", "463", failedAt)]);
    const reports = [first, second].filter((report) => report !== undefined);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ id: "3EB0AA", citizenId: "whatsapp:77011234567@s.whatsapp.net", deliveryRef: "ALEN-2026-000001/0/e1", sentAt });
    expect(await sent.markFailed("3EB0AA", "463", failedAt)).toBeUndefined();
    expect(await sent.markFailed("not-ours", "463", failedAt)).toBeUndefined();
  });

  it("forgets messages older than the cut-off", async () => {
    const sent = new MongoWhatsAppSentMessages(database.connection);
    await sent.record({ id: "old", citizenId: "whatsapp:1@s.whatsapp.net", content: Uint8Array.from([1]), deliveryRef: undefined, sentAt: new Date("2026-11-01T00:00:00Z") });
    await sent.record({ id: "new", citizenId: "whatsapp:1@s.whatsapp.net", content: Uint8Array.from([2]), deliveryRef: undefined, sentAt: new Date("2026-11-20T00:00:00Z") });
    await sent.purgeSentBefore(new Date("2026-11-10T00:00:00Z"));
    expect(await sent.content("old")).toBeUndefined();
    expect(await sent.content("new")).toBeDefined();
  });
});

describe("WhatsApp media", () => {
  it("stores a file at receipt and opens it later with its name and type", async () => {
    const media = new MongoMediaStore(database.connection, "whatsapp");
    const photo = randomBytes(2_000);
    expect(await media.has("3A1F")).toBe(false);
    await media.put("3A1F", { data: photo, fileName: "photo-3A1F.jpeg", mimeType: "image/jpeg" });
    expect(await media.has("3A1F")).toBe(true);
    const opened = await media.open({ kind: "photo", channel: "whatsapp", fileId: "3A1F", mimeType: "image/jpeg" });
    expect(opened).toEqual({ data: photo, fileName: "photo-3A1F.jpeg", mimeType: "image/jpeg" });
  });

  it("round-trips a file of many chunks (a video) byte for byte", async () => {
    const media = new MongoMediaStore(database.connection, "whatsapp");
    // Parts are 255 KiB: this makes five, the last one short.
    const video = randomBytes(255 * 1024 * 4 + 1_234);
    await media.put("3A20", { data: video, fileName: "video-3A20.mp4", mimeType: "video/mp4" });
    const opened = await media.open({ kind: "video", channel: "whatsapp", fileId: "3A20" });
    expect(opened.data.length).toBe(video.length);
    expect(Buffer.from(opened.data).equals(video)).toBe(true);
    const parts = database.connection.collection<{ _id: string }>("whatsapp_file_parts");
    expect(await parts.findOne({ _id: "3A20/4" })).not.toBeNull();
    expect(await parts.findOne({ _id: "3A20/5" })).toBeNull();
  });

  it("still opens a file an earlier version stored in GridFS", async () => {
    const db = database.connection.db;
    if (!db) throw new Error("no database");
    const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: "whatsapp_media" });
    const voice = randomBytes(20_000);
    await pipeline(Readable.from([voice]), bucket.openUploadStream("3A30", { metadata: { fileName: "voice-3A30.ogg", mimeType: "audio/ogg" } }));
    const media = new MongoMediaStore(database.connection, "whatsapp");
    expect(await media.has("3A30")).toBe(true);
    expect(await media.open({ kind: "voice", channel: "whatsapp", fileId: "3A30" })).toEqual({ data: voice, fileName: "voice-3A30.ogg", mimeType: "audio/ogg" });
    await expect(media.open({ kind: "photo", channel: "whatsapp", fileId: "missing-too" })).rejects.toMatchObject({ code: "MEDIA_UNAVAILABLE" });
  });

  it("says so when a file was never stored, or belongs to another channel", async () => {
    const media = new MongoMediaStore(database.connection, "whatsapp");
    await expect(media.open({ kind: "photo", channel: "whatsapp", fileId: "missing" })).rejects.toMatchObject({ code: "MEDIA_UNAVAILABLE" });
    await expect(media.open({ kind: "photo", channel: "telegram", fileId: "3A1F" })).rejects.toMatchObject({ code: "MEDIA_WRONG_CHANNEL" });
  });
});

describe("WhatsApp inbox", () => {
  const day = (n: number) => new Date(Date.UTC(2026, 10, n, 10));

  it("keeps a message once, lists it until handled, forgets its content when handled, and purges old ids", async () => {
    const inbox = new MongoWhatsAppInbox(database.connection);
    const first = { id: "chat@s.whatsapp.net:A1", raw: '{"text":"first"}', receivedAt: day(20) };
    const second = { id: "chat@s.whatsapp.net:A2", raw: '{"text":"second"}', receivedAt: day(21) };
    expect(await inbox.keep(second)).toBe("new");
    expect(await inbox.keep(first)).toBe("new");
    expect(await inbox.keep(first)).toBe("pending");
    expect(await inbox.unhandled(day(1), 10)).toEqual([first, second]);
    expect(await inbox.unhandled(day(21), 10)).toEqual([second]);
    await inbox.markHandled(first.id, day(22));
    expect(await inbox.keep(first)).toBe("handled");
    expect(await inbox.unhandled(day(1), 10)).toEqual([second]);
    expect((await database.connection.collection("whatsapp_inbox").findOne({ _id: first.id } as never))?.["raw"]).toBeNull();
    await inbox.purge(day(19));
    expect(await inbox.keep(first)).toBe("handled");
    await inbox.purge(day(23));
    expect(await inbox.keep(first)).toBe("new");
    // The second, received before the purge's date and never handled, is past retrying: no longer looked for.
    expect(await inbox.unhandled(day(1), 10)).toEqual([first]);
  });

  it("finds unhandled messages through their marks, drops a mark whose message was handled, and marks an older release's unhandled messages once", async () => {
    const inbox = new MongoWhatsAppInbox(database.connection);
    const pending = database.connection.collection<{ _id: string; receivedAt?: Date }>("whatsapp_inbox_pending");
    const messages = database.connection.collection<{ _id: string }>("whatsapp_inbox");
    const third = { id: "chat@s.whatsapp.net:B1", raw: '{"text":"third"}', receivedAt: day(24) };
    expect(await inbox.keep(third)).toBe("new");
    expect(await pending.findOne({ _id: third.id })).toEqual({ _id: third.id, receivedAt: day(24) });
    // As a process that died after marking the message handled and before removing its mark.
    await messages.updateOne({ _id: third.id }, { $set: { handledAt: day(24), raw: null } });
    expect(await inbox.unhandled(day(24), 10)).toEqual([]);
    expect(await pending.findOne({ _id: third.id })).toBeNull();

    // A sweep between keep()'s two writes (the mark, then the message) leaves the mark for the message to come.
    const racing = { id: "chat@s.whatsapp.net:B3", raw: '{"text":"racing"}', receivedAt: day(24) };
    await pending.insertOne({ _id: racing.id, receivedAt: day(24) });
    expect(await inbox.unhandled(day(24), 10)).toEqual([]);
    expect(await pending.findOne({ _id: racing.id })).not.toBeNull();
    await messages.insertOne({ _id: racing.id, raw: racing.raw, receivedAt: racing.receivedAt, handledAt: null } as never);
    expect(await inbox.unhandled(day(24), 10)).toEqual([racing]);
    // WhatsApp sending it again keeps the first receipt's time.
    expect(await inbox.keep({ ...racing, receivedAt: day(26) })).toBe("pending");
    expect(await pending.findOne({ _id: racing.id })).toEqual({ _id: racing.id, receivedAt: day(24) });
    await inbox.markHandled(racing.id, day(26));

    // As a database from before the marks: an unhandled message and no marks at all.
    const fourth = { id: "chat@s.whatsapp.net:B2", raw: '{"text":"fourth"}', receivedAt: day(25) };
    await inbox.keep(fourth);
    await pending.deleteMany({});
    const upgraded = new MongoWhatsAppInbox(database.connection);
    expect(await upgraded.unhandled(day(25), 10)).toEqual([fourth]);
    expect(await pending.findOne({ _id: "built:pending" })).not.toBeNull();
    await upgraded.markHandled(fourth.id, day(25));
    expect(await pending.findOne({ _id: fourth.id })).toBeNull();
    expect(await upgraded.unhandled(day(25), 10)).toEqual([]);
  });
});
