import { AppError } from "../errors.js";
import type { CalendarYear } from "./calendar-year.js";
import {
  type LocalDate,
  addCalendarDays,
  compareLocalDates,
  isValidTimeZone,
  isWeekend,
  localDateOf,
  localDateParts,
} from "./local-date.js";

interface YearDays {
  /** Holidays and days_off: not working even on a weekday. */
  readonly off: ReadonlySet<LocalDate>;
  /** Weekend days made working by decree. */
  readonly working: ReadonlySet<LocalDate>;
}

/**
 * Working days in one agency's time zone, from per-year calendar data
 * (`data/calendar/YYYY.yaml`, validated by `calendarYearSchema`). Weekends are
 * Saturday and Sunday; holidays and `days_off` are not working; `working_days`
 * (decree transfers) are. Dates in a year without data throw
 * `AppError("CALENDAR_YEAR_MISSING")` rather than being guessed, because a holiday
 * list that silently runs out gives citizens wrong deadlines.
 */
export class WorkingCalendar {
  private constructor(
    private readonly years: ReadonlyMap<number, YearDays>,
    /** The IANA zone in which instants become dates, e.g. `Asia/Almaty`. */
    readonly timeZone: string,
  ) {}

  /**
   * Builds a calendar from validated years and an IANA time zone. Throws
   * `AppError("CALENDAR_YEAR_DUPLICATE")` when two entries have the same year and
   * `AppError("CALENDAR_TIME_ZONE_INVALID")` when the zone is unknown.
   */
  static create(years: readonly CalendarYear[], timeZone: string): WorkingCalendar {
    if (!isValidTimeZone(timeZone)) {
      throw new AppError(
        "CALENDAR_TIME_ZONE_INVALID",
        `Unknown time zone "${timeZone}": use an IANA zone name such as "Asia/Almaty".`,
        { timeZone },
      );
    }
    const byYear = new Map<number, YearDays>();
    for (const calendar of years) {
      if (byYear.has(calendar.year)) {
        throw new AppError(
          "CALENDAR_YEAR_DUPLICATE",
          `Calendar year ${calendar.year} is given twice: keep one data/calendar/${calendar.year}.yaml.`,
          { year: calendar.year },
        );
      }
      const off = [...calendar.holidays, ...calendar.days_off].map((entry) => entry.date);
      const working = calendar.working_days.map((entry) => entry.date);
      byYear.set(calendar.year, { off: new Set(off), working: new Set(working) });
    }
    return new WorkingCalendar(byYear, timeZone);
  }

  /** The years with calendar data, ascending. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /**
   * True for Monday to Friday unless a holiday or day off, and for a weekend day
   * made working by decree. Throws `AppError("CALENDAR_YEAR_MISSING")` when the
   * date's year has no data.
   */
  isWorkingDay(date: LocalDate): boolean {
    const days = this.yearDays(date);
    if (days.working.has(date)) return true;
    if (days.off.has(date)) return false;
    return !isWeekend(date);
  }

  /**
   * The date an appeal received at `receivedAt` is registered: its local date in
   * {@link timeZone} if that is a working day, else the next working day.
   */
  registrationDate(receivedAt: Date): LocalDate {
    let date = localDateOf(receivedAt, this.timeZone);
    while (!this.isWorkingDay(date)) date = addCalendarDays(date, 1);
    return date;
  }

  /**
   * The `n`-th working day after `from` (`from` itself is not counted; `n = 0`
   * returns `from`). `n` must be a non-negative integer (RangeError otherwise).
   */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
    }
    let date = from;
    for (let counted = 0; counted < n; ) {
      date = addCalendarDays(date, 1);
      if (this.isWorkingDay(date)) counted += 1;
    }
    return date;
  }

  /**
   * The number of working days after `from` up to and including `to`; when `to`
   * is earlier, minus the number after `to` up to and including `from`; 0 when equal.
   * So `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const order = compareLocalDates(from, to);
    if (order === 0) return 0;
    if (order > 0) return 0 - this.workingDaysBetween(to, from); // 0 - 0 is +0, unlike -0
    let count = 0;
    for (let date = addCalendarDays(from, 1); compareLocalDates(date, to) <= 0; date = addCalendarDays(date, 1)) {
      if (this.isWorkingDay(date)) count += 1;
    }
    return count;
  }

  /**
   * The last day of a term of `termWorkingDays` working days for an appeal received
   * at `receivedAt`: the term starts the day after the registration date, so this is
   * `addWorkingDays(registrationDate(receivedAt), termWorkingDays)`.
   */
  deadline(receivedAt: Date, termWorkingDays: number): LocalDate {
    return this.addWorkingDays(this.registrationDate(receivedAt), termWorkingDays);
  }

  private yearDays(date: LocalDate): YearDays {
    const { year } = localDateParts(date);
    const days = this.years.get(year);
    if (days === undefined) {
      const covered = this.coveredYears();
      throw new AppError(
        "CALENDAR_YEAR_MISSING",
        `No working calendar for ${year} (needed for ${date}; covered: ${covered.join(", ") || "none"}): ` +
          `add data/calendar/${year}.yaml; scripts/calendar-generate.ts prints a draft.`,
        { year, date, coveredYears: covered },
      );
    }
    return days;
  }
}
