import type { Language } from "../core/appeal/appeal.js";
import type { SavedValue } from "../core/ports/conversation-store.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { ActionType } from "./flow-schema.js";

type Data = Readonly<Record<string, SavedValue>>;

/**
 * What each action hands to the host, taken from the saved values. The host checks
 * it again (an appeal draft against its schema, an appeal number against the
 * citizen's own appeals): a saved value is the citizen's input, not a trusted fact.
 */
export function actionInput(action: ActionType, data: Data, language: Language, reference: ReferenceData): Record<string, SavedValue> {
  switch (action) {
    case "submit_appeal":
      return appealDraft(data, language, reference);
    case "show_appeal":
      return { ...pick(data, ["number"]), page: listPageOf(data) };
    case "submit_clarification":
      return { ...pick(data, ["number", "clarification"]), attachments: data["clarification_attachments"] ?? [] };
    case "rate_answer":
      return pick(data, ["number", "score", "comment"]);
    case "list_appeals":
      return { page: listPageOf(data) };
    case "set_language":
    case "record_consent":
    case "forget_citizen":
      return {};
  }
}

function appealDraft(data: Data, language: Language, reference: ReferenceData): Record<string, SavedValue> {
  const emergency = reference.categories.find((category) => category.id === data["categoryId"])?.emergency ?? false;
  const applicant = typeof data["fullName"] === "string"
    ? { fullName: data["fullName"], iin: data["iin"] ?? null, phone: data["phone"] ?? null, postalAddress: data["postalAddress"] ?? null }
    : null;
  // A district saved before the citizen changed the region belongs to the old region: drop it.
  const region = reference.regions.find((candidate) => candidate.id === data["regionId"]);
  const district = region?.districts.some((candidate) => candidate.id === data["districtId"]) ? pick(data, ["districtId"]) : {};
  return {
    language,
    ...pick(data, ["kind", "categoryId", "regionId", "agencyId", "text", "location"]),
    ...district,
    attachments: data["attachments"] ?? [],
    applicant,
    emergency,
  };
}

/** The page of "my appeals" the citizen opened (a line number counts on it). */
function listPageOf(data: Data): number {
  return typeof data["listPage"] === "number" ? data["listPage"] : 0;
}

function pick(data: Data, keys: readonly string[]): Record<string, SavedValue> {
  const picked: Record<string, SavedValue> = {};
  for (const key of keys) {
    const value = data[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
