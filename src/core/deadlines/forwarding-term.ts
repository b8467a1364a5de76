/**
 * The forwarding term: an appeal outside an agency's competence goes to the competent
 * body within 3 working days of receipt, the applicant told at the same time
 * (DOMAIN.md, "Forwarding"; DOMAIN.md gives no article of the Code for it).
 */
import type { Appeal } from "../appeal/appeal.js";
import { type LocalDate, compareLocalDates, localDateOf } from "../calendar/local-date.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import { isOpenStatus } from "./overdue.js";

/** Working days an agency has to forward an appeal it is not competent for. */
export const forwardingTermWorkingDays = 3;

/** The current agency's forwarding term: when it received the appeal and the last day to forward it. */
export type ForwardingTerm = Readonly<{ receivedOn: LocalDate; lastDay: LocalDate }>;

/**
 * The forwarding term of the agency holding the appeal now. Receipt is the
 * registration date for the first agency, and for a forwarded appeal the registration
 * date of the last `forwarded` entry (its local date, or the next working day when it
 * was forwarded on a day off, as `decide` counts the receiving agency's own term).
 * Like every term in working days, counting starts the day after receipt.
 */
export function forwardingTerm(
  appeal: Pick<Appeal, "registeredOn" | "history">,
  calendar: WorkingCalendar,
): ForwardingTerm {
  const lastForward = appeal.history.findLast((entry) => entry.event === "forwarded");
  const receivedOn = lastForward ? calendar.registrationDate(lastForward.at) : appeal.registeredOn;
  return { receivedOn, lastDay: calendar.addWorkingDays(receivedOn, forwardingTermWorkingDays) };
}

/**
 * True when forwarding the appeal at `now` would be late: it is still open (so it can
 * still be forwarded) and the local date of `now` is after the forwarding term's last day.
 */
export function isForwardingLate(
  appeal: Pick<Appeal, "status" | "registeredOn" | "history">,
  calendar: WorkingCalendar,
  now: Date,
): boolean {
  if (!isOpenStatus(appeal.status)) return false;
  const { lastDay } = forwardingTerm(appeal, calendar);
  return compareLocalDates(localDateOf(now, calendar.timeZone), lastDay) > 0;
}
