import { languages } from "../core/appeal/appeal.js";
import type { Translator } from "../i18n/translator.js";

export const pleaseWaitKey = "common:please_wait";

/**
 * "We received your message, please wait", told when a message cannot be handled yet (storage
 * down). The citizen's chosen language is in that storage, so the app's language decides, and
 * an app in neither Kazakh nor Russian gets both.
 */
export function pleaseWaitText(translator: Translator, languageHint: string | undefined): string {
  const hint = languageHint?.toLowerCase() ?? "";
  const known = languages.find((language) => hint.startsWith(language));
  return (known ? [known] : languages).map((language) => translator.translate(pleaseWaitKey, language)).join("\n\n");
}
