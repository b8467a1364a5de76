/**
 * The period of a responsiveness report: a span of calendar dates, both ends
 * included, read in the calendar's time zone (ESTU_TIMEZONE). An appeal belongs to
 * the period when the local date of its receipt (`receivedAt`) falls in it.
 */
import { type LocalDate, addCalendarDays, compareLocalDates, parseLocalDate, startOfLocalDay } from "../calendar/local-date.js";

/** From `from` to `to`, both included. */
export type StatsPeriod = Readonly<{ from: LocalDate; to: LocalDate }>;

/**
 * Longest period a report may cover. Our choice, not the law's: a report streams
 * every appeal of the period, and on the embedded FerretDB every query scans the
 * collection, so an operator typing a wrong year should get an answer, not a wait.
 */
export const maxPeriodDays = 366 * 3;

/** Why a period given by an operator or an official was refused. */
export type PeriodProblem =
  | Readonly<{ problem: "invalid_date"; field: "from" | "to"; value: string }>
  | Readonly<{ problem: "reversed"; from: LocalDate; to: LocalDate }>
  | Readonly<{ problem: "too_long"; maxDays: number }>;

/**
 * Checks the two dates of a period as typed (`YYYY-MM-DD`, e.g. from the CLI's
 * `--from`/`--to` or an HTTP query string).
 */
export function parseStatsPeriod(from: string, to: string): { ok: true; period: StatsPeriod } | ({ ok: false } & PeriodProblem) {
  const start = parseLocalDate(from.trim());
  if (start === undefined) return { ok: false, problem: "invalid_date", field: "from", value: from };
  const end = parseLocalDate(to.trim());
  if (end === undefined) return { ok: false, problem: "invalid_date", field: "to", value: to };
  if (compareLocalDates(start, end) > 0) return { ok: false, problem: "reversed", from: start, to: end };
  if (compareLocalDates(addCalendarDays(start, maxPeriodDays - 1), end) < 0) return { ok: false, problem: "too_long", maxDays: maxPeriodDays };
  return { ok: true, period: { from: start, to: end } };
}

/** True when `date` is within the period, ends included. */
export function isInPeriod(date: LocalDate, period: StatsPeriod): boolean {
  return compareLocalDates(date, period.from) >= 0 && compareLocalDates(date, period.to) <= 0;
}

/**
 * The instants that bound the period in `timeZone`: `start` is the first instant of
 * `from`, `end` the first instant of the day after `to` (exclusive). A store queries
 * `receivedAt >= start && receivedAt < end`; bounds in UTC would move appeals
 * received between 00:00 and 05:00 in Almaty into the wrong day.
 */
export function periodInstants(period: StatsPeriod, timeZone: string): Readonly<{ start: Date; end: Date }> {
  return { start: startOfLocalDay(period.from, timeZone), end: startOfLocalDay(addCalendarDays(period.to, 1), timeZone) };
}
