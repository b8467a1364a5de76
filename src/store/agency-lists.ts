import { Schema, type Connection, type Model } from "mongoose";
import type { AppealStatus } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import type { AgencyFilter, Page } from "../core/ports/appeal-repository.js";
import type { TallySlot } from "./appeal-tallies.js";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/**
 * The appeals of one agency in one status, each with its deadline, in a document whose `_id`
 * is `<agency>:<status>`: a page of an inbox list reads the few documents of its statuses by
 * `_id` and then each shown appeal by number, never filtering the appeals collection (a scan
 * of it on the embedded FerretDB). Appeal numbers have no dots, so they are safe as keys.
 */
export type AgencyListDocument = { _id: string; appeals: Record<string, LocalDate> };

/** The document that marks the lists as built (a database written before they existed has none). */
export const listsBuiltMark = "built";

const agencyListSchema = new Schema<AgencyListDocument>(
  { _id: { type: String, required: true }, appeals: { type: Schema.Types.Mixed, default: {} } },
  { collection: "agency_appeal_lists", versionKey: false, minimize: false },
);

export function agencyListModel(connection: Connection): Model<AgencyListDocument> {
  return modelOn(connection, "AgencyAppealList", agencyListSchema);
}

export const agencyListId = (agencyId: string, status: AppealStatus) => `${agencyId}:${status}`;

type ListedSlot = TallySlot & Readonly<{ id: string }>;

/**
 * Moves one appeal between lists: listed in its new place first, then taken out of the old,
 * so a process that dies in between leaves it listed twice (pages re-check each appeal), never
 * missing. Nothing when its agency, status and deadline did not change.
 */
export async function moveInAgencyLists(lists: Model<AgencyListDocument>, before: ListedSlot | undefined, after: ListedSlot): Promise<void> {
  if (before && before.agencyId === after.agencyId && before.status === after.status && before.deadline === after.deadline) return;
  const key = `appeals.${after.id}`;
  await upsertWithRetry(() => lists.updateOne({ _id: agencyListId(after.agencyId, after.status) }, { $set: { [key]: after.deadline } }, { upsert: true }));
  if (before && (before.agencyId !== after.agencyId || before.status !== after.status)) {
    await lists.updateOne({ _id: agencyListId(before.agencyId, before.status) }, { $unset: { [key]: "" } });
  }
}

/**
 * The numbers on one page of an agency's list, by deadline then number: from the lists of the
 * filter's statuses, those due before `deadlineBefore` when it is set.
 */
export async function pageOfAgencyList(lists: Model<AgencyListDocument>, filter: AgencyFilter, page: Page): Promise<string[]> {
  const docs = await Promise.all(filter.statuses.map((status) => lists.findOne({ _id: agencyListId(filter.agencyId, status) }).lean<AgencyListDocument>()));
  const entries = docs.flatMap((doc) => Object.entries(doc?.appeals ?? {}));
  // Deadlines are `YYYY-MM-DD`, so comparing the strings compares the dates.
  const due = filter.deadlineBefore ? entries.filter(([, deadline]) => deadline < (filter.deadlineBefore as string)) : entries;
  due.sort(([idA, a], [idB, b]) => (a < b ? -1 : a > b ? 1 : idA < idB ? -1 : idA > idB ? 1 : 0));
  return [...new Set(due.map(([id]) => id))].slice(page.offset, page.offset + page.limit);
}

/** The lists built from scratch from the appeals: what the rebuild writes. */
export function agencyListsOf(slots: Iterable<ListedSlot>): AgencyListDocument[] {
  const docs = new Map<string, AgencyListDocument>();
  for (const slot of slots) {
    const id = agencyListId(slot.agencyId, slot.status);
    const doc = docs.get(id) ?? { _id: id, appeals: {} };
    doc.appeals[slot.id] = slot.deadline;
    docs.set(id, doc);
  }
  return [...docs.values()];
}
