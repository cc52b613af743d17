// The rollups a chat should have, recounted from messages and member_events with the counting
// rules written out independently of the writer's SQL, next to what the rollup tables hold.
// Bot commands count in no rollup.
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";

export interface RollupContents {
  hourly: Record<string, unknown>[];
  daily: Record<string, unknown>[];
  activeSenders: Record<string, unknown>[];
  kinds: Record<string, unknown>[];
  memberTotals: Record<string, unknown>[];
  replyStats: Record<string, unknown>[];
  replyTimes: Record<string, unknown>[];
  reactionCounts: Record<string, unknown>[];
  reactionDays: Record<string, unknown>[];
  memberReactionDays: Record<string, unknown>[];
}

/** Days, then reactions in code-unit order (the database's collation may differ from JavaScript's). */
const byDayAndReaction = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.day).localeCompare(String(b.day)) || (String(a.reaction) < String(b.reaction) ? -1 : 1);

/** Senders, then days and reactions as above. */
const bySenderDayAndReaction = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Number(a.sender_id) - Number(b.sender_id) || byDayAndReaction(a, b);

const ts = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')`);

/** What the rollup tables hold for one chat, as plain comparable values. */
export async function storedRollups(database: Database, chatId: number): Promise<RollupContents> {
  const hourly = await database.rows(sql`
    SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, messages, text_chars::int AS text_chars,
           media, replies, forwards, service_messages, joins, leaves
    FROM chat_hourly_activity WHERE chat_id = ${chatId} ORDER BY hour`);
  const daily = await database.rows(sql`
    SELECT user_id, day, messages, text_chars::int AS text_chars, media, replies, forwards,
           to_char(first_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS first_message_at,
           to_char(last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS last_message_at
    FROM chat_user_daily_activity WHERE chat_id = ${chatId} ORDER BY user_id, day`);
  const activeSenders = await database.rows(sql`
    SELECT day, active_senders FROM chat_daily_activity WHERE chat_id = ${chatId} ORDER BY day`);
  const kinds = await database.rows(sql`
    SELECT day, kind, messages FROM chat_daily_kinds WHERE chat_id = ${chatId} ORDER BY day, kind`);
  const memberTotals = await database.rows(sql`
    SELECT user_id, messages, text_chars::int AS text_chars, media, replies, forwards, active_days,
           ${ts("first_message_at")} AS first_message_at, ${ts("last_message_at")} AS last_message_at
    FROM chat_member_totals WHERE chat_id = ${chatId} ORDER BY user_id`);
  const replyStats = await database.rows(sql`
    SELECT message_id, ${ts("date")} AS date, replies, ${ts("first_reply_at")} AS first_reply_at,
           first_reply_day, first_reply_seconds
    FROM message_reply_stats WHERE chat_id = ${chatId} ORDER BY message_id`);
  const replyTimes = await database.rows(sql`
    SELECT day, bucket::int AS bucket, replies FROM chat_daily_reply_times
    WHERE chat_id = ${chatId} AND replies <> 0 ORDER BY day, bucket`);
  const reactionCounts = await database.rows(sql`
    SELECT message_id, reaction, count, day, sender_id FROM message_reaction_counts
    WHERE chat_id = ${chatId} ORDER BY message_id, reaction COLLATE "C"`);
  const reactionDays = await database.rows(sql`
    SELECT day, reaction, count FROM chat_daily_reactions WHERE chat_id = ${chatId} AND count <> 0`);
  reactionDays.sort(byDayAndReaction);
  const memberReactionDays = await database.rows(sql`
    SELECT sender_id, day, reaction, count FROM chat_member_daily_reactions WHERE chat_id = ${chatId} AND count <> 0`);
  memberReactionDays.sort(bySenderDayAndReaction);
  return {
    hourly,
    daily,
    activeSenders,
    kinds,
    memberTotals,
    replyStats,
    replyTimes,
    reactionCounts,
    reactionDays,
    memberReactionDays,
  };
}

