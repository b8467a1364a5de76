import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { type CalendarYear, calendarYearSchema } from "../../src/core/calendar/calendar-year.js";
import {
  type LocalDate,
  addCalendarDays,
  addMonths,
  calendarDaysBetween,
  compareLocalDates,
  dayOfWeek,
  endOfLocalDay,
  localDateOf,
  parseLocalDate,
  startOfLocalDay,
} from "../../src/core/calendar/local-date.js";
import { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";

// Fixtures shaped like data/calendar/YYYY.yaml for testing the algorithm; they are not
// the authoritative calendar (Constitution Day is kept on 30 August here in every year).
const holiday = (date: string, ru: string) => ({ date, name: { kk: ru, ru } });
const entry = (date: string, reason: string) => ({ date, reason });

const kazakhHolidays = (year: number, kurbanAit: string) => [
  holiday(`${year}-01-01`, "Новый год"),
  holiday(`${year}-01-02`, "Новый год"),
  holiday(`${year}-01-07`, "Рождество"),
  holiday(`${year}-03-08`, "Международный женский день"),
  holiday(`${year}-03-21`, "Наурыз"),
  holiday(`${year}-03-22`, "Наурыз"),
  holiday(`${year}-03-23`, "Наурыз"),
  holiday(`${year}-05-01`, "Праздник единства"),
  holiday(`${year}-05-07`, "День защитника Отечества"),
  holiday(`${year}-05-09`, "День Победы"),
  holiday(kurbanAit, "Курбан айт"),
  holiday(`${year}-07-06`, "День столицы"),
  holiday(`${year}-08-30`, "День Конституции"),
  holiday(`${year}-10-25`, "День Республики"),
  holiday(`${year}-12-16`, "День Независимости"),
];

const y2025: CalendarYear = calendarYearSchema.parse({
  year: 2025,
  source: "test fixture",
  holidays: kazakhHolidays(2025, "2025-06-06"),
  days_off: [
    entry("2025-01-03", "decree: moved from Saturday 2025-07-05"),
    entry("2025-03-10", "8 March on Saturday"),
    entry("2025-03-24", "Nauryz on Saturday"),
    entry("2025-03-25", "Nauryz on Sunday"),
    entry("2025-07-07", "6 July on Sunday"),
    entry("2025-09-01", "30 August on Saturday"),
    entry("2025-10-27", "25 October on Saturday"),
  ],
  working_days: [entry("2025-07-05", "decree: day off moved to Friday 2025-01-03")],
});

const y2026: CalendarYear = calendarYearSchema.parse({
  year: 2026,
  holidays: kazakhHolidays(2026, "2026-05-27"),
  days_off: [
    entry("2026-03-09", "8 March on Sunday"),
    entry("2026-03-24", "Nauryz on Saturday"),
    entry("2026-03-25", "Nauryz on Sunday"),
    entry("2026-05-08", "decree: moved from Saturday 2026-05-16"),
    entry("2026-05-11", "9 May on Saturday"),
    entry("2026-08-31", "30 August on Sunday"),
    entry("2026-10-26", "25 October on Sunday"),
  ],
  working_days: [entry("2026-05-16", "decree: day off moved to Friday 2026-05-08")],
});

const y2027: CalendarYear = calendarYearSchema.parse({
  year: 2027,
  holidays: kazakhHolidays(2027, "2027-05-16"), // Kurban Ait on a Sunday: religious, no substitute
  days_off: [
    entry("2027-01-04", "2 January on Saturday"),
    entry("2027-01-08", "decree: moved from Saturday 2027-01-09"),
    entry("2027-03-24", "Nauryz on Sunday"),
    entry("2027-05-03", "1 May on Saturday"),
    entry("2027-05-10", "9 May on Sunday"),
  ],
  working_days: [entry("2027-01-09", "decree: day off moved to Friday 2027-01-08")],
});

const ALMATY = "Asia/Almaty";
const calendar = WorkingCalendar.create([y2027, y2025, y2026], ALMATY);
/** Noon in Almaty on `date`, safely inside the day. */
const noonIn = (date: string): Date => new Date(`${date}T12:00:00+05:00`);
const d = (text: string): LocalDate => {
  const date = parseLocalDate(text);
  if (date === undefined) throw new Error(`bad fixture date ${text}`);
  return date;
};

describe("WorkingCalendar", () => {
  it("covers the years it was given, ascending", () => {
    expect(calendar.coveredYears()).toEqual([2025, 2026, 2027]);
  });

  it("counts a 15-day term across New Year, skipping 1-2 and 7 January and weekends", () => {
    expect(calendar.registrationDate(noonIn("2025-12-24"))).toBe("2025-12-24");
    // Dec 25, 26, 29, 30, 31 (5); Jan 5, 6 (7); 8, 9 (9); 12-16 (14); 19 (15).
    expect(calendar.deadline(noonIn("2025-12-24"), 15)).toBe("2026-01-19");
  });

  it("counts across Nauryz and its substitute days", () => {
    // 2026-03-20 (1); 21-25 off (Sat/Sun holidays, Monday holiday, two substitutes); Mar 26 (2) ... Apr 14 (15).
    expect(calendar.deadline(noonIn("2026-03-19"), 15)).toBe("2026-04-14");
    for (const date of ["2026-03-21", "2026-03-23", "2026-03-24", "2026-03-25"]) {
      expect(calendar.isWorkingDay(d(date)), date).toBe(false);
    }
  });

  it("counts a decree working Saturday and skips a decree day off", () => {
    expect(calendar.isWorkingDay(d("2026-05-08"))).toBe(false); // Friday made a day off
    expect(calendar.isWorkingDay(d("2026-05-16"))).toBe(true); // Saturday made working
    // May 5, 6 (2); 7-11 off; 12-15 (6); Sat 16 (7); 18-22 (12); 25, 26 (14); 27 Kurban Ait; 28 (15).
    expect(calendar.deadline(noonIn("2026-05-04"), 15)).toBe("2026-05-28");
    expect(calendar.addWorkingDays(d("2026-05-15"), 1)).toBe("2026-05-16");
  });

  it("makes the Monday after a weekend holiday a day off, but not after a religious one", () => {
    expect(calendar.isWorkingDay(d("2026-03-09"))).toBe(false); // 8 March on Sunday
    expect(calendar.isWorkingDay(d("2027-05-17"))).toBe(true); // Kurban Ait on Sunday 2027-05-16
  });

  it("registers an appeal from a Saturday on Monday, or on Tuesday when Monday is off", () => {
    expect(calendar.registrationDate(noonIn("2026-02-14"))).toBe("2026-02-16");
    expect(calendar.registrationDate(noonIn("2026-03-07"))).toBe("2026-03-10");
    expect(calendar.registrationDate(noonIn("2026-05-16"))).toBe("2026-05-16"); // working Saturday
  });

  it("uses the local date in Almaty for an instant late in the evening UTC", () => {
    const fridayEveningUtc = new Date("2025-12-26T19:30:00Z"); // Saturday 00:30 in Almaty (UTC+5)
    expect(calendar.registrationDate(fridayEveningUtc)).toBe("2025-12-29");
    const inUtc = WorkingCalendar.create([y2025, y2026], "UTC");
    expect(inUtc.registrationDate(fridayEveningUtc)).toBe("2025-12-26");
  });

  it("throws CALENDAR_YEAR_MISSING naming the year and the fix, instead of guessing", () => {
    const attempt = (): unknown => calendar.isWorkingDay(d("2028-01-04"));
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: "CALENDAR_YEAR_MISSING", details: { year: 2028 } });
      expect((error as AppError).message).toContain("add data/calendar/2028.yaml");
      expect((error as AppError).message).toContain("scripts/calendar-generate.ts prints a draft");
    }
    expect(() => calendar.addWorkingDays(d("2027-12-20"), 15)).toThrow(/2028/);
    expect(() => calendar.registrationDate(noonIn("2024-06-03"))).toThrow(/2024/);
  });

  it("rejects duplicate years and unknown time zones", () => {
    expect(() => WorkingCalendar.create([y2025, y2025], ALMATY)).toThrow(
      expect.objectContaining({ code: "CALENDAR_YEAR_DUPLICATE" }),
    );
    expect(() => WorkingCalendar.create([y2025], "Asia/Nowhere")).toThrow(
      expect.objectContaining({ code: "CALENDAR_TIME_ZONE_INVALID" }),
    );
  });

  it("treats n = 0 and equal dates as no working days, and refuses a bad n", () => {
    expect(calendar.addWorkingDays(d("2026-01-03"), 0)).toBe("2026-01-03");
    expect(calendar.workingDaysBetween(d("2026-01-03"), d("2026-01-03"))).toBe(0);
    expect(calendar.workingDaysBetween(d("2026-01-19"), d("2025-12-24"))).toBe(-15);
    expect(() => calendar.addWorkingDays(d("2026-01-05"), -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(d("2026-01-05"), 1.5)).toThrow(RangeError);
  });

  describe("properties over the covered years", () => {
    const first = d("2025-01-01");
    // Far enough from the end of 2027 that 60 working days stay inside the data.
    const span = calendarDaysBetween(first, d("2027-08-31"));
    const dateArb = fc.integer({ min: 0, max: span }).map((offset) => addCalendarDays(first, offset));

    it("workingDaysBetween(from, addWorkingDays(from, n)) is n, and -n the other way", () => {
      fc.assert(
        fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (from, n) => {
          const to = calendar.addWorkingDays(from, n);
          expect(calendar.workingDaysBetween(from, to)).toBe(n);
          expect(calendar.workingDaysBetween(to, from)).toBe(0 - n); // +0, not -0, when n = 0
          if (n > 0) expect(calendar.isWorkingDay(to)).toBe(true);
        }),
      );
    });

    it("addWorkingDays(from, workingDaysBetween(from, to)) is to when to is a later working day", () => {
      fc.assert(
        fc.property(dateArb, dateArb, (a, b) => {
          const [from, to] = compareLocalDates(a, b) <= 0 ? [a, b] : [b, a];
          fc.pre(from !== to && calendar.isWorkingDay(to));
          expect(calendar.addWorkingDays(from, calendar.workingDaysBetween(from, to))).toBe(to);
        }),
      );
    });
  });
});

