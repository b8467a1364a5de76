import { Schema, type Connection, type Model } from "mongoose";
import type { AppealStatus } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import type { AgencyFilter, Page } from "../core/ports/appeal-repository.js";
import type { TallySlot } from "./appeal-tallies.js";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/**
 * An agency's inbox lists, kept in documents read by `_id` so a page never filters the appeals
 * collection (a scan of it on the embedded FerretDB) and costs about the same however many
 * appeals there are: for each agency and status, a directory (`<agency>:<status>`) counting its
 * appeals by deadline, and one bucket per deadline (`<agency>:<status>:<YYYY-MM-DD>`) holding
 * their numbers. A page reads the directories of its statuses, then only the buckets it shows.
 * Appeal numbers and dates have no dots, so they are safe as keys.
 */
export type AgencyListDocument = { _id: string; deadlines?: Record<string, number>; appeals?: Record<string, true> };

/** The document that marks the lists as built (a database written before them has none). */
export const listsBuiltMark = "built:by-deadline";

const agencyListSchema = new Schema<AgencyListDocument>(
  { _id: { type: String, required: true }, deadlines: { type: Schema.Types.Mixed }, appeals: { type: Schema.Types.Mixed } },
  { collection: "agency_appeal_lists", versionKey: false, minimize: false },
);

export function agencyListModel(connection: Connection): Model<AgencyListDocument> {
  return modelOn(connection, "AgencyAppealList", agencyListSchema);
}

const directoryId = (agencyId: string, status: AppealStatus) => `${agencyId}:${status}`;
const bucketId = (agencyId: string, status: AppealStatus, deadline: LocalDate) => `${agencyId}:${status}:${deadline}`;

type ListedSlot = TallySlot & Readonly<{ id: string }>;

/**
 * Moves one appeal between lists: listed in its new place first, then taken out of the old,
 * so a process that dies in between leaves it listed twice (a page re-checks each appeal),
 * never missing. Nothing when its agency, status and deadline did not change.
 */
export async function moveInAgencyLists(lists: Model<AgencyListDocument>, before: ListedSlot | undefined, after: ListedSlot): Promise<void> {
  if (before && before.agencyId === after.agencyId && before.status === after.status && before.deadline === after.deadline) return;
  await list(lists, after);
  if (before) await unlist(lists, { ...before, id: after.id });
}

async function list(lists: Model<AgencyListDocument>, slot: ListedSlot): Promise<void> {
  await upsertWithRetry(() => lists.updateOne({ _id: bucketId(slot.agencyId, slot.status, slot.deadline) }, { $set: { [`appeals.${slot.id}`]: true } }, { upsert: true }));
  await upsertWithRetry(() => lists.updateOne({ _id: directoryId(slot.agencyId, slot.status) }, { $inc: { [`deadlines.${slot.deadline}`]: 1 } }, { upsert: true }));
}

async function unlist(lists: Model<AgencyListDocument>, slot: ListedSlot): Promise<void> {
  const directory = directoryId(slot.agencyId, slot.status);
  const path = `deadlines.${slot.deadline}`;
  await lists.updateOne({ _id: bucketId(slot.agencyId, slot.status, slot.deadline) }, { $unset: { [`appeals.${slot.id}`]: "" } });
  await lists.updateOne({ _id: directory }, { $inc: { [path]: -1 } });
  // Guarded by the zero, so a concurrent listing is never lost; the directory stays as small as the open deadlines.
  await lists.updateOne({ _id: directory, [path]: 0 }, { $unset: { [path]: "" } });
}

/**
 * The numbers on one page of an agency's list, by deadline then number: the directories of the
 * filter's statuses say which deadlines (before `deadlineBefore`, when set) hold how many, so
 * only the buckets of the deadlines on the page are read.
 */
export async function pageOfAgencyList(lists: Model<AgencyListDocument>, filter: AgencyFilter, page: Page): Promise<string[]> {
  const directories = await Promise.all(filter.statuses.map(async (status) => ({ status, doc: await lists.findOne({ _id: directoryId(filter.agencyId, status) }).lean<AgencyListDocument>() })));
  const byDeadline = new Map<LocalDate, { statuses: AppealStatus[]; count: number }>();
  for (const { status, doc } of directories) {
    for (const [deadline, count] of Object.entries(doc?.deadlines ?? {}) as [LocalDate, number][]) {
      // Deadlines are `YYYY-MM-DD`, so comparing the strings compares the dates.
      if (count <= 0 || (filter.deadlineBefore && deadline >= filter.deadlineBefore)) continue;
      const entry = byDeadline.get(deadline) ?? { statuses: [], count: 0 };
      entry.statuses.push(status);
      entry.count += count;
      byDeadline.set(deadline, entry);
    }
  }
  const ids: string[] = [];
  let skipped = 0;
  for (const [deadline, { statuses, count }] of [...byDeadline].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (skipped + count <= page.offset) {
      skipped += count;
      continue;
    }
    const buckets = await Promise.all(statuses.map((status) => lists.findOne({ _id: bucketId(filter.agencyId, status, deadline) }).lean<AgencyListDocument>()));
    const numbers = [...new Set(buckets.flatMap((bucket) => Object.keys(bucket?.appeals ?? {})))].sort();
    ids.push(...numbers.slice(Math.max(0, page.offset - skipped)));
    skipped = page.offset;
    if (ids.length >= page.limit) break;
  }
  return ids.slice(0, page.limit);
}

/** The lists built from scratch from the appeals: what the rebuild writes. */
export function agencyListsOf(slots: Iterable<ListedSlot>): AgencyListDocument[] {
  const docs = new Map<string, AgencyListDocument>();
  const doc = (id: string) => docs.get(id) ?? docs.set(id, { _id: id }).get(id) as AgencyListDocument;
  for (const slot of slots) {
    const bucket = doc(bucketId(slot.agencyId, slot.status, slot.deadline));
    (bucket.appeals ??= {})[slot.id] = true;
    const directory = doc(directoryId(slot.agencyId, slot.status));
    const deadlines = (directory.deadlines ??= {});
    deadlines[slot.deadline] = (deadlines[slot.deadline] ?? 0) + 1;
  }
  return [...docs.values()];
}
