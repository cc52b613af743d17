// The numbers behind the weekly recap, one query per part. Volumes, days, hours and joins
// come from the rollups (chat_hourly_activity, chat_user_daily_activity); only the top
// messages, reactions and a channel's posts read `messages`, bounded by chat_id and the week.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Week } from "../reports/weeks.js";
import { getChannelPosts, getSubscriberCounts } from "./channels.js";
import { getTopMessagesByReactions, getTopMessagesByReplies } from "./conversations.js";
import { getSenderNames } from "./names.js";
import { addDays, zonedMidnight } from "./period.js";
import type { Range } from "./range.js";

export interface RecapChat {
  id: number;
  type: string;
  title: string;
  username: string | null;
  memberCount: number | null;
}

export async function getRecapChat(database: Database, chatId: number): Promise<RecapChat | undefined> {
  const [row] = await database.rows<{
    id: number;
    type: string;
    title: string | null;
    username: string | null;
    member_count: number | null;
  }>(sql`SELECT id, type, title, username, member_count FROM chats WHERE id = ${chatId}`);
  if (!row) return undefined;
  return {
    id: row.id,
    type: row.type,
    title: row.title?.trim() || String(row.id),
    username: row.username,
    memberCount: row.member_count,
  };
}

/** A week as a query range (instants for hourly data, local days for daily data). */
export function weekRange(chatId: number, week: Week): Range {
  return {
    chatId,
    timezone: week.timezone,
    start: week.startsAt,
    end: week.endsAt,
    firstDay: week.start,
    lastDay: week.end,
  };
}

export interface RecapActivity {
  messages: number;
  previousMessages: number;
  replies: number;
  reactions: number;
  /** People (not chats posting as themselves) with at least one message. */
  activeMembers: number;
  previousActiveMembers: number;
  days: { day: string; messages: number; activeMembers: number }[];
  heatmap: number[][];
  busiest: { weekday: number; hour: number; messages: number } | null;
}

/** The week's volume, its shape by day and hour, and the previous week's volume for the change. */
export async function getRecapActivity(database: Database, chatId: number, week: Week): Promise<RecapActivity> {
  const tz = week.timezone;
  const previousStart = addDays(week.start, -7);
  const previousStartsAt = zonedMidnight(previousStart, tz);
  const [hours, people, reactions] = await Promise.all([
    database.rows<{ day: string; dow: number; hour: number; messages: number; replies: number }>(sql`
      SELECT to_char(hour AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day,
             (extract(isodow FROM hour AT TIME ZONE ${tz}) - 1)::int AS dow,
             extract(hour FROM hour AT TIME ZONE ${tz})::int AS hour,
             sum(messages)::int AS messages, sum(replies)::int AS replies
      FROM chat_hourly_activity
      WHERE chat_id = ${chatId} AND hour >= ${previousStartsAt.toISOString()} AND hour < ${week.endsAt.toISOString()}
        AND messages > 0
      GROUP BY 1, 2, 3`),
    database.rows<{ day: string | null; active: number; previous_active: number }>(sql`
      SELECT day::text AS day, count(*)::int AS active, 0 AS previous_active
      FROM chat_user_daily_activity
      WHERE chat_id = ${chatId} AND day BETWEEN ${week.start} AND ${week.end} AND user_id > 0
      GROUP BY day
      UNION ALL
      SELECT NULL, count(DISTINCT user_id) FILTER (WHERE day >= ${week.start})::int,
             count(DISTINCT user_id) FILTER (WHERE day < ${week.start})::int
      FROM chat_user_daily_activity
      WHERE chat_id = ${chatId} AND day BETWEEN ${previousStart} AND ${week.end} AND user_id > 0`),
    countReactions(database, weekRange(chatId, week)),
  ]);

  const days = Array.from({ length: 7 }, (_, i) => ({ day: addDays(week.start, i), messages: 0, activeMembers: 0 }));
  const byDay = new Map(days.map((d) => [d.day, d]));
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let messages = 0;
  let previousMessages = 0;
  let replies = 0;
  for (const h of hours) {
    if (h.day >= week.start && h.day <= week.end) {
      messages += h.messages;
      replies += h.replies;
      const d = byDay.get(h.day);
      if (d) d.messages += h.messages;
      const row = heatmap[h.dow] as number[];
      row[h.hour] = (row[h.hour] ?? 0) + h.messages;
    } else if (h.day >= previousStart && h.day < week.start) {
      previousMessages += h.messages;
    }
  }
  let activeMembers = 0;
  let previousActiveMembers = 0;
  for (const p of people) {
    if (p.day === null) {
      activeMembers = p.active;
      previousActiveMembers = p.previous_active;
    } else {
      const d = byDay.get(p.day);
      if (d) d.activeMembers = p.active;
    }
  }
  let busiest: RecapActivity["busiest"] = null;
  heatmap.forEach((row, weekday) => {
    row.forEach((count, hour) => {
      if (count > 0 && (!busiest || count > busiest.messages)) busiest = { weekday, hour, messages: count };
    });
  });
  return {
    messages,
    previousMessages,
    replies,
    reactions,
    activeMembers,
    previousActiveMembers,
    days,
    heatmap,
    busiest,
  };
}

