import { Schema, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/**
 * The numbers of one citizen's appeals, oldest first, in a document whose `_id` is the
 * citizen: "my appeals" reads it and then each appeal by number, never filtering the
 * appeals by citizen (a scan of the whole collection on the embedded FerretDB).
 */
export type CitizenAppealsDocument = { _id: string; appealIds: string[] };

const citizenAppealsSchema = new Schema<CitizenAppealsDocument>(
  { _id: { type: String, required: true }, appealIds: { type: [String], default: [] } },
  { collection: "citizen_appeals", versionKey: false },
);

export function citizenAppealsModel(connection: Connection): Model<CitizenAppealsDocument> {
  return modelOn(connection, "CitizenAppeals", citizenAppealsSchema);
}

/** Adds the appeal to the citizen's list; adding it again changes nothing, so a retry may repeat it. */
export async function listAppealOfCitizen(lists: Model<CitizenAppealsDocument>, citizenId: string, appealId: string): Promise<void> {
  await upsertWithRetry(() => lists.updateOne({ _id: citizenId }, { $addToSet: { appealIds: appealId } }, { upsert: true }));
}
