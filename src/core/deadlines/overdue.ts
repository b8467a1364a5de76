/**
 * When an appeal's term has passed without an answer. Under the Administrative
 * Procedural and Process Code, Art. 91(2), a body that lets the deadline pass with no
 * decision is deemed to have refused, and the citizen may contest that refusal.
 */
import type { Appeal, AppealStatus } from "../appeal/appeal.js";
import { statusRules } from "../appeal/status-rules.js";
import { type LocalDate, addCalendarDays, compareLocalDates, localDateOf, startOfLocalDay } from "../calendar/local-date.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";

/**
 * The statuses in which the clock runs: those from which the agency may still answer
 * (`registered`, `forwarded`, `in_progress`, `awaiting_citizen`, `extended`). Taken from
 * the status rules so the two cannot drift apart.
 *
 * `awaiting_citizen` keeps the clock running: DOMAIN.md says nothing about a request for
 * clarification stopping the term, so Estu does not stop it.
 */
export const openStatuses: readonly AppealStatus[] = statusRules.answer.from;

/** True while the agency still owes the citizen an answer. */
export function isOpenStatus(status: AppealStatus): boolean {
  return openStatuses.includes(status);
}

/**
 * The first instant after the deadline day in `timeZone` (local midnight that ends it):
 * the whole deadline day belongs to the agency, so the appeal becomes overdue only then.
 */
export function overdueAt(deadline: LocalDate, timeZone: string): Date {
  return startOfLocalDay(addCalendarDays(deadline, 1), timeZone);
}

/**
 * True when the appeal is open and the local date of `now` (in the calendar's time
 * zone) is after its deadline in force. Pass the calendar, or just `{ timeZone }`.
 */
export function isOverdue(
  appeal: Pick<Appeal, "status" | "deadline">,
  calendar: Pick<WorkingCalendar, "timeZone">,
  now: Date,
): boolean {
  return isOpenStatus(appeal.status) && compareLocalDates(localDateOf(now, calendar.timeZone), appeal.deadline) > 0;
}
