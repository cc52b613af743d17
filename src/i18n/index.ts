// Every text a person reads comes from the Fluent files in `locales/` (one folder per
// language, one file per feature) through grammY's i18n plugin: `ctx.t(key)` in handlers,
// `translator(locale)` in jobs and renderers that have no context.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { I18n, type I18nFlavor, type TranslationVariables } from "@grammyjs/i18n";
import type { Context } from "grammy";

export const LOCALES = ["en", "ru", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export type { I18nFlavor, TranslationVariables };
/** Translates a key in one fixed language; what jobs, reports and renderers are handed. */
export type Translate = (key: string, variables?: TranslationVariables) => string;

/** `locales/` beside `src/` when run from source, beside `dist/` when compiled. */
export const LOCALES_DIR = ["../../locales", "../../../locales"]
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => existsSync(`${dir}/${DEFAULT_LOCALE}`)) as string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The supported language closest to a Telegram `language_code` ("pt-br", "ru", …). */
export function pickLocale(languageCode: string | undefined | null): Locale {
  const base = languageCode?.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : DEFAULT_LOCALE;
}

/**
 * The one i18n instance. Which language an update is answered in is decided by the
 * negotiator the bot passes (chat setting, then the person's Telegram language).
 */
export function createI18n<C extends Context>(localeNegotiator?: (ctx: C) => Locale | Promise<Locale>): I18n<C> {
  return new I18n<C>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    useSession: false,
    localeNegotiator,
    // Fluent's own isolation marks (U+2068/U+2069) around every variable show up as boxes in
    // chart labels and break @mentions and links in Telegram's HTML; our texts never mix
    // scripts inside one placeable in a way that needs them.
    fluentBundleOptions: { useIsolating: false },
  });
}

let shared: I18n | undefined;
/** The translations loaded once, for code outside a handler (jobs, reports, renderers). */
export function sharedI18n(): I18n {
  shared ??= createI18n();
  return shared;
}

/** A translate function fixed to one language. */
export function translator(locale: Locale, i18n: I18n = sharedI18n()): Translate {
  return (key, variables) => i18n.t(locale, key, variables);
}
