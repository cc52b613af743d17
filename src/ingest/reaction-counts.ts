// Keeps message_reaction_counts, chat_daily_reactions and chat_member_daily_reactions true
// for the messages a write touched. Reactions are state (a message's whole set is replaced, see upserts.ts), a
// message's count depends on which tiers it has (Telegram's aggregate counts win over the
// visible per-user reactions), and reactions can be stored before their message: so, as for
// reply stats, each touched message's counts are recomputed from message_reactions and the
// daily rollup moves by the difference from what was stored. A replay moves nothing.
//
// Run it after the reactions and messages are written, in the same transaction. The same
// caveat as reply stats: two transactions changing one message's reactions at the same moment
// may each miss the other's; `npm run rollups -- rebuild` puts that right.
import { type SQL, sql } from "drizzle-orm";
import type { BulkTransaction } from "../db/client.js";

type Executor = { execute(query: SQL): Promise<unknown> };

/**
 * Each touched message's reactions as counted: per reaction, the aggregate tier's count when
 * the message has that tier, otherwise one per visible reactor. Only stored messages that are
 * not bot commands count; the day is the message's local day, the sender its author.
 */
function recount(targets: SQL, defaultTimezone: string): SQL {
  return sql`
    SELECT m.chat_id, m.message_id, x.reaction, x.count,
           (m.date AT TIME ZONE coalesce(c.timezone, ${defaultTimezone}))::date AS day,
           coalesce(m.user_id, m.sender_chat_id) AS sender_id
    FROM (${targets}) t
    -- LATERAL … OFFSET 0: one primary-key probe per message, whatever the planner guesses
    -- about the targets (a hash join would scan all of messages, once per batch).
    CROSS JOIN LATERAL (SELECT * FROM messages m
      WHERE m.chat_id = t.chat_id AND m.message_id = t.message_id AND m.kind <> 'command' OFFSET 0) m
    LEFT JOIN chats c ON c.id = m.chat_id
    -- The message's reactions in one index range; whether it has the aggregate tier is a
    -- window over the same rows (a probe of its own could take the (chat_id, user_id) index
    -- and read every aggregate row of the chat, once per message).
    CROSS JOIN LATERAL (
      SELECT r.reaction,
             sum(CASE WHEN r.counted THEN (CASE WHEN r.user_id IS NULL THEN r.count ELSE 0 END) ELSE 1 END)::int AS count
      FROM (SELECT reaction, user_id, count, bool_or(user_id IS NULL) OVER () AS counted
            FROM message_reactions WHERE chat_id = m.chat_id AND message_id = m.message_id) r
      GROUP BY r.reaction
      HAVING sum(CASE WHEN r.counted THEN (CASE WHEN r.user_id IS NULL THEN r.count ELSE 0 END) ELSE 1 END) > 0
    ) x`;
}

/** Recomputes the reaction counts of `targets` ((chat_id, message_id) rows) and moves the daily rollups (the chat's, each sender's) to match. */
export async function refreshReactionCounts(tx: Executor, targets: SQL, defaultTimezone: string): Promise<void> {
  await tx.execute(sql`
    WITH targets AS MATERIALIZED (SELECT DISTINCT chat_id, message_id FROM (${targets}) t),
    stored AS MATERIALIZED (
      SELECT s.* FROM targets t CROSS JOIN LATERAL (SELECT ctid AS row_id, * FROM message_reaction_counts s
        WHERE s.chat_id = t.chat_id AND s.message_id = t.message_id OFFSET 0) s
    ),
    fresh AS MATERIALIZED (${recount(sql`SELECT chat_id, message_id FROM targets`, defaultTimezone)}),
    -- By row id: a TID scan, never a join against the whole table.
    removed AS (
      DELETE FROM message_reaction_counts s WHERE s.ctid = ANY (ARRAY(SELECT o.row_id FROM stored o
        WHERE NOT EXISTS (SELECT 1 FROM fresh f
          WHERE f.chat_id = o.chat_id AND f.message_id = o.message_id AND f.reaction = o.reaction)))
    ),
    saved AS (
      INSERT INTO message_reaction_counts AS s (chat_id, message_id, reaction, count, day, sender_id)
      SELECT f.chat_id, f.message_id, f.reaction, f.count, f.day, f.sender_id FROM fresh f
      WHERE NOT EXISTS (SELECT 1 FROM stored o WHERE o.chat_id = f.chat_id AND o.message_id = f.message_id
        AND o.reaction = f.reaction AND (o.count, o.day, o.sender_id) IS NOT DISTINCT FROM (f.count, f.day, f.sender_id))
      ORDER BY 1, 2, 3
      ON CONFLICT (chat_id, message_id, reaction) DO UPDATE SET count = excluded.count, day = excluded.day,
        sender_id = excluded.sender_id
    ),
    moves AS MATERIALIZED (
      SELECT chat_id, sender_id, day, reaction, -count AS n FROM stored
      UNION ALL
      SELECT chat_id, sender_id, day, reaction, count FROM fresh
    ),
    member_moved AS (
      INSERT INTO chat_member_daily_reactions AS d (chat_id, sender_id, day, reaction, count)
      SELECT chat_id, sender_id, day, reaction, sum(n)::int FROM moves WHERE sender_id IS NOT NULL
      GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
      ON CONFLICT (chat_id, sender_id, day, reaction) DO UPDATE SET count = d.count + excluded.count
    )
    INSERT INTO chat_daily_reactions AS d (chat_id, day, reaction, count)
    SELECT chat_id, day, reaction, sum(n)::int FROM moves GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (chat_id, day, reaction) DO UPDATE SET count = d.count + excluded.count`);
}

