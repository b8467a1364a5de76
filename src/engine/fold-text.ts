// Kazakh letters folded to their nearest Russian ones, so "мәзір" typed on a Russian
// keyboard as "мазир" still matches, and a label typed in either language is found.
// A Latin "i" stands in for "і" on keyboards without the Kazakh layout ("тiл", "мәзiр").
const kazakhFolds: Readonly<Record<string, string>> = { ә: "а", ғ: "г", қ: "к", ң: "н", ө: "о", ұ: "у", ү: "у", һ: "х", і: "и", i: "и", ё: "е", й: "и" };

// Zero-width and other format characters that phones insert and people cannot see.
const invisible = /[\p{Cf}\p{Cc}]/gu;

/**
 * Reduces typed text to a comparable form: lower case, Kazakh letters folded,
 * invisible characters, punctuation and repeated spaces removed.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(invisible, "")
    .replace(/[әғқңөұүһіiёй]/g, (letter) => kazakhFolds[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Removes invisible characters and surrounding whitespace, keeping what the citizen wrote. */
export function cleanText(text: string): string {
  return text.normalize("NFC").replace(invisible, (c) => (c === "\n" || c === "\t" ? c : "")).trim();
}
