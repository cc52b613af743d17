// Single messages that stood out (most reactions, most replies) and how fast people answer.
// Everything here reads rollups (message_reply_stats, chat_daily_reply_times,
// message_reaction_counts), and `messages` only for the few messages shown. Bot commands are
// not conversation: they neither stand out nor count as replies or as messages answered.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { getSenderNames } from "./names.js";
import { clampTopN } from "./period.js";
import type { Range } from "./range.js";

export interface TopMessage {
  messageId: number;
  date: Date;
  senderId: number | null;
  senderName: string | null;
  kind: string;
  preview: string | null;
  count: number;
}

/** Top messages leave out members who opted out: a message's text would name them as well as a name. */
const NOT_OPTED_OUT = sql.raw("NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND u.opted_out)");

export async function getTopMessagesByReactions(database: Database, range: Range, limit = 5): Promise<TopMessage[]> {
  // Per message, the reactions as counted (see ingest/reaction-counts.ts), over the range's days.
  const rows = await database.rows<TopMessageRow>(sql`
    WITH reacted AS (
      SELECT message_id, sum(count)::int AS count FROM message_reaction_counts
      WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}
      GROUP BY message_id
    )
    SELECT m.message_id, (extract(epoch FROM m.date) * 1000)::float8 AS date_ms,
           coalesce(m.user_id, m.sender_chat_id) AS sender_id, m.kind, left(m.text, 120) AS preview, r.count
    FROM reacted r JOIN messages m ON m.chat_id = ${range.chatId} AND m.message_id = r.message_id
    WHERE r.count > 0 AND ${NOT_OPTED_OUT}
    ORDER BY r.count DESC, m.message_id
    LIMIT ${clampTopN(limit)}`);
  return withNames(database, rows);
}

/**
 * Messages sent in the range with the most replies (from message_reply_stats: a range of the
 * replied messages only, however many messages the chat has).
 */
export async function getTopMessagesByReplies(database: Database, range: Range, limit = 5): Promise<TopMessage[]> {
  const rows = await database.rows<TopMessageRow>(sql`
    SELECT m.message_id, (extract(epoch FROM m.date) * 1000)::float8 AS date_ms,
           coalesce(m.user_id, m.sender_chat_id) AS sender_id, m.kind, left(m.text, 120) AS preview, s.replies AS count
    FROM message_reply_stats s JOIN messages m ON m.chat_id = s.chat_id AND m.message_id = s.message_id
    WHERE s.chat_id = ${range.chatId} AND s.date >= ${range.start.toISOString()} AND s.date < ${range.end.toISOString()}
      AND ${NOT_OPTED_OUT}
    ORDER BY s.replies DESC, s.message_id
    LIMIT ${clampTopN(limit)}`);
  return withNames(database, rows);
}

/**
 * Median seconds from a message to its first reply by someone else, over first replies sent
 * in the range; null when nothing was answered. From the reply-time rollups: exact for a
 * period of up to EXACT_REPLY_TIMES answered messages, else read from the daily histogram
 * (within 2.5 %; see src/ingest/reply-stats.ts for the buckets).
 */
export async function getMedianFirstReplySeconds(database: Database, range: Range): Promise<number | null> {
  const histogram = await database.rows<{ bucket: number; replies: number }>(sql`
    SELECT bucket, sum(replies)::int AS replies FROM chat_daily_reply_times
    WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay} AND replies <> 0
    GROUP BY bucket`);
  const total = histogram.reduce((sum, cell) => sum + cell.replies, 0);
  if (total === 0) return null;
  if (total > EXACT_REPLY_TIMES) return histogramMedian(histogram);
  const [row] = await database.rows<{ median: number | null }>(sql`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply_seconds)::float8 AS median
    FROM message_reply_stats
    WHERE chat_id = ${range.chatId} AND first_reply_day BETWEEN ${range.firstDay} AND ${range.lastDay}
      AND first_reply_seconds IS NOT NULL`);
  return row?.median ?? null;
}

/** Up to this many first replies in a period, the median is read from the replies themselves. */
export const EXACT_REPLY_TIMES = 1_000;

/** The delay a histogram bucket stands for: its second below a minute, else the geometric middle of its 5 % span. */
export function replyBucketSeconds(bucket: number): number {
  return bucket < 60 ? bucket : 60 * 1.05 ** (bucket - 60 + 0.5);
}

/** The median of the delays a histogram holds, as percentile_cont would take it of the bucket values. */
export function histogramMedian(cells: readonly { bucket: number; replies: number }[]): number | null {
  const sorted = cells.filter((c) => c.replies > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((sum, c) => sum + c.replies, 0);
  if (total === 0) return null;
  const at = (index: number): number => {
    let seen = 0;
    for (const cell of sorted) {
      seen += cell.replies;
      if (index < seen) return replyBucketSeconds(cell.bucket);
    }
    return replyBucketSeconds((sorted.at(-1) as { bucket: number }).bucket);
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
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
