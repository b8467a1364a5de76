/**
 * The narrow view of an appeal that the responsiveness figures read. It is built
 * from `Appeal` by picking fields, so it cannot drift from the stored shape, and it
 * holds no personal data: no applicant, citizen id, text, attachments, location,
 * rating comment, answer text or reason, and no actor (a citizen's actor carries the
 * citizen's channel address). Stores fetch exactly these fields.
 */
import type { Appeal, HistoryEntry } from "../appeal/appeal.js";

/** A history entry as the figures read it: what happened, when, the deadline in force after it, forwards and scores. */
export type StatsHistoryEntry = Readonly<Pick<HistoryEntry, "event" | "at">> &
  Readonly<Partial<Pick<HistoryEntry, "deadline" | "fromAgencyId" | "toAgencyId" | "score">>>;

/** An appeal as the figures read it. */
export type StatsAppeal = Readonly<
  Pick<Appeal, "agencyId" | "categoryId" | "receivedAt" | "registeredOn" | "deadline"> & {
    /** In the order the entries were written (the store appends). */
    history: readonly StatsHistoryEntry[];
  }
>;

/**
 * The top-level fields of `Appeal` a stats projection may return, and the fields of
 * a history entry. Stores build their projection from these lists and tests check
 * returned documents against them.
 */
export const statsAppealFields = keysOf({ agencyId: true, categoryId: true, receivedAt: true, registeredOn: true, deadline: true, history: true } satisfies Record<keyof StatsAppeal, true>);
export const statsHistoryFields = keysOf({ event: true, at: true, deadline: true, fromAgencyId: true, toAgencyId: true, score: true } satisfies Record<keyof StatsHistoryEntry, true>);

/** The keys of a record whose type lists every field exactly once (checked by `satisfies` above). */
function keysOf<K extends string>(record: Record<K, true>): readonly K[] {
  return Object.keys(record) as K[];
}

/** Narrows a full appeal to what the figures read (for callers that hold whole appeals, and for tests). */
export function toStatsAppeal(appeal: Appeal): StatsAppeal {
  return {
    agencyId: appeal.agencyId,
    categoryId: appeal.categoryId,
    receivedAt: appeal.receivedAt,
    registeredOn: appeal.registeredOn,
    deadline: appeal.deadline,
    history: appeal.history.map((entry) => ({
      event: entry.event,
      at: entry.at,
      ...(entry.deadline !== undefined ? { deadline: entry.deadline } : {}),
      ...(entry.fromAgencyId !== undefined ? { fromAgencyId: entry.fromAgencyId } : {}),
      ...(entry.toAgencyId !== undefined ? { toAgencyId: entry.toAgencyId } : {}),
      ...(entry.score !== undefined ? { score: entry.score } : {}),
    })),
  };
}
