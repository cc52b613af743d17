// A rule's "normal" is the same time in earlier weeks: chats have weekly rhythms (evenings,
// weekends), so 21:00 on a Tuesday is compared with earlier Tuesdays at 21:00. Until three
// weeks of history exist there are too few such points, and the same hour on earlier days
// stands in; with less than three days there is no baseline and anomaly rules wait.
import { addDays, localDate, zonedMidnight } from "../queries/period.js";
import { DAY_MS, WEEK_MS } from "./windows.js";

export const MAX_BASELINE_WEEKS = 8;
export const MIN_BASELINE_WEEKS = 3;
export const MAX_BASELINE_DAYS = 20;
export const MIN_BASELINE_DAYS = 3;

export interface BaselineInstants {
  mode: "hour-of-week" | "hour-of-day";
  /** Ends of the past windows to compare with, newest first. */
  instants: number[];
}

/**
 * The ends of the past windows to compare with. "The same time" is the same local time in the
 * chat's zone: after a change to or from daylight saving time, 21:00 last week is 21:00 on
 * the clock, not the same UTC hour.
 */
export function baselineInstants(
  atMs: number,
  firstActivityMs: number | null,
  timezone: string,
): BaselineInstants | undefined {
  if (firstActivityMs === null) return undefined;
  const history = atMs - firstActivityMs;
  const day = localDate(new Date(atMs), timezone);
  const intoDay = atMs - zonedMidnight(day, timezone).getTime();
  const daysBack = (n: number) => zonedMidnight(addDays(day, -n), timezone).getTime() + intoDay;
  const weeks = Math.min(MAX_BASELINE_WEEKS, Math.floor(history / WEEK_MS));
  if (weeks >= MIN_BASELINE_WEEKS) {
    return { mode: "hour-of-week", instants: Array.from({ length: weeks }, (_, i) => daysBack(7 * (i + 1))) };
  }
  const days = Math.min(MAX_BASELINE_DAYS, Math.floor(history / DAY_MS));
  if (days >= MIN_BASELINE_DAYS) {
    return { mode: "hour-of-day", instants: Array.from({ length: days }, (_, i) => daysBack(i + 1)) };
  }
  return undefined;
}
