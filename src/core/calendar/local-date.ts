/**
 * A calendar date without a time or a zone, written `YYYY-MM-DD` (ISO 8601).
 * The template type catches obvious mistakes at compile time; {@link parseLocalDate}
 * is the runtime check for strings from outside (YAML, the database, users).
 */
export type LocalDate = `${number}-${number}-${number}`;

/** Day of the week, ISO numbering: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Year, month (1-12) and day of a {@link LocalDate}. */
export interface LocalDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Checks that `text` is exactly `YYYY-MM-DD` and names a real day of the Gregorian
 * calendar (so `2025-02-29` and `2026-13-01` are rejected).
 */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  probe.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  return real ? (text as LocalDate) : undefined;
}

/** Type guard form of {@link parseLocalDate}. */
export function isLocalDate(text: string): text is LocalDate {
  return parseLocalDate(text) !== undefined;
}

/** Formats year, month (1-12) and day as a {@link LocalDate}; throws RangeError if no such day. */
export function formatLocalDate(parts: LocalDateParts): LocalDate {
  const text = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
  const date = parseLocalDate(text);
  if (date === undefined) throw new RangeError(`Not a calendar date: ${text}`);
  return date;
}

/** Splits a {@link LocalDate} into numbers. */
export function localDateParts(date: LocalDate): LocalDateParts {
  const [year, month, day] = date.split("-").map(Number);
  return { year: year ?? NaN, month: month ?? NaN, day: day ?? NaN };
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(toUtcMidnight(date) + days * MS_PER_DAY);
  return formatLocalDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/**
 * The same day `months` calendar months later (earlier when negative), clamped to
 * the month's last day: `2026-01-31` + 1 month is `2026-02-28`.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = localDateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  // Day 0 of the following month is the last day of the target month.
  const lastDay = new Date(utcOf(targetYear, targetMonth + 1, 0)).getUTCDate();
  return formatLocalDate({ year: targetYear, month: targetMonth, day: Math.min(day, lastDay) });
}

/** ISO day of the week of `date` (1 = Monday … 7 = Sunday). */
export function dayOfWeek(date: LocalDate): IsoWeekday {
  const sundayZero = new Date(toUtcMidnight(date)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as IsoWeekday;
}

/** True for Saturday and Sunday, the weekend in Kazakhstan. */
export function isWeekend(date: LocalDate): boolean {
  return dayOfWeek(date) >= 6;
}

/** Negative when `a` is earlier than `b`, 0 when equal, positive when later; usable with `Array.sort`. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  // Zero-padded ISO dates of 4-digit years order lexicographically.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / MS_PER_DAY);
}

/** True when `timeZone` is an IANA zone name that this runtime's Intl knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar date at `instant` on a wall clock in `timeZone` (any IANA zone, using
 * the runtime's time-zone database, so offset changes such as Asia/Almaty's move from
 * UTC+6 to UTC+5 on 1 March 2024 are honoured). Throws RangeError for an unknown zone.
 */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const wall = wallClock(instant.getTime(), timeZone);
  return formatLocalDate(wall);
}

/**
 * The first instant of `date` in `timeZone`. Usually local midnight; when midnight
 * does not exist (a clock change at 00:00, e.g. America/Santiago), the moment the day begins.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const target = toUtcMidnight(date);
  const startsOn = (t: number): boolean => wallDayUtc(t, timeZone) >= target;
  // Fast path: midnight minus the offset in force near it, checked exactly.
  for (const probe of [target, target - 14 * 3_600_000, target + 14 * 3_600_000]) {
    const candidate = target - offsetAt(probe, timeZone);
    if (startsOn(candidate) && !startsOn(candidate - 1)) return new Date(candidate);
  }
  return new Date(firstInstant(target - 15 * 3_600_000, target + 15 * 3_600_000, startsOn));
}

/** The last millisecond of `date` in `timeZone` (a day may last 23, 24 or 25 hours). */
export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  return new Date(startOfLocalDay(addCalendarDays(date, 1), timeZone).getTime() - 1);
}

/** Binary search for the first millisecond in (low, high] where `reached` holds. */
function firstInstant(low: number, high: number, reached: (t: number) => boolean): number {
  let before = low;
  let after = high;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (reached(middle)) after = middle;
    else before = middle;
  }
  return after;
}

interface WallClock extends LocalDateParts {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "iso8601",
      numberingSystem: "latn",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const fields: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) fields[part.type] = part.value;
  const yearOfEra = Number(fields.year);
  // "BC"/"B" era: astronomical year numbering has a year 0.
  const year = fields.era?.startsWith("B") ? 1 - yearOfEra : yearOfEra;
  return {
    year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

/** Local wall time at `epochMs` read as if it were UTC, minus the instant: the zone's offset. */
function offsetAt(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = utcOf(w.year, w.month, w.day) + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The local date at `epochMs`, as the epoch milliseconds of that date's UTC midnight. */
function wallDayUtc(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  return utcOf(w.year, w.month, w.day);
}

function toUtcMidnight(date: LocalDate): number {
  const { year, month, day } = localDateParts(date);
  return utcOf(year, month, day);
}

function utcOf(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
