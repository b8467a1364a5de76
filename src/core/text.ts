/**
 * Texts as the core, the engine and the renderers share them: an i18next key with
 * its values, or data already in the citizen's language; and the texts themselves.
 */
import type { Language } from "./appeal/appeal.js";

export type Params = Readonly<Record<string, string | number>>;

/** A text to show: an i18next key with its values, or data that is already in the citizen's language. */
export type Text = Readonly<{ key: string; params?: Params }> | Readonly<{ plain: string }>;

/** One namespace of texts as in `locales/<lng>/<namespace>.json`: nested objects of strings. */
export type TextTree = { readonly [key: string]: string | TextTree };

/** Every text, by language and namespace. */
export type LocaleResources = Readonly<Record<Language, Readonly<Record<string, TextTree>>>>;
