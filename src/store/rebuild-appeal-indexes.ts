import type { Connection } from "mongoose";
import { appealModel } from "./appeal-model.js";
import { allAgencies, tallyModel, talliesOf, type TallySlot } from "./appeal-tallies.js";
import { agencyListModel, agencyListsOf, listsBuiltMark } from "./agency-lists.js";
import { citizenAppealsModel } from "./citizen-appeal-lists.js";
import { markPendingOutboxes, outboxMarkModel, raiseOutboxMarkTo, outboxMarksBuiltMark, type OutboxMarkDocument } from "./outbox-marks.js";

type Row = TallySlot & { _id: string; citizenId: string; receivedAt: Date; pendingOutbox: number };

/**
 * Counts the tallies, the citizens' lists, the agencies' lists and the outbox marks again from the appeals,
 * in one scan, and writes them over what is stored. Without transactions an appeal and its tallies are two
 * writes, so a process that dies between them leaves a count off by one: this repairs it.
 * Run it when no appeal is being written (a change made during the scan may be counted
 * wrongly; running it again fixes that). Returns how many appeals it counted.
 */
export async function rebuildAppealIndexes(connection: Connection): Promise<number> {
  const appeals = appealModel(connection);
  const tallies = tallyModel(connection);
  const lists = citizenAppealsModel(connection);
  const marks = outboxMarkModel(connection);
  // Read before the appeals, so a mark raised during the scan is not taken for one the scan shows to be stale.
  const marksBefore = await marks.find({ n: { $exists: true } }).lean<Required<OutboxMarkDocument>[]>();
  const rows = await appeals.find({}, { citizenId: 1, agencyId: 1, status: 1, deadline: 1, receivedAt: 1, pendingOutbox: 1 }).lean<Row[]>();
  rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a._id.localeCompare(b._id));

  const byCitizen = new Map<string, string[]>();
  for (const row of rows) {
    const list = byCitizen.get(row.citizenId) ?? [];
    list.push(row._id);
    byCitizen.set(row.citizenId, list);
  }
  for (const [citizenId, appealIds] of byCitizen) await lists.replaceOne({ _id: citizenId }, { appealIds }, { upsert: true });

  const fresh = talliesOf(rows);
  const stale = (await tallies.find({}, { _id: 1 }).lean<{ _id: string }[]>()).filter((doc) => !fresh.some((tally) => tally._id === doc._id));
  // An agency left with no appeals keeps a document of zeros; `all` is written last, as the mark that tallies exist.
  const ordered = [...stale.map((doc) => ({ _id: doc._id, byStatus: {}, open: {} })), ...fresh.filter((doc) => doc._id !== allAgencies), ...fresh.filter((doc) => doc._id === allAgencies)];
  for (const { _id, ...counts } of ordered) await tallies.replaceOne({ _id }, counts, { upsert: true });

  const agencyLists = agencyListModel(connection);
  const freshLists = agencyListsOf(rows.map((row) => ({ ...row, id: row._id })));
  const kept = new Set([...freshLists.map((doc) => doc._id), listsBuiltMark]);
  // Lists of an agency or status no appeal is in any more are emptied; the mark is written last.
  const staleLists = (await agencyLists.find({}, { _id: 1 }).lean<{ _id: string }[]>()).filter((doc) => !kept.has(doc._id));
  for (const { _id, ...entries } of [...staleLists.map((doc) => ({ _id: doc._id })), ...freshLists]) await agencyLists.replaceOne({ _id }, entries, { upsert: true });
  await agencyLists.replaceOne({ _id: listsBuiltMark }, {}, { upsert: true });

  const pending = new Map(rows.filter((row) => row.pendingOutbox > 0).map((row) => [row._id, row.pendingOutbox]));
  await correctOutboxMarks(connection, marksBefore, pending);
  return rows.length;
}

/**
 * Sets the marks read before the scan to the pending counts the scan found (`pending`, by appeal) and marks
 * the appeals the scan found pending with no mark. Each correction is guarded by the count read before the
 * scan, so a mark raised since is left as it is; and since a mark read before the scan may belong to a notice
 * whose write landed after it, the appeal is read again after each correction and its mark raised back to what
 * it holds now, so the sweep does not lose it.
 */
export async function correctOutboxMarks(connection: Connection, marksBefore: readonly Required<OutboxMarkDocument>[], pending: ReadonlyMap<string, number>): Promise<void> {
  const appeals = appealModel(connection);
  const marks = outboxMarkModel(connection);
  for (const mark of marksBefore) {
    const count = pending.get(mark._id) ?? 0;
    // A mark at zero is one a crash left between lowering and deleting it: deleted below.
    if (count === mark.n && count > 0) continue;
    if (count === 0) await marks.deleteOne({ _id: mark._id, n: mark.n });
    else await marks.updateOne({ _id: mark._id, n: mark.n }, { $set: { n: count } });
    const now = await appeals.findById(mark._id, { pendingOutbox: 1 }).lean<{ _id: string; pendingOutbox: number } | null>();
    if (now && now.pendingOutbox > count) await raiseOutboxMarkTo(marks, now._id, now.pendingOutbox);
  }
  const markedBefore = new Set(marksBefore.map((mark) => mark._id));
  await markPendingOutboxes(marks, [...pending].filter(([appealId]) => !markedBefore.has(appealId)).map(([_id, pendingOutbox]) => ({ _id, pendingOutbox })));
}

/**
 * Builds the tallies and lists once, for a database written before they existed (no `all` tally or no lists' mark yet),
 * and the outbox marks, in a scan of only the appeals with pending entries, for one written before those.
 */
export async function ensureAppealIndexes(connection: Connection): Promise<boolean> {
  const [tallied, listed, marked] = await Promise.all([
    tallyModel(connection).exists({ _id: allAgencies }),
    agencyListModel(connection).exists({ _id: listsBuiltMark }),
    outboxMarkModel(connection).exists({ _id: outboxMarksBuiltMark }),
  ]);
  if (tallied && listed && marked) return false;
  if (tallied && listed) {
    const pending = await appealModel(connection).find({ pendingOutbox: { $gt: 0 } }, { pendingOutbox: 1 }).lean<{ _id: string; pendingOutbox: number }[]>();
    await markPendingOutboxes(outboxMarkModel(connection), pending);
    return true;
  }
  await rebuildAppealIndexes(connection);
  return true;
}
