import { Schema, type Connection, type Model } from "mongoose";
import type { Outbound } from "../core/outbound.js";
import type { ChatSide, SimulatedMessage, SimulatorInbox } from "../core/ports/simulator-inbox.js";
import { modelOn } from "./documents.js";

// `from` is absent on the messages kept before the citizen's side was: those are Estu's.
type InboxDocument = { _id: string; citizenId: string; seq: number; from?: ChatSide; message: Outbound; at: Date };

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
inboxSchema.index({ citizenId: 1, seq: 1 });

type CounterDocument = { _id: string; seq: number };
const counterSchema = new Schema<CounterDocument>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { collection: "simulator_counters", versionKey: false });

/**
 * The simulator's chats, one document per message keyed `<citizen>#<seq>`; the sequence
 * comes from a counter per citizen taken with one atomic `$inc`.
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
    const counter = await this.counters.findOneAndUpdate({ _id: citizenId }, { $inc: { seq: messages.length } }, { upsert: true, returnDocument: "after" }).lean<CounterDocument>();
    const last = counter?.seq ?? messages.length;
    const first = last - messages.length + 1;
    await this.messages.insertMany(messages.map((message, index) => ({ _id: `${citizenId}#${first + index}`, citizenId, seq: first + index, from, message, at })));
  }

  async after(citizenId: string, afterSeq: number, limit: number): Promise<SimulatedMessage[]> {
    const docs = await this.messages.find({ citizenId, seq: { $gt: afterSeq } }).sort({ seq: 1 }).limit(limit).lean<InboxDocument[]>();
    return docs.map((doc) => ({ seq: doc.seq, from: doc.from ?? "estu", message: doc.message, at: doc.at }));
  }
}
