// The hours a member wrote in on a local day, as the bits of chat_user_daily_activity.hours (src/db/schema/rollups.ts):
// bit i is the UTC hour that starts i hours after the UTC hour holding the local day's start.
// A local day has 23 to 25 hours (daylight saving), and in a zone off the hour (+05:30) it
// touches one UTC hour more, so i runs from 0 to 25. UTC hours, not local ones, because the
// hourly rollup's buckets are UTC hours: the distinct senders of a bucket come from the same
// hours as its messages.

/** SQL text: the first UTC hour of `date`'s local day in `zone` (both SQL expressions). */
export function dayFirstHour(day: string, zone: string): string {
  return `date_trunc('hour', (${day})::timestamp AT TIME ZONE ${zone}, 'UTC')`;
}

/** SQL text: the bit of the hour `date` (a timestamptz expression) falls in, on its local day in `zone`. */
export function hourBit(date: string, zone: string): string {
  const first = dayFirstHour(`(${date} AT TIME ZONE ${zone})::date`, zone);
  return `(1 << floor(extract(epoch FROM ${date} - ${first}) / 3600)::int)`;
}

/** The most bits a day can have set (0–25). */
export const DAY_HOUR_BITS = 26;
