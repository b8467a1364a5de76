import { Schema, type Connection, type Model } from "mongoose";
import { modelOn, withId } from "./documents.js";
import type { Conversation, ConversationStore, SaveResult } from "../core/ports/conversation-store.js";
import { saveVersioned } from "./versioned-save.js";

// The saved values are checked by the engine; stored as plain JSON (a recursive type is too deep for mongoose's typings).
type ConversationDocument = Omit<Conversation, "id" | "data"> & { _id: string; data: Record<string, unknown> };

const conversationSchema = new Schema<ConversationDocument>(
  {
    _id: { type: String, required: true },
    flowId: { type: String, required: true },
    flowVersion: { type: Number, required: true },
    nodeId: { type: String, required: true },
    startedBy: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
    trail: { type: [String], default: [] },
    returnTo: { type: String, default: null },
    returnAt: { type: String, default: null },
    page: { type: Number, default: 0 },
    language: { type: String, default: null },
    consented: { type: Boolean, default: false },
    pending: { type: String, default: null },
    handledKeys: { type: [String], default: [] },
    keptReplies: { type: Schema.Types.Mixed, default: [] },
    lastCoupon: { type: Schema.Types.Mixed, default: null },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: "conversations", versionKey: false, minimize: false },
);

function conversationModel(connection: Connection): Model<ConversationDocument> {
  return modelOn(connection, "Conversation", conversationSchema);
}

/** Conversations keyed by the citizen's address, so every turn reads and writes by `_id`. */
export class MongoConversationStore implements ConversationStore {
  private readonly conversations: Model<ConversationDocument>;

  constructor(connection: Connection) {
    this.conversations = conversationModel(connection);
  }

  async load(id: string): Promise<Conversation | undefined> {
    const doc = await this.conversations.findOne({ _id: id }).lean<ConversationDocument>();
    return doc ? (withId(doc) as Conversation) : undefined;
  }

  async save(conversation: Conversation): Promise<SaveResult> {
    const { id, version, ...fields } = conversation;
    const saved = await saveVersioned(this.conversations, id, version, fields);
    return saved ? { ok: true, conversation: { ...conversation, version: version + 1 } } : { ok: false, reason: "stale" };
  }
}