describe("calendarYearSchema", () => {
  const base = { year: 2026, holidays: [holiday("2026-01-01", "Новый год")] };
  const messages = (input: unknown): string[] => {
    const result = calendarYearSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it("defaults days_off and working_days to empty lists", () => {
    expect(calendarYearSchema.parse(base)).toMatchObject({ days_off: [], working_days: [] });
  });

  it("rejects a date outside the year", () => {
    expect(messages({ ...base, holidays: [holiday("2025-12-31", "x")] })).toEqual([
      expect.stringMatching(/^year 2026: 2025-12-31 is outside the year; move it to the 2025/),
    ]);
  });

  it("rejects a working day that is a weekday", () => {
    expect(messages({ ...base, working_days: [entry("2026-01-05", "x")] })).toEqual([
      expect.stringMatching(/^year 2026: 2026-01-05 is a Monday, already a working day/),
    ]);
  });

  it("rejects a day off that is a weekend day", () => {
    expect(messages({ ...base, days_off: [entry("2026-01-03", "x")] })).toEqual([
      expect.stringMatching(/^year 2026: 2026-01-03 is a Saturday, already a day off/),
    ]);
  });

  it("rejects a date that is both a day off and a working day", () => {
    const both = {
      ...base,
      holidays: [holiday("2026-03-21", "Наурыз")],
      working_days: [entry("2026-03-21", "x")],
    };
    expect(messages(both)).toEqual([expect.stringContaining("2026-03-21 is both a holiday (holidays) and a working day")]);
    expect(messages({ ...base, days_off: [entry("2026-01-05", "x"), entry("2026-01-05", "y")] })).toEqual([
      expect.stringContaining("2026-01-05 is listed twice in days_off"),
    ]);
  });

  it("rejects impossible dates, badly written dates and unknown keys", () => {
    expect(messages({ ...base, holidays: [holiday("2026-02-29", "x")] })).toEqual([
      "year 2026: 2026-02-29 is not a real date; correct the month or the day",
    ]);
    expect(messages({ ...base, holidays: [holiday("2026-1-5", "x")] })).toEqual([
      expect.stringContaining("write dates as YYYY-MM-DD"),
    ]);
    expect(messages({ ...base, holiday: [] })).toHaveLength(1);
    expect(messages({ ...base, holidays: [{ date: "2026-01-01", name: { ru: "x" } }] })).toHaveLength(1);
  });
});

describe("local dates", () => {
  it("parses only real YYYY-MM-DD dates", () => {
    expect(parseLocalDate("2024-02-29")).toBe("2024-02-29");
    expect(parseLocalDate("2025-02-29")).toBeUndefined();
    expect(parseLocalDate("2026-1-5")).toBeUndefined();
    expect(parseLocalDate("2026-01-05T00:00")).toBeUndefined();
  });

  it("adds days and months and knows the day of the week", () => {
    expect(addCalendarDays(d("2025-12-31"), 1)).toBe("2026-01-01");
    expect(addCalendarDays(d("2024-03-01"), -1)).toBe("2024-02-29");
    expect(dayOfWeek(d("2026-01-01"))).toBe(4);
    expect(dayOfWeek(d("2026-01-04"))).toBe(7);
    expect(addMonths(d("2026-01-31"), 1)).toBe("2026-02-28");
    expect(addMonths(d("2024-01-31"), 1)).toBe("2024-02-29");
    expect(addMonths(d("2026-11-30"), 2)).toBe("2027-01-30");
    expect(addMonths(d("2026-03-31"), -1)).toBe("2026-02-28");
  });

  it("follows Almaty's move from UTC+6 to UTC+5 on 1 March 2024", () => {
    expect(localDateOf(new Date("2023-06-30T18:30:00Z"), ALMATY)).toBe("2023-07-01"); // UTC+6
    expect(localDateOf(new Date("2024-02-29T18:30:00Z"), ALMATY)).toBe("2024-02-29"); // already UTC+5
    expect(startOfLocalDay(d("2024-02-29"), ALMATY).toISOString()).toBe("2024-02-28T18:00:00.000Z");
    expect(endOfLocalDay(d("2024-02-29"), ALMATY).toISOString()).toBe("2024-02-29T18:59:59.999Z"); // 25 hours
    expect(startOfLocalDay(d("2026-01-19"), ALMATY).toISOString()).toBe("2026-01-18T19:00:00.000Z");
  });

  it("works in other zones, including a day whose midnight does not exist", () => {
    expect(startOfLocalDay(d("2026-07-01"), "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(startOfLocalDay(d("2026-01-01"), "Asia/Kathmandu").toISOString()).toBe("2025-12-31T18:15:00.000Z");
    // Chile moved its clocks from 00:00 to 01:00 on 2023-09-03.
    expect(startOfLocalDay(d("2023-09-03"), "America/Santiago").toISOString()).toBe("2023-09-03T04:00:00.000Z");
    expect(endOfLocalDay(d("2023-09-02"), "America/Santiago").toISOString()).toBe("2023-09-03T03:59:59.999Z");
  });
});
