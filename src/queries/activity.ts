// Message volume: totals, kinds, timeline and hour-of-week heatmap, all from the rollups
// (chat_hourly_activity, chat_user_daily_activity, chat_daily_activity, chat_daily_kinds).
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { bucketPlan } from "./member-windows.js";
import type { Interval } from "./period.js";
import type { Range } from "./range.js";

/** Volume totals for a range, from the hourly rollup: one query. */
export interface MessageTotals {
  messages: number;
  textChars: number;
  media: number;
  replies: number;
  forwards: number;
  joins: number;
  leaves: number;
  averageLength: number;
  mediaShare: number;
}

export interface KindCount {
  kind: string;
  count: number;
  share: number;
}

export interface MessageSummary extends MessageTotals {
  /** Distinct senders (people, and chats posting as themselves). */
  senders: number;
  byKind: KindCount[];
}

/** Totals, distinct senders and the kind mix; callers that need only some of them use the parts. */
export async function getMessageSummary(database: Database, range: Range): Promise<MessageSummary> {
  const [totals, senders, byKind] = await Promise.all([
    getMessageTotals(database, range),
    countSenders(database, range),
    getKindMix(database, range),
  ]);
  return { ...totals, senders, byKind };
}

export async function getMessageTotals(database: Database, range: Range): Promise<MessageTotals> {
  const [totals] = await database.rows<{
    messages: number;
    text_chars: number;
    media: number;
    replies: number;
    forwards: number;
    joins: number;
    leaves: number;
  }>(sql`
    SELECT coalesce(sum(messages), 0)::int AS messages, coalesce(sum(text_chars), 0)::float8 AS text_chars,
           coalesce(sum(media), 0)::int AS media, coalesce(sum(replies), 0)::int AS replies,
           coalesce(sum(forwards), 0)::int AS forwards, coalesce(sum(joins), 0)::int AS joins,
           coalesce(sum(leaves), 0)::int AS leaves
    FROM chat_hourly_activity
    WHERE chat_id = ${range.chatId} AND hour >= ${range.start.toISOString()} AND hour < ${range.end.toISOString()}`);
  const t = totals ?? { messages: 0, text_chars: 0, media: 0, replies: 0, forwards: 0, joins: 0, leaves: 0 };
  return {
    messages: t.messages,
    textChars: t.text_chars,
    media: t.media,
    replies: t.replies,
    forwards: t.forwards,
    joins: t.joins,
    leaves: t.leaves,
    averageLength: t.messages > 0 ? t.text_chars / t.messages : 0,
    mediaShare: t.messages > 0 ? t.media / t.messages : 0,
  };
}

/** Distinct senders (people, and chats posting as themselves) in the range. */
async function countSenders(database: Database, range: Range): Promise<number> {
  const [senders] = await database.rows<{ n: number }>(sql`
    SELECT count(DISTINCT user_id)::int AS n FROM chat_user_daily_activity
    WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}`);
  return senders?.n ?? 0;
}

/**
 * Messages per kind, most first: the messages the totals count, so service messages and bot
 * commands are left out. From chat_daily_kinds: a sum over the range's local days.
 */
export async function getKindMix(database: Database, range: Range): Promise<KindCount[]> {
  const kinds = await database.rows<{ kind: string; count: number }>(sql`
    SELECT kind, sum(messages)::int AS count FROM chat_daily_kinds
    WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}
    GROUP BY kind HAVING sum(messages) > 0 ORDER BY count DESC, kind`);
  const kindTotal = kinds.reduce((sum, k) => sum + k.count, 0);
  return kinds.map((k) => ({ kind: k.kind, count: k.count, share: kindTotal > 0 ? k.count / kindTotal : 0 }));
}

export interface TimelinePoint {
  /** Local start of the bucket: "YYYY-MM-DD" or "YYYY-MM-DD HH:00". */
  bucket: string;
  messages: number;
  activeUsers: number;
}

/** Messages and active senders per local hour, day, week (from Monday) or month, gaps filled with zeros. */
export async function getTimeline(database: Database, range: Range, interval: Interval): Promise<TimelinePoint[]> {
  return interval === "hour" ? hourlyTimeline(database, range) : calendarTimeline(database, range, interval);
}

/** Distinct senders per week or month of a range: one SELECT per source (see bucketPlan). */
async function bucketCounts(database: Database, range: Range, unit: "week" | "month"): Promise<SQL[]> {
  const { chatId } = range;
  const { cached, spans } = await bucketPlan(database, range, unit);
  const parts: SQL[] = [];
  if (cached) {
    parts.push(sql`SELECT bucket::timestamp AS bucket, senders AS active FROM chat_bucket_senders
      WHERE chat_id = ${chatId} AND unit = ${unit} AND bucket BETWEEN ${cached.first} AND ${cached.last}`);
  }
  for (const span of spans) {
    if (span.cached === undefined) {
      parts.push(sql`SELECT ${span.bucket}::timestamp AS bucket, count(DISTINCT user_id)::int AS active
        FROM chat_user_daily_activity WHERE chat_id = ${chatId} AND day BETWEEN ${span.from} AND ${span.to}`);
    } else if (span.today === undefined) {
      parts.push(sql`SELECT ${span.bucket}::timestamp AS bucket, ${span.cached}::int AS active`);
    } else {
      // Today's senders with no day in the bucket before today: one key probe each.
      parts.push(sql`SELECT ${span.bucket}::timestamp AS bucket, (${span.cached} + count(*))::int AS active
        FROM chat_user_daily_activity t
        WHERE t.chat_id = ${chatId} AND t.day = ${span.today}
          AND NOT EXISTS (SELECT 1 FROM chat_user_daily_activity d
            WHERE d.chat_id = ${chatId} AND d.user_id = t.user_id AND d.day >= ${span.from} AND d.day < ${span.today})`);
    }
  }
  // A range with no days at all still needs a well-formed query.
  if (parts.length === 0) parts.push(sql`SELECT NULL::timestamp AS bucket, 0 AS active WHERE false`);
  return parts;
}

