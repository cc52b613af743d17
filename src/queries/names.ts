// Display names for sender ids: people from `users`, chats posting as themselves from `chats`.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

export async function getSenderNames(database: Database, ids: readonly number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return names;
  const rows = await database.rows<{ id: number; name: string | null }>(sql`
    SELECT u.id, CASE WHEN u.opted_out THEN NULL
                      ELSE nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') END AS name
    FROM users u WHERE u.id IN (SELECT (json_array_elements_text(${JSON.stringify(unique)}::json))::bigint)
    UNION ALL
    SELECT c.id, c.title AS name
    FROM chats c WHERE c.id IN (SELECT (json_array_elements_text(${JSON.stringify(unique)}::json))::bigint)`);
  for (const row of rows) if (row.name) names.set(row.id, row.name);
  for (const id of unique) if (!names.has(id)) names.set(id, id > 0 ? `User ${id}` : `Chat ${id}`);
  return names;
}

export interface ResolvedUser {
  id: number;
  name: string;
  username: string | null;
}

/** Finds a user by @username (case-insensitive) among the people Pulse has seen. */
export async function findUserByUsername(database: Database, username: string): Promise<ResolvedUser | undefined> {
  const [row] = await database.rows<{
    id: number;
    first_name: string | null;
    last_name: string | null;
    username: string;
  }>(sql`
    SELECT id, first_name, last_name, username FROM users WHERE lower(username) = lower(${username.replace(/^@/, "")})
    ORDER BY updated_at DESC LIMIT 1`);
  if (!row) return undefined;
  return {
    id: row.id,
    name: [row.first_name, row.last_name].filter(Boolean).join(" ") || `@${row.username}`,
    username: row.username,
  };
}
