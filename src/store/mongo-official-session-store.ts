import { Schema, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";
import type { OfficialSession, OfficialSessionStore } from "../core/ports/official-session-store.js";
import { saveVersioned } from "./versioned-save.js";

type OfficialSessionDocument = Omit<OfficialSession, "id"> & { _id: string; updatedAt: Date };

const officialSessionSchema = new Schema<OfficialSessionDocument>(
  {
    _id: { type: String, required: true },
    pending: { type: Schema.Types.Mixed, default: null },
    handledKeys: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: "official_sessions", versionKey: false, minimize: false },
);

function officialSessionModel(connection: Connection): Model<OfficialSessionDocument> {
  return modelOn(connection, "OfficialSession", officialSessionSchema);
}

/** Admin-bot sessions keyed by the official's address. */
export class MongoOfficialSessionStore implements OfficialSessionStore {
  private readonly sessions: Model<OfficialSessionDocument>;

  constructor(connection: Connection) {
    this.sessions = officialSessionModel(connection);
  }

  async load(id: string): Promise<OfficialSession | undefined> {
    const doc = await this.sessions.findOne({ _id: id }).lean<OfficialSessionDocument>();
    return doc ? { id: doc._id, pending: doc.pending, handledKeys: doc.handledKeys, version: doc.version } : undefined;
  }

  async save(session: OfficialSession): Promise<boolean> {
    const { id, version, ...fields } = session;
    return saveVersioned(this.sessions, id, version, { ...fields, updatedAt: new Date() });
  }
}