/**
 * Hours are counted as real hours (UTC hour starts shown in local time), so a DST day has 23
 * or 25 points and never a phantom or merged hour.
 */
function hourlyTimeline(database: Database, range: Range): Promise<TimelinePoint[]> {
  const { chatId, timezone: tz } = range;
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  return database.rows<TimelinePoint & Record<string, unknown>>(sql`
    WITH buckets AS (
      SELECT generate_series(date_trunc('hour', ${start}::timestamptz, 'UTC'),
                             ${end}::timestamptz - interval '1 microsecond', interval '1 hour') AS bucket
    ),
    volume AS (
      SELECT hour AS bucket, messages FROM chat_hourly_activity
      WHERE chat_id = ${chatId} AND hour >= ${start} AND hour < ${end}
    ),
    active AS (
      SELECT date_trunc('hour', date, 'UTC') AS bucket, count(DISTINCT coalesce(user_id, sender_chat_id))::int AS active
      FROM messages
      WHERE chat_id = ${chatId} AND date >= ${start} AND date < ${end} AND kind NOT IN ('service', 'command')
      GROUP BY 1
    )
    SELECT to_char(b.bucket AT TIME ZONE ${tz}, 'YYYY-MM-DD HH24:00') AS bucket, coalesce(v.messages, 0) AS "messages",
           coalesce(a.active, 0) AS "activeUsers"
    FROM buckets b LEFT JOIN volume v ON v.bucket = b.bucket LEFT JOIN active a ON a.bucket = b.bucket
    ORDER BY b.bucket`);
}

async function calendarTimeline(
  database: Database,
  range: Range,
  interval: Exclude<Interval, "hour">,
): Promise<TimelinePoint[]> {
  const { chatId, timezone: tz } = range;
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  const unit = sql.raw(`'${interval}'`);
  const step = sql.raw(`'1 ${interval}'::interval`);
  // Per day the count is kept in chat_daily_activity; a week's or month's distinct senders
  // cannot be summed from days, so they are counted from the per-sender rollup.
  // Whole weeks and months that ended before today are cached (chat_bucket_senders), and so
  // are the cut ones around them up to yesterday (chat_partial_buckets); what is left is
  // counted from the days, or for the running bucket, today's senders new to it.
  const activeSenders =
    interval === "day"
      ? sql`SELECT day::timestamp AS bucket, active_senders AS active FROM chat_daily_activity
            WHERE chat_id = ${chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}`
      : sql.join(await bucketCounts(database, range, interval), sql` UNION ALL `);
  return database.rows<TimelinePoint & Record<string, unknown>>(sql`
    WITH buckets AS (
      SELECT generate_series(date_trunc(${unit}, ${range.firstDay}::date::timestamp),
                             ${range.lastDay}::date::timestamp, ${step}) AS bucket
    ),
    volume AS (
      SELECT date_trunc(${unit}, hour AT TIME ZONE ${tz}) AS bucket, sum(messages)::int AS messages
      FROM chat_hourly_activity
      WHERE chat_id = ${chatId} AND hour >= ${start} AND hour < ${end}
      GROUP BY 1
    ),
    active AS (${activeSenders})
    SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, coalesce(v.messages, 0) AS "messages",
           coalesce(a.active, 0) AS "activeUsers"
    FROM buckets b LEFT JOIN volume v ON v.bucket = b.bucket LEFT JOIN active a ON a.bucket = b.bucket
    ORDER BY b.bucket`);
}

/** Messages per local weekday (0 = Monday) and hour: 7 rows of 24. */
export async function getHourOfWeekHeatmap(database: Database, range: Range): Promise<number[][]> {
  const rows = await database.rows<{ dow: number; hour: number; messages: number }>(sql`
    SELECT (extract(isodow FROM hour AT TIME ZONE ${range.timezone}) - 1)::int AS dow,
           extract(hour FROM hour AT TIME ZONE ${range.timezone})::int AS hour,
           sum(messages)::int AS messages
    FROM chat_hourly_activity
    WHERE chat_id = ${range.chatId} AND hour >= ${range.start.toISOString()} AND hour < ${range.end.toISOString()}
    GROUP BY 1, 2`);
  const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const r of rows) (grid[r.dow] as number[])[r.hour] = r.messages;
  return grid;
}

/** The busiest local hours of the day, most messages first. */
export function busiestHours(heatmap: number[][], count = 3): { hour: number; messages: number }[] {
  const byHour = Array.from({ length: 24 }, (_, hour) => ({
    hour,
    messages: heatmap.reduce((sum, row) => sum + (row[hour] ?? 0), 0),
  }));
  return byHour
    .filter((h) => h.messages > 0)
    .sort((a, b) => b.messages - a.messages || a.hour - b.hour)
    .slice(0, count);
}

/** When the chat was first seen active: the start of "all". */
export async function getFirstActivity(database: Database, chatId: number): Promise<Date | null> {
  const [row] = await database.prepared<{ first: number | null }>(sql`
    SELECT (extract(epoch FROM min(hour)) * 1000)::float8 AS first FROM chat_hourly_activity WHERE chat_id = ${chatId}`);
  return row?.first ? new Date(row.first) : null;
}
