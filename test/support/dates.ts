import type { LocalDate } from "../../src/core/calendar/local-date.js";
import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";

/** The working day `n` working days after `date`, as stored and as an official types it. */
export function addWorkingDaysAfter(calendar: WorkingCalendar, date: LocalDate, n: number): { iso: LocalDate; typed: string } {
  const iso = calendar.addWorkingDays(date, n);
  const [year, month, day] = iso.split("-");
  return { iso, typed: `${day}.${month}.${year}` };
}