/** The messages of id ranges (a relation of chat_id, low, high) that have or had reactions counted. */
export function reactedInRanges(ranges: SQL): SQL {
  return sql`
    SELECT r.chat_id, x.message_id FROM ${ranges} CROSS JOIN LATERAL (
      SELECT message_id FROM message_reactions WHERE chat_id = r.chat_id AND message_id BETWEEN r.low AND r.high
      UNION SELECT message_id FROM message_reaction_counts WHERE chat_id = r.chat_id AND message_id BETWEEN r.low AND r.high
    ) x`;
}

const COUNTED = sql.raw("pulse_bulk_reaction_counts");

/**
 * The import's fast path (ingest/bulk.ts): a chunk none of whose messages, reactions or
 * counts were stored has its counts computed while it was read (ingest/chunk.ts, the same rule
 * as `recount` above), so they are copied in, given their local day, and added to the daily
 * rollups, without recounting message by message. Nothing was stored before, so nothing moves
 * but these additions; a count already stored (written meanwhile) fails the insert on its key,
 * and the chunk is redone on the merge path.
 */
export async function copyReactionCounts(
  tx: BulkTransaction,
  rows: readonly Uint8Array[],
  defaultTimezone: string,
): Promise<void> {
  if (rows.length === 0) return;
  // Temporary tables live as long as the connection; ON COMMIT DELETE ROWS empties them.
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS ${COUNTED} (chat_id bigint, message_id int, reaction text,
    count int, date timestamptz, sender_id bigint) ON COMMIT DELETE ROWS`);
  await tx.copyFrom("pulse_bulk_reaction_counts", "chat_id, message_id, reaction, count, date, sender_id", rows);
  await tx.execute(sql`
    WITH fresh AS MATERIALIZED (
      SELECT x.chat_id, x.message_id, x.reaction, x.count, x.sender_id,
             (x.date AT TIME ZONE coalesce(c.timezone, ${defaultTimezone}))::date AS day
      FROM ${COUNTED} x LEFT JOIN chats c ON c.id = x.chat_id
    ),
    saved AS (
      INSERT INTO message_reaction_counts (chat_id, message_id, reaction, count, day, sender_id)
      SELECT chat_id, message_id, reaction, count, day, sender_id FROM fresh ORDER BY 1, 2, 3
    ),
    member_added AS (
      INSERT INTO chat_member_daily_reactions AS d (chat_id, sender_id, day, reaction, count)
      SELECT chat_id, sender_id, day, reaction, sum(count)::int FROM fresh WHERE sender_id IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (chat_id, sender_id, day, reaction) DO UPDATE SET count = d.count + excluded.count
    )
    INSERT INTO chat_daily_reactions AS d (chat_id, day, reaction, count)
    SELECT chat_id, day, reaction, sum(count)::int FROM fresh GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (chat_id, day, reaction) DO UPDATE SET count = d.count + excluded.count`);
}
