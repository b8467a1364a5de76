import { parseLocalDate, type LocalDate } from "../core/calendar/local-date.js";

/** A date as an official types it: `18.12.2026` (also with `/` or `-`), or `2026-12-18`. */
export function parseTypedDate(text: string): LocalDate | undefined {
  const match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text.trim());
  if (!match) return parseLocalDate(text.trim());
  const [, day = "", month = "", year = ""] = match;
  return parseLocalDate(`${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`);
}
