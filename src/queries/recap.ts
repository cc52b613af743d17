// The numbers behind the weekly recap, one query per part. A group's numbers all come from
// the rollups (hourly and daily activity, reactions, reply stats); only a channel's posts read
// `messages` (their views and forwards are per-post values the user session refreshes),
// bounded by chat_id and the week.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Week } from "../reports/weeks.js";
import { getSubscriberCounts } from "./channels.js";
import { getTopMessagesByReactions, getTopMessagesByReplies, type TopMessage } from "./conversations.js";
import { getSenderNames } from "./names.js";
import { addDays, daysBetween, zonedMidnight } from "./period.js";
import type { Range } from "./range.js";

export interface RecapChat {
  id: number;
  type: string;
  title: string;
  username: string | null;
  /** The last member count recorded up to `asOf` (chat_daily_snapshots), else chats.member_count. */
  memberCount: number | null;
}

/** The chat, and its member count as of a day (the recap week's Sunday). */
export async function getRecapChat(database: Database, chatId: number, asOf: string): Promise<RecapChat | undefined> {
  const [row] = await database.rows<{
    id: number;
    type: string;
    title: string | null;
    username: string | null;
    member_count: number | null;
    snapshot: number | null;
  }>(sql`
    SELECT id, type, title, username, member_count,
           (SELECT value::float8 FROM chat_daily_snapshots
             WHERE chat_id = ${chatId} AND metric = 'member_count' AND value IS NOT NULL AND date <= ${asOf}
             ORDER BY date DESC LIMIT 1) AS snapshot
    FROM chats WHERE id = ${chatId}`);
  if (!row) return undefined;
  return {
    id: row.id,
    type: row.type,
    title: row.title?.trim() || String(row.id),
    username: row.username,
    memberCount: row.snapshot ?? row.member_count,
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

export interface RecapTrendPoint {
  weekStart: string;
  isoWeek: number;
  messages: number;
  activeMembers: number;
}

export interface RecapActivity {
  messages: number;
  previousMessages: number;
  replies: number;
  joins: number;
  leaves: number;
  /** People (not chats posting as themselves) with at least one message. */
  activeMembers: number;
  previousActiveMembers: number;
  days: { day: string; messages: number; activeMembers: number }[];
  heatmap: number[][];
  busiest: { weekday: number; hour: number; messages: number } | null;
  /** `weeks` weeks ending with this one, oldest first, gaps as zeros. */
  trend: RecapTrendPoint[];
}

/**
 * The week's volume, shape and people, and the weeks before it, in two reads: the hourly
 * rollup over the whole trend (this week's days, hours, replies, joins and leaves are a part
 * of it, the previous week another), and the per-sender days of the trend once, counted per
 * week and per day.
 */
export async function getRecapActivity(
  database: Database,
  chatId: number,
  week: Week,
  weeks: number,
): Promise<RecapActivity> {
  const tz = week.timezone;
  const firstDay = addDays(week.start, -7 * (weeks - 1));
  const from = zonedMidnight(firstDay, tz);
  const [hours, people] = await Promise.all([
    database.rows<{
      day: string;
      dow: number;
      hour: number;
      messages: number;
      replies: number;
      joins: number;
      leaves: number;
    }>(sql`
      SELECT to_char(hour AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day,
             (extract(isodow FROM hour AT TIME ZONE ${tz}) - 1)::int AS dow,
             extract(hour FROM hour AT TIME ZONE ${tz})::int AS hour,
             sum(messages)::int AS messages, sum(replies)::int AS replies,
             sum(joins)::int AS joins, sum(leaves)::int AS leaves
      FROM chat_hourly_activity
      WHERE chat_id = ${chatId} AND hour >= ${from.toISOString()} AND hour < ${week.endsAt.toISOString()}
      GROUP BY 1, 2, 3`),
    // One pass over the trend's per-sender days, one group per person: a bit per week and a
    // bit per day of this week, then the bits are counted. Cheaper than DISTINCT (week, user)
    // or count(DISTINCT …), which hash or sort every pair.
    database.rows<Record<string, number>>(sql`
      SELECT ${sql.raw(
        [
          ...Array.from({ length: weeks }, (_, i) => `count(*) FILTER (WHERE weeks & ${1 << i} <> 0)::int AS w${i}`),
          ...Array.from({ length: 7 }, (_, i) => `count(*) FILTER (WHERE days & ${1 << i} <> 0)::int AS d${i}`),
        ].join(", "),
      )}
      FROM (
        SELECT user_id,
               bit_or(1 << ((day - ${firstDay}::date) / 7)) AS weeks,
               bit_or(CASE WHEN day >= ${week.start}::date THEN 1 << (day - ${week.start}::date) ELSE 0 END) AS days
        FROM chat_user_daily_activity
        WHERE chat_id = ${chatId} AND day BETWEEN ${firstDay} AND ${week.end} AND user_id > 0
        GROUP BY user_id
      ) people`),
  ]);

  const trend: RecapTrendPoint[] = Array.from({ length: weeks }, (_, i) => {
    const start = addDays(firstDay, 7 * i);
    return { weekStart: start, isoWeek: isoWeekOf(start), messages: 0, activeMembers: 0 };
  });
  const days = Array.from({ length: 7 }, (_, i) => ({ day: addDays(week.start, i), messages: 0, activeMembers: 0 }));
  const byDay = new Map(days.map((d) => [d.day, d]));
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  let replies = 0;
  let joins = 0;
  let leaves = 0;
  for (const h of hours) {
    const point = trend[Math.floor(daysBetween(firstDay, h.day) / 7)];
    if (point) point.messages += h.messages;
    const d = byDay.get(h.day);
    if (!d) continue;
    d.messages += h.messages;
    replies += h.replies;
    joins += h.joins;
    leaves += h.leaves;
    const row = heatmap[h.dow] as number[];
    row[h.hour] = (row[h.hour] ?? 0) + h.messages;
  }
  const counts = people[0] ?? {};
  trend.forEach((point, i) => {
    point.activeMembers = counts[`w${i}`] ?? 0;
  });
  days.forEach((d, i) => {
    d.activeMembers = counts[`d${i}`] ?? 0;
  });
  let busiest: RecapActivity["busiest"] = null;
  heatmap.forEach((row, weekday) => {
    row.forEach((count, hour) => {
      if (count > 0 && (!busiest || count > busiest.messages)) busiest = { weekday, hour, messages: count };
    });
  });
  const current = trend[weeks - 1];
  const previous = trend[weeks - 2];
  return {
    messages: current?.messages ?? 0,
    previousMessages: previous?.messages ?? 0,
    replies,
    joins,
    leaves,
    activeMembers: current?.activeMembers ?? 0,
    previousActiveMembers: previous?.activeMembers ?? 0,
    days,
    heatmap,
    busiest,
    trend,
  };
}

function isoWeekOf(monday: string): number {
  const thursday = addDays(monday, 3);
  const jan1 = Date.UTC(Number(thursday.slice(0, 4)), 0, 1);
  return Math.floor((Date.parse(`${thursday}T00:00:00Z`) - jan1) / (7 * 86_400_000)) + 1;
}

/**
 * Reactions per message (Telegram's aggregate count where present, else the visible
 * per-user reactions), for the messages of `wk`. Reactions are read by message id between
 * the week's first and last id, so the unique index serves them without a scan of every
 * reaction of the chat; the join to `wk` keeps the result exact.
 */
const reactedIn = (chatId: number) => sql`
  SELECT r.message_id,
         CASE WHEN bool_or(r.user_id IS NULL) THEN coalesce(sum(r.count) FILTER (WHERE r.user_id IS NULL), 0)
              ELSE count(*) FILTER (WHERE r.user_id IS NOT NULL) END AS n
  FROM message_reactions r
  WHERE r.chat_id = ${chatId}
    AND r.message_id >= (SELECT min(message_id) FROM wk) AND r.message_id <= (SELECT max(message_id) FROM wk)
  GROUP BY r.message_id`;

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

export interface RecapMessages {
  /** Reactions on the week's messages. */
  reactions: number;
  reacted: RecapTopMessage | null;
  replied: RecapTopMessage | null;
}

/**
 * The reactions on the week's messages, its most-reacted message and the week's message with
 * the most replies, all from the rollups (chat_daily_reactions, message_reaction_counts,
 * message_reply_stats: the same reads as /stats' top messages), so the cost follows the
 * week's reacted and replied messages, never the chat's size. Bot commands are left out, as
 * everywhere; so are the messages of members who opted out, from the two that would be shown.
 */
export async function getRecapMessages(database: Database, chatId: number, week: Week): Promise<RecapMessages> {
  const range = weekRange(chatId, week);
  const [total, reacted, replied] = await Promise.all([
    database.rows<{ n: number }>(sql`
      SELECT coalesce(sum(count), 0)::int AS n FROM chat_daily_reactions
      WHERE chat_id = ${chatId} AND day BETWEEN ${week.start} AND ${week.end}`),
    getTopMessagesByReactions(database, range, 1),
    getTopMessagesByReplies(database, range, 1),
  ]);
  const shape = (top: TopMessage | undefined): RecapTopMessage | null =>
    top
      ? {
          messageId: top.messageId,
          date: top.date,
          senderName: top.senderName,
          kind: top.kind,
          text: top.preview,
          count: top.count,
        }
      : null;
  return { reactions: total[0]?.n ?? 0, reacted: shape(reacted[0]), replied: shape(replied[0]) };
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
  const [counts, rows] = await Promise.all([
    getSubscriberCounts(database, countsRange),
    database.rows<{
      posts: number;
      with_views: number;
      views: number;
      with_forwards: number;
      forwards: number;
      reactions: number;
      message_id: number | null;
      date_ms: number | null;
      kind: string | null;
      text: string | null;
      top_views: number | null;
      top_reactions: number | null;
    }>(sql`
      WITH wk AS MATERIALIZED (
        SELECT message_id, date, kind, text, views, forwards FROM messages
        WHERE chat_id = ${chatId} AND date >= ${week.startsAt.toISOString()} AND date < ${week.endsAt.toISOString()}
          AND kind NOT IN ('service', 'command')
      ),
      per_post AS MATERIALIZED (
        SELECT w.*, coalesce(x.n, 0)::int AS reactions FROM wk w LEFT JOIN (${reactedIn(chatId)}) x ON x.message_id = w.message_id
      ),
      top AS (SELECT * FROM per_post ORDER BY views DESC NULLS LAST, reactions DESC, message_id LIMIT 1)
      SELECT count(*)::int AS posts, count(views)::int AS with_views, coalesce(sum(views), 0)::float8 AS views,
             count(forwards)::int AS with_forwards, coalesce(sum(forwards), 0)::float8 AS forwards,
             coalesce(sum(reactions), 0)::int AS reactions,
             (SELECT message_id FROM top) AS message_id,
             (SELECT (extract(epoch FROM date) * 1000)::float8 FROM top) AS date_ms,
             (SELECT kind FROM top) AS kind, (SELECT left(text, 120) FROM top) AS text,
             (SELECT views::float8 FROM top) AS top_views, (SELECT reactions FROM top) AS top_reactions
      FROM per_post`),
  ]);
  const r = rows[0];
  const posts = {
    posts: r?.posts ?? 0,
    postsWithViews: r?.with_views ?? 0,
    views: r?.views ?? 0,
    postsWithForwards: r?.with_forwards ?? 0,
    forwards: r?.forwards ?? 0,
  };
  const reactions = r?.reactions ?? 0;
  const missing: RecapChannelNumbers["missing"] = [];
  const hasViews = posts.postsWithViews > 0;
  const hasForwards = posts.postsWithForwards > 0;
  if (posts.posts > 0 && !hasViews) missing.push("views");
  if (posts.posts > 0 && !hasForwards) missing.push("forwards");
  const startCount = counts.start && counts.start.day <= week.start ? counts.start : null;
  const endCount = counts.end && counts.end.day >= week.start ? counts.end : null;
  if (!startCount || !endCount) missing.push("subscribers");
  return {
    posts: posts.posts,
    viewsPerPost: hasViews ? posts.views / posts.postsWithViews : null,
    forwards: hasForwards ? posts.forwards : null,
    reactions,
    err: hasViews && posts.views > 0 ? (reactions + (hasForwards ? posts.forwards : 0)) / posts.views : null,
    subscribers: counts.end?.count ?? null,
    subscriberChange: startCount && endCount ? endCount.count - startCount.count : null,
    topPost:
      r && r.message_id !== null
        ? {
            messageId: r.message_id,
            date: new Date(r.date_ms ?? 0),
            senderName: null,
            kind: r.kind ?? "text",
            text: r.text,
            count: r.top_views ?? r.top_reactions ?? 0,
            views: r.top_views,
            reactions: r.top_reactions ?? 0,
          }
        : null,
    missing,
  };
}
