import { Schema, type Connection, type Model } from "mongoose";
import type { KeepOutcome, KeptInbound, WhatsAppInbox } from "../core/ports/whatsapp-inbox.js";
import { isDuplicateKeyError, upsertWithRetry } from "./duplicate-key.js";
import { modelOn } from "./documents.js";

type InboxDocument = { _id: string; raw: string | null; receivedAt: Date; handledAt: Date | null };

const inboxSchema = new Schema<InboxDocument>(
  {
    _id: { type: String, required: true },
    raw: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    handledAt: { type: Date, default: null },
  },
  { collection: "whatsapp_inbox", versionKey: false },
);

/** One per message that may not be handled yet (`_id` the message's); the built mark has no `receivedAt`. */
type PendingDocument = { _id: string; receivedAt?: Date };

const pendingSchema = new Schema<PendingDocument>({ _id: { type: String, required: true }, receivedAt: { type: Date } }, { collection: "whatsapp_inbox_pending", versionKey: false });

/** The document that says the pending marks exist (a database written before them has none). */
const pendingBuiltMark = "built:pending";

/**
 * The WhatsApp inbox in MongoDB, one document per message keyed by its stable id, so keeping and
 * marking are writes by `_id`. The messages not handled yet are found through their marks, one small
 * document each, instead of filtering the inbox (a scan of a day's messages on the embedded FerretDB,
 * every 30 s). A mark is written before its message and removed after the message is marked handled,
 * so an unhandled message always has one; a mark left behind by a crash is removed when the sweep
 * finds its message handled. Purging handled messages still filters the inbox: it runs hourly.
 */
export class MongoWhatsAppInbox implements WhatsAppInbox {
  private readonly messages: Model<InboxDocument>;
  private readonly pending: Model<PendingDocument>;
  private marksBuilt = false;

  constructor(connection: Connection) {
    this.messages = modelOn(connection, "WhatsAppInbox", inboxSchema);
    this.pending = modelOn(connection, "WhatsAppInboxPending", pendingSchema);
  }

  async keep(message: KeptInbound): Promise<KeepOutcome> {
    // A repeat keeps the first receipt's time, so it neither lengthens the retrying nor reorders it.
    await upsertWithRetry(() => this.pending.updateOne({ _id: message.id }, { $setOnInsert: { receivedAt: message.receivedAt } }, { upsert: true }));
    try {
      await this.messages.create({ _id: message.id, raw: message.raw, receivedAt: message.receivedAt, handledAt: null });
      return "new";
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const kept = await this.messages.findOne({ _id: message.id }, { handledAt: 1 }).lean<Pick<InboxDocument, "handledAt">>();
      if (!kept?.handledAt) return "pending";
      await this.pending.deleteOne({ _id: message.id });
      return "handled";
    }
  }

  async markHandled(id: string, at: Date): Promise<void> {
    await this.messages.updateOne({ _id: id }, { $set: { handledAt: at, raw: null } });
    await this.pending.deleteOne({ _id: id });
  }

  async unhandled(since: Date, limit: number): Promise<KeptInbound[]> {
    await this.buildMarksOnce(since);
    const marks = await this.pending.find({ receivedAt: { $gte: since } }, { _id: 1 }).sort({ receivedAt: 1, _id: 1 }).limit(limit).lean<{ _id: string }[]>();
    // A mark without its message may belong to a keep() between its two writes: the purge drops it after a day.
    const docs = (await Promise.all(marks.map((mark) => this.messages.findById(mark._id).lean<InboxDocument>()))).filter((doc) => doc !== null);
    const kept: KeptInbound[] = [];
    for (const doc of docs) {
      if (doc.handledAt !== null) await this.pending.deleteOne({ _id: doc._id });
      else if (doc.raw !== null) kept.push({ id: doc._id, raw: doc.raw, receivedAt: doc.receivedAt });
    }
    return kept;
  }

  async purge(before: Date): Promise<void> {
    await this.messages.deleteMany({ handledAt: { $lt: before } });
    // Marks of messages past retrying: the sweep never asks for them again.
    await this.pending.deleteMany({ receivedAt: { $lt: before } });
  }

  /** For a database written before the marks: marks its unhandled messages received since `since`, once (a scan of the inbox). */
  private async buildMarksOnce(since: Date): Promise<void> {
    if (this.marksBuilt) return;
    if (!(await this.pending.exists({ _id: pendingBuiltMark }))) {
      const unhandled = await this.messages.find({ handledAt: null, receivedAt: { $gte: since } }, { receivedAt: 1 }).lean<Pick<InboxDocument, "_id" | "receivedAt">[]>();
      for (const message of unhandled) await upsertWithRetry(() => this.pending.replaceOne({ _id: message._id }, { receivedAt: message.receivedAt }, { upsert: true }));
      await upsertWithRetry(() => this.pending.replaceOne({ _id: pendingBuiltMark }, {}, { upsert: true }));
    }
    this.marksBuilt = true;
  }
}
