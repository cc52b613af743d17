// Periods people ask for (`today`, `7d`, `2026-01-01..2026-01-31`, …) turned into exact
// instants in a chat's time zone, with the previous period of equal length for deltas.
// Day boundaries are local midnights, computed through Intl so DST changes are respected.

export const PERIOD_KEYS = ["today", "yesterday", "7d", "30d", "90d", "365d", "all"] as const;
export type PeriodKey = (typeof PERIOD_KEYS)[number];
export type Interval = "hour" | "day" | "week" | "month";

/** The longest range a user may ask for: one calendar year, leap years included. */
export const MAX_RANGE_DAYS = 366;
/**
 * Detail queries (single messages, reply times) never look further back than this: as long
 * as the longest range, so a calendar year's detail is not cut short by a day.
 */
export const MAX_LOOKBACK_DAYS = MAX_RANGE_DAYS;
/**
 * The earliest date a period may start: Telegram launched on 14 August 2013, so nothing
 * before it exists, and the database never sees years it cannot store (year 0).
 */
export const EARLIEST_DAY = "2013-08-14";
export const MAX_TOP_N = 100;

/** A requested top-N size as the queries use it: a whole number from 1 to MAX_TOP_N. */
export const clampTopN = (limit: number) => Math.max(1, Math.min(MAX_TOP_N, Math.floor(limit)));

export interface Period {
  /** Canonical key: a PeriodKey or "YYYY-MM-DD..YYYY-MM-DD". */
  key: string;
  label: string;
  timezone: string;
  start: Date;
  /** Exclusive; never later than now. */
  end: Date;
  /** Local calendar days covered, first and last (inclusive), as YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  interval: Interval;
  previous: { start: Date; end: Date; firstDay: string; lastDay: string };
}

/** A period that cannot be used; `key` and `args` name the problem for translation (locales/<lang>/period.ftl). */
export class PeriodError extends Error {
  override name = "PeriodError";
  constructor(
    message: string,
    readonly key: string,
    readonly args: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;

/** Parses what a user typed after a command; undefined input means the default (7d). */
export function parsePeriod(
  input: string | undefined,
  timezone: string,
  now: Date,
  options: { firstActivity?: Date | null } = {},
): Period {
  const text = (input ?? "7d").trim().toLowerCase();
  const today = localDate(now, timezone);
  // "1y" is how the period buttons label 365 days.
  const aliases: Record<string, PeriodKey> = {
    week: "7d",
    month: "30d",
    quarter: "90d",
    year: "365d",
    "1y": "365d",
    d: "today",
  };
  const key = (aliases[text] ?? text) as string;
  switch (key) {
    case "today":
      return build(key, "Today", timezone, today, today, now, "hour");
    case "yesterday": {
      const day = addDays(today, -1);
      return build(key, "Yesterday", timezone, day, day, now, "hour");
    }
    case "7d":
    case "30d":
    case "90d":
    case "365d": {
      const days = Number(key.slice(0, -1));
      return build(
        key,
        `Last ${days} days`,
        timezone,
        addDays(today, -(days - 1)),
        today,
        now,
        days <= 30 ? "day" : days <= 90 ? "week" : "month",
      );
    }
    case "all": {
      const first = options.firstActivity ? localDate(options.firstActivity, timezone) : today;
      const span = daysBetween(first, today) + 1;
      const interval: Interval = span <= 2 ? "hour" : span <= 31 ? "day" : span <= 180 ? "week" : "month";
      return build("all", "All time", timezone, first, today, now, interval);
    }
  }
  const range = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|to|–|—|\s)\s*(\d{4}-\d{2}-\d{2}))?$/.exec(key);
  if (!range) {
    throw new PeriodError(
      `Unknown period "${input}". Use today, yesterday, 7d, 30d, 90d, 365d, all, a date (2026-03-01) or a range (2026-03-01..2026-03-31).`,
      "period-error-unknown",
      { input: String(input) },
    );
  }
  const from = range[1] as string;
  const to = range[2] ?? from;
  for (const day of [from, to]) {
    if (!isValidDate(day))
      throw new PeriodError(`${day} is not a valid date (expected YYYY-MM-DD).`, "period-error-invalid-date", { day });
    if (day < EARLIEST_DAY) {
      throw new PeriodError(
        `Dates before ${EARLIEST_DAY} are not supported: Telegram launched that day.`,
        "period-error-too-early",
        { earliest: EARLIEST_DAY },
      );
    }
  }
  if (from > to)
    throw new PeriodError(`The range starts (${from}) after it ends (${to}).`, "period-error-reversed", { from, to });
  for (const day of [from, to]) {
    if (day > today) {
      throw new PeriodError(`${day} is in the future (today is ${today} in ${timezone}).`, "period-error-future", {
        day,
        today,
        timezone,
      });
    }
  }
  const span = daysBetween(from, to) + 1;
  if (span > MAX_RANGE_DAYS) {
    throw new PeriodError(
      `That range is ${span} days; the longest is ${MAX_RANGE_DAYS} days (one calendar year, e.g. 2024-01-01..2024-12-31).`,
      "period-error-too-long",
      { span, max: MAX_RANGE_DAYS },
    );
  }
  const interval: Interval = span <= 2 ? "hour" : span <= 31 ? "day" : span <= 120 ? "week" : "month";
  return build(
    from === to ? from : `${from}..${to}`,
    from === to ? from : `${from} – ${to}`,
    timezone,
    from,
    to,
    now,
    interval,
  );
}

function build(
  key: string,
  label: string,
  timezone: string,
  firstDay: string,
  lastDay: string,
  now: Date,
  interval: Interval,
): Period {
  const start = zonedMidnight(firstDay, timezone);
  const fullEnd = zonedMidnight(addDays(lastDay, 1), timezone);
  const end = fullEnd > now ? now : fullEnd;
  const length = end.getTime() - start.getTime();
  const previousStart = new Date(start.getTime() - length);
  const days = daysBetween(firstDay, lastDay) + 1;
  return {
    key,
    label,
    timezone,
    start,
    end,
    firstDay,
    lastDay,
    interval,
    previous: {
      start: previousStart,
      end: start,
      firstDay: addDays(firstDay, -days),
      lastDay: addDays(firstDay, -1),
    },
  };
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timezone: string): string {
  const parts = partsIn(instant, timezone);
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** The instant of local midnight at the start of `day` in `timezone`. */
export function zonedMidnight(day: string, timezone: string): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return zonedTime(y, m, d, 0, timezone);
}

/** The UTC instant of a local wall-clock time; a time skipped by DST maps to the moment after the jump. */
export function zonedTime(year: number, month: number, day: number, hour: number, timezone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall - offsetAt(new Date(wall), timezone);
  // A second pass settles guesses that straddle a DST change.
  guess = wall - offsetAt(new Date(guess), timezone);
  return new Date(guess);
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(instant: Date, timezone: string): number {
  const p = partsIn(instant, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timezone: string) {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timezone, formatter);
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(instant)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the calendar day, week (from Monday, as date_trunc counts) or month holding `day`. */
export function bucketStart(day: string, interval: Exclude<Interval, "hour">): string {
  if (interval === "day") return day;
  if (interval === "month") return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The first day after the calendar day, week or month holding `day`. */
export function nextBucket(day: string, interval: Exclude<Interval, "hour">): string {
  const start = bucketStart(day, interval);
  if (interval === "day") return addDays(start, 1);
  if (interval === "week") return addDays(start, 7);
  const [y, m] = start.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function isValidDate(day: string): boolean {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

const pad = (n: number) => String(n).padStart(2, "0");
