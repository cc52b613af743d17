// Numbers, shares, changes and dates in a language, through Intl. English reads dates the
// British way ("31 Mar 2026"), as Pulse always has.
import type { Locale } from "../i18n/index.js";
import { type Message, message } from "./types.js";

/** The Intl locale for a language. */
export function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n:${locale}:${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(locale), options);
    cache.set(key, format);
  }
  return format;
}
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d:${locale}:${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), options);
    cache.set(key, format);
  }
  return format;
}

/** A whole number with the language's grouping: "1,234", "1 234", "1234". */
export function formatInteger(value: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(value));
}

/** A number with at most `digits` decimals (trailing zeros dropped): "2.5", "2,5". */
export function formatDecimal(value: number, locale: Locale, digits = 1): string {
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A share (0..1) as a percentage with exactly `digits` decimals: "25.0%", "25,0 %". */
export function formatPercent(share: number, locale: Locale, digits = 0): string {
  return numberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/**
 * The change against the previous period as a message ("▲ 12%", "▼ 3%", "= 0%", "new"), or
 * undefined when neither period had any.
 */
export function deltaMessage(current: number, previous: number, locale: Locale): Message | undefined {
  if (previous === 0) return current === 0 ? undefined : message("stats-delta-new");
  const change = (current - previous) / previous;
  if (Math.abs(change) < 0.005) return message("stats-delta-same", { percent: formatPercent(0, locale) });
  const percent = formatPercent(Math.abs(change), locale);
  return message(change > 0 ? "stats-delta-up" : "stats-delta-down", { percent });
}

/** " <i>▲ 12%</i>" to follow a number in a line, or "" without a comparison. */
export function deltaArg(current: number, previous: number, locale: Locale): Message | string {
  const delta = deltaMessage(current, previous, locale);
  return delta ? message("stats-delta", { change: delta }) : "";
}

/** "16.5 h", "3 min": a duration as a message. */
export function durationMessage(seconds: number, locale: Locale): Message {
  if (seconds < 60) return message("stats-duration-seconds", { n: Math.round(seconds) });
  if (seconds < 3_600) return message("stats-duration-minutes", { n: Math.round(seconds / 60) });
  if (seconds < 86_400) return message("stats-duration-hours", { n: formatDecimal(seconds / 3_600, locale) });
  return message("stats-duration-days", { n: formatDecimal(seconds / 86_400, locale) });
}

const [YEAR, MONTH, DAY] = [0, 1, 2];
function utcDay(day: string): Date {
  const parts = day.split("-").map(Number);
  return new Date(Date.UTC(parts[YEAR] as number, (parts[MONTH] as number) - 1, parts[DAY] as number));
}

/** A local calendar day (YYYY-MM-DD): "2 Dec 2026", or with its weekday "Wed, 2 Dec 2026". */
export function formatDay(day: string, locale: Locale, withWeekday = false): string {
  return dateFormat(locale, {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
    ...(withWeekday ? { weekday: "short" as const } : {}),
  }).format(utcDay(day));
}

/** "28 Mar": a day without its year. */
export function formatDayMonth(day: string, locale: Locale): string {
  return dateFormat(locale, { timeZone: "UTC", day: "numeric", month: "short" }).format(utcDay(day));
}

/** "Mar 2026". */
export function formatMonth(day: string, locale: Locale): string {
  return dateFormat(locale, { timeZone: "UTC", month: "short", year: "numeric" }).format(utcDay(day));
}

/** An instant's date in a time zone: "2 Dec 2026". */
export function formatDate(date: Date, timezone: string, locale: Locale): string {
  return dateFormat(locale, { timeZone: timezone, day: "numeric", month: "short", year: "numeric" }).format(date);
}

/** An instant's date and time in a time zone: "2 Dec 2026, 03:05". */
export function formatDateTime(date: Date, timezone: string, locale: Locale): string {
  return dateFormat(locale, {
    timeZone: timezone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** Weekday names, Monday first: short ("Mon") or long ("Monday"). */
export function weekdayNames(locale: Locale, width: "short" | "long" = "short"): string[] {
  const format = dateFormat(locale, { timeZone: "UTC", weekday: width });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}
