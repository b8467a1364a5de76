import { appealKinds } from "../core/appeal/appeal.js";

/**
 * Texts the engine itself shows (hints, paging and confirmation buttons, global
 * commands, kind names in a summary). Flows name their own texts; these must exist
 * too, in both languages.
 */
export const engineTextKeys: readonly string[] = [
  "common:cancelled",
  "common:choice.agency_ok",
  "common:choice.agency_other",
  "common:choice.confirm",
  "common:choice.continue",
  "common:choice.done",
  "common:choice.edit",
  "common:choice.more",
  "common:choice.previous",
  "common:choice.restart",
  "common:choice.skip",
  "common:choice.to_summary",
  "common:consent.required",
  "common:error.dead_end",
  "common:flow_changed",
  "common:help",
  "common:hint.appeal_number",
  "common:hint.choose",
  "common:hint.full_name",
  "common:hint.iin.not_digits",
  "common:hint.iin.wrong_length",
  "common:hint.iin.bad_date",
  "common:hint.iin.bad_check_digit",
  "common:hint.iin.unverifiable",
  "common:hint.location",
  "common:hint.media_expected",
  "common:hint.media_limit",
  "common:hint.media_received",
  "common:hint.own_contact",
  "common:hint.share_contact",
  "common:hint.text_expected",
  "common:hint.too_long",
  "common:hint.too_short",
  "common:hint.unknown_button",
  "common:hint.unsupported",
  "common:hint.words_expected",
  "common:resume.question",
  "common:summary.which_field",
  ...appealKinds.map((kind) => `appeal:kind.${kind}`),
];
