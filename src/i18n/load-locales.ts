import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { languages } from "../core/appeal/appeal.js";
import { AppError } from "../core/errors.js";
import type { LocaleResources, TextTree } from "../core/text.js";

/** Reads `locales/<kk|ru>/<namespace>.json` into one resource object. */
export async function loadLocales(folder: string): Promise<LocaleResources> {
  const entries = await Promise.all(languages.map(async (language) => [language, await loadLanguage(join(folder, language))] as const));
  return Object.fromEntries(entries) as LocaleResources;
}

async function loadLanguage(folder: string): Promise<Record<string, TextTree>> {
  const files = (await readdir(folder)).filter((name) => name.endsWith(".json")).sort();
  const namespaces: Record<string, TextTree> = {};
  for (const name of files) {
    const path = join(folder, name);
    try {
      namespaces[name.replace(/\.json$/, "")] = JSON.parse(await readFile(path, "utf8")) as TextTree;
    } catch (error) {
      throw new AppError("LOCALE_FILE_INVALID", `${path}: ${(error as Error).message}`, { path }, { cause: error });
    }
  }
  return namespaces;
}
