/**
 * The reminders an open appeal's deadline calls for (issue #7): to the officials
 * 3 working days before and on the deadline day, and the overdue marking with its
 * alerts once the day has passed. Pure: a scheduler turns the plan into delayed jobs.
 */
import type { Appeal } from "../appeal/appeal.js";
import { type LocalDate, addCalendarDays, startOfLocalDay } from "../calendar/local-date.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import { isOpenStatus, overdueAt } from "./overdue.js";
import { type WorkingHours, nextWorkingMoment } from "./working-hours.js";

/** How many working days before the deadline the first reminder goes out. */
export const reminderLeadWorkingDays = 3;

/** `before3`: 3 working days before the deadline; `due`: on the deadline day; `overdue`: after it. */
export type ReminderKind = "before3" | "due" | "overdue";

type ReminderBase = Readonly<{
  /**
   * `<appeal id>.<deadline>.<kind>`: the same for the same appeal, deadline and kind, so
   * a scheduler can use it as an idempotent job id, and a new deadline gets new ids.
   * Dots, not colons: BullMQ refuses custom job ids with `:` in them.
   */
  id: string;
  appealId: string;
  /** The deadline the reminder is about. */
  deadline: LocalDate;
  /** When the messages go out: always within working hours. */
  at: Date;
}>;

/** One planned moment; the overdue one also says when the appeal becomes overdue. */
export type Reminder =
  | (ReminderBase & Readonly<{ kind: "before3" | "due" }>)
  | (ReminderBase &
      Readonly<{
        kind: "overdue";
        /**
         * The first instant after the deadline day: from then on the appeal is overdue and
         * may be marked so at once (possibly in the past). Alerts to supervisors and the
         * notice to the citizen wait for `at`, the first working moment from then (or from
         * `now`, when that is later).
         */
        overdueAt: Date;
      }>);

/**
 * The reminders for `appeal`'s deadline in force, in order. None unless the appeal is
 * open (registered, forwarded, in progress, awaiting the citizen, extended): the clock
 * keeps running while the citizen is asked for clarification (see `openStatuses`).
 * `before3` and `due` go out at the opening of working hours on their day and are left
 * out once earlier than `now`, so re-planning never repeats one; `overdue` is always
 * planned, at the first working moment from the end of the deadline day or from `now`.
 */
export function reminderPlan(
  appeal: Pick<Appeal, "id" | "status" | "deadline">,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  now: Date,
): readonly Reminder[] {
  if (!isOpenStatus(appeal.status)) return [];
  const { id: appealId, deadline } = appeal;
  const base = (kind: ReminderKind, at: Date) => ({ id: `${appealId}.${deadline}.${kind}`, appealId, deadline, at });
  const opening = (day: LocalDate) => nextWorkingMoment(startOfLocalDay(day, calendar.timeZone), calendar, hours);

  const ahead: Reminder[] = [
    { ...base("before3", opening(workingDaysBefore(deadline, reminderLeadWorkingDays, calendar))), kind: "before3" },
    { ...base("due", opening(lastWorkingDayUpTo(deadline, calendar))), kind: "due" },
  ];
  const passesAt = overdueAt(deadline, calendar.timeZone);
  const alertFrom = now.getTime() > passesAt.getTime() ? now : passesAt;
  const overdue: Reminder = { ...base("overdue", nextWorkingMoment(alertFrom, calendar, hours)), kind: "overdue", overdueAt: passesAt };
  return [...ahead.filter((reminder) => reminder.at.getTime() >= now.getTime()), overdue];
}

/** The `n`-th working day before `date` (`date` itself not counted). */
function workingDaysBefore(date: LocalDate, n: number, calendar: WorkingCalendar): LocalDate {
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = addCalendarDays(day, -1);
    if (calendar.isWorkingDay(day)) counted += 1;
  }
  return day;
}

/**
 * `date` when it is a working day, else the working day before it. A computed deadline
 * is always a working day, but `decide` accepts an extension to any date; the due-day
 * reminder then goes out before the date rather than after it has passed.
 */
function lastWorkingDayUpTo(date: LocalDate, calendar: WorkingCalendar): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, -1);
  return day;
}
