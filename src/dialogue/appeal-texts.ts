import type { Appeal, Language } from "../core/appeal/appeal.js";
import { addMonths, localDateOf } from "../core/calendar/local-date.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { Params } from "../engine/effects.js";
import { contestTermMonths, courtTermMonths } from "./dialogue-deps.js";
import { formatDate, formatInstantDate, formatTime } from "./format-date.js";

/** The values of the coupon and of an appeal's details, in the citizen's language. */
export function appealParams(appeal: Appeal, reference: ReferenceData, language: Language, timeZone: string): Params {
  const agency = reference.agencies.find((candidate) => candidate.id === appeal.agencyId);
  const parent = reference.agencies.find((candidate) => candidate.id === agency?.parent);
  const decided = localDateOf(lastDecision(appeal)?.at ?? appeal.receivedAt, timeZone);
  return {
    number: appeal.id,
    date: formatInstantDate(appeal.receivedAt, timeZone),
    time: formatTime(appeal.receivedAt, timeZone),
    agency: agency?.name[language] ?? appeal.agencyId,
    ...(parent ? { parent: parent.name[language] } : {}),
    contestUntil: formatDate(addMonths(decided, contestTermMonths)),
    courtUntil: formatDate(addMonths(decided, courtTermMonths)),
    deadline: formatDate(appeal.deadline),
  };
}

/**
 * Where a decision is contested: the higher body named in data/agencies.yaml (Code
 * Art. 91), or, for a body with none above it (akimats, ministries: Art. 91(3)), the
 * court within a month (Art. 136): the text after a decision, or after silence past the deadline.
 */
export function contestKey(after: "contest" | "overdue", appeal: Appeal, reference: ReferenceData): string {
  const parent = reference.agencies.find((candidate) => candidate.id === appeal.agencyId)?.parent;
  return `notice:${after}.${parent ? "higher_body" : "court"}`;
}

/** The last answer or refusal on record, for the details and the contest information. */
export function lastDecision(appeal: Appeal) {
  return [...appeal.history].reverse().find((entry) => entry.event === "answered" || entry.event === "rejected");
}
