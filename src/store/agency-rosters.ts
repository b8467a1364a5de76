import { Schema, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/**
 * Which officials belong to an agency, one document per agency read by `_id`, so the officials
 * alerted about a new appeal, reminded of a deadline or offered for an assignment are found
 * without filtering the officials collection (a scan of it on the embedded FerretDB: 475 ms at
 * 10,000 officials, once per new appeal). The roster may name more than the agency's officials:
 * an id is added before the official is written and removed from the old agency after a move, so
 * a process that dies in between leaves one too many, never one missing; readers check each
 * official's own agency.
 */
export type AgencyRosterDocument = { _id: string; officialIds: string[] };

/** The document that marks the rosters as built (a database written before them has none). */
export const rostersBuiltMark = "built:rosters";

const agencyRosterSchema = new Schema<AgencyRosterDocument>(
  { _id: { type: String, required: true }, officialIds: { type: [String], default: [] } },
  { collection: "agency_rosters", versionKey: false },
);

export function agencyRosterModel(connection: Connection): Model<AgencyRosterDocument> {
  return modelOn(connection, "AgencyRoster", agencyRosterSchema);
}

export async function addToRoster(rosters: Model<AgencyRosterDocument>, agencyId: string, officialId: string): Promise<void> {
  await upsertWithRetry(() => rosters.updateOne({ _id: agencyId }, { $addToSet: { officialIds: officialId } }, { upsert: true }));
}

export async function removeFromRoster(rosters: Model<AgencyRosterDocument>, agencyId: string, officialId: string): Promise<void> {
  await rosters.updateOne({ _id: agencyId }, { $pull: { officialIds: officialId } });
}

/** The ids on an agency's roster, some of which may since have moved to another agency. */
export async function rosterOf(rosters: Model<AgencyRosterDocument>, agencyId: string): Promise<readonly string[]> {
  const doc = await rosters.findOne({ _id: agencyId }).lean<AgencyRosterDocument>();
  return doc?.officialIds ?? [];
}

/** Puts the officials given on their agencies' rosters, then writes the mark. */
export async function buildRosters(rosters: Model<AgencyRosterDocument>, officials: readonly { _id: string; agencyId: string }[]): Promise<void> {
  const byAgency = new Map<string, string[]>();
  for (const { _id, agencyId } of officials) {
    const ids = byAgency.get(agencyId) ?? [];
    ids.push(_id);
    byAgency.set(agencyId, ids);
  }
  for (const [agencyId, officialIds] of byAgency) await upsertWithRetry(() => rosters.updateOne({ _id: agencyId }, { $addToSet: { officialIds: { $each: officialIds } } }, { upsert: true }));
  await upsertWithRetry(() => rosters.replaceOne({ _id: rostersBuiltMark }, { officialIds: [] }, { upsert: true }));
}
