import type { Language } from "./appeal/appeal.js";

/** Letters of the Kazakh Cyrillic alphabet that Russian does not have. */
const kazakhLetters = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/u;
const cyrillic = /\p{Script=Cyrillic}/gu;
const letters = /\p{L}/gu;

/**
 * A rough guess of a text's language, used only where a wrong guess costs little: a warning
 * to an official, and a citizen's first message settling the language when it agrees with
 * the platform's hint (Kazakh typed without its own letters reads as Russian; «тіл / язык»
 * changes it at any time). Kazakh when it has a letter only Kazakh uses, Russian when it is
 * mostly Cyrillic without one, `other` when it is mostly another script, `unknown` when
 * there are too few letters to tell.
 */
export function guessLanguage(text: string): Language | "other" | "unknown" {
  const letterCount = text.match(letters)?.length ?? 0;
  if (letterCount < 12) return "unknown";
  if (kazakhLetters.test(text)) return "kk";
  const cyrillicCount = text.match(cyrillic)?.length ?? 0;
  return cyrillicCount / letterCount >= 0.6 ? "ru" : "other";
}

/**
 * An answer is given in the state language or in the language of the appeal (Law "On
 * Languages", Art. 11). True when the text seems to be in neither.
 */
export function answerLanguageMismatch(text: string, appealLanguage: Language): boolean {
  const guessed = guessLanguage(text);
  if (guessed === "unknown") return false;
  return guessed !== "kk" && guessed !== appealLanguage;
}
