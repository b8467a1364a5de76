import { Schema, type Connection, type Model } from "mongoose";
import type { Appeal, AppealStatus } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import { isOpenStatus } from "../core/deadlines/overdue.js";
import type { AgencyFilter } from "../core/ports/appeal-repository.js";
import { modelOn } from "./documents.js";
import { upsertWithRetry } from "./duplicate-key.js";

/** What a tally counts of one appeal: where it is, in which status, due when. */
export type TallySlot = Readonly<Pick<Appeal, "agencyId" | "status" | "deadline">>;

/**
 * Counts of appeals kept in documents read by `_id` (`agency:<id>` for each agency, `all` for
 * every agency), so an inbox screen or the simulator's figures read one document instead of
 * counting a collection, which the embedded FerretDB can only do by scanning it.
 * `byStatus` counts every appeal; `open` counts the open ones by status and deadline, so
 * "open past today" is a sum over the few deadlines still open.
 */
export type TallyDocument = {
  _id: string;
  byStatus: Partial<Record<AppealStatus, number>>;
  open: Partial<Record<AppealStatus, Record<LocalDate, number>>>;
};

const tallySchema = new Schema<TallyDocument>(
  { _id: { type: String, required: true }, byStatus: { type: Schema.Types.Mixed, default: {} }, open: { type: Schema.Types.Mixed, default: {} } },
  { collection: "appeal_tallies", versionKey: false, minimize: false },
);

export function tallyModel(connection: Connection): Model<TallyDocument> {
  return modelOn(connection, "AppealTally", tallySchema);
}

export const allAgencies = "all";
export const agencyTallyId = (agencyId: string) => `agency:${agencyId}`;

/** The `$inc` paths an appeal in `slot` adds to its tallies. */
function paths(slot: TallySlot): string[] {
  return [`byStatus.${slot.status}`, ...(isOpenStatus(slot.status) ? [`open.${slot.status}.${slot.deadline}`] : [])];
}

/**
 * The increments that move one appeal from `before` to `after` (either may be absent: created,
 * or gone), per tally document. Nothing when the counted fields did not change.
 */
export function tallyMoves(before: TallySlot | undefined, after: TallySlot | undefined): Map<string, Record<string, number>> {
  const moves = new Map<string, Record<string, number>>();
  const add = (slot: TallySlot | undefined, delta: number) => {
    if (!slot) return;
    for (const id of [agencyTallyId(slot.agencyId), allAgencies]) {
      const inc = moves.get(id) ?? {};
      for (const path of paths(slot)) inc[path] = (inc[path] ?? 0) + delta;
      moves.set(id, inc);
    }
  };
  add(before, -1);
  add(after, 1);
  for (const [id, inc] of moves) {
    for (const [path, value] of Object.entries(inc)) if (value === 0) delete inc[path];
    if (Object.keys(inc).length === 0) moves.delete(id);
  }
  return moves;
}

/** How many appeals of the tally match the filter's statuses (and deadline, for open statuses). */
export function countIn(tally: TallyDocument | undefined, filter: Pick<AgencyFilter, "statuses" | "deadlineBefore">): number {
  if (!tally) return 0;
  let count = 0;
  for (const status of filter.statuses) {
    if (!filter.deadlineBefore) {
      count += tally.byStatus[status] ?? 0;
      continue;
    }
    // Deadlines are `YYYY-MM-DD`, so comparing the strings compares the dates.
    for (const [deadline, n] of Object.entries(tally.open[status] ?? {})) if (deadline < filter.deadlineBefore) count += n;
  }
  return count;
}

/** Applies the moves of one appeal; a deadline whose count reached zero is dropped, so `open` stays small. */
export async function applyTallyMoves(tallies: Model<TallyDocument>, moves: Map<string, Record<string, number>>): Promise<void> {
  await Promise.all(
    [...moves].map(async ([id, inc]) => {
      await upsertWithRetry(() => tallies.updateOne({ _id: id }, { $inc: inc }, { upsert: true }));
      const emptied = Object.entries(inc).filter(([path, delta]) => delta < 0 && path.startsWith("open."));
      // Guarded by the zero, so a concurrent increment is never lost; `_id` is in the filter, so it is an index search.
      for (const [path] of emptied) await tallies.updateOne({ _id: id, [path]: 0 }, { $unset: { [path]: "" } });
    }),
  );
}

/** The tallies counted from scratch from the appeals' slots: what the rebuild writes. */
export function talliesOf(slots: Iterable<TallySlot>): TallyDocument[] {
  const docs = new Map<string, TallyDocument>([[allAgencies, { _id: allAgencies, byStatus: {}, open: {} }]]);
  for (const slot of slots) {
    for (const [id, inc] of tallyMoves(undefined, slot)) {
      const doc = docs.get(id) ?? { _id: id, byStatus: {}, open: {} };
      for (const [path, delta] of Object.entries(inc)) bump(doc, path, delta);
      docs.set(id, doc);
    }
  }
  return [...docs.values()];
}

function bump(doc: TallyDocument, path: string, delta: number): void {
  const [field, status, deadline] = path.split(".") as ["byStatus" | "open", AppealStatus, LocalDate | undefined];
  if (field === "byStatus") doc.byStatus[status] = (doc.byStatus[status] ?? 0) + delta;
  else if (deadline) {
    const dates = (doc.open[status] ??= {});
    dates[deadline] = (dates[deadline] ?? 0) + delta;
  }
}
