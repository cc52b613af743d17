// Display names for sender ids: people from `users`, chats posting as themselves from `chats`.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

/**
 * Characters that draw nothing: a name made only of these (and spaces) looks empty on a chart
 * or in a caption. Telegram accepts them, and people use them (the Hangul filler U+3164 as an
 * "invisible name", the Braille blank, zero-width characters).
 */
const INVISIBLE = /^[\s\u00AD\u115F\u1160\u180E\u200B-\u200F\u2060-\u2064\u2800\u3164\uFEFF\uFFA0]*$/u;

/** A name that shows something, or null. */
export function visibleName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  return trimmed && !INVISIBLE.test(trimmed) ? trimmed : null;
}

/**
 * Member-naming queries leave out members who opted out; should one slip through, it is
 * shown as "Hidden member", never by name or id. A person whose name draws nothing is shown
 * by @username, else as "User <id>".
 */
export async function getSenderNames(database: Database, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return names;
  // Prepared: the ids travel as one JSON parameter, so the text is the same for any list. As
  // an array (= ANY), not IN (subquery): a key probe per id; the planner hashed IN's ids
  // against a scan of every user (1.5 ms on 20,000 users, growing with them).
  const rows = await database.prepared<{ id: number; name: string | null; username: string | null }>(sql`
    SELECT u.id, CASE WHEN u.opted_out THEN 'Hidden member'
                      ELSE nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') END AS name,
           CASE WHEN u.opted_out THEN NULL ELSE u.username END AS username
    FROM users u WHERE u.id = ANY (ARRAY(SELECT (json_array_elements_text(${JSON.stringify(unique)}::json))::bigint))
    UNION ALL
    SELECT c.id, c.title AS name, NULL AS username
    FROM chats c WHERE c.id = ANY (ARRAY(SELECT (json_array_elements_text(${JSON.stringify(unique)}::json))::bigint))`);
  for (const row of rows) {
    const name = visibleName(row.name) ?? (row.username ? `@${row.username}` : null);
    if (name) names.set(row.id, name);
  }
  for (const id of unique) if (!names.has(id)) names.set(id, id > 0 ? `User ${id}` : `Chat ${id}`);
  return names;
}

export interface ResolvedUser {
  id: number;
  name: string;
  username: string | null;
}

/**
 * Finds a user by @username (case-insensitive) among the members of one chat: people with a
 * message or a join/leave recorded there. Pulse serves many chats; a name asked for in one
 * must not reveal who someone is in another.
 */
export async function findUserByUsername(
  database: Database,
  chatId: number,
  username: string,
): Promise<ResolvedUser | undefined> {
  const [row] = await database.rows<{
    id: number;
    first_name: string | null;
    last_name: string | null;
    username: string;
  }>(sql`
    SELECT u.id, u.first_name, u.last_name, u.username FROM users u
    WHERE lower(u.username) = lower(${username.replace(/^@/, "")})
      AND (EXISTS (SELECT 1 FROM chat_user_daily_activity d WHERE d.chat_id = ${chatId} AND d.user_id = u.id)
        OR EXISTS (SELECT 1 FROM member_events e WHERE e.chat_id = ${chatId} AND e.user_id = u.id))
    ORDER BY u.updated_at DESC LIMIT 1`);
  if (!row) return undefined;
  return {
    id: row.id,
    name: visibleName([row.first_name, row.last_name].filter(Boolean).join(" ")) ?? `@${row.username}`,
    username: row.username,
  };
}
