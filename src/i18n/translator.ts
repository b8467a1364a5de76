import { createInstance, type i18n } from "i18next";
import type { Language } from "../core/appeal/appeal.js";
import type { LocaleResources, Text } from "../core/text.js";

/** Renders Estu's texts in Kazakh or Russian with i18next (plurals, placeholders). */
export type Translator = Readonly<{
  /** A key's text; `count` in params selects the plural form. */
  translate: (key: string, language: Language, params?: Readonly<Record<string, string | number>>) => string;
  /** An engine text: a key with values, or data already in the citizen's language. */
  render: (text: Text, language: Language) => string;
}>;

/** Builds a translator over the loaded resources; synchronous once created. */
export async function createTranslator(resources: LocaleResources): Promise<Translator> {
  const instance: i18n = createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([language, namespaces]) => [language, namespaces])),
    lng: "kk",
    fallbackLng: false,
    supportedLngs: ["kk", "ru"],
    ns: Object.keys(resources.kk),
    defaultNS: "common",
    nsSeparator: ":",
    keySeparator: ".",
    // Texts go to chat messages, not HTML: nothing to escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Values go under `replace` so that a saved field named like an i18next option (`lng`,
  // `context`, `ns`) cannot change how a text is chosen; only `count` selects a plural form.
  const lookUp: Translator["translate"] = (key, language, params = {}) =>
    instance.t(key, { lng: language, replace: params, ...(typeof params["count"] === "number" ? { count: params["count"] } : {}) }) as string;
  // The texts never change once loaded, and every turn asks for the same labels again (a choice's label in
  // both languages, to match what was typed): a text without values is looked up in i18next once. The keys
  // come from the flows and the code, never from a message, so this holds a few hundred texts at most.
  const fixed = new Map<string, string>();
  const translate: Translator["translate"] = (key, language, params) => {
    if (params && Object.keys(params).length > 0) return lookUp(key, language, params);
    const cacheKey = `${language}\u0000${key}`;
    let text = fixed.get(cacheKey);
    if (text === undefined) {
      text = lookUp(key, language);
      fixed.set(cacheKey, text);
    }
    return text;
  };
  return {
    translate,
    render: (text, language) => ("plain" in text ? text.plain : translate(text.key, language, text.params)),
  };
}
