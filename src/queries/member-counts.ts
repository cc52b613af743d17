// Members over time: the daily member_count snapshots (the daily snapshot job, and the user
// session where it runs), one point per day, week or month.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export interface MemberCountHistoryParams {
  chatId: number;
  /** First and last day, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** One point per bucket, the last count recorded in it; "day" by default. */
  interval?: "day" | "week" | "month";
}

export interface MemberCountPoint {
  /** The bucket's first day (weeks start on Monday). */
  bucket: string;
  /** The day the count was recorded and the count. */
  day: string;
  count: number;
  /** Change from the previous point; null for the first. */
  change: number | null;
}

const TRUNC = { day: "day", week: "week", month: "month" } as const;

/** Member counts between two days, oldest first: growth over months is `interval: "month"`. */
export async function getMemberCountHistory(
  database: Database,
  params: MemberCountHistoryParams,
): Promise<MemberCountPoint[]> {
  const unit = TRUNC[params.interval ?? "day"];
  const rows = await database.rows<{ bucket: string; day: string; count: number }>(sql`
    SELECT DISTINCT ON (bucket) bucket, day, count FROM (
      SELECT date_trunc(${unit}, date::timestamp)::date::text AS bucket, date::text AS day, value::float8 AS count
      FROM chat_daily_snapshots
      WHERE chat_id = ${params.chatId} AND metric = 'member_count' AND value IS NOT NULL
        AND date BETWEEN ${params.from}::date AND ${params.to}::date
    ) counts
    ORDER BY bucket, day DESC`);
  return rows.map((row, i) => ({
    bucket: row.bucket,
    day: row.day,
    count: row.count,
    change: i === 0 ? null : row.count - (rows[i - 1] as { count: number }).count,
  }));
}
