import { Schema, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/**
 * Which appeals may hold outbox entries neither delivered nor failed: one document per such appeal
 * (`_id` its number, `n` at least its count of pending entries), so the outbox sweep reads these few
 * documents and those appeals by `_id` instead of filtering every appeal (a scan of the whole
 * appeals collection on the embedded FerretDB, every 30 s in every worker). A mark is raised before
 * an entry is written and lowered after one is settled, so it never counts fewer than the appeal
 * holds; a process that dies in between leaves it one too high, which costs the sweep one read by
 * `_id` until `appeals:recount` sets it right.
 */
export type OutboxMarkDocument = { _id: string; n?: number };

/** The document that marks the marks as built (a database written before them has none; it has no `n`). */
export const outboxMarksBuiltMark = "built:outbox-marks";

const outboxMarkSchema = new Schema<OutboxMarkDocument>({ _id: { type: String, required: true }, n: { type: Number } }, { collection: "appeal_outbox_marks", versionKey: false });

export function outboxMarkModel(connection: Connection): Model<OutboxMarkDocument> {
  return modelOn(connection, "AppealOutboxMark", outboxMarkSchema);
}

export async function raiseOutboxMark(marks: Model<OutboxMarkDocument>, appealId: string): Promise<void> {
  await upsertWithRetry(() => marks.updateOne({ _id: appealId }, { $inc: { n: 1 } }, { upsert: true }));
}

/** Lowers the mark and drops it at zero: guarded by the zero, so a mark raised meanwhile stays. */
export async function lowerOutboxMark(marks: Model<OutboxMarkDocument>, appealId: string): Promise<void> {
  await marks.updateOne({ _id: appealId }, { $inc: { n: -1 } });
  await marks.deleteOne({ _id: appealId, n: { $lte: 0 } });
}

/** Up to `limit` appeals marked as maybe holding pending entries, by number after `after` (a scan of the marks, which are few). */
export async function markedAppealIds(marks: Model<OutboxMarkDocument>, limit: number, after?: string): Promise<string[]> {
  const docs = await marks
    .find({ n: { $gt: 0 }, ...(after === undefined ? {} : { _id: { $gt: after } }) }, { _id: 1 })
    .sort({ _id: 1 })
    .limit(limit)
    .lean<{ _id: string }[]>();
  return docs.map((doc) => doc._id);
}

/** Raises the mark to at least `n` (never lowers it, so an entry written meanwhile keeps its mark). */
export async function raiseOutboxMarkTo(marks: Model<OutboxMarkDocument>, appealId: string, n: number): Promise<void> {
  await upsertWithRetry(() => marks.updateOne({ _id: appealId }, { $max: { n } }, { upsert: true }));
}

/**
 * Raises each given appeal's mark to at least its pending count (never lowers one, so an entry
 * written meanwhile keeps its mark), then writes the built mark.
 */
export async function markPendingOutboxes(marks: Model<OutboxMarkDocument>, appeals: readonly { _id: string; pendingOutbox: number }[]): Promise<void> {
  for (const appeal of appeals) await raiseOutboxMarkTo(marks, appeal._id, appeal.pendingOutbox);
  await upsertWithRetry(() => marks.replaceOne({ _id: outboxMarksBuiltMark }, {}, { upsert: true }));
}
