import { Schema, type Connection, type Model } from "mongoose";
import type { WhatsAppAddressBook } from "../core/ports/whatsapp-address-book.js";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/**
 * One JID of a citizen's account. `canonicalJid` names the account; the document of
 * the canonical JID itself also keeps `replyTo`, the JID the account last wrote from.
 */
type AddressDocument = { _id: string; canonicalJid: string; replyTo?: string };

const addressSchema = new Schema<AddressDocument>(
  {
    _id: { type: String, required: true },
    canonicalJid: { type: String, required: true },
    replyTo: { type: String },
  },
  { collection: "whatsapp_addresses", versionKey: false },
);

function addressModel(connection: Connection): Model<AddressDocument> {
  return modelOn(connection, "WhatsAppAddress", addressSchema);
}

/** The addresses by JID, so every read and write is by `_id`. */
export class MongoWhatsAppAddressBook implements WhatsAppAddressBook {
  private readonly addresses: Model<AddressDocument>;

  constructor(connection: Connection) {
    this.addresses = addressModel(connection);
  }

  async register(jid: string, alternateJid: string | undefined): Promise<string> {
    const [own, other] = await Promise.all([this.find(jid), alternateJid === undefined ? undefined : this.find(alternateJid)]);
    // The JID the message came from decides when the two JIDs were first seen as two accounts.
    let canonicalJid = own?.canonicalJid ?? other?.canonicalJid ?? jid;
    if (!own) canonicalJid = await this.insert(jid, canonicalJid);
    if (alternateJid !== undefined && !other) await this.insert(alternateJid, canonicalJid);
    // The canonical JID's own document answers "where to reply" with itself until another JID is used.
    const current = canonicalJid === jid ? (own?.replyTo ?? jid) : undefined;
    if (current !== jid) await this.addresses.updateOne({ _id: canonicalJid }, { $set: { replyTo: jid } });
    return canonicalJid;
  }

  async replyJid(canonicalJid: string): Promise<string | undefined> {
    const doc = await this.find(canonicalJid);
    if (!doc) return undefined;
    return doc.replyTo ?? canonicalJid;
  }

  private find(jid: string): Promise<AddressDocument | null> {
    return this.addresses.findOne({ _id: jid }).lean<AddressDocument>();
  }

  /** Points `jid` at `canonicalJid` unless another message did first; returns what is stored. */
  private async insert(jid: string, canonicalJid: string): Promise<string> {
    const doc = await upsertWithRetry(() =>
      this.addresses.findOneAndUpdate({ _id: jid }, { $setOnInsert: { canonicalJid } }, { upsert: true, returnDocument: "after" }).lean<AddressDocument>(),
    );
    return doc?.canonicalJid ?? canonicalJid;
  }
}
