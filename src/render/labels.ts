// The chart worker's translations: the chart's own words, from the same Fluent file the bot
// reads (locales/<lang>/chart.ftl), with @fluent/bundle alone. Loading grammY's i18n plugin
// would add about a second to every worker start, and a render's timeout counts from the
// moment it is handed over; a language is read the first time a chart asks for it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import type { Translate } from "../i18n/index.js";

const LANGUAGES = ["en", "ru", "es"] as const;
const FALLBACK = "en";
/** Every key a chart draws by itself is in this file (`chart-…`); the rest arrives translated in the spec. */
const CHART_FILE = "chart.ftl";

/** `locales/` beside `src/` when run from source, beside `dist/` when compiled. */
const LOCALES_DIR = ["../../locales", "../../../locales"]
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => existsSync(join(dir, FALLBACK))) as string;

const bundles = new Map<string, FluentBundle>();

function bundleFor(language: string): FluentBundle {
  let bundle = bundles.get(language);
  if (!bundle) {
    // As the bot's i18n: no isolation marks, which would show as boxes in a chart.
    bundle = new FluentBundle(language, { useIsolating: false });
    bundle.addResource(new FluentResource(readFileSync(join(LOCALES_DIR, language, CHART_FILE), "utf8")));
    bundles.set(language, bundle);
  }
  return bundle;
}

/** A translate function for a chart spec's language (English when it names none or one unknown). */
export function chartTranslator(locale: string | undefined): Translate {
  const language = (LANGUAGES as readonly string[]).includes(locale ?? "") ? (locale as string) : FALLBACK;
  return (key, variables) => {
    for (const bundle of [bundleFor(language), bundleFor(FALLBACK)]) {
      const message = bundle.getMessage(key);
      if (message?.value) return bundle.formatPattern(message.value, variables as Record<string, string | number>);
    }
    return key;
  };
}
