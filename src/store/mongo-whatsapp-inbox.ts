import { Schema, type Connection, type Model } from "mongoose";
import type { KeepOutcome, KeptInbound, WhatsAppInbox } from "../core/ports/whatsapp-inbox.js";
import { isDuplicateKeyError } from "./duplicate-key.js";
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

function inboxModel(connection: Connection): Model<InboxDocument> {
  return modelOn(connection, "WhatsAppInbox", inboxSchema);
}

/**
 * The WhatsApp inbox in MongoDB, one document per message keyed by its stable id, so
 * keeping and marking are writes by `_id`. Listing the unhandled ones and purging scan
 * the collection on FerretDB; they run at start and now and then, never per message.
 */
export class MongoWhatsAppInbox implements WhatsAppInbox {
  private readonly messages: Model<InboxDocument>;

  constructor(connection: Connection) {
    this.messages = inboxModel(connection);
  }

  async keep(message: KeptInbound): Promise<KeepOutcome> {
    try {
      await this.messages.create({ _id: message.id, raw: message.raw, receivedAt: message.receivedAt, handledAt: null });
      return "new";
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const kept = await this.messages.findOne({ _id: message.id }, { handledAt: 1 }).lean<Pick<InboxDocument, "handledAt">>();
      return kept?.handledAt ? "handled" : "pending";
    }
  }

  async markHandled(id: string, at: Date): Promise<void> {
    await this.messages.updateOne({ _id: id }, { $set: { handledAt: at, raw: null } });
  }

  async unhandled(since: Date, limit: number): Promise<KeptInbound[]> {
    const docs = await this.messages.find({ handledAt: null, receivedAt: { $gte: since } }).sort({ receivedAt: 1 }).limit(limit).lean<InboxDocument[]>();
    return docs.flatMap((doc) => (doc.raw === null ? [] : [{ id: doc._id, raw: doc.raw, receivedAt: doc.receivedAt }]));
  }

  async purgeHandledBefore(date: Date): Promise<void> {
    await this.messages.deleteMany({ handledAt: { $lt: date } });
  }
}
