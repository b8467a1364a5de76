import { Schema, type AnyBulkWriteOperation, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";
import type { SessionEntry, WhatsAppSessionStore } from "../core/ports/whatsapp-session-store.js";

/**
 * One key of the session. The value stays JSON text rather than a subdocument:
 * signal keys have field names with dots (JIDs) and binary data in Baileys' own
 * encoding, which a server need not understand.
 */
type SessionDocument = { _id: string; kind: string; value: string; updatedAt: Date };

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: "whatsapp_session", versionKey: false },
);

function sessionModel(connection: Connection): Model<SessionDocument> {
  return modelOn(connection, "WhatsAppSession", sessionSchema);
}

/** The WhatsApp session, one document per key with `_id` `<kind>:<id>`, so every read and write is by `_id`. */
export class MongoWhatsAppSessionStore implements WhatsAppSessionStore {
  private readonly entries: Model<SessionDocument>;

  constructor(connection: Connection) {
    this.entries = sessionModel(connection);
  }

  async read(kind: string, ids: readonly string[]): Promise<Map<string, string>> {
    // One lookup per id rather than `$in`: the embedded FerretDB uses its `_id` index only for an equality.
    const docs = await Promise.all(ids.map((id) => this.entries.findOne({ _id: documentId(kind, id) }, { value: 1 }).lean<Pick<SessionDocument, "value">>()));
    const found = new Map<string, string>();
    docs.forEach((doc, index) => {
      const id = ids[index];
      if (doc && id !== undefined) found.set(id, doc.value);
    });
    return found;
  }

  async write(entries: readonly SessionEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const updatedAt = new Date();
    const operations = entries.map(({ kind, id, value }): AnyBulkWriteOperation<SessionDocument> => {
      const _id = documentId(kind, id);
      if (value === null) return { deleteOne: { filter: { _id } } };
      return { updateOne: { filter: { _id }, update: { $set: { kind, value, updatedAt } }, upsert: true } };
    });
    // Ordered, so that a key written and deleted in one batch ends as the batch's last word on it.
    await this.entries.bulkWrite(operations, { ordered: true });
  }

  async clear(): Promise<void> {
    await this.entries.deleteMany({});
  }
}

function documentId(kind: string, id: string): string {
  return `${kind}:${id}`;
}
