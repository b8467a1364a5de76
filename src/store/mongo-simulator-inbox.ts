import { Schema, type Connection, type Model } from "mongoose";
import type { Outbound } from "../core/outbound.js";
import type { ChatSide, SimulatedMessage, SimulatorInbox } from "../core/ports/simulator-inbox.js";
import { modelOn } from "./documents.js";
import { isDuplicateKeyError, upsertWithRetry } from "./duplicate-key.js";

// `from` is absent on the messages kept before the citizen's side was: those are Estu's. `message` is
// absent once forget-me emptied it (the document stays, so its number is never taken again).
type InboxDocument = { _id: string; citizenId: string; seq: number; from?: ChatSide; message?: Outbound; at: Date };

const inboxSchema = new Schema<InboxDocument>(
  {
    _id: { type: String, required: true },
    citizenId: { type: String, required: true },
    seq: { type: Number, required: true },
    from: { type: String, enum: ["citizen", "estu"] },
    message: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { collection: "simulator_messages", versionKey: false },
);
// For forget-me's `updateMany({citizenId})` on MongoDB; the chat itself is read by `_id`.
inboxSchema.index({ citizenId: 1, seq: 1 });

/** `seq`: the highest number written (or a little lower for a moment); `floor`: numbers up to it were forgotten, so polls start after it. */
type CounterDocument = { _id: string; seq: number; floor?: number };
const counterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true }, floor: { type: Number } },
  { collection: "simulator_counters", versionKey: false },
);

const messageId = (citizenId: string, seq: number) => `${citizenId}#${seq}`;

/**
 * The simulator's chats, one document per message keyed `<citizen>#<seq>`, read by `_id`: a filter on
 * the citizen would scan every simulated chat's messages on the embedded FerretDB, at every poll of
 * every open page.
 *
 * A message claims its number by being written: an append tries the number after the counter, and the
 * next one whenever that is taken, and then raises the counter to what it wrote. No message document is
 * ever deleted (forget-me empties them), so the numbers written have no gaps: a poll reads up to the
 * counter by `_id` and skips none that is still coming, and one read past the counter finds a message
 * whose append has not raised it yet (or died before it did; the next append raises it).
 */
export class MongoSimulatorInbox implements SimulatorInbox {
  private readonly messages: Model<InboxDocument>;
  private readonly counters: Model<CounterDocument>;

  constructor(connection: Connection) {
    this.messages = modelOn(connection, "SimulatorMessage", inboxSchema);
    this.counters = modelOn(connection, "SimulatorCounter", counterSchema);
  }

  async append(citizenId: string, messages: readonly Outbound[], at: Date, from: ChatSide = "estu"): Promise<void> {
    if (messages.length === 0) return;
    let seq = (await this.counter(citizenId))?.seq ?? 0;
    for (const message of messages) seq = await this.claim(citizenId, seq + 1, { citizenId, from, message, at });
    await upsertWithRetry(() => this.counters.updateOne({ _id: citizenId }, { $max: { seq } }, { upsert: true }));
  }

  async after(citizenId: string, afterSeq: number, limit: number): Promise<SimulatedMessage[]> {
    const counter = await this.counter(citizenId);
    const from = Math.max(Math.floor(afterSeq), counter?.floor ?? 0, 0);
    const upTo = Math.min(Math.max(counter?.seq ?? 0, from) + 1, from + limit);
    const seqs = Array.from({ length: Math.max(0, upTo - from) }, (_, index) => from + 1 + index);
    const docs = await Promise.all(seqs.map((seq) => this.messages.findById(messageId(citizenId, seq)).lean<InboxDocument>()));
    // A number missing up to the counter never comes (an older release could lose one); an emptied one was forgotten.
    return docs.flatMap((doc) => (doc?.message === undefined ? [] : [{ seq: doc.seq, from: doc.from ?? "estu", message: doc.message, at: doc.at }]));
  }

  /**
   * Forget-me: empties the chat's messages (the numbers stay taken, so none is written again under a
   * forgotten number) and moves polls past them. The highest number is found before emptying, so a message
   * written while forgetting is either emptied with the rest or numbered above the floor and shown.
   */
  async forget(citizenId: string): Promise<void> {
    let highest = (await this.counter(citizenId))?.seq ?? 0;
    while (await this.messages.exists({ _id: messageId(citizenId, highest + 1) })) highest++;
    await this.messages.updateMany({ citizenId }, { $unset: { message: 1 } });
    if (highest > 0) await upsertWithRetry(() => this.counters.updateOne({ _id: citizenId }, { $max: { floor: highest, seq: highest } }, { upsert: true }));
  }

  private async counter(citizenId: string): Promise<CounterDocument | null> {
    return this.counters.findById(citizenId).lean<CounterDocument>();
  }

  /** Writes the message under the first free number from `seq` on; returns the number it got. */
  private async claim(citizenId: string, seq: number, fields: Omit<InboxDocument, "_id" | "seq">): Promise<number> {
    for (let candidate = seq; ; candidate++) {
      try {
        await this.messages.create({ _id: messageId(citizenId, candidate), seq: candidate, ...fields });
        return candidate;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }
}
