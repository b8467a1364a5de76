import { localDateOf, type LocalDate } from "../core/calendar/local-date.js";

/** `2026-12-18` as people in Kazakhstan write it in both languages: `18.12.2026`. */
export function formatDate(date: LocalDate): string {
  const [year, month, day] = date.split("-");
  return `${day}.${month}.${year}`;
}

/** The local time of an instant, `HH:MM`, in the deployment's time zone. */
export function formatTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/** The local date of an instant, `DD.MM.YYYY`. */
export function formatInstantDate(instant: Date, timeZone: string): string {
  return formatDate(localDateOf(instant, timeZone));
}
