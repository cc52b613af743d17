// A channel's own numbers: posts, their views and forwards, and subscribers over time. Views
// and forwards are counters only the user session (MTProto) reads; the Bot API never sees
// them, so each is returned with how many posts it is known for.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { MAX_LOOKBACK_DAYS } from "./period.js";
import { cappedStart, type Range } from "./range.js";

export interface ChannelPosts {
  posts: number;
  /** Posts whose view counter is known, and the sum of those counters. */
  postsWithViews: number;
  views: number;
  /** Posts whose forward counter is known, and the sum of those counters. */
  postsWithForwards: number;
  forwards: number;
}

/** Posts published in the range (service messages left out), with their views and forwards. Reads `messages`. */
export async function getChannelPosts(database: Database, range: Range): Promise<ChannelPosts> {
  const [row] = await database.rows<{
    posts: number;
    with_views: number;
    views: number;
    with_forwards: number;
    forwards: number;
  }>(sql`
    SELECT count(*)::int AS posts,
           count(views)::int AS with_views, coalesce(sum(views), 0)::float8 AS views,
           count(forwards)::int AS with_forwards, coalesce(sum(forwards), 0)::float8 AS forwards
    FROM messages
    WHERE chat_id = ${range.chatId} AND date >= ${cappedStart(range, MAX_LOOKBACK_DAYS).toISOString()}
      AND date < ${range.end.toISOString()} AND kind NOT IN ('service', 'command')`);
  return {
    posts: row?.posts ?? 0,
    postsWithViews: row?.with_views ?? 0,
    views: row?.views ?? 0,
    postsWithForwards: row?.with_forwards ?? 0,
    forwards: row?.forwards ?? 0,
  };
}

export interface SubscriberCounts {
  /** The last count recorded on or before the range's first day (else the first one inside it), and its day. */
  start: { day: string; count: number } | null;
  /** The last count recorded up to the range's last day. */
  end: { day: string; count: number } | null;
}

/**
 * Member (a channel's subscriber) counts recorded daily (`chat_daily_snapshots`, metric
 * member_count: the daily snapshot job's local days, the user session's UTC days), at both
 * ends of the range: the change over a period. Groups and channels alike.
 */
export async function getSubscriberCounts(database: Database, range: Range): Promise<SubscriberCounts> {
  const [row] = await database.rows<{
    before_day: string | null;
    before_count: number | null;
    inside_day: string | null;
    inside_count: number | null;
    end_day: string | null;
    end_count: number | null;
  }>(sql`
    WITH counts AS (
      SELECT date::text AS day, value AS count FROM chat_daily_snapshots
      WHERE chat_id = ${range.chatId} AND metric = 'member_count' AND value IS NOT NULL
        AND date <= ${range.lastDay}
    ),
    before AS (SELECT day, count FROM counts WHERE day <= ${range.firstDay} ORDER BY day DESC LIMIT 1),
    inside AS (SELECT day, count FROM counts WHERE day > ${range.firstDay} ORDER BY day LIMIT 1),
    latest AS (SELECT day, count FROM counts ORDER BY day DESC LIMIT 1)
    SELECT (SELECT day FROM before) AS before_day, (SELECT count FROM before)::float8 AS before_count,
           (SELECT day FROM inside) AS inside_day, (SELECT count FROM inside)::float8 AS inside_count,
           (SELECT day FROM latest) AS end_day, (SELECT count FROM latest)::float8 AS end_count`);
  const pick = (day: string | null | undefined, count: number | null | undefined) =>
    day && typeof count === "number" ? { day, count } : null;
  return {
    start: pick(row?.before_day, row?.before_count) ?? pick(row?.inside_day, row?.inside_count),
    end: pick(row?.end_day, row?.end_count),
  };
}
