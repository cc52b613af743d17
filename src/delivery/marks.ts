// What Telegram said about a target that refused the bot, remembered in the database so every
// instance stops trying, across restarts: groups and channels in chats.bot_status and
// chats.migrated_to_chat_id (the same columns my_chat_member and the daily snapshots keep),
// users in users.dm_status. A re-add (my_chat_member) or the user talking to the bot clears it.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

/** Why the bot cannot DM a user (users.dm_status). */
export type DmStatus = "blocked" | "not_started" | "deactivated";

/** A stored refusal: a chat's (kicked, left, migrated) or a user's (DmStatus). */
export type TargetMark = "kicked" | "left" | "migrated" | DmStatus;

export interface StoredMark {
  mark: TargetMark;
  /** For "migrated": the supergroup the group became. */
  migratedTo?: number;
}

/** Private chats have the user's id (positive); groups and channels negative ids. */
export const isUserId = (chatId: number) => chatId > 0;

/** The mark that stops sends to this chat or user, if any. */
export async function getTargetMark(database: Database, chatId: number): Promise<StoredMark | undefined> {
  if (isUserId(chatId)) {
    const [row] = await database.rows<{ dm_status: DmStatus | null }>(
      sql`SELECT dm_status FROM users WHERE id = ${chatId}`,
    );
    return row?.dm_status ? { mark: row.dm_status } : undefined;
  }
  const [row] = await database.rows<{ bot_status: string | null; migrated_to_chat_id: number | null }>(
    sql`SELECT bot_status, migrated_to_chat_id FROM chats WHERE id = ${chatId}`,
  );
  if (!row) return undefined;
  if (row.migrated_to_chat_id !== null) return { mark: "migrated", migratedTo: Number(row.migrated_to_chat_id) };
  if (row.bot_status === "kicked" || row.bot_status === "left") return { mark: row.bot_status };
  return undefined;
}

/** Users among `userIds` the bot cannot DM, and why (for alerts: who must start the bot first). */
export async function getDmStatuses(database: Database, userIds: readonly number[]): Promise<Map<number, DmStatus>> {
  if (userIds.length === 0) return new Map();
  const rows = await database.rows<{ id: number; dm_status: DmStatus }>(sql`
    SELECT id, dm_status FROM users
    WHERE id IN (SELECT value::bigint FROM json_array_elements_text(${JSON.stringify(userIds)}::json))
      AND dm_status IS NOT NULL`);
  return new Map(rows.map((r) => [Number(r.id), r.dm_status]));
}

/**
 * Remembers a refusal. A user unknown so far gets a row holding only the mark; a chat is
 * marked only when Pulse knows it (every chat it posts to is stored). A migrated group points
 * at its supergroup, which inherits its settings, as the daily snapshots do.
 */
export async function markTarget(database: Database, chatId: number, stored: StoredMark, at: Date): Promise<void> {
  const { mark } = stored;
  if (mark === "blocked" || mark === "not_started" || mark === "deactivated") {
    await database.rows(sql`
      INSERT INTO users (id, dm_status, dm_status_at) VALUES (${chatId}, ${mark}, ${at.toISOString()})
      ON CONFLICT (id) DO UPDATE SET dm_status = excluded.dm_status, dm_status_at = excluded.dm_status_at`);
    return;
  }
  if (mark === "migrated" && stored.migratedTo !== undefined) {
    await database.rows(sql`
      WITH moved AS (
        UPDATE chats SET migrated_to_chat_id = ${stored.migratedTo} WHERE id = ${chatId}
        RETURNING timezone, locale, settings
      )
      INSERT INTO chats (id, type, timezone, locale, settings)
      SELECT ${stored.migratedTo}, 'supergroup', timezone, locale, settings FROM moved
      ON CONFLICT (id) DO NOTHING`);
    return;
  }
  await database.rows(sql`UPDATE chats SET bot_status = ${mark} WHERE id = ${chatId}`);
}

/** The user talked to the bot: DMs may be tried again. Answers whether a mark was cleared. */
export async function clearDmStatus(database: Database, userId: number): Promise<boolean> {
  const cleared = await database.rows(sql`
    UPDATE users SET dm_status = NULL, dm_status_at = NULL
    WHERE id = ${userId} AND dm_status IS NOT NULL
    RETURNING id`);
  return cleared.length > 0;
}