/**
 * Reactions on messages sent in the range: per message the aggregate tier (Telegram's full
 * count) when present, otherwise the visible per-user reactions. Commands left out.
 */
async function countReactions(database: Database, range: Range): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`
    SELECT coalesce(sum(n), 0)::int AS n FROM (
      SELECT CASE WHEN bool_or(r.user_id IS NULL) THEN coalesce(sum(r.count) FILTER (WHERE r.user_id IS NULL), 0)
                  ELSE count(*) FILTER (WHERE r.user_id IS NOT NULL) END AS n
      FROM messages m
      JOIN message_reactions r ON r.chat_id = m.chat_id AND r.message_id = m.message_id
      WHERE m.chat_id = ${range.chatId} AND m.date >= ${range.start.toISOString()} AND m.date < ${range.end.toISOString()}
        AND m.kind <> 'command'
      GROUP BY m.message_id
    ) per_message`);
  return row?.n ?? 0;
}

export interface RecapMembers {
  joins: number;
  leaves: number;
  /** The member count recorded last up to the week's last day (chat_daily_snapshots). */
  memberCount: number | null;
}

/** Joins and leaves (kicks and bans count as leaves) from the hourly rollup; the member count from snapshots. */
export async function getRecapMembers(database: Database, chatId: number, week: Week): Promise<RecapMembers> {
  const [row] = await database.rows<{ joins: number; leaves: number; member_count: number | null }>(sql`
    SELECT
      (SELECT coalesce(sum(joins), 0)::int FROM chat_hourly_activity
        WHERE chat_id = ${chatId} AND hour >= ${week.startsAt.toISOString()} AND hour < ${week.endsAt.toISOString()}) AS joins,
      (SELECT coalesce(sum(leaves), 0)::int FROM chat_hourly_activity
        WHERE chat_id = ${chatId} AND hour >= ${week.startsAt.toISOString()} AND hour < ${week.endsAt.toISOString()}) AS leaves,
      (SELECT value::float8 FROM chat_daily_snapshots
        WHERE chat_id = ${chatId} AND metric = 'member_count' AND value IS NOT NULL AND date <= ${week.end}
        ORDER BY date DESC LIMIT 1) AS member_count`);
  return { joins: row?.joins ?? 0, leaves: row?.leaves ?? 0, memberCount: row?.member_count ?? null };
}

export interface RecapPodium {
  top: { senderId: number; name: string; messages: number }[];
  newcomer: { senderId: number; name: string; messages: number; joinedAt: Date } | null;
}

/**
 * The top three people of the week and its newcomer: someone whose first join to the chat
 * falls in the week and who wrote the most of those (earliest join on a tie). People only:
 * no bots, no chats posting as themselves, never a member who opted out.
 */
