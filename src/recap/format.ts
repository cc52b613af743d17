// Dates of the recap's own texts (answers, the PDF) in the reader's language.
import type { Locale } from "../i18n/index.js";
import { intlLocale } from "../reports/format.js";

/** "23–29 Nov 2026", "30 Nov – 6 Dec 2026", in the language's own way. */
export function formatWeekRange(week: { start: string; end: string }, locale: Locale): string {
  const format = new Intl.DateTimeFormat(intlLocale(locale), {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
  return format.formatRange(new Date(`${week.start}T00:00:00Z`), new Date(`${week.end}T00:00:00Z`));
}

/** "2 Nov 2026". */
export function formatLongDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}
