// Row sets behind /export: daily activity, per-member activity and messages with their
// engagement, for one chat and range. Like every count, they leave bot commands out.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { MAX_LOOKBACK_DAYS } from "./period.js";
import { cappedStart, type Range } from "./range.js";

export const MAX_EXPORT_MESSAGES = 100_000;

export async function getDailyActivityRows(database: Database, range: Range) {
  return database.rows<{
    day: string;
    messages: number;
    active_senders: number;
    text_chars: number;
    media: number;
    replies: number;
    forwards: number;
    joins: number;
    leaves: number;
  }>(sql`
    WITH days AS (
      SELECT to_char(d, 'YYYY-MM-DD') AS day
      FROM generate_series(${range.firstDay}::date::timestamp, ${range.lastDay}::date::timestamp, interval '1 day') AS d
    ),
    volume AS (
      SELECT to_char(hour AT TIME ZONE ${range.timezone}, 'YYYY-MM-DD') AS day, sum(messages)::int AS messages,
             sum(text_chars)::float8 AS text_chars, sum(media)::int AS media, sum(replies)::int AS replies,
             sum(forwards)::int AS forwards, sum(joins)::int AS joins, sum(leaves)::int AS leaves
      FROM chat_hourly_activity
      WHERE chat_id = ${range.chatId} AND hour >= ${range.start.toISOString()} AND hour < ${range.end.toISOString()}
      GROUP BY 1
    ),
    active AS (
      SELECT to_char(day, 'YYYY-MM-DD') AS day, count(DISTINCT user_id)::int AS active_senders
      FROM chat_user_daily_activity
      WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}
      GROUP BY 1
    )
    SELECT d.day, coalesce(v.messages, 0) AS messages, coalesce(a.active_senders, 0) AS active_senders,
           coalesce(v.text_chars, 0) AS text_chars, coalesce(v.media, 0) AS media, coalesce(v.replies, 0) AS replies,
           coalesce(v.forwards, 0) AS forwards, coalesce(v.joins, 0) AS joins, coalesce(v.leaves, 0) AS leaves
    FROM days d LEFT JOIN volume v USING (day) LEFT JOIN active a USING (day)
    ORDER BY d.day`);
}

export async function getMemberActivityRows(database: Database, range: Range) {
  return database.rows<{
    sender_id: number;
    name: string | null;
    username: string | null;
    messages: number;
    active_days: number;
    text_chars: number;
    media: number;
    replies: number;
    first_message_at: string;
    last_message_at: string;
  }>(sql`
    SELECT d.user_id AS sender_id,
           coalesce(nullif(trim(concat_ws(' ', u.first_name, u.last_name)), ''), c.title) AS name,
           u.username, sum(d.messages)::int AS messages, count(*)::int AS active_days,
           sum(d.text_chars)::float8 AS text_chars, sum(d.media)::int AS media, sum(d.replies)::int AS replies,
           to_char(min(d.first_message_at) AT TIME ZONE ${range.timezone}, 'YYYY-MM-DD"T"HH24:MI:SS') AS first_message_at,
           to_char(max(d.last_message_at) AT TIME ZONE ${range.timezone}, 'YYYY-MM-DD"T"HH24:MI:SS') AS last_message_at
    FROM chat_user_daily_activity d
    LEFT JOIN users u ON u.id = d.user_id
    LEFT JOIN chats c ON c.id = d.user_id
    WHERE d.chat_id = ${range.chatId} AND d.day BETWEEN ${range.firstDay} AND ${range.lastDay}
      -- Members who opted out get no row; the daily file still counts their messages.
      AND u.opted_out IS NOT TRUE
    GROUP BY d.user_id, u.first_name, u.last_name, u.username, c.title
    ORDER BY messages DESC, sender_id`);
}

export async function getMessageRows(database: Database, range: Range) {
  const start = cappedStart(range, MAX_LOOKBACK_DAYS).toISOString();
  const end = range.end.toISOString();
  return database.rows<{
    message_id: number;
    date: string;
    sender_id: number | null;
    kind: string;
    text_length: number;
    thread_id: number | null;
    reply_to_message_id: number | null;
    forward_origin: string | null;
    replies_received: number;
    reactions: number;
    views: number | null;
    forwards: number | null;
  }>(sql`
    WITH scope AS (
      SELECT * FROM messages
      WHERE chat_id = ${range.chatId} AND date >= ${start} AND date < ${end} AND kind NOT IN ('service', 'command')
      ORDER BY date, message_id
      LIMIT ${MAX_EXPORT_MESSAGES}
    ),
    replies AS (
      SELECT reply_to_message_id AS message_id, count(*)::int AS n FROM messages
      WHERE chat_id = ${range.chatId} AND date >= ${start} AND reply_to_message_id IS NOT NULL AND kind <> 'command'
      GROUP BY 1
    ),
    reactions AS (
      SELECT message_id,
             CASE WHEN bool_or(user_id IS NULL) THEN coalesce(sum(count) FILTER (WHERE user_id IS NULL), 0)
                  ELSE count(*) END::int AS n
      FROM message_reactions WHERE chat_id = ${range.chatId} AND message_id IN (SELECT message_id FROM scope)
      GROUP BY 1
    )
    SELECT s.message_id, to_char(s.date AT TIME ZONE ${range.timezone}, 'YYYY-MM-DD"T"HH24:MI:SS') AS date,
           -- A member who opted out is not named by id either: their messages are listed without a sender.
           CASE WHEN hidden.id IS NULL THEN coalesce(s.user_id, s.sender_chat_id) END AS sender_id,
           s.kind, s.text_length, s.thread_id,
           s.reply_to_message_id, s.forward_origin, coalesce(r.n, 0) AS replies_received,
           coalesce(x.n, 0) AS reactions, s.views, s.forwards
    FROM scope s LEFT JOIN replies r ON r.message_id = s.message_id LEFT JOIN reactions x ON x.message_id = s.message_id
    LEFT JOIN users hidden ON hidden.id = s.user_id AND hidden.opted_out
    ORDER BY s.date, s.message_id`);
}
