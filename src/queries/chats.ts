// Facts about a chat that the bot's features need: settings, whether Pulse sees anything.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export interface ChatInfo {
  id: number;
  type: string;
  title: string;
  timezone: string | null;
  botStatus: string | null;
  memberCount: number | null;
  /** Last change to the chat's data (newest message), for chart cache keys. */
  lastMessageAt: Date | null;
  hasActivity: boolean;
  /**
   * Since when Pulse has the chat's activity: the earlier of when it first saw the chat and
   * its first recorded hour (an import brings older history). A period before it is only
   * partly known, so nothing is compared with it.
   */
  recordedSince: Date;
}

export async function getChatInfo(database: Database, chatId: number): Promise<ChatInfo | undefined> {
  const [row] = await database.prepared<{
    id: number;
    type: string;
    title: string | null;
    timezone: string | null;
    bot_status: string | null;
    member_count: number | null;
    last_ms: number | null;
    has_activity: boolean;
    since_ms: number;
  }>(sql`
    SELECT id, type, title, timezone, bot_status, member_count,
           (extract(epoch FROM last_message_at) * 1000)::float8 AS last_ms,
           f.first_hour IS NOT NULL AS has_activity,
           (extract(epoch FROM least(first_seen_at, f.first_hour)) * 1000)::float8 AS since_ms
    -- The chat's first recorded hour: one probe of the hourly index answers both.
    FROM chats c CROSS JOIN LATERAL (SELECT min(hour) AS first_hour FROM chat_hourly_activity h WHERE h.chat_id = c.id) f
    WHERE id = ${chatId}`);
  if (!row) return undefined;
  return {
    id: row.id,
    type: row.type,
    title: row.title ?? String(row.id),
    timezone: row.timezone,
    botStatus: row.bot_status,
    memberCount: row.member_count,
    lastMessageAt: row.last_ms ? new Date(row.last_ms) : null,
    hasActivity: row.has_activity,
    recordedSince: new Date(row.since_ms),
  };
}

/** Chats the bot is in that a private /stats could offer (admin rights are checked separately). */
export async function getCandidateChatsForUser(
  database: Database,
  userId: number,
): Promise<{ id: number; title: string; type: string }[]> {
  return database.rows<{ id: number; title: string; type: string }>(sql`
    SELECT c.id, coalesce(c.title, c.id::text) AS title, c.type
    FROM chats c
    WHERE c.bot_status IN ('member', 'administrator') AND c.type IN ('group', 'supergroup', 'channel')
      AND (c.type = 'channel'
           OR EXISTS (SELECT 1 FROM chat_user_daily_activity d WHERE d.chat_id = c.id AND d.user_id = ${userId})
           OR EXISTS (SELECT 1 FROM member_events e WHERE e.chat_id = c.id AND e.user_id = ${userId}))
    ORDER BY c.last_message_at DESC NULLS LAST
    LIMIT 30`);
}
