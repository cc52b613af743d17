// One member's numbers in one chat: volume, share and rank in a range, active days, streaks,
// first and last seen, reactions received.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { currentWindow, type WindowMember, windowMember } from "./member-windows.js";
import { addDays } from "./period.js";
import type { Range } from "./range.js";

export interface MemberStats {
  userId: number;
  messages: number;
  share: number;
  /** 1 = most messages in the range; null when the member wrote nothing in it. */
  rank: number | null;
  /** How many senders were ranked. */
  senders: number;
  activeDays: number;
  replies: number;
  media: number;
  /** Consecutive local days with a message, ending today (or yesterday, if not yet today). */
  currentStreak: number;
  longestStreak: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  reactionsReceived: number;
}

export async function getMemberStats(
  database: Database,
  range: Range,
  userId: number,
  today: string,
): Promise<MemberStats> {
  // Two reads, concurrent where the engine has more than one connection: the period's totals
  // (after the look-up of the chat's windows), and the rest in one statement.
  const [period, [rest]] = await Promise.all([
    currentWindow(database, range).then((window) =>
      window ? windowMember(database, window, userId) : memberInRangeFromDays(database, range, userId),
    ),
    database.prepared<{ first_ms: number | null; last_ms: number | null; days: string[]; received: number }>(sql`
      SELECT (extract(epoch FROM t.first_message_at) * 1000)::float8 AS first_ms,
             (extract(epoch FROM t.last_message_at) * 1000)::float8 AS last_ms,
             -- Every day of theirs, for the streaks.
             ARRAY(SELECT d.day::text FROM chat_user_daily_activity d
               WHERE d.chat_id = ${range.chatId} AND d.user_id = ${userId} ORDER BY d.day) AS days,
             -- Reactions on their messages of the range, from the per-sender daily rollup.
             (SELECT coalesce(sum(r.count), 0)::int FROM chat_member_daily_reactions r
               WHERE r.chat_id = ${range.chatId} AND r.sender_id = ${userId}
                 AND r.day BETWEEN ${range.firstDay} AND ${range.lastDay}) AS received
      FROM (SELECT 1) one
      LEFT JOIN chat_member_totals t ON t.chat_id = ${range.chatId} AND t.user_id = ${userId}`),
  ]);
  const { inRange, senders } = period;
  const streaks = computeStreaks(rest?.days ?? [], today);
  const first = rest?.first_ms;
  const last = rest?.last_ms;
  return {
    userId,
    messages: inRange?.messages ?? 0,
    share: inRange && inRange.total > 0 ? inRange.messages / inRange.total : 0,
    rank: inRange?.rank ?? null,
    senders,
    activeDays: inRange?.active_days ?? 0,
    replies: inRange?.replies ?? 0,
    media: inRange?.media ?? 0,
    currentStreak: streaks.current,
    longestStreak: streaks.longest,
    firstSeen: first ? new Date(first) : null,
    lastSeen: last ? new Date(last) : null,
    reactionsReceived: rest?.received ?? 0,
  };
}

/**
 * The member's totals and rank in a range from the per-member days (ranges without a current
 * window: other than a standard period ending today, or a chat whose windows wait for a refresh).
 */
async function memberInRangeFromDays(database: Database, range: Range, userId: number): Promise<WindowMember> {
  const [inRange] = await database.rows<{
    messages: number;
    active_days: number;
    replies: number;
    media: number;
    rank: number;
    senders: number;
    total: number;
  }>(sql`
    WITH per_sender AS (
      SELECT user_id, sum(messages)::int AS messages, count(*)::int AS active_days,
             sum(replies)::int AS replies, sum(media)::int AS media
      FROM chat_user_daily_activity
      WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}
      GROUP BY user_id
    ),
    -- Members who opted out are not ranked (nor counted among those ranked); their messages
    -- still count in the chat's total that shares are taken of.
    ranked AS (
      SELECT *, rank() OVER (ORDER BY messages DESC)::int AS rank, count(*) OVER ()::int AS senders
      FROM per_sender p
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id AND u.opted_out)
    )
    SELECT messages, active_days, replies, media, rank, senders,
           (SELECT sum(messages)::int FROM per_sender) AS total
    FROM ranked WHERE user_id = ${userId}`);
  if (inRange) return { inRange, senders: inRange.senders };
  // Not among those ranked: count them on their own.
  const [ranked] = await database.rows<{ senders: number }>(sql`
    SELECT count(DISTINCT d.user_id)::int AS senders FROM chat_user_daily_activity d
    WHERE d.chat_id = ${range.chatId} AND d.day BETWEEN ${range.firstDay} AND ${range.lastDay}
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = d.user_id AND u.opted_out)`);
  return { inRange: null, senders: ranked?.senders ?? 0 };
}

/** Streaks over sorted local days (YYYY-MM-DD). */
export function computeStreaks(days: readonly string[], today: string): { current: number; longest: number } {
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const day of days) {
    run = previous !== undefined && addDays(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const last = days.at(-1);
  const current = last === today || last === addDays(today, -1) ? run : 0;
  return { current, longest };
}

/** Chats where a user has written, most recent first (for /me in private), with each chat's timezone setting. */
export async function getChatsOfUser(
  database: Database,
  userId: number,
): Promise<{ chatId: number; title: string; timezone: string | null; messages: number; lastSeen: Date }[]> {
  const rows = await database.rows<{
    chat_id: number;
    title: string | null;
    timezone: string | null;
    messages: number;
    last_ms: number;
  }>(sql`
    SELECT t.chat_id, c.title, c.timezone, t.messages,
           (extract(epoch FROM t.last_message_at) * 1000)::float8 AS last_ms
    FROM chat_member_totals t JOIN chats c ON c.id = t.chat_id
    WHERE t.user_id = ${userId} AND t.messages > 0 AND c.type IN ('group', 'supergroup')
    ORDER BY last_ms DESC
    LIMIT 50`);
  return rows.map((r) => ({
    chatId: r.chat_id,
    title: r.title ?? String(r.chat_id),
    timezone: r.timezone,
    messages: r.messages,
    lastSeen: new Date(r.last_ms),
  }));
}
