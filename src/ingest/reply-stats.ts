// Keeps message_reply_stats and the daily first-reply histogram (chat_daily_reply_times) true
// for the messages a write touched. Unlike the counting rollups, a message's first reply is
// not a sum: a reply that arrives late (history read newest first, an import of older
// messages under replies the bot saw live) can be the new first one, and a reply can arrive
// before the message it answers. So the stats of every touched message are recomputed from
// `messages` (a primary-key read and a range of the partial reply index per message), and
// the histogram moves by the difference between the stored and the recomputed row. A replay
// recomputes the same row and moves nothing.
//
// Run it after the messages are written, in the same transaction, so the recount sees them.
// Two transactions recomputing the same message at the same moment (an import of old history
// and the bot storing a new reply to one of those old messages) may each miss the other's
// uncommitted reply; `npm run rollups -- rebuild` puts that right.
import { type SQL, sql } from "drizzle-orm";

type Executor = { execute(query: SQL): Promise<unknown> };

/**
 * The histogram bucket of a delay in whole seconds: one bucket per second below a minute
 * (most first replies in a lively chat), then buckets 5 % wide, so a median read from the
 * histogram is within 2.5 % of the exact one. src/queries/reply-times.ts reads them back.
 */
export const replyBucket = (seconds: string): SQL =>
  sql.raw(
    `(CASE WHEN ${seconds} < 60 THEN ${seconds} ELSE 60 + floor(ln(${seconds} / 60.0) / ln(1.05)) END)::smallint`,
  );

/**
 * Each touched message's reply stats, recomputed: `targets` yields (chat_id, message_id) of
 * messages that may have gained, lost or changed replies, or been stored or forgotten
 * themselves. Bot commands have no stats; replies are messages other than service messages
 * and commands; the first reply is the earliest by someone other than the author, at or
 * after the message.
 */
function recount(targets: SQL, defaultTimezone: string): SQL {
  return sql`
    SELECT p.chat_id, p.message_id, p.date, x.replies, x.first_reply_at,
           (x.first_reply_at AT TIME ZONE coalesce(c.timezone, ${defaultTimezone}))::date AS first_reply_day,
           floor(extract(epoch FROM x.first_reply_at - p.date))::int AS first_reply_seconds
    FROM (${targets}) t
    -- LATERAL … OFFSET 0: one primary-key probe per message, whatever the planner guesses
    -- about the targets (a hash join would scan all of messages, once per batch).
    CROSS JOIN LATERAL (SELECT * FROM messages p
      WHERE p.chat_id = t.chat_id AND p.message_id = t.message_id AND p.kind <> 'command' OFFSET 0) p
    LEFT JOIN chats c ON c.id = p.chat_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS replies,
             min(r.date) FILTER (WHERE r.date >= p.date
               AND coalesce(r.user_id, r.sender_chat_id) IS DISTINCT FROM coalesce(p.user_id, p.sender_chat_id)) AS first_reply_at
      FROM messages r
      WHERE r.chat_id = p.chat_id AND r.reply_to_message_id = p.message_id AND r.kind NOT IN ('service', 'command')
    ) x
    WHERE x.replies > 0`;
}

const STATS_COLUMNS = "date, replies, first_reply_at, first_reply_day, first_reply_seconds";

/** Recomputes the reply stats of `targets` (see recount) and moves the histogram to match. */
export async function refreshReplyStats(tx: Executor, targets: SQL, defaultTimezone: string): Promise<void> {
  await tx.execute(sql`
    WITH targets AS MATERIALIZED (SELECT DISTINCT chat_id, message_id FROM (${targets}) t),
    stored AS MATERIALIZED (
      SELECT s.* FROM targets t CROSS JOIN LATERAL (SELECT ctid AS row_id, * FROM message_reply_stats s
        WHERE s.chat_id = t.chat_id AND s.message_id = t.message_id OFFSET 0) s
    ),
    fresh AS MATERIALIZED (${recount(sql`SELECT chat_id, message_id FROM targets`, defaultTimezone)}),
    -- By row id: a TID scan, never a join against the whole table.
    removed AS (
      DELETE FROM message_reply_stats s WHERE s.ctid = ANY (ARRAY(SELECT o.row_id FROM stored o
        WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.chat_id = o.chat_id AND f.message_id = o.message_id)))
    ),
    saved AS (
      INSERT INTO message_reply_stats AS s (chat_id, message_id, ${sql.raw(STATS_COLUMNS)})
      SELECT f.chat_id, f.message_id, f.date, f.replies, f.first_reply_at, f.first_reply_day, f.first_reply_seconds
      FROM fresh f
      WHERE NOT EXISTS (SELECT 1 FROM stored o WHERE o.chat_id = f.chat_id AND o.message_id = f.message_id
        AND (o.date, o.replies, o.first_reply_at, o.first_reply_day, o.first_reply_seconds)
            IS NOT DISTINCT FROM (f.date, f.replies, f.first_reply_at, f.first_reply_day, f.first_reply_seconds))
      ORDER BY 1, 2
      ON CONFLICT (chat_id, message_id) DO UPDATE SET date = excluded.date, replies = excluded.replies,
        first_reply_at = excluded.first_reply_at, first_reply_day = excluded.first_reply_day,
        first_reply_seconds = excluded.first_reply_seconds
    ),
    moves AS (
      SELECT chat_id, first_reply_day AS day, ${replyBucket("first_reply_seconds")} AS bucket, -1 AS n
      FROM stored WHERE first_reply_at IS NOT NULL
      UNION ALL
      SELECT chat_id, first_reply_day, ${replyBucket("first_reply_seconds")}, 1
      FROM fresh WHERE first_reply_at IS NOT NULL
    )
    INSERT INTO chat_daily_reply_times AS h (chat_id, day, bucket, replies)
    SELECT chat_id, day, bucket, sum(n)::int FROM moves GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (chat_id, day, bucket) DO UPDATE SET replies = h.replies + excluded.replies`);
}
