// Who talks: the leaderboard of senders over a range, from the daily per-sender rollup, or
// from the all-time member totals when the range holds the chat's whole history.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { type CurrentWindow, currentWindow, windowSenderTotals, windowTopSenders } from "./member-windows.js";
import { getSenderNames } from "./names.js";
import { clampTopN } from "./period.js";
import type { Range } from "./range.js";

export interface TopSender {
  senderId: number;
  name: string;
  messages: number;
  share: number;
}

export async function getTopSenders(database: Database, range: Range, limit = 10): Promise<TopSender[]> {
  const n = clampTopN(limit);
  // Members who opted out are never listed; their messages still count in the total the
  // shares are taken of.
  const source = await senderSource(database, range);
  const rows =
    source.kind === "window"
      ? await windowTopSenders(database, source.window, n)
      : source.kind === "all"
        ? await database.prepared<{ sender_id: number; messages: number; total: number }>(sql`
        SELECT t.user_id AS sender_id, t.messages, ${allTimeTotal(range, source.window)} AS total
        FROM chat_member_totals t
        WHERE t.chat_id = ${range.chatId} AND t.messages > 0
          -- A primary-key probe per member read, in the rank index's order, until n are found
          -- (NOT EXISTS became a scan of every user who ever opted out, and the order has to be
          -- the index's, NULLS LAST, for the scan to stop at n).
          AND (SELECT u.opted_out FROM users u WHERE u.id = t.user_id) IS NOT TRUE
        ORDER BY t.messages DESC NULLS LAST, t.user_id
        LIMIT ${n}`)
        : await database.rows<{ sender_id: number; messages: number; total: number }>(sql`
        SELECT sender_id, messages, total FROM (
          SELECT user_id AS sender_id, sum(messages)::int AS messages, sum(sum(messages)) OVER ()::int AS total
          FROM chat_user_daily_activity
          WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}
          GROUP BY user_id
        ) s
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.sender_id AND u.opted_out)
        ORDER BY messages DESC, sender_id
        LIMIT ${n}`);
  const names = await getSenderNames(
    database,
    rows.map((r) => r.sender_id),
  );
  return rows.map((r) => ({
    senderId: r.sender_id,
    name: names.get(r.sender_id) ?? String(r.sender_id),
    messages: r.messages,
    share: r.total > 0 ? r.messages / r.total : 0,
  }));
}

/** Everyone who wrote in the range and how much: the whole that a top list is the head of. */
export async function getSenderTotals(
  database: Database,
  range: Range,
): Promise<{ senders: number; messages: number }> {
  const source = await senderSource(database, range);
  if (source.kind === "window") return windowSenderTotals(database, source.window);
  const [row] =
    source.kind === "all"
      ? await database.rows<{ senders: number; messages: number }>(sql`
        SELECT count(*)::int AS senders, coalesce(sum(messages), 0)::int AS messages
        FROM chat_member_totals WHERE chat_id = ${range.chatId} AND messages > 0`)
      : await database.rows<{ senders: number; messages: number }>(sql`
        SELECT count(DISTINCT user_id)::int AS senders, coalesce(sum(messages), 0)::int AS messages
        FROM chat_user_daily_activity
        WHERE chat_id = ${range.chatId} AND day BETWEEN ${range.firstDay} AND ${range.lastDay}`);
  return { senders: row?.senders ?? 0, messages: row?.messages ?? 0 };
}

/**
 * Every message of the chat, the whole that all-time shares are of: a current window's
 * (every day but today) and the days since, instead of a sum over every member.
 */
function allTimeTotal(range: Range, window: CurrentWindow | null) {
  return window
    ? sql`((SELECT messages FROM chat_window_totals WHERE chat_id = ${range.chatId} AND days = ${window.days})
          + (SELECT coalesce(sum(messages), 0) FROM chat_user_daily_activity
             WHERE chat_id = ${range.chatId} AND day >= ${window.today}))::int`
    : sql`(SELECT sum(messages)::int FROM chat_member_totals WHERE chat_id = ${range.chatId})`;
}

/**
 * Where a range's senders are counted from: the all-time member totals when the range holds
 * the chat's whole history, a current member window for a standard period ending today, the
 * per-member days otherwise.
 */
async function senderSource(
  database: Database,
  range: Range,
): Promise<
  { kind: "all"; window: CurrentWindow | null } | { kind: "window"; window: CurrentWindow } | { kind: "days" }
> {
  // Both answers are needed either way: asked at once.
  const [all, window] = await Promise.all([coversAllDays(database, range), currentWindow(database, range)]);
  if (all) return { kind: "all", window };
  return window ? { kind: "window", window } : { kind: "days" };
}

/**
 * Whether the range holds every day the chat has senders on ("all", or a long period of a
 * young chat): then the all-time member totals answer, one row per member instead of one
 * per member and day. Two primary-key probes.
 */
export async function coversAllDays(database: Database, range: Range): Promise<boolean> {
  const [row] = await database.prepared<{ outside: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM chat_daily_activity WHERE chat_id = ${range.chatId} AND day < ${range.firstDay})
        OR EXISTS (SELECT 1 FROM chat_daily_activity WHERE chat_id = ${range.chatId} AND day > ${range.lastDay}) AS outside`);
  return row?.outside === false;
}
