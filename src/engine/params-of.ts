import type { Language } from "../core/appeal/appeal.js";
import { maskIin } from "../core/iin.js";
import type { Conversation } from "../core/ports/conversation-store.js";
import type { Params } from "./effects.js";
import type { StepContext } from "./step-context.js";

// Saved ids whose names a text may show: `categoryId` gives `{{category}}`, and so on.
const named = [
  ["categoryId", "category", "categories"],
  ["regionId", "region", "regions"],
  ["agencyId", "agency", "agencies"],
] as const;

/** Longest part of a description a summary repeats: a prompt stays short on an old phone. */
export const previewLength = 80;

/**
 * The values a text may use: every saved text and number, the names of saved
 * reference ids and of the appeal's kind in the citizen's language, and counts of saved lists.
 */
export function paramsOf(conversation: Conversation, context: StepContext, language: Language): Params {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(conversation.data)) {
    if (typeof value === "string") params[key] = value.length > previewLength ? `${value.slice(0, previewLength)}…` : value;
    else if (typeof value === "number") params[key] = value;
    else if (Array.isArray(value)) params[`${key}Count`] = value.length;
  }
  for (const [field, param, source] of named) {
    const id = conversation.data[field];
    const item = (context.reference[source] as readonly { id: string; name: Record<Language, string> }[]).find((candidate) => candidate.id === id);
    if (item) params[param] = item.name[language];
  }
  // A summary on a phone anyone may pick up shows the IIN as the saved-details offer does; the checksum caught typos.
  if (typeof params["iin"] === "string") params["iin"] = maskIin(params["iin"]);
  const kind = conversation.data["kind"];
  if (typeof kind === "string") params["kindName"] = context.translate(`appeal:kind.${kind}`, language);
  const region = context.reference.regions.find((candidate) => candidate.id === conversation.data["regionId"]);
  const district = region?.districts.find((candidate) => candidate.id === conversation.data["districtId"]);
  if (district) params["district"] = district.name[language];
  // Where, in one line for a summary: the region, its district when there is one, and whether a map point was shared.
  if (region) {
    params["place"] = district ? `${region.name[language]}, ${district.name[language]}` : region.name[language];
    params["mapPoint"] = context.translate(conversation.data["location"] ? "common:location_marked" : "common:location_none", language);
  }
  return params;
}