export async function getRecapPodium(database: Database, chatId: number, week: Week): Promise<RecapPodium> {
  const [top, newcomers] = await Promise.all([
    database.rows<{ sender_id: number; messages: number }>(sql`
      SELECT s.user_id AS sender_id, s.messages FROM (
        SELECT user_id, sum(messages)::int AS messages FROM chat_user_daily_activity
        WHERE chat_id = ${chatId} AND day BETWEEN ${week.start} AND ${week.end} AND user_id > 0
        GROUP BY user_id
      ) s
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND (u.opted_out OR u.is_bot))
      ORDER BY s.messages DESC, s.user_id
      LIMIT 3`),
    database.rows<{ sender_id: number; messages: number; joined_ms: number }>(sql`
      WITH joined AS (
        SELECT user_id, min(occurred_at) AS joined_at FROM member_events
        WHERE chat_id = ${chatId} AND kind = 'join'
          AND occurred_at >= ${week.startsAt.toISOString()} AND occurred_at < ${week.endsAt.toISOString()}
        GROUP BY user_id
      )
      SELECT j.user_id AS sender_id, coalesce(sum(d.messages), 0)::int AS messages,
             (extract(epoch FROM j.joined_at) * 1000)::float8 AS joined_ms
      FROM joined j
      LEFT JOIN chat_user_daily_activity d
        ON d.chat_id = ${chatId} AND d.user_id = j.user_id AND d.day BETWEEN ${week.start} AND ${week.end}
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = j.user_id AND (u.opted_out OR u.is_bot))
        AND NOT EXISTS (SELECT 1 FROM member_events e WHERE e.chat_id = ${chatId} AND e.user_id = j.user_id
                        AND e.kind = 'join' AND e.occurred_at < ${week.startsAt.toISOString()})
      GROUP BY j.user_id, j.joined_at
      HAVING coalesce(sum(d.messages), 0) > 0
      ORDER BY messages DESC, j.joined_at, j.user_id
      LIMIT 1`),
  ]);
  const names = await getSenderNames(database, [...top.map((r) => r.sender_id), ...newcomers.map((r) => r.sender_id)]);
  const name = (id: number) => names.get(id) ?? String(id);
  const newcomer = newcomers[0];
  return {
    top: top.map((r) => ({ senderId: r.sender_id, name: name(r.sender_id), messages: r.messages })),
    newcomer: newcomer
      ? {
          senderId: newcomer.sender_id,
          name: name(newcomer.sender_id),
          messages: newcomer.messages,
          joinedAt: new Date(newcomer.joined_ms),
        }
      : null,
  };
}

export interface RecapTopMessage {
  messageId: number;
  date: Date;
  senderName: string | null;
  kind: string;
  text: string | null;
  count: number;
}

/** The most-reacted and most-replied message of the week (opted-out members' messages never). */
export async function getRecapTopMessages(
  database: Database,
  chatId: number,
  week: Week,
): Promise<{ reacted: RecapTopMessage[]; replied: RecapTopMessage[] }> {
  const range = weekRange(chatId, week);
  const [reacted, replied] = await Promise.all([
    getTopMessagesByReactions(database, range, 1),
    getTopMessagesByReplies(database, range, 1),
  ]);
  const shape = (m: (typeof reacted)[number]): RecapTopMessage => ({
    messageId: m.messageId,
    date: m.date,
    senderName: m.senderName,
    kind: m.kind,
    text: m.preview,
    count: m.count,
  });
  return { reacted: reacted.map(shape), replied: replied.map(shape) };
}

/** Messages and active people per week for `weeks` weeks ending with `week`, oldest first, gaps as zeros. */
export async function getRecapTrend(
  database: Database,
  chatId: number,
  week: Week,
  weeks: number,
): Promise<{ weekStart: string; isoWeek: number; messages: number; activeMembers: number }[]> {
  const tz = week.timezone;
  const firstDay = addDays(week.start, -7 * (weeks - 1));
  const from = zonedMidnight(firstDay, tz);
  const [volume, people] = await Promise.all([
    database.rows<{ week: string; messages: number }>(sql`
      SELECT to_char(date_trunc('week', hour AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS week, sum(messages)::int AS messages
      FROM chat_hourly_activity
      WHERE chat_id = ${chatId} AND hour >= ${from.toISOString()} AND hour < ${week.endsAt.toISOString()}
      GROUP BY 1`),
    database.rows<{ week: string; active: number }>(sql`
      SELECT to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS week, count(DISTINCT user_id)::int AS active
      FROM chat_user_daily_activity
      WHERE chat_id = ${chatId} AND day BETWEEN ${firstDay} AND ${week.end} AND user_id > 0
      GROUP BY 1`),
  ]);
  const messages = new Map(volume.map((r) => [r.week, r.messages]));
  const active = new Map(people.map((r) => [r.week, r.active]));
  return Array.from({ length: weeks }, (_, i) => {
    const start = addDays(firstDay, 7 * i);
    return {
      weekStart: start,
      isoWeek: isoWeekOf(start),
      messages: messages.get(start) ?? 0,
      activeMembers: active.get(start) ?? 0,
    };
  });
}

