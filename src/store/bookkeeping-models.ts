import { Schema, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";

/** A numbering series, e.g. `_id: "appeal-ALA-2026"`. */
export type CounterDocument = { _id: string; seq: number };

/** The claim a submission key makes before its appeal is numbered. */
export type SubmissionDocument = { _id: string; appealId: string | null; claimedAt: Date };

const counterSchema = new Schema<CounterDocument>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: "counters", versionKey: false },
);

const submissionSchema = new Schema<SubmissionDocument>(
  {
    _id: { type: String, required: true },
    appealId: { type: String, default: null },
    claimedAt: { type: Date, required: true },
  },
  { collection: "submissions", versionKey: false },
);

export function counterModel(connection: Connection): Model<CounterDocument> {
  return modelOn(connection, "Counter", counterSchema);
}

export function submissionModel(connection: Connection): Model<SubmissionDocument> {
  return modelOn(connection, "Submission", submissionSchema);
}
