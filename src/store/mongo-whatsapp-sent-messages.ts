import { Schema, type Connection, type Model } from "mongoose";
import type { SentWhatsAppMessage, WhatsAppSentMessages } from "../core/ports/whatsapp-sent-messages.js";
import { modelOn } from "./documents.js";

/** The protobuf bytes are kept as base64 text: every MongoDB-wire server stores a string the same way. */
type SentDocument = { _id: string; citizenId: string; content: string; deliveryRef?: string; sentAt: Date; failedAt?: Date; failure?: string };

const sentSchema = new Schema<SentDocument>(
  {
    _id: { type: String, required: true },
    citizenId: { type: String, required: true },
    content: { type: String, required: true },
    deliveryRef: { type: String },
    sentAt: { type: Date, required: true },
    failedAt: { type: Date },
    failure: { type: String },
  },
  { collection: "whatsapp_sent_messages", versionKey: false },
);

function sentModel(connection: Connection): Model<SentDocument> {
  return modelOn(connection, "WhatsAppSentMessage", sentSchema);
}

/** Sent WhatsApp messages by message id. */
export class MongoWhatsAppSentMessages implements WhatsAppSentMessages {
  private readonly messages: Model<SentDocument>;

  constructor(connection: Connection) {
    this.messages = sentModel(connection);
  }

  async record(message: SentWhatsAppMessage): Promise<void> {
    const { id, citizenId, content, deliveryRef, sentAt } = message;
    const doc = { citizenId, content: Buffer.from(content).toString("base64"), sentAt, ...(deliveryRef !== undefined ? { deliveryRef } : {}) };
    await this.messages.updateOne({ _id: id }, { $set: doc }, { upsert: true });
  }

  async content(id: string): Promise<Uint8Array | undefined> {
    const doc = await this.messages.findOne({ _id: id }, { content: 1 }).lean<Pick<SentDocument, "content">>();
    return doc ? Buffer.from(doc.content, "base64") : undefined;
  }

  async markFailed(id: string, failure: string, at: Date): Promise<SentWhatsAppMessage | undefined> {
    // The filter on a missing `failedAt` makes the first report the only one that matches.
    const doc = await this.messages
      .findOneAndUpdate({ _id: id, failedAt: { $exists: false } }, { $set: { failedAt: at, failure } }, { returnDocument: "before" })
      .lean<SentDocument>();
    if (!doc) return undefined;
    return { id: doc._id, citizenId: doc.citizenId, content: Buffer.from(doc.content, "base64"), deliveryRef: doc.deliveryRef, sentAt: doc.sentAt };
  }

  async purgeSentBefore(date: Date): Promise<void> {
    await this.messages.deleteMany({ sentAt: { $lt: date } });
  }
}
