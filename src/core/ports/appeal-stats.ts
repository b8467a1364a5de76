import type { StatsPeriod } from "../stats/period.js";
import type { StatsAppeal } from "../stats/stats-appeal.js";

/** Which appeals a responsiveness report reads. */
export type AppealStatsQuery = Readonly<{
  period: StatsPeriod;
  /** The zone in which `receivedAt` becomes a date: the calendar's (ESTU_TIMEZONE). */
  timeZone: string;
  /**
   * Only appeals this agency held at some point (as first agency, sender or receiver of
   * a forward). A narrowing for speed: the computation filters stages itself.
   */
  agencyId?: string | undefined;
}>;

/**
 * Read access to appeals for statistics. Personal data never leaves the store through
 * this port: implementations fetch only the fields of {@link StatsAppeal} (no
 * applicant, citizen id, texts, attachments, location or actors).
 */
export interface AppealStatsSource {
  /**
   * The appeals received in the period (local date of `receivedAt` in `timeZone`, both
   * ends included), streamed in batches so memory stays bounded however long the
   * period. Order is unspecified. May yield a superset; the computation re-checks the date.
   */
  appealsReceived(query: AppealStatsQuery): AsyncIterable<StatsAppeal>;
  /** When the first appeal was received; undefined while there is none. */
  firstReceivedAt(): Promise<Date | undefined>;
}
