// The rollups a chat should have, recounted from messages and member_events with the counting
// rules written out independently of the writer's SQL, next to what the rollup tables hold.
// Bot commands count in no rollup.
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";

export interface RollupContents {
  hourly: Record<string, unknown>[];
  daily: Record<string, unknown>[];
  activeSenders: Record<string, unknown>[];
}

/** What the three rollup tables hold for one chat, as plain comparable values. */
export async function storedRollups(database: Database, chatId: number): Promise<RollupContents> {
  const hourly = await database.rows(sql`
    SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, messages, text_chars::int AS text_chars,
           media, replies, forwards, service_messages, joins, leaves
    FROM chat_hourly_activity WHERE chat_id = ${chatId} ORDER BY hour`);
  const daily = await database.rows(sql`
    SELECT user_id, day, messages, text_chars::int AS text_chars, media, replies, forwards,
           to_char(first_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS first_message_at,
           to_char(last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS last_message_at
    FROM chat_user_daily_activity WHERE chat_id = ${chatId} ORDER BY user_id, day`);
  const activeSenders = await database.rows(sql`
    SELECT day, active_senders FROM chat_daily_activity WHERE chat_id = ${chatId} ORDER BY day`);
  return { hourly, daily, activeSenders };
}

/** The same tables recounted from the chat's stored messages and member events, days in `timezone`. */
export async function recountedRollups(database: Database, chatId: number, timezone: string): Promise<RollupContents> {
  const hourly = await database.rows(sql`
    WITH counted AS (
      SELECT date_trunc('hour', date, 'UTC') AS hour,
             count(*) FILTER (WHERE kind <> 'service') AS messages,
             coalesce(sum(text_length) FILTER (WHERE kind <> 'service'), 0) AS text_chars,
             count(*) FILTER (WHERE kind NOT IN ('text', 'service')) AS media,
             count(*) FILTER (WHERE kind <> 'service' AND reply_to_message_id IS NOT NULL) AS replies,
             count(*) FILTER (WHERE kind <> 'service' AND forward_origin IS NOT NULL) AS forwards,
             count(*) FILTER (WHERE kind = 'service') AS service_messages
      FROM messages WHERE chat_id = ${chatId} AND kind <> 'command' GROUP BY 1
    ),
    movement AS (
      SELECT date_trunc('hour', occurred_at, 'UTC') AS hour, count(*) FILTER (WHERE kind = 'join') AS joins,
             count(*) FILTER (WHERE kind <> 'join') AS leaves
      FROM member_events WHERE chat_id = ${chatId} GROUP BY 1
    )
    SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, coalesce(c.messages, 0)::int AS messages,
           coalesce(c.text_chars, 0)::int AS text_chars, coalesce(c.media, 0)::int AS media,
           coalesce(c.replies, 0)::int AS replies, coalesce(c.forwards, 0)::int AS forwards,
           coalesce(c.service_messages, 0)::int AS service_messages, coalesce(m.joins, 0)::int AS joins,
           coalesce(m.leaves, 0)::int AS leaves
    FROM counted c FULL JOIN movement m USING (hour) ORDER BY hour`);
  const daily = await database.rows(sql`
    SELECT coalesce(user_id, sender_chat_id) AS user_id, to_char(date AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day,
           count(*)::int AS messages, sum(text_length)::int AS text_chars,
           count(*) FILTER (WHERE kind <> 'text')::int AS media,
           count(*) FILTER (WHERE reply_to_message_id IS NOT NULL)::int AS replies,
           count(*) FILTER (WHERE forward_origin IS NOT NULL)::int AS forwards,
           to_char(min(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS first_message_at,
           to_char(max(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS last_message_at
    FROM messages
    WHERE chat_id = ${chatId} AND kind NOT IN ('service', 'command') AND coalesce(user_id, sender_chat_id) IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2`);
  const days = new Map<string, number>();
  for (const row of daily) days.set(row.day as string, (days.get(row.day as string) ?? 0) + 1);
  const activeSenders = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, count]) => ({ day, active_senders: count }));
  return { hourly, daily, activeSenders };
}
