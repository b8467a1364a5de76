import { languages, type Language } from "../core/appeal/appeal.js";
import type { Inbound } from "../core/inbound.js";
import type { SavedValue } from "../core/ports/conversation-store.js";
import type { Choice } from "./effects.js";
import type { NodeOf } from "./flow-schema.js";
import { foldText } from "./fold-text.js";
import type { StepContext } from "./step-context.js";

/** What a message says when a button or a typed answer is expected. */
export type ChoiceInput = Readonly<{ payload?: string; text?: string }>;

/** The button id or the typed text of a message; nothing for a photo, a contact, ... */
export function inputOf(inbound: Inbound): ChoiceInput {
  if (inbound.type === "choice") return { payload: inbound.payload };
  if (inbound.type === "text") return { text: inbound.text };
  return {};
}

/** The button that ends collecting files; also shown with each "file received". */
export const doneButton: Choice = { id: "done", label: { key: "common:choice.done" } };

/** How many options one message shows; longer lists get "more" and "previous". */
export const pageSize = 8;

/** One option of a choose node, with its names in both languages for matching typed labels, and its plain hint in the citizen's. */
export type Option = Readonly<{ id: string; choice: Choice; names: readonly string[]; hint?: string }>;


/** The options of a choose node: its static list or reference data (districts of the saved region). */
export function optionsOf(node: NodeOf<"choose">, context: StepContext, data: Readonly<Record<string, SavedValue>>, language: Language): Option[] {
  if (node.options) {
    return node.options.map((option) => ({
      id: option.id,
      choice: { id: option.id, label: { key: option.label } },
      names: [...languages.map((lng) => context.translate(option.label, lng)), ...(option.also ?? [])],
      ...(option.hint ? { hint: context.translate(option.hint, language) } : {}),
    }));
  }
  const named: readonly { id: string; name: Record<Language, string>; hint?: Record<Language, string> | undefined }[] = referenceItems(node.options_from ?? "categories", context, data);
  return named.map((item) => ({
    id: item.id,
    choice: { id: item.id, label: { plain: item.name[language] } },
    names: [item.name.kk, item.name.ru],
    ...(item.hint ? { hint: item.hint[language] } : {}),
  }));
}

/**
 * The shown options as numbered lines with their hints ("1. Name — hint"), matching the
 * buttons' numbers, for a prompt's `{{hints}}`; undefined when none of them has a hint.
 */
export function hintLines(shown: readonly Option[], context: StepContext, language: Language): string | undefined {
  if (!shown.some((option) => option.hint)) return undefined;
  return shown
    .map((option, index) => {
      const { label } = option.choice;
      const name = "key" in label ? context.translate(label.key, language) : label.plain;
      return `${index + 1}. ${name}${option.hint ? ` — ${option.hint}` : ""}`;
    })
    .join("\n");
}

function referenceItems(source: NonNullable<NodeOf<"choose">["options_from"]>, context: StepContext, data: Readonly<Record<string, SavedValue>>) {
  const { reference } = context;
  switch (source) {
    case "categories":
      return reference.categories;
    case "regions":
      return reference.regions;
    case "agencies":
      return reference.agencies;
    case "districts":
      return reference.regions.find((region) => region.id === data["regionId"])?.districts ?? [];
  }
}

/** The options shown on `page`, with the paging buttons when the list is long. */
export function pageOf(options: readonly Option[], page: number): { shown: Option[]; choices: Choice[]; page: number } {
  const pages = Math.max(1, Math.ceil(options.length / pageSize));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const shown = options.slice(current * pageSize, (current + 1) * pageSize);
  const choices = shown.map((option) => option.choice);
  if (current > 0) choices.push({ id: "p:prev", label: { key: "common:choice.previous" } });
  if (current < pages - 1) choices.push({ id: "p:next", label: { key: "common:choice.more" } });
  return { shown, choices, page: current };
}

// Typed words that turn the page, as the paging buttons say ("Ещё ›", "Тағы ›").
const pagingWords = new Map<string, string>(
  [
    ...["еще", "ещё", "дальше", "далее", "тағы", "келесі", "next", "more"].map((word) => [foldText(word), "p:next"] as const),
    ...["предыдущие", "алдыңғылар", "алдыңғы", "prev", "previous"].map((word) => [foldText(word), "p:prev"] as const),
  ],
);

export type ChoiceMatch = Readonly<{ type: "option"; id: string }> | Readonly<{ type: "page"; delta: 1 | -1 }> | Readonly<{ type: "none" }>;

/**
 * Reads a choice from a button id, a number on the visible page ("2", "2.", "2)"),
 * or a label typed in Kazakh or Russian, folded for case and Kazakh letters.
 */
export function matchChoice(input: ChoiceInput, options: readonly Option[], page: number): ChoiceMatch {
  const { choices } = pageOf(options, page);
  const paging = (id: string): ChoiceMatch => (id === "p:next" ? { type: "page", delta: 1 } : { type: "page", delta: -1 });
  if (input.payload !== undefined) {
    if (input.payload.startsWith("p:") && choices.some((choice) => choice.id === input.payload)) return paging(input.payload);
    return options.some((option) => option.id === input.payload) ? { type: "option", id: input.payload } : { type: "none" };
  }
  const typed = foldText(input.text ?? "");
  const number = /^(\d{1,3})$/.exec(typed);
  if (number) {
    const index = Number(number[1]) - 1;
    const choice = choices[index];
    if (!choice) return { type: "none" };
    return choice.id.startsWith("p:") ? paging(choice.id) : { type: "option", id: choice.id };
  }
  if (typed.length === 0) return { type: "none" };
  const turn = pagingWords.get(typed);
  if (turn && choices.some((choice) => choice.id === turn)) return paging(turn);
  const exact = options.find((option) => option.names.some((name) => foldText(name) === typed));
  if (exact) return { type: "option", id: exact.id };
  // "жалоба" for "Жалоба — нарушены мои права", "алматы" for "город Алматы": accepted when only one option fits.
  const prefixed = uniqueMatch(options, (name) => typed.length >= 3 && name.startsWith(typed));
  const worded = uniqueMatch(options, (name) => ` ${name} `.includes(` ${typed} `));
  const found = prefixed ?? worded;
  return found ? { type: "option", id: found } : { type: "none" };
}

function uniqueMatch(options: readonly Option[], fits: (foldedName: string) => boolean): string | undefined {
  const matching = options.filter((option) => option.names.some((name) => fits(foldText(name))));
  return matching.length === 1 ? matching[0]?.id : undefined;
}

/**
 * Reads which of a node's own buttons (confirm, skip, done, ...) the citizen meant:
 * the button, its number, its label typed in either language, or one of `words`
 * (short answers such as "иә", "да", "готово") given per button id.
 */
export function readButtons(
  input: ChoiceInput,
  choices: readonly Choice[],
  context: StepContext,
  words: Readonly<Record<string, readonly string[]>> = {},
): string | undefined {
  const options: Option[] = choices.map((choice) => ({
    id: choice.id,
    choice,
    names: "key" in choice.label ? languages.map((language) => context.translate((choice.label as { key: string }).key, language)) : [choice.label.plain],
  }));
  const match = matchChoice(input, options, 0);
  if (match.type === "option") return match.id;
  const typed = input.text === undefined ? undefined : foldText(input.text);
  return typed === undefined ? undefined : Object.keys(words).find((id) => words[id]?.some((word) => foldText(word) === typed));
}
