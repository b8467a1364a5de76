import { z } from "zod";
import { type LocalDate, dayOfWeek, isWeekend, localDateParts, parseLocalDate } from "./local-date.js";

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// Shape only; whether the day exists is checked with the year in the message, below.
const localDateSchema = z
  .string()
  .regex(DATE_SHAPE, { error: (issue) => `${JSON.stringify(issue.input)}: write dates as YYYY-MM-DD` })
  .transform((text) => text as LocalDate);

const textSchema = z.string().trim().min(1);

const holidaySchema = z.strictObject({
  date: localDateSchema,
  /** The holiday's name in Kazakh and Russian, for messages to citizens. */
  name: z.strictObject({ kk: textSchema, ru: textSchema }),
});

const transferSchema = z.strictObject({
  date: localDateSchema,
  /** Why: "holiday on Sunday 2026-03-22" or the decree's number and date. */
  reason: textSchema,
});

/**
 * One year of the working calendar, as in `data/calendar/YYYY.yaml`: the public
 * holidays that are days off, the extra non-working weekdays (weekend-holiday
 * substitutes, decree transfers) and the weekend days made working by decree.
 * Strict: unknown keys are errors. Semantic rules (each message names the year,
 * the date and the fix): every date is real and inside `year`; a date appears at
 * most once across the three lists; `working_days` are Saturdays or Sundays;
 * `days_off` are Monday to Friday.
 */
export const calendarYearSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2999),
    source: z.string().optional(),
    holidays: z.array(holidaySchema),
    days_off: z.array(transferSchema).default([]),
    working_days: z.array(transferSchema).default([]),
  })
  .superRefine((calendar, ctx) => {
    for (const problem of calendarYearProblems(calendar)) {
      ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
    }
  });

/** A validated calendar year (see {@link calendarYearSchema}). */
export type CalendarYear = z.infer<typeof calendarYearSchema>;

type ListName = "holidays" | "days_off" | "working_days";

interface Problem {
  readonly message: string;
  readonly path: (string | number)[];
}

const LIST_MEANING: Record<ListName, string> = {
  holidays: "a holiday",
  days_off: "a day off",
  working_days: "a working day",
};

function calendarYearProblems(calendar: {
  year: number;
  holidays: readonly { date: LocalDate }[];
  days_off: readonly { date: LocalDate }[];
  working_days: readonly { date: LocalDate }[];
}): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<LocalDate, ListName>();
  const lists: ListName[] = ["holidays", "days_off", "working_days"];
  for (const list of lists) {
    calendar[list].forEach((entry, index) => {
      const path = [list, index, "date"];
      const say = (message: string): void => {
        problems.push({ message: `year ${calendar.year}: ${entry.date} ${message}`, path });
      };
      const rule = entryProblem(calendar.year, list, entry.date, seen.get(entry.date));
      if (rule !== undefined) say(rule);
      if (!seen.has(entry.date)) seen.set(entry.date, list);
    });
  }
  return problems;
}

/** The first rule `date` breaks in `list`, as the end of a sentence that starts with the date. */
function entryProblem(
  year: number,
  list: ListName,
  date: LocalDate,
  earlier: ListName | undefined,
): string | undefined {
  if (!DATE_SHAPE.test(date)) return undefined; // reported by localDateSchema already
  if (parseLocalDate(date) === undefined) {
    return "is not a real date; correct the month or the day";
  }
  const dateYear = localDateParts(date).year;
  if (dateYear !== year) {
    return `is outside the year; move it to the ${dateYear} calendar file or correct the date`;
  }
  if (earlier === list) {
    return `is listed twice in ${list}; remove one of the entries`;
  }
  if (earlier !== undefined) {
    return `is both ${LIST_MEANING[earlier]} (${earlier}) and ${LIST_MEANING[list]} (${list}); keep it in one list only`;
  }
  const weekday = WEEKDAY_NAMES[dayOfWeek(date) - 1] ?? "";
  if (list === "working_days" && !isWeekend(date)) {
    return `is a ${weekday}, already a working day; working_days lists only Saturdays and Sundays made working by decree, so remove it`;
  }
  if (list === "days_off" && isWeekend(date)) {
    return `is a ${weekday}, already a day off; days_off lists only weekdays made non-working (put the substitute weekday here instead)`;
  }
  return undefined;
}
