// A rule's "normal" is the same time in earlier weeks: chats have weekly rhythms (evenings,
// weekends), so 21:00 on a Tuesday is compared with earlier Tuesdays at 21:00. Until three
// weeks of history exist there are too few such points, and the same hour on earlier days
// stands in; with less than three days there is no baseline and anomaly rules wait.
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

export function baselineInstants(atMs: number, firstActivityMs: number | null): BaselineInstants | undefined {
  if (firstActivityMs === null) return undefined;
  const history = atMs - firstActivityMs;
  const weeks = Math.min(MAX_BASELINE_WEEKS, Math.floor(history / WEEK_MS));
  if (weeks >= MIN_BASELINE_WEEKS) {
    return { mode: "hour-of-week", instants: Array.from({ length: weeks }, (_, i) => atMs - (i + 1) * WEEK_MS) };
  }
  const days = Math.min(MAX_BASELINE_DAYS, Math.floor(history / DAY_MS));
  if (days >= MIN_BASELINE_DAYS) {
    return { mode: "hour-of-day", instants: Array.from({ length: days }, (_, i) => atMs - (i + 1) * DAY_MS) };
  }
  return undefined;
}
