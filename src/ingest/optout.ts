// What opting out does to stored data. An opted-out member keeps a `users` row with the flag
// (and, unless they asked for erasure, their @username, so `/stats @them` can say they opted
// out); their name is gone, the writer stores none of their new texts and no per-member
// rollup rows for them (src/ingest/upserts.ts), and every member-naming query leaves them out.
// Erasure also clears the texts already stored and deletes their per-member rows. Chat-level
// numbers never change: they live in chat_hourly_activity and chat_daily_activity, which are
// kept apart from the per-member rows precisely so these can be deleted.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export interface OptOutRequest {
  userId: number;
  /** Kept while opted out (only to answer lookups by @username); dropped on erasure. */
  username: string | null;
}

export interface ErasureResult {
  /** Messages in groups and channels whose text was cleared (texts in private are cleared too, not counted). */
  texts: number;
  /** Groups and channels those messages were in. */
  chats: number;
  /** Per-member daily rows deleted. */
  memberDays: number;
}

export async function isOptedOut(database: Database, userId: number): Promise<boolean> {
  const [row] = await database.rows<{ opted_out: boolean }>(sql`SELECT opted_out FROM users WHERE id = ${userId}`);
  return row?.opted_out ?? false;
}

/** Marks a member opted out and forgets their name; answers whether they had opted out already. */
export async function optOut(database: Database, request: OptOutRequest): Promise<{ already: boolean }> {
  const [row] = await database.rows<{ already: boolean }>(sql`
    WITH before AS (SELECT opted_out FROM users WHERE id = ${request.userId}),
    marked AS (
      INSERT INTO users (id, is_bot, username, opted_out) VALUES (${request.userId}, false, ${request.username}, true)
      ON CONFLICT (id) DO UPDATE SET opted_out = true, first_name = NULL, last_name = NULL,
        username = coalesce(excluded.username, users.username), updated_at = now()
    )
    SELECT coalesce((SELECT opted_out FROM before), false) AS already`);
  return { already: row?.already ?? false };
}

/**
 * The right to erasure, for someone already marked opted out: clears the texts of their
 * messages (and their name on messages forwarded from them) in every chat, deletes their
 * per-member rows (days and all-time totals) and drops their @username. Run it after the writer has committed what
 * it held when the member opted out, so nothing written before the flag lands after this.
 */
export async function eraseMember(database: Database, userId: number): Promise<ErasureResult> {
  return database.db.transaction(async (tx) => {
    const [cleared] = await database.rows<{ texts: number; chats: number }>(
      sql`WITH cleared AS (
            UPDATE messages SET text = NULL WHERE user_id = ${userId} AND text IS NOT NULL RETURNING chat_id
          )
          -- Counted in groups and channels (negative ids): what they wrote to the bot in
          -- private is cleared too, but "in 2 chats" would count that conversation as one.
          SELECT count(*) FILTER (WHERE chat_id < 0)::int AS texts,
                 count(DISTINCT chat_id) FILTER (WHERE chat_id < 0)::int AS chats FROM cleared`,
      tx,
    );
    await tx.execute(sql`
      UPDATE messages SET forward_from_name = NULL WHERE forward_from_id = ${userId} AND forward_from_name IS NOT NULL`);
    // Out of their numbers for good, also for a rebuild of the rollups; still in the chat's.
    await tx.execute(sql`UPDATE messages SET member_state = 2 WHERE user_id = ${userId} AND member_state = 0`);
    const [days] = await database.rows<{ n: number }>(
      sql`WITH deleted AS (DELETE FROM chat_user_daily_activity WHERE user_id = ${userId} RETURNING 1)
          SELECT count(*)::int AS n FROM deleted`,
      tx,
    );
    await tx.execute(sql`DELETE FROM chat_member_totals WHERE user_id = ${userId}`);
    await tx.execute(sql`UPDATE users SET username = NULL, first_name = NULL, last_name = NULL WHERE id = ${userId}`);
    return { texts: cleared?.texts ?? 0, chats: cleared?.chats ?? 0, memberDays: days?.n ?? 0 };
  });
}

/**
 * Counts a member again from their next message; answers whether they had opted out, and
 * whether numbers of theirs from before were kept (a plain opt-out keeps them hidden; erasure
 * deletes them), which now show again.
 */
export async function optIn(
  database: Database,
  userId: number,
): Promise<{ wasOptedOut: boolean; keptNumbers: boolean }> {
  const [row] = await database.rows<{ was_opted_out: boolean; kept: boolean }>(sql`
    WITH back AS (
      UPDATE users SET opted_out = false, updated_at = now() WHERE id = ${userId} AND opted_out RETURNING id
    )
    SELECT EXISTS (SELECT 1 FROM back) AS was_opted_out,
           EXISTS (SELECT 1 FROM chat_member_totals WHERE user_id = ${userId} AND messages > 0) AS kept`);
  const wasOptedOut = row?.was_opted_out ?? false;
  return { wasOptedOut, keptNumbers: wasOptedOut && (row?.kept ?? false) };
}