/** The same tables recounted from the chat's stored messages and member events, days in `timezone`. */
export async function recountedRollups(database: Database, chatId: number, timezone: string): Promise<RollupContents> {
  const hourly = await database.rows(sql`
    WITH counted AS (
      SELECT date_trunc('hour', date, 'UTC') AS hour,
             count(*) FILTER (WHERE kind <> 'service') AS messages,
             coalesce(sum(text_length) FILTER (WHERE kind <> 'service'), 0) AS text_chars,
             count(*) FILTER (WHERE kind NOT IN ('text', 'service')) AS media,
             count(*) FILTER (WHERE kind <> 'service' AND reply_to_message_id IS NOT NULL) AS replies,
             count(*) FILTER (WHERE kind <> 'service' AND forward_origin IS NOT NULL) AS forwards,
             count(*) FILTER (WHERE kind = 'service') AS service_messages
      FROM messages WHERE chat_id = ${chatId} AND kind <> 'command' GROUP BY 1
    ),
    movement AS (
      SELECT date_trunc('hour', occurred_at, 'UTC') AS hour, count(*) FILTER (WHERE kind = 'join') AS joins,
             count(*) FILTER (WHERE kind <> 'join') AS leaves
      FROM member_events WHERE chat_id = ${chatId} GROUP BY 1
    )
    SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, coalesce(c.messages, 0)::int AS messages,
           coalesce(c.text_chars, 0)::int AS text_chars, coalesce(c.media, 0)::int AS media,
           coalesce(c.replies, 0)::int AS replies, coalesce(c.forwards, 0)::int AS forwards,
           coalesce(c.service_messages, 0)::int AS service_messages, coalesce(m.joins, 0)::int AS joins,
           coalesce(m.leaves, 0)::int AS leaves
    FROM counted c FULL JOIN movement m USING (hour) ORDER BY hour`);
  const daily = await database.rows(sql`
    SELECT coalesce(user_id, sender_chat_id) AS user_id, to_char(date AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day,
           count(*)::int AS messages, sum(text_length)::int AS text_chars,
           count(*) FILTER (WHERE kind <> 'text')::int AS media,
           count(*) FILTER (WHERE reply_to_message_id IS NOT NULL)::int AS replies,
           count(*) FILTER (WHERE forward_origin IS NOT NULL)::int AS forwards,
           to_char(min(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS first_message_at,
           to_char(max(date) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS last_message_at
    FROM messages
    WHERE chat_id = ${chatId} AND kind NOT IN ('service', 'command') AND coalesce(user_id, sender_chat_id) IS NOT NULL
      AND member_state = 0
    GROUP BY 1, 2 ORDER BY 1, 2`);
  // Active senders: whoever the writer counted that day, members erased since included.
  const senderDays = await database.rows<{ day: string }>(sql`
    SELECT DISTINCT coalesce(user_id, sender_chat_id) AS user_id, to_char(date AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day
    FROM messages
    WHERE chat_id = ${chatId} AND kind NOT IN ('service', 'command') AND coalesce(user_id, sender_chat_id) IS NOT NULL
      AND member_state <> 1`);
  const days = new Map<string, number>();
  for (const row of senderDays) days.set(row.day, (days.get(row.day) ?? 0) + 1);
  const activeSenders = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, count]) => ({ day, active_senders: count }));
  const kinds = await database.rows(sql`
    SELECT to_char(date AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day, kind, count(*)::int AS messages
    FROM messages WHERE chat_id = ${chatId} AND kind NOT IN ('service', 'command') GROUP BY 1, 2 ORDER BY 1, 2`);
  // Per member, the sum of their days (recounted above).
  const members = new Map<unknown, Record<string, unknown>>();
  for (const d of daily) {
    const m = members.get(d.user_id);
    if (!m) {
      members.set(d.user_id, { ...d, active_days: 1 });
      continue;
    }
    for (const k of ["messages", "text_chars", "media", "replies", "forwards"])
      m[k] = (m[k] as number) + (d[k] as number);
    m.active_days = (m.active_days as number) + 1;
    if ((d.first_message_at as string) < (m.first_message_at as string)) m.first_message_at = d.first_message_at;
    if ((d.last_message_at as string) > (m.last_message_at as string)) m.last_message_at = d.last_message_at;
  }
  const memberTotals = [...members.values()]
    .map(({ day: _day, ...m }) => ({
      user_id: m.user_id,
      messages: m.messages,
      text_chars: m.text_chars,
      media: m.media,
      replies: m.replies,
      forwards: m.forwards,
      active_days: m.active_days,
      first_message_at: m.first_message_at,
      last_message_at: m.last_message_at,
    }))
    .sort((a, b) => Number(a.user_id) - Number(b.user_id));
  // Replied-to messages (not commands): replies that are neither service messages nor
  // commands; the first reply is the earliest by someone else at or after the message.
  const replyStats = await database.rows(sql`
    SELECT p.message_id, ${ts("p.date")} AS date, count(*)::int AS replies,
           ${ts("min(r.date) FILTER (WHERE r.date >= p.date AND coalesce(r.user_id, r.sender_chat_id) IS DISTINCT FROM coalesce(p.user_id, p.sender_chat_id))")} AS first_reply_at,
           to_char(min(r.date) FILTER (WHERE r.date >= p.date AND coalesce(r.user_id, r.sender_chat_id) IS DISTINCT FROM coalesce(p.user_id, p.sender_chat_id)) AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS first_reply_day,
           floor(extract(epoch FROM min(r.date) FILTER (WHERE r.date >= p.date AND coalesce(r.user_id, r.sender_chat_id) IS DISTINCT FROM coalesce(p.user_id, p.sender_chat_id)) - p.date))::int AS first_reply_seconds
    FROM messages p JOIN messages r ON r.chat_id = p.chat_id AND r.reply_to_message_id = p.message_id
    WHERE p.chat_id = ${chatId} AND p.kind <> 'command' AND r.kind NOT IN ('service', 'command')
    GROUP BY p.message_id, p.date, p.user_id, p.sender_chat_id ORDER BY p.message_id`);
  // Reactions of stored messages that are not commands: per message, Telegram's aggregate
  // counts when it has them, else one per visible reactor; summed per local day.
  const reactionCounts = await database.rows(sql`
    WITH per_message AS (
      SELECT r.message_id, r.reaction, r.user_id, r.count,
             bool_or(r.user_id IS NULL) OVER (PARTITION BY r.message_id) AS has_aggregate
      FROM message_reactions r WHERE r.chat_id = ${chatId}
    )
    SELECT p.message_id, p.reaction,
           sum(CASE WHEN p.has_aggregate THEN coalesce(CASE WHEN p.user_id IS NULL THEN p.count END, 0) ELSE 1 END)::int AS count,
           to_char(m.date AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day, coalesce(m.user_id, m.sender_chat_id) AS sender_id
    FROM per_message p JOIN messages m ON m.chat_id = ${chatId} AND m.message_id = p.message_id AND m.kind <> 'command'
    GROUP BY p.message_id, p.reaction, m.date, m.user_id, m.sender_chat_id
    HAVING sum(CASE WHEN p.has_aggregate THEN coalesce(CASE WHEN p.user_id IS NULL THEN p.count END, 0) ELSE 1 END) > 0
    ORDER BY p.message_id, p.reaction COLLATE "C"`);
  const byDay = new Map<string, { day: unknown; reaction: unknown; count: number }>();
  for (const r of reactionCounts) {
    const key = `${r.day} ${r.reaction}`;
    const cell = byDay.get(key) ?? { day: r.day, reaction: r.reaction, count: 0 };
    cell.count += r.count as number;
    byDay.set(key, cell);
  }
  const reactionDays = [...byDay.values()].sort(byDayAndReaction);
  const bySender = new Map<string, { sender_id: unknown; day: unknown; reaction: unknown; count: number }>();
  for (const r of reactionCounts) {
    if (r.sender_id === null) continue;
    const key = `${r.sender_id} ${r.day} ${r.reaction}`;
    const cell = bySender.get(key) ?? { sender_id: r.sender_id, day: r.day, reaction: r.reaction, count: 0 };
    cell.count += r.count as number;
    bySender.set(key, cell);
  }
  const memberReactionDays = [...bySender.values()].sort(bySenderDayAndReaction);
  const answered = replyStats.filter((r) => r.first_reply_seconds !== null);
  const rest = { reactionCounts, reactionDays, memberReactionDays };
  if (answered.length === 0)
    return { hourly, daily, activeSenders, kinds, memberTotals, replyStats, replyTimes: [], ...rest };
  const replyTimes = await database.rows(sql`
    SELECT day, bucket, count(*)::int AS replies FROM (
      SELECT d.day, (CASE WHEN s < 60 THEN s ELSE 60 + floor(ln(s / 60.0) / ln(1.05)) END)::int AS bucket
      FROM (VALUES ${sql.join(
        answered.map((r) => sql`(${r.first_reply_day}, ${r.first_reply_seconds}::int)`),
        sql`, `,
      )}) AS d(day, s)
    ) b GROUP BY 1, 2 ORDER BY 1, 2`);
  return { hourly, daily, activeSenders, kinds, memberTotals, replyStats, replyTimes, ...rest };
}
