import { Schema, type Connection, type Model } from "mongoose";
import { modelOn, withId } from "./documents.js";
import { isDuplicateKeyError } from "./duplicate-key.js";
import { languages, type Language } from "../core/appeal/appeal.js";
import { officialRoles, type Official, type OfficialRepository, type OfficialRole } from "../core/ports/official-repository.js";

type OfficialDocument = Omit<Official, "id"> & { _id: string };

const officialSchema = new Schema<OfficialDocument>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    role: { type: String, enum: officialRoles, required: true },
    language: { type: String, enum: languages, required: true },
    displayName: { type: String, required: true },
    active: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: "officials", versionKey: false },
);
officialSchema.index({ agencyId: 1 });

function officialModel(connection: Connection): Model<OfficialDocument> {
  return modelOn(connection, "Official", officialSchema);
}

/** Officials keyed by their admin-bot address. */
export class MongoOfficialRepository implements OfficialRepository {
  private readonly officials: Model<OfficialDocument>;

  constructor(connection: Connection) {
    this.officials = officialModel(connection);
  }

  async get(id: string): Promise<Official | undefined> {
    const doc = await this.officials.findOne({ _id: id }).lean<OfficialDocument>();
    return doc ? toOfficial(doc) : undefined;
  }

  async put(official: Official): Promise<void> {
    const { id, ...fields } = official;
    await this.officials.replaceOne({ _id: id }, fields, { upsert: true });
  }

  async enrol(official: Official): Promise<boolean> {
    const { id, ...fields } = official;
    try {
      // A deactivated official does not match, so the upsert tries to insert the same _id and is refused.
      await this.officials.replaceOne({ _id: id, active: { $ne: false } }, fields, { upsert: true });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async setLanguage(id: string, language: Language): Promise<boolean> {
    const result = await this.officials.updateOne({ _id: id, active: true }, { $set: { language } });
    return result.matchedCount === 1;
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.officials.updateOne({ _id: id }, { $set: { active } });
  }

  async listActiveByRole(role: OfficialRole): Promise<Official[]> {
    const docs = await this.officials.find({ role, active: true }).sort({ _id: 1 }).lean<OfficialDocument[]>();
    return docs.map(toOfficial);
  }

  async listByAgency(agencyId: string): Promise<Official[]> {
    const docs = await this.officials.find({ agencyId }).sort({ _id: 1 }).lean<OfficialDocument[]>();
    return docs.filter((doc) => !doc._id.startsWith(demoPrefix)).map(toOfficial);
  }
}

const toOfficial = (doc: OfficialDocument): Official => withId(doc);

/** The simulator's demo supervisors are officials of the `simulator` channel. */
const demoPrefix = "simulator:";