function isoWeekOf(monday: string): number {
  const thursday = addDays(monday, 3);
  const jan1 = Date.UTC(Number(thursday.slice(0, 4)), 0, 1);
  return Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / (7 * 86_400_000)) + 1;
}

export interface RecapChannelNumbers {
  posts: number;
  viewsPerPost: number | null;
  forwards: number | null;
  reactions: number;
  err: number | null;
  subscribers: number | null;
  subscriberChange: number | null;
  topPost: (RecapTopMessage & { views: number | null; reactions: number }) | null;
  missing: ("views" | "forwards" | "subscribers")[];
}

/**
 * A channel's week: posts, views and forwards where the user session read them (the Bot API
 * never sees them), reactions, ERR and the subscriber change from the daily snapshots.
 */
export async function getRecapChannel(database: Database, chatId: number, week: Week): Promise<RecapChannelNumbers> {
  const range = weekRange(chatId, week);
  // The subscriber change spans from the count before the week to its last day.
  const countsRange = { ...range, firstDay: addDays(week.start, -1) };
  const [posts, reactions, counts, top] = await Promise.all([
    getChannelPosts(database, range),
    countReactions(database, range),
    getSubscriberCounts(database, countsRange),
    database.rows<{
      message_id: number;
      date_ms: number;
      kind: string;
      text: string | null;
      views: number | null;
      reactions: number;
    }>(sql`
      WITH posts AS (
        SELECT message_id, date, kind, left(text, 120) AS text, views FROM messages
        WHERE chat_id = ${chatId} AND date >= ${week.startsAt.toISOString()} AND date < ${week.endsAt.toISOString()}
          AND kind NOT IN ('service', 'command')
      ),
      reacted AS (
        SELECT r.message_id,
               CASE WHEN bool_or(r.user_id IS NULL) THEN coalesce(sum(r.count) FILTER (WHERE r.user_id IS NULL), 0)
                    ELSE count(*) FILTER (WHERE r.user_id IS NOT NULL) END AS n
        FROM message_reactions r JOIN posts p ON p.message_id = r.message_id
        WHERE r.chat_id = ${chatId}
        GROUP BY r.message_id
      )
      SELECT p.message_id, (extract(epoch FROM p.date) * 1000)::float8 AS date_ms, p.kind, p.text,
             p.views::float8 AS views, coalesce(x.n, 0)::int AS reactions
      FROM posts p LEFT JOIN reacted x ON x.message_id = p.message_id
      ORDER BY p.views DESC NULLS LAST, reactions DESC, p.message_id
      LIMIT 1`),
  ]);
  const missing: RecapChannelNumbers["missing"] = [];
  const hasViews = posts.postsWithViews > 0;
  const hasForwards = posts.postsWithForwards > 0;
  if (posts.posts > 0 && !hasViews) missing.push("views");
  if (posts.posts > 0 && !hasForwards) missing.push("forwards");
  const startCount = counts.start && counts.start.day <= week.start ? counts.start : null;
  const endCount = counts.end && counts.end.day >= week.start ? counts.end : null;
  if (!startCount || !endCount) missing.push("subscribers");
  const t = top[0];
  return {
    posts: posts.posts,
    viewsPerPost: hasViews ? posts.views / posts.postsWithViews : null,
    forwards: hasForwards ? posts.forwards : null,
    reactions,
    err: hasViews && posts.views > 0 ? (reactions + (hasForwards ? posts.forwards : 0)) / posts.views : null,
    subscribers: counts.end?.count ?? null,
    subscriberChange: startCount && endCount ? endCount.count - startCount.count : null,
    topPost: t
      ? {
          messageId: t.message_id,
          date: new Date(t.date_ms),
          senderName: null,
          kind: t.kind,
          text: t.text,
          count: t.views ?? t.reactions,
          views: t.views,
          reactions: t.reactions,
        }
      : null,
    missing,
  };
}
