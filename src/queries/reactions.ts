// Which reactions people use: the mix on a chat's messages, and given/received by one member.
// Reactions on bot commands are left out, as the commands themselves are.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { MAX_LOOKBACK_DAYS } from "./period.js";
import { cappedStart, type Range } from "./range.js";

export interface ReactionCount {
  reaction: string;
  count: number;
}

/**
 * Reactions on messages sent in the range (optionally only one sender's messages). For each
 * message the aggregate tier wins when present; otherwise visible per-user reactions count.
 */
export async function getReactionMix(
  database: Database,
  range: Range,
  options: { senderId?: number } = {},
): Promise<ReactionCount[]> {
  const start = cappedStart(range, MAX_LOOKBACK_DAYS).toISOString();
  const sender =
    options.senderId === undefined ? sql`` : sql`AND coalesce(m.user_id, m.sender_chat_id) = ${options.senderId}`;
  return database.rows<ReactionCount & Record<string, unknown>>(sql`
    WITH tiers AS (
      SELECT r.reaction, r.user_id, r.count,
             bool_or(r.user_id IS NULL) OVER (PARTITION BY r.message_id) AS has_aggregate
      FROM message_reactions r
      JOIN messages m ON m.chat_id = r.chat_id AND m.message_id = r.message_id
      WHERE r.chat_id = ${range.chatId} AND m.date >= ${start} AND m.date < ${range.end.toISOString()} ${sender}
        AND m.kind <> 'command'
    )
    SELECT reaction, sum(CASE WHEN has_aggregate THEN (CASE WHEN user_id IS NULL THEN count ELSE 0 END)
                              ELSE 1 END)::int AS count
    FROM tiers
    GROUP BY reaction
    HAVING sum(CASE WHEN has_aggregate THEN (CASE WHEN user_id IS NULL THEN count ELSE 0 END) ELSE 1 END) > 0
    ORDER BY count DESC, reaction`);
}

/** Reactions one person put on messages sent in the range (visible per-user tier only). */
export async function getReactionsGiven(database: Database, range: Range, userId: number): Promise<ReactionCount[]> {
  const start = cappedStart(range, MAX_LOOKBACK_DAYS).toISOString();
  return database.rows<ReactionCount & Record<string, unknown>>(sql`
    SELECT r.reaction, count(*)::int AS count
    FROM message_reactions r
    JOIN messages m ON m.chat_id = r.chat_id AND m.message_id = r.message_id
    WHERE r.chat_id = ${range.chatId} AND r.user_id = ${userId}
      AND m.date >= ${start} AND m.date < ${range.end.toISOString()} AND m.kind <> 'command'
    GROUP BY r.reaction ORDER BY count DESC, r.reaction`);
}
