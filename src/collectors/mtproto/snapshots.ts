// Writes of the collector's own tables: daily chat snapshots and the engagement timeline.
// One statement per batch, rows as one JSON parameter, on PostgreSQL and PGlite alike.
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client.js";

export interface DailySnapshot {
  chatId: number;
  /** YYYY-MM-DD, UTC. */
  date: string;
  metric: string;
  value: number | null;
  metadata?: Record<string, unknown>;
  source: string;
}

/** Upserts (chat, day, metric): the day's latest capture wins; other days are untouched. */
export async function upsertDailySnapshots(database: Database, rows: DailySnapshot[], capturedAt: Date): Promise<void> {
  if (rows.length === 0) return;
  const input = rows.map((r) => ({
    chat_id: r.chatId,
    date: r.date,
    metric: r.metric,
    value: r.value,
    metadata: r.metadata ?? {},
    source: r.source,
  }));
  await database.rows(sql`
    INSERT INTO chat_daily_snapshots AS s (chat_id, date, metric, value, metadata, source, captured_at)
    SELECT chat_id, date, metric, value, coalesce(metadata, '{}'::jsonb), source, ${capturedAt.toISOString()}::timestamptz
    FROM json_to_recordset(${JSON.stringify(input)}::json)
      AS r(chat_id bigint, date date, metric text, value float8, metadata jsonb, source text)
    ON CONFLICT (chat_id, date, metric) DO UPDATE SET
      value = excluded.value, metadata = excluded.metadata, source = excluded.source, captured_at = excluded.captured_at
    WHERE excluded.captured_at >= s.captured_at`);
}

export interface EngagementReading {
  messageId: number;
  messageDate: Date;
  views: number | null;
  forwards: number | null;
  replies: number | null;
  reactions: number;
  reactionsByKey: Record<string, number>;
}

export interface EngagementRow extends EngagementReading {
  chatId: number;
  capturedAt: Date;
  viewsDelta: number | null;
  forwardsDelta: number | null;
  repliesDelta: number | null;
  reactionsDelta: number | null;
  ageHours: number;
  propagationRate: number | null;
  engagementRate: number | null;
}

type Previous = Pick<EngagementReading, "views" | "forwards" | "replies" | "reactions">;

const delta = (now: number | null, before: number | null | undefined) =>
  now === null || before === null || before === undefined ? null : now - before;

/**
 * One snapshot's derived figures: deltas against the previous snapshot (NULL when there is
 * none, or the counter was unknown then), propagation = forwards per hour of age, engagement
 * = (reactions + replies) per 100 views.
 */
export function engagementRow(
  chatId: number,
  reading: EngagementReading,
  capturedAt: Date,
  previous: Previous | undefined,
): EngagementRow {
  const ageHours = Math.max(0, (capturedAt.getTime() - reading.messageDate.getTime()) / 3_600_000);
  return {
    ...reading,
    chatId,
    capturedAt,
    viewsDelta: delta(reading.views, previous?.views),
    forwardsDelta: delta(reading.forwards, previous?.forwards),
    repliesDelta: delta(reading.replies, previous?.replies),
    reactionsDelta: previous ? reading.reactions - previous.reactions : null,
    ageHours,
    propagationRate: reading.forwards !== null && ageHours > 0 ? reading.forwards / ageHours : null,
    engagementRate:
      reading.views !== null && reading.views > 0
        ? ((reading.reactions + (reading.replies ?? 0)) / reading.views) * 100
        : null,
  };
}

/** Stores one poll's readings for a chat, with deltas against each message's previous snapshot. */
export async function insertEngagementSnapshots(
  database: Database,
  chatId: number,
  capturedAt: Date,
  readings: EngagementReading[],
): Promise<number> {
  if (readings.length === 0) return 0;
  const ids = JSON.stringify(readings.map((r) => r.messageId));
  const previousRows = await database.rows<{
    message_id: number;
    views: number | null;
    forwards: number | null;
    replies: number | null;
    reactions: number;
  }>(sql`
    SELECT DISTINCT ON (message_id) message_id, views, forwards, replies, reactions
    FROM message_engagement_timeline
    WHERE chat_id = ${chatId}
      AND message_id IN (SELECT value::int FROM json_array_elements_text(${ids}::json))
      AND captured_at < ${capturedAt.toISOString()}::timestamptz
    ORDER BY message_id, captured_at DESC`);
  const previous = new Map(previousRows.map((r) => [r.message_id, r]));
  const rows = readings.map((reading) => {
    const row = engagementRow(chatId, reading, capturedAt, previous.get(reading.messageId));
    return {
      chat_id: row.chatId,
      message_id: row.messageId,
      message_date: row.messageDate.toISOString(),
      views: row.views,
      forwards: row.forwards,
      replies: row.replies,
      reactions: row.reactions,
      reactions_by_key: row.reactionsByKey,
      views_delta: row.viewsDelta,
      forwards_delta: row.forwardsDelta,
      replies_delta: row.repliesDelta,
      reactions_delta: row.reactionsDelta,
      age_hours: row.ageHours,
      propagation_rate: row.propagationRate,
      engagement_rate: row.engagementRate,
    };
  });
  const written = await database.rows<{ n: number }>(sql`
    WITH written AS (
      INSERT INTO message_engagement_timeline (chat_id, message_id, captured_at, message_date, views, forwards, replies,
        reactions, reactions_by_key, views_delta, forwards_delta, replies_delta, reactions_delta, age_hours,
        propagation_rate, engagement_rate)
      SELECT chat_id, message_id, ${capturedAt.toISOString()}::timestamptz, message_date, views, forwards, replies,
        reactions, coalesce(reactions_by_key, '{}'::jsonb), views_delta, forwards_delta, replies_delta, reactions_delta,
        age_hours, propagation_rate, engagement_rate
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(chat_id bigint, message_id int, message_date timestamptz,
        views int, forwards int, replies int, reactions int, reactions_by_key jsonb, views_delta int, forwards_delta int,
        replies_delta int, reactions_delta int, age_hours float8, propagation_rate float8, engagement_rate float8)
      ON CONFLICT (chat_id, message_id, captured_at) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM written`);
  return written[0]?.n ?? 0;
}
