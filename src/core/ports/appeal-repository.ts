import type { Appeal, AppealStatus } from "../appeal/appeal.js";
import type { AppealChange } from "../appeal/decide.js";
import type { LocalDate } from "../calendar/local-date.js";

/** What a new appeal needs from the store: its key and how to number it. */
export type NewAppeal = Readonly<{
  /** Stable key of the inbound message that submitted it, e.g. `telegram:<chat>:<message>`. */
  submissionKey: string;
  /** Numbering series: the agency's prefix and the registration year. */
  prefix: string;
  year: number;
  /** Builds the appeal once its number is known. */
  build: (number: string) => Appeal;
}>;

export type CreateResult = Readonly<{ appeal: Appeal; created: boolean }>;

export type ApplyResult =
  | Readonly<{ ok: true; appeal: Appeal }>
  | Readonly<{ ok: false; reason: "not_found" | "stale" }>;

export type Page = Readonly<{ limit: number; offset: number }>;

/** An agency's appeals in some statuses, optionally only those whose deadline is before a date (overdue). */
export type AgencyFilter = Readonly<{ agencyId: string; statuses: readonly AppealStatus[]; deadlineBefore?: LocalDate | undefined }>;

/** A page of appeals with pending outbox entries, and the number to go on after when more may follow. */
export type PendingOutboxPage = Readonly<{ appeals: Appeal[]; next: string | undefined }>;

export type OutboxOutcome = Readonly<{ deliveredAt: Date; unavailableFiles?: number }> | Readonly<{ failedAt: Date; failure: string }>;

/**
 * The code of the AppError `createOnce` throws while another attempt (perhaps one that died a moment ago)
 * may still be storing the same submission: the appeal may exist, so nobody is told it failed; retry later.
 */
export const submissionInProgress = "SUBMISSION_IN_PROGRESS";

/** Appeals and their record. Every write is a single-document atomic update. */
export interface AppealRepository {
  /**
   * Stores the appeal exactly once per submission key: a repeated or concurrent call
   * with the same key returns the appeal the first one stored, with `created: false`.
   * Numbers in a series have no gaps unless a process dies between numbering and storing.
   * Throws `submissionInProgress` while an earlier attempt's claim is neither settled nor stale.
   */
  createOnce(input: NewAppeal): Promise<CreateResult>;
  /** The appeal with this public number. */
  get(id: string): Promise<Appeal | undefined>;
  /**
   * Writes a decided change, its history entry and its outbox entry in one update,
   * only if the appeal is still at the version and status the decision was made on.
   */
  apply(change: AppealChange): Promise<ApplyResult>;
  /**
   * Marks outbox entry `index` (whose id must be `entryId`) delivered, or failed for
   * good with the reason; addressed by index, as not every server has the positional `$`.
   */
  markOutbox(id: string, index: number, entryId: string, outcome: OutboxOutcome): Promise<void>;
  /**
   * Records that a send of pending entry `index` begins at `at` (and counts it), before the
   * channel is asked; false when the entry is no longer pending, so nothing is to be sent.
   */
  markOutboxSending(id: string, index: number, entryId: string, at: Date): Promise<boolean>;
  /**
   * Records that a notice the channel had accepted failed later (WhatsApp reports it
   * afterwards), so the official sees it; the entry keeps its delivery time.
   */
  markLateFailure(id: string, index: number, entryId: string, failedAt: Date, failure: string): Promise<void>;
  /**
   * Appeals with outbox entries neither delivered nor failed (what a crash or an outage
   * may have left behind), by number: at most `limit`, numbered after `after`.
   */
  listWithPendingOutbox(limit: number, after?: string): Promise<PendingOutboxPage>;
  /** A citizen's appeals, newest first. */
  listByCitizen(citizenId: string, page: Page): Promise<Appeal[]>;
  /** An agency's appeals matching the filter, nearest deadline first. */
  listByAgency(filter: AgencyFilter, page: Page): Promise<Appeal[]>;
  /**
   * How many appeals match the filter, read from a kept count rather than counted, so an inbox
   * screen costs the same however many appeals there are. A deadline filter counts only open statuses.
   */
  countByAgency(filter: AgencyFilter): Promise<number>;
  /** How many appeals there are in each status, across agencies, and how many are open past `today`'s deadline (kept counts too). */
  countAll(today: LocalDate): Promise<Readonly<{ byStatus: Readonly<Record<AppealStatus, number>>; overdue: number }>>;
  /** The numbers of the appeals still open (the agency owes an answer), in order: a sweep reads each by number. */
  listOpenIds(): Promise<string[]>;
}
