// Which reactions people use: the mix on a chat's messages, and given/received by one member.
// Reactions on bot commands are left out, as the commands themselves are. The mix and what a
// member received come from the reaction rollups; what a member gave reads message_reactions.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { MAX_LOOKBACK_DAYS } from "./period.js";
import { cappedStart, type Range } from "./range.js";

export interface ReactionCount {
  reaction: string;
  count: number;
}

/**
 * Reactions on messages sent in the range, as counted per message: the aggregate tier when
 * present, otherwise the visible per-user reactions. A sum over the range's days of
 * chat_daily_reactions. (One member's reactions received are summed from
 * chat_member_daily_reactions by getMemberStats.)
 */
export async function getReactionMix(database: Database, range: Range): Promise<ReactionCount[]> {
  return database.rows<ReactionCount & Record<string, unknown>>(sql`
    SELECT reaction, sum(count)::int AS count FROM chat_daily_reactions
    WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}
    GROUP BY reaction HAVING sum(count) > 0
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
