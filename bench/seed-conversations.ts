import type { mongo } from "mongoose";

type Stored = Record<string, unknown> & { _id: string };

/** Inserted per command: large enough to seed 100,000 conversations in about a minute, small enough for one message. */
const batchSize = 1_000;

/**
 * Copies one chat's conversation (and its citizen, once the chat has consented: none is stored before) to `count` new Telegram chats from `firstChat` on, straight
 * into the database: what those chats would leave after the same messages, so the app can be made to
 * touch many conversations without first sending each of them through it. The copies remember no
 * handled messages or kept replies (as a conversation whose kept turns have aged out).
 */
export async function seedConversations(db: mongo.Db, template: string, firstChat: number, count: number): Promise<void> {
  const conversations = db.collection<Stored>("conversations");
  const citizens = db.collection<Stored>("citizens");
  const [conversation, citizen] = await Promise.all([conversations.findOne({ _id: template }), citizens.findOne({ _id: template })]);
  if (!conversation) throw new Error(`no conversation ${template} to copy`);
  for (let from = 0; from < count; from += batchSize) {
    const ids = Array.from({ length: Math.min(batchSize, count - from) }, (_, i) => `telegram:${firstChat + from + i}`);
    await conversations.insertMany(ids.map((_id) => ({ ...conversation, _id, handledKeys: [], keptReplies: [] })));
    if (citizen) await citizens.insertMany(ids.map((_id) => ({ ...citizen, _id })));
  }
}
