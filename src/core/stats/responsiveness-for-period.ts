/**
 * The use case behind `/stats`, the CLI export and the open-data endpoint: stream a
 * period's appeals from the store through the tally.
 */
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import type { AppealStatsSource } from "../ports/appeal-stats.js";
import type { StatsPeriod } from "./period.js";
import { type ResponsivenessResult, computeResponsivenessFromStream } from "./responsiveness.js";

export type ResponsivenessDeps = Readonly<{ stats: AppealStatsSource; calendar: WorkingCalendar }>;

export type ResponsivenessRequest = Readonly<{
  period: StatsPeriod;
  /** The moment the figures describe: overdue is judged at it, later history ignored. */
  now: Date;
  /** Restrict to one agency (a supervisor's `/stats`); all agencies when absent. */
  agencyId?: string | undefined;
}>;

/**
 * The responsiveness figures of the appeals received in `period`, as of `now`.
 * Throws `AppError("CALENDAR_YEAR_MISSING")` when an appeal's dates reach a year the
 * calendar does not cover: working days there cannot be counted, and a guess would
 * publish wrong figures.
 */
export async function responsivenessForPeriod(deps: ResponsivenessDeps, request: ResponsivenessRequest): Promise<ResponsivenessResult> {
  const { calendar } = deps;
  const appeals = deps.stats.appealsReceived({ period: request.period, timeZone: calendar.timeZone, agencyId: request.agencyId });
  return computeResponsivenessFromStream(appeals, { period: request.period, calendar, now: request.now, agencyId: request.agencyId });
}
