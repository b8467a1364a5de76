import type { Language } from "../core/appeal/appeal.js";
import type { SenderFacts } from "../core/inbound.js";

/** The language the platform's interface suggests, if it is one of Estu's. */
export function hintedLanguage(sender: SenderFacts): Language | undefined {
  const hint = sender.languageHint?.toLowerCase() ?? "";
  return hint.startsWith("kk") ? "kk" : hint.startsWith("ru") ? "ru" : undefined;
}

/**
 * The language to speak: the citizen's choice; before they chose, the one their
 * platform hints (help asked before the language question); else Kazakh, the state language.
 */
export function speakingLanguage(chosen: Language | null, sender: SenderFacts): Language {
  return chosen ?? hintedLanguage(sender) ?? "kk";
}
