import { Schema, type Connection, type Model } from "mongoose";
import { addToRoster, agencyRosterModel, buildRosters, removeFromRoster, rosterOf, rostersBuiltMark, type AgencyRosterDocument } from "./agency-rosters.js";
import { modelOn, withId } from "./documents.js";
import { isDuplicateKeyError, upsertWithRetry } from "./duplicate-key.js";
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

function officialModel(connection: Connection): Model<OfficialDocument> {
  return modelOn(connection, "Official", officialSchema);
}

/** Officials keyed by their admin-bot address. */
export class MongoOfficialRepository implements OfficialRepository {
  private readonly officials: Model<OfficialDocument>;
  private readonly rosters: Model<AgencyRosterDocument>;

  constructor(connection: Connection) {
    this.officials = officialModel(connection);
    this.rosters = agencyRosterModel(connection);
  }

  async get(id: string): Promise<Official | undefined> {
    const doc = await this.officials.findOne({ _id: id }).lean<OfficialDocument>();
    return doc ? toOfficial(doc) : undefined;
  }

  async put(official: Official): Promise<void> {
    const { id, ...fields } = official;
    await this.onRoster(official, async () => {
      await this.officials.replaceOne({ _id: id }, fields, { upsert: true });
      return true;
    });
  }

  async enrol(official: Official): Promise<boolean> {
    const { id, ...fields } = official;
    return this.onRoster(official, async () => {
      try {
        // A deactivated official does not match, so the upsert tries to insert the same _id and is refused
        // (again on the retry). The retry is for two first enrolments at once: the one that lost the insert
        // then matches the other's active official and replaces it.
        await upsertWithRetry(() => this.officials.replaceOne({ _id: id, active: { $ne: false } }, fields, { upsert: true }));
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    });
  }

  /**
   * Runs the write of an official with their agency's roster kept: on the new agency's roster before the
   * write, then off the roster of whichever agency they are not in afterwards (the old one after a move,
   * the new one when the write was refused). Demo supervisors stay off every roster.
   */
  private async onRoster(official: Official, write: () => Promise<boolean>): Promise<boolean> {
    if (isDemo(official.id)) return write();
    const before = await this.get(official.id);
    await addToRoster(this.rosters, official.agencyId, official.id);
    const written = await write();
    const agencyNow = written ? official.agencyId : before?.agencyId;
    for (const agencyId of new Set([before?.agencyId, official.agencyId])) {
      if (agencyId !== undefined && agencyId !== agencyNow) await removeFromRoster(this.rosters, agencyId, official.id);
    }
    // A concurrent write of the same official may have moved them after this one read "before": the
    // agency they are in now, read after the removals, keeps them, so a roster never misses its own.
    const current = await this.get(official.id);
    if (current) await addToRoster(this.rosters, current.agencyId, official.id);
    return written;
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
    const listed = await Promise.all((await rosterOf(this.rosters, agencyId)).map((id) => this.get(id)));
    return listed.filter((official): official is Official => official?.agencyId === agencyId).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
}

/**
 * Puts every stored official on their agency's roster, in one scan of the officials, then takes off
 * each roster the ids the scan found elsewhere or nowhere (left by a move cut short). Each id taken
 * off is read again and put back if the official moved into that agency after the scan, so an official
 * written meanwhile is never left off their roster.
 */
export async function rebuildAgencyRosters(connection: Connection): Promise<void> {
  const stored = officialModel(connection);
  const officials = (await stored.find({}, { agencyId: 1 }).lean<{ _id: string; agencyId: string }[]>()).filter((official) => !isDemo(official._id));
  const rosters = agencyRosterModel(connection);
  await buildRosters(rosters, officials);
  const agencyOf = new Map(officials.map((official) => [official._id, official.agencyId]));
  for (const roster of await rosters.find({ _id: { $ne: rostersBuiltMark } }).lean<AgencyRosterDocument[]>()) {
    for (const officialId of roster.officialIds.filter((id) => agencyOf.get(id) !== roster._id)) {
      await removeFromRoster(rosters, roster._id, officialId);
      const now = await stored.findById(officialId, { agencyId: 1 }).lean<{ agencyId: string }>();
      if (now?.agencyId === roster._id) await addToRoster(rosters, roster._id, officialId);
    }
  }
}

/** Builds the agencies' rosters once, for a database written before they existed (no mark yet). */
export async function ensureAgencyRosters(connection: Connection): Promise<boolean> {
  if (await agencyRosterModel(connection).exists({ _id: rostersBuiltMark })) return false;
  await rebuildAgencyRosters(connection);
  return true;
}

const toOfficial = (doc: OfficialDocument): Official => withId(doc);

/** The simulator's demo supervisors are officials of the `simulator` channel: nobody to assign an appeal to or alert. */
const isDemo = (officialId: string) => officialId.startsWith("simulator:");
