import type { Agency } from "../core/reference/reference-data.js";
import { foldText } from "../engine/fold-text.js";

/**
 * How well a name fits what was typed, best first: the whole name; every word a
 * whole word of one name; every word the start of a word of one name; every word
 * the start of a word of either name ("алматы акимат" mixes the Kazakh and Russian names).
 */
const fits = { exact: 0, wholeWords: 1, wordStarts: 2, acrossLanguages: 3 } as const;
type Fit = (typeof fits)[keyof typeof fits];

type Ranked = Readonly<{ agency: Agency; fit: Fit; nameLength: number; index: number }>;

/**
 * The agencies whose name, in Kazakh or Russian, has a word starting with each typed
 * word, whatever the case or the keyboard ("энерг алм", "Алматы қаласының әкімдігі",
 * "акимат алматы"); best fits first, then shorter names (the typed words say more of
 * them), then the order of `data/agencies.yaml`. Never `excludedId`, the official's own.
 */
export function searchAgencies(agencies: readonly Agency[], typed: string, excludedId: string): Agency[] {
  const folded = foldText(typed);
  const words = folded.split(" ").filter(Boolean);
  if (words.length === 0) return [];
  const ranked = agencies.flatMap((agency, index): Ranked[] => {
    if (agency.id === excludedId) return [];
    const names = [agency.name.kk, agency.name.ru].map(foldText);
    const fit = fitOf(names, folded, words);
    return fit === undefined ? [] : [{ agency, fit, nameLength: Math.min(...names.map((name) => name.split(" ").length)), index }];
  });
  return ranked.sort((a, b) => a.fit - b.fit || a.nameLength - b.nameLength || a.index - b.index).map((entry) => entry.agency);
}

function fitOf(names: readonly string[], folded: string, words: readonly string[]): Fit | undefined {
  if (names.includes(folded)) return fits.exact;
  const nameWords = names.map((name) => name.split(" "));
  if (nameWords.some((list) => words.every((word) => list.includes(word)))) return fits.wholeWords;
  const startsAWord = (list: readonly string[]) => (word: string) => list.some((nameWord) => nameWord.startsWith(word));
  if (nameWords.some((list) => words.every(startsAWord(list)))) return fits.wordStarts;
  return words.every(startsAWord(nameWords.flat())) ? fits.acrossLanguages : undefined;
}
