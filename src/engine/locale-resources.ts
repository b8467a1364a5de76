import type { Language } from "../core/appeal/appeal.js";
import type { LocaleResources, TextTree } from "../core/text.js";

export type { LocaleResources, TextTree };

export const pluralSuffixes = ["zero", "one", "two", "few", "many", "other"] as const;

/**
 * The texts behind a key `namespace:path.to.key`: the plain string, or its plural
 * forms (`key_one`, `key_few`, ...) when it is a plural key. Empty when missing.
 */
export function textsOf(resources: LocaleResources, language: Language, key: string): Map<string, string> {
  const found = new Map<string, string>();
  const [namespace = "", path = ""] = key.split(":");
  const parts = path.split(".");
  const leaf = parts.pop() ?? "";
  let tree: string | TextTree | undefined = resources[language][namespace];
  for (const part of parts) tree = typeof tree === "object" ? tree[part] : undefined;
  if (typeof tree !== "object") return found;
  const plain = tree[leaf];
  if (typeof plain === "string") found.set(leaf, plain);
  for (const suffix of pluralSuffixes) {
    const form = tree[`${leaf}_${suffix}`];
    if (typeof form === "string") found.set(`${leaf}_${suffix}`, form);
  }
  return found;
}

/** The `{{placeholders}}` of a text. */
export function placeholdersOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((match) => match[1] ?? ""));
}
