import type { Connection } from "mongoose";
import { appealModel } from "./appeal-model.js";
import { allAgencies, tallyModel, talliesOf, type TallySlot } from "./appeal-tallies.js";
import { agencyListModel, agencyListsOf, listsBuiltMark } from "./agency-lists.js";
import { citizenAppealsModel } from "./citizen-appeal-lists.js";

type Row = TallySlot & { _id: string; citizenId: string; receivedAt: Date };

/**
 * Counts the tallies, the citizens' lists and the agencies' lists again from the appeals, in one scan, and
 * writes them over what is stored. Without transactions an appeal and its tallies are two
 * writes, so a process that dies between them leaves a count off by one: this repairs it.
 * Run it when no appeal is being written (a change made during the scan may be counted
 * wrongly; running it again fixes that). Returns how many appeals it counted.
 */
export async function rebuildAppealIndexes(connection: Connection): Promise<number> {
  const appeals = appealModel(connection);
  const tallies = tallyModel(connection);
  const lists = citizenAppealsModel(connection);
  const rows = await appeals.find({}, { citizenId: 1, agencyId: 1, status: 1, deadline: 1, receivedAt: 1 }).lean<Row[]>();
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
  return rows.length;
}

/** Builds the tallies and lists once, for a database written before they existed (no `all` tally or no lists' mark yet). */
export async function ensureAppealIndexes(connection: Connection): Promise<boolean> {
  const [tallied, listed] = await Promise.all([tallyModel(connection).exists({ _id: allAgencies }), agencyListModel(connection).exists({ _id: listsBuiltMark })]);
  if (tallied && listed) return false;
  await rebuildAppealIndexes(connection);
  return true;
}
