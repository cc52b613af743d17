// How many people take part: members, active (≥ 1 message) and engaged (≥ 5) users, the
// rates against the member count, joins and leaves, and retention of the previous period's
// active users. People only: chats posting as themselves (negative ids) are not users.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { currentWindow, windowEngagement } from "./member-windows.js";
import type { Range } from "./range.js";

export const ENGAGED_MIN_MESSAGES = 5;

export interface Engagement {
  members: number | null;
  activeUsers: number;
  engagedUsers: number;
  /** Active users per member (0–1), when the member count is known. */
  engagementRate: number | null;
  deepEngagementRate: number | null;
  joined: number;
  left: number;
  /** Share of the previous range's active users who were active again (0–1); null when there were none. */
  retention: number | null;
}

export async function getEngagement(database: Database, range: Range, previous: Range): Promise<Engagement> {
  const r = await queryEngagement(database, range, previous, true);
  return {
    members: r.members,
    activeUsers: r.activeUsers,
    engagedUsers: r.engagedUsers,
    engagementRate: r.engagementRate,
    deepEngagementRate: r.deepEngagementRate,
    joined: r.joined,
    left: r.left,
    retention: r.retention,
  };
}

/**
 * Engagement without joins and leaves (for a caller that already has them from the range's
 * message totals), plus the previous range's active users, which the query counts anyway
 * for retention: one query where a delta would otherwise need a second.
 */
export interface EngagementCore extends Omit<Engagement, "joined" | "left"> {
  /** People with at least one message in the previous range. */
  previousActive: number;
}

export async function getEngagementCore(database: Database, range: Range, previous: Range): Promise<EngagementCore> {
  const { joined: _joined, left: _left, ...core } = await queryEngagement(database, range, previous, false);
  return core;
}

async function queryEngagement(
  database: Database,
  range: Range,
  previous: Range,
  withMovement: boolean,
): Promise<Engagement & { previousActive: number }> {
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  const movement = withMovement
    ? sql`
      (SELECT coalesce(sum(joins), 0)::int FROM chat_hourly_activity
        WHERE chat_id = ${range.chatId} AND hour >= ${start} AND hour < ${end}) AS joined,
      (SELECT coalesce(sum(leaves), 0)::int FROM chat_hourly_activity
        WHERE chat_id = ${range.chatId} AND hour >= ${start} AND hour < ${end}) AS left,`
    : sql`0 AS joined, 0 AS left,`;
  const window = await currentWindow(database, range, previous);
  const [row] = window
    ? [{ ...(await windowEngagement(database, window)), ...(await movementOf(database, range, withMovement)) }]
    : await database.rows<{
        members: number | null;
        active: number;
        engaged: number;
        joined: number;
        left: number;
        previous_active: number;
        retained: number;
      }>(sql`
    WITH current_users AS (
      SELECT user_id, sum(messages) AS messages FROM chat_user_daily_activity
      WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay} AND user_id > 0
      GROUP BY user_id
    ),
    previous_users AS (
      SELECT DISTINCT user_id FROM chat_user_daily_activity
      WHERE chat_id = ${previous.chatId} AND day BETWEEN ${previous.firstDay} AND ${previous.lastDay} AND user_id > 0
    )
    SELECT
      (SELECT member_count FROM chats WHERE id = ${range.chatId}) AS members,
      (SELECT count(*)::int FROM current_users) AS active,
      (SELECT count(*)::int FROM current_users WHERE messages >= ${ENGAGED_MIN_MESSAGES}) AS engaged,
      ${movement}
      (SELECT count(*)::int FROM previous_users) AS previous_active,
      (SELECT count(*)::int FROM previous_users p JOIN current_users c ON c.user_id = p.user_id) AS retained`);
  const r = row ?? { members: null, active: 0, engaged: 0, joined: 0, left: 0, previous_active: 0, retained: 0 };
  const members = r.members && r.members > 0 ? r.members : null;
  return {
    members,
    activeUsers: r.active,
    engagedUsers: r.engaged,
    engagementRate: members ? r.active / members : null,
    deepEngagementRate: members ? r.engaged / members : null,
    joined: r.joined,
    left: r.left,
    retention: r.previous_active > 0 ? r.retained / r.previous_active : null,
    previousActive: r.previous_active,
  };
}

/** Joins and leaves in the range, from the hourly rollup (zeros when not asked for). */
async function movementOf(
  database: Database,
  range: Range,
  withMovement: boolean,
): Promise<{ joined: number; left: number }> {
  if (!withMovement) return { joined: 0, left: 0 };
  const [row] = await database.rows<{ joined: number; left: number }>(sql`
    SELECT coalesce(sum(joins), 0)::int AS joined, coalesce(sum(leaves), 0)::int AS left FROM chat_hourly_activity
    WHERE chat_id = ${range.chatId} AND hour >= ${range.start.toISOString()} AND hour < ${range.end.toISOString()}`);
  return row ?? { joined: 0, left: 0 };
}
