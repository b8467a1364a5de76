import type { Appeal, Language } from "../core/appeal/appeal.js";
import { addMonths, localDateOf } from "../core/calendar/local-date.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { Params } from "../engine/effects.js";
import { contestTermMonths } from "./dialogue-deps.js";
import { formatDate, formatInstantDate, formatTime } from "./format-date.js";

/** The values of the coupon and of an appeal's details, in the citizen's language. */
export function appealParams(appeal: Appeal, reference: ReferenceData, language: Language, timeZone: string): Params {
  const agency = reference.agencies.find((candidate) => candidate.id === appeal.agencyId);
  return {
    number: appeal.id,
    date: formatInstantDate(appeal.receivedAt, timeZone),
    time: formatTime(appeal.receivedAt, timeZone),
    agency: agency?.name[language] ?? appeal.agencyId,
    contestUntil: contestUntil(appeal, timeZone),
    deadline: formatDate(appeal.deadline),
  };
}

/** The last answer or refusal on record, for the details and the contest information. */
export function lastDecision(appeal: Appeal) {
  return [...appeal.history].reverse().find((entry) => entry.event === "answered" || entry.event === "rejected");
}

/** The date until which a decision may be contested, counted from the decision. */
export function contestUntil(appeal: Appeal, timeZone: string): string {
  const decided = lastDecision(appeal)?.at ?? appeal.receivedAt;
  return formatDate(addMonths(localDateOf(decided, timeZone), contestTermMonths));
}
