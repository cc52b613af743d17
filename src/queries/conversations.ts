// Single messages that stood out (most reactions, most replies) and how fast people answer.
// These read `messages` itself, so their lookback is capped at MAX_LOOKBACK_DAYS. Bot commands
// are not conversation: they neither stand out nor count as replies or as messages answered.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { getSenderNames } from "./names.js";
import { clampTopN, MAX_LOOKBACK_DAYS } from "./period.js";
import { cappedStart, type Range } from "./range.js";

export interface TopMessage {
  messageId: number;
  date: Date;
  senderId: number | null;
  senderName: string | null;
  kind: string;
  preview: string | null;
  count: number;
}

/**
 * Per message, the aggregate tier is authoritative when present (it is Telegram's full
 * count); otherwise the visible per-user reactions are counted.
 */
const REACTIONS_PER_MESSAGE = sql.raw(`
  CASE WHEN bool_or(r.user_id IS NULL) THEN coalesce(sum(r.count) FILTER (WHERE r.user_id IS NULL), 0)
       ELSE count(*) FILTER (WHERE r.user_id IS NOT NULL) END`);

/** Top messages leave out members who opted out: a message's text would name them as well as a name. */
const NOT_OPTED_OUT = sql.raw("NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND u.opted_out)");

export async function getTopMessagesByReactions(database: Database, range: Range, limit = 5): Promise<TopMessage[]> {
  const start = cappedStart(range, MAX_LOOKBACK_DAYS).toISOString();
  const rows = await database.rows<TopMessageRow>(sql`
    SELECT m.message_id, (extract(epoch FROM m.date) * 1000)::float8 AS date_ms,
           coalesce(m.user_id, m.sender_chat_id) AS sender_id, m.kind, left(m.text, 120) AS preview,
           (${REACTIONS_PER_MESSAGE})::int AS count
    FROM messages m
    JOIN message_reactions r ON r.chat_id = m.chat_id AND r.message_id = m.message_id
    WHERE m.chat_id = ${range.chatId} AND m.date >= ${start} AND m.date < ${range.end.toISOString()}
      AND m.kind <> 'command' AND ${NOT_OPTED_OUT}
    GROUP BY m.message_id, m.date, m.user_id, m.sender_chat_id, m.kind, m.text
    HAVING (${REACTIONS_PER_MESSAGE}) > 0
    ORDER BY count DESC, m.message_id
    LIMIT ${clampTopN(limit)}`);
  return withNames(database, rows);
}

export async function getTopMessagesByReplies(database: Database, range: Range, limit = 5): Promise<TopMessage[]> {
  const start = cappedStart(range, MAX_LOOKBACK_DAYS).toISOString();
  const rows = await database.rows<TopMessageRow>(sql`
    WITH replied AS (
      SELECT reply_to_message_id AS message_id, count(*)::int AS count
      FROM messages
      WHERE chat_id = ${range.chatId} AND date >= ${start} AND date < ${range.end.toISOString()}
        AND reply_to_message_id IS NOT NULL AND kind NOT IN ('service', 'command')
      GROUP BY 1
    )
    SELECT m.message_id, (extract(epoch FROM m.date) * 1000)::float8 AS date_ms,
           coalesce(m.user_id, m.sender_chat_id) AS sender_id, m.kind, left(m.text, 120) AS preview, r.count
    FROM replied r JOIN messages m ON m.chat_id = ${range.chatId} AND m.message_id = r.message_id
    WHERE m.kind <> 'command' AND ${NOT_OPTED_OUT}
    ORDER BY r.count DESC, m.message_id
    LIMIT ${clampTopN(limit)}`);
  return withNames(database, rows);
}

/**
 * Median seconds from a message to its first reply by someone else, over replies sent in
 * the range; null when nothing was answered.
 */
export async function getMedianFirstReplySeconds(database: Database, range: Range): Promise<number | null> {
  const start = cappedStart(range, MAX_LOOKBACK_DAYS).toISOString();
  const [row] = await database.rows<{ median: number | null }>(sql`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds)::float8 AS median
    FROM (
      SELECT extract(epoch FROM min(r.date) - p.date) AS seconds
      FROM messages r
      JOIN messages p ON p.chat_id = r.chat_id AND p.message_id = r.reply_to_message_id
      WHERE r.chat_id = ${range.chatId} AND r.date >= ${start} AND r.date < ${range.end.toISOString()}
        AND r.reply_to_message_id IS NOT NULL AND r.kind NOT IN ('service', 'command') AND p.kind <> 'command'
        AND r.date >= p.date
        AND coalesce(r.user_id, r.sender_chat_id) IS DISTINCT FROM coalesce(p.user_id, p.sender_chat_id)
      GROUP BY p.message_id, p.date
    ) first_replies`);
  return row?.median ?? null;
}

interface TopMessageRow extends Record<string, unknown> {
  message_id: number;
  date_ms: number;
  sender_id: number | null;
  kind: string;
  preview: string | null;
  count: number;
}

async function withNames(database: Database, rows: TopMessageRow[]): Promise<TopMessage[]> {
  const names = await getSenderNames(
    database,
    rows.flatMap((r) => (r.sender_id === null ? [] : [r.sender_id])),
  );
  return rows.map((r) => ({
    messageId: r.message_id,
    date: new Date(r.date_ms),
    senderId: r.sender_id,
    senderName: r.sender_id === null ? null : (names.get(r.sender_id) ?? null),
    kind: r.kind,
    preview: r.preview,
    count: r.count,
  }));
}
