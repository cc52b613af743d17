// Windows that trail the evaluation time, read from hourly rollups. The rollups count per
// UTC clock hour, so the last 60 minutes at 21:20 are the 20 minutes of the current hour
// (counted exactly) plus 40 minutes of the previous hour, estimated as 40/60 of that hour's
// count — the "sliding window counter" that rate limiters use (Cloudflare's, among others):
// the cost stays one or two rollup rows whatever the chat's size, and a spike in progress
// is seen while it happens instead of after the hour closes.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Start of the UTC hour containing `ms`. */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** The UTC hour starts a trailing window of `hours` ending at `endMs` touches, oldest first. */
export function windowHours(endMs: number, hours: number): number[] {
  const current = hourStart(endMs);
  const partial = endMs > current ? 1 : 0;
  const out: number[] = [];
  for (let i = hours - 1 + partial; i >= 0; i--) out.push(current - i * HOUR_MS);
  // An end exactly on the hour covers the `hours` whole hours before it, not the one it starts.
  return partial ? out : out.map((h) => h - HOUR_MS);
}

/**
 * The count in the `hours` before `endMs`: whole hours inside the window plus the share of
 * the oldest hour that the window still covers. `count(hourStartMs)` returns 0 for hours
 * without a rollup row (nothing happened).
 */
export function trailingCount(count: (hourMs: number) => number, endMs: number, hours: number): number {
  const current = hourStart(endMs);
  const intoHour = endMs - current;
  if (intoHour === 0) {
    let total = 0;
    for (let i = 1; i <= hours; i++) total += count(current - i * HOUR_MS);
    return total;
  }
  let total = count(current);
  for (let i = 1; i < hours; i++) total += count(current - i * HOUR_MS);
  const oldest = current - hours * HOUR_MS;
  return total + count(oldest) * (1 - intoHour / HOUR_MS);
}
