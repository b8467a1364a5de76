/**
 * Working hours: the part of a working day in which officials and citizens may be
 * messaged about deadlines (issue #7: reminders wait for the next working morning).
 */
import {
  type LocalDate,
  addCalendarDays,
  calendarDaysBetween,
  localDateOf,
  startOfLocalDay,
} from "../calendar/local-date.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";

/** A wall-clock time `HH:MM`, 24-hour, in the calendar's time zone. */
export type TimeOfDay = `${number}:${number}`;

/** When a working day's hours open and close (`closes` itself is outside them). */
export type WorkingHours = Readonly<{ opens: TimeOfDay; closes: TimeOfDay }>;

/** 09:00 to 18:00, the hours issue #7 sets for reminders. */
export const defaultWorkingHours: WorkingHours = { opens: "09:00", closes: "18:00" };

const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The first moment at or after `instant` that lies in working hours: `instant` itself
 * when it is within `hours` on a working day; the opening of that day when it is a
 * working day before the opening; otherwise the opening of the next working day.
 * Throws RangeError when `hours` are malformed or do not open before they close, and
 * `AppError("CALENDAR_YEAR_MISSING")` when the search runs past the calendar's data.
 */
export function nextWorkingMoment(
  instant: Date,
  calendar: WorkingCalendar,
  hours: WorkingHours = defaultWorkingHours,
): Date {
  const { opens, closes } = minutesOf(hours);
  const { timeZone } = calendar;
  const today = localDateOf(instant, timeZone);
  if (calendar.isWorkingDay(today)) {
    const minute = wallMinutes(instant.getTime(), today, timeZone);
    if (minute < opens) return atWallTime(today, opens, timeZone);
    if (minute < closes) return new Date(instant.getTime());
  }
  let day = addCalendarDays(today, 1);
  while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, 1);
  return atWallTime(day, opens, timeZone);
}

function minutesOf(hours: WorkingHours): { opens: number; closes: number } {
  const opens = parseTimeOfDay(hours.opens);
  const closes = parseTimeOfDay(hours.closes);
  if (opens === undefined || closes === undefined || opens >= closes) {
    throw new RangeError(
      `Working hours ${hours.opens}-${hours.closes}: write HH:MM (24-hour) with the opening before the closing, e.g. 09:00-18:00`,
    );
  }
  return { opens, closes };
}

function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * The instant the wall clock in `timeZone` shows `minutes` after midnight on `date`.
 * Elapsed time from the day's start differs from wall time on a clock-change day, so
 * the first guess is corrected once; when the wall time does not exist (a gap), the
 * uncorrected guess, just after the gap, is kept. Asia/Almaty has no clock changes,
 * but `ESTU_TIMEZONE` may name a zone that does.
 */
function atWallTime(date: LocalDate, minutes: number, timeZone: string): Date {
  const elapsed = startOfLocalDay(date, timeZone).getTime() + minutes * MS_PER_MINUTE;
  const corrected = elapsed + (minutes - wallMinutes(elapsed, date, timeZone)) * MS_PER_MINUTE;
  return new Date(wallMinutes(corrected, date, timeZone) === minutes ? corrected : elapsed);
}

/** Whole minutes on the wall clock at `epochMs`, counted from midnight starting `date`. */
function wallMinutes(epochMs: number, date: LocalDate, timeZone: string): number {
  const fields: Record<string, string> = {};
  for (const part of timeFormatter(timeZone).formatToParts(epochMs)) fields[part.type] = part.value;
  const dayOffset = calendarDaysBetween(date, localDateOf(new Date(epochMs), timeZone));
  return dayOffset * MINUTES_PER_DAY + Number(fields.hour) * 60 + Number(fields.minute);
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function timeFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = timeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      numberingSystem: "latn",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
    });
    timeFormatters.set(timeZone, formatter);
  }
  return formatter;
}
