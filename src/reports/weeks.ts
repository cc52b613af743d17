// Recap weeks: Monday to Sunday in the chat's time zone, named by their ISO week number.
// Bounds are local midnights (DST-safe, through src/queries/period.ts), so a week with a
// clock change lasts 167 or 169 hours and still covers exactly seven local days.
import { addDays, localDate, zonedMidnight } from "../queries/period.js";

export interface Week {
  /** Local Monday, YYYY-MM-DD. */
  start: string;
  /** Local Sunday, YYYY-MM-DD. */
  end: string;
  isoYear: number;
  isoWeek: number;
  timezone: string;
  /** The instant of local Monday midnight. */
  startsAt: Date;
  /** Exclusive: the instant of the following local Monday midnight. */
  endsAt: Date;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The week holding an instant, or a local calendar day given as YYYY-MM-DD. */
export function weekContaining(at: Date | string, timezone: string): Week {
  let day: string;
  if (typeof at === "string") {
    const parsed = new Date(`${at}T00:00:00Z`);
    if (!DAY_RE.test(at) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== at) {
      throw new RangeError(`${at} is not a date (expected YYYY-MM-DD)`);
    }
    day = at;
  } else {
    day = localDate(at, timezone);
  }
  return weekStarting(addDays(day, -isoWeekday(day) + 1), timezone);
}

/** The latest week that has fully ended at `now` (last week, whatever day today is). */
export function lastCompleteWeek(now: Date, timezone: string): Week {
  return previousWeek(weekContaining(now, timezone));
}

export function previousWeek(week: Week): Week {
  return weekStarting(addDays(week.start, -7), week.timezone);
}

export function nextWeek(week: Week): Week {
  return weekStarting(addDays(week.start, 7), week.timezone);
}

/** The seven local days of a week, Monday first. */
export function weekDays(week: Week): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(week.start, i));
}

function weekStarting(monday: string, timezone: string): Week {
  const end = addDays(monday, 6);
  // ISO 8601: a week belongs to the year of its Thursday.
  const thursday = addDays(monday, 3);
  const isoYear = Number(thursday.slice(0, 4));
  const jan1 = Date.UTC(isoYear, 0, 1);
  const isoWeek = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / (7 * 86_400_000)) + 1;
  return {
    start: monday,
    end,
    isoYear,
    isoWeek,
    timezone,
    startsAt: zonedMidnight(monday, timezone),
    endsAt: zonedMidnight(addDays(monday, 7), timezone),
  };
}

/** 1 = Monday … 7 = Sunday, for a calendar day. */
function isoWeekday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}
