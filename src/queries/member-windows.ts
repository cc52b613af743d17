// Reading the member windows (src/ingest/member-windows.ts): a period ending today is its
// window (every complete day of it, per member and as a whole) plus today's senders. What a
// window cannot say alone is settled from today's rows only: whether each of today's senders
// was already in the window, crossed five messages today, or comes back from the period
// before. So these answers cost one row per member of today plus the top of an index, at
// any chat size. A window is used only when it is current (refreshed as of yesterday, no
// covered day written since); otherwise the callers read chat_user_daily_activity as before.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { ENGAGED_MIN_MESSAGES } from "./engagement.js";
import { addDays, bucketStart, daysBetween, nextBucket } from "./period.js";
import type { Range } from "./range.js";

const PERIOD_WINDOWS = new Set([7, 30, 90, 365]);

/** A current window that answers a range: its length (0 = all history) and the range's today. */
export interface CurrentWindow {
  chatId: number;
  days: number;
  today: string;
}

/**
 * The window that holds `range` but its last day, when the chat's windows are current and the
 * range is a standard period ending today (or all of the chat's history), and `previous`, when
 * given, is the period before it.
 */
export async function currentWindow(database: Database, range: Range, previous?: Range): Promise<CurrentWindow | null> {
  const [state] = await database.prepared<{ as_of: string; first_day: string | null; dirty: boolean }>(sql`
    SELECT as_of::text AS as_of, first_day::text AS first_day, dirty_from IS NOT NULL AS dirty
    FROM chat_window_state WHERE chat_id = ${range.chatId}`);
  if (!state || state.dirty || addDays(state.as_of, 1) !== range.lastDay) return null;
  const window = { chatId: range.chatId, today: range.lastDay };
  const length = daysBetween(range.firstDay, range.lastDay) + 1;
  if (PERIOD_WINDOWS.has(length)) {
    const isPeriodBefore =
      !previous ||
      (previous.firstDay === addDays(range.firstDay, -length) && previous.lastDay === addDays(range.firstDay, -1));
    return isPeriodBefore ? { ...window, days: length } : null;
  }
  // The whole history: every covered day is in the range, and nothing before it.
  const holdsAll = state.first_day === null || range.firstDay <= state.first_day;
  const nothingBefore = !previous || state.first_day === null || previous.lastDay < state.first_day;
  return holdsAll && nothingBefore ? { ...window, days: 0 } : null;
}

/** Each window's columns in chat_today_senders (the all-history window has no period before). */
const TODAY_COLUMNS: Record<number, { messages: string; previous: string }> = {
  7: { messages: "window_7", previous: "previous_7" },
  30: { messages: "window_30", previous: "previous_30" },
  90: { messages: "window_90", previous: "previous_90" },
  365: { messages: "window_365", previous: "previous_365" },
  0: { messages: "window_0", previous: "false" },
};

/**
 * Today's senders, each with their standing in the window (zeros when not in it), from
 * chat_today_senders: one short scan of today's rows, no probe into the window per sender.
 * The refresh fills it and triggers keep it (migration 0026), so it holds today's senders
 * whenever the window is current.
 */
function todayInWindow(window: CurrentWindow) {
  const { chatId, days, today } = window;
  const columns = TODAY_COLUMNS[days];
  if (!columns) throw new Error(`no window of ${days} days`);
  const messages = sql.raw(`t.${columns.messages}`);
  const previous = sql.raw(columns.previous === "false" ? "false" : `t.${columns.previous}`);
  return sql`
      SELECT t.user_id, t.messages, coalesce(${messages}, 0) AS window_messages,
             (${messages} IS NOT NULL)::int AS window_days, ${previous} AS in_previous
      FROM chat_today_senders t
      WHERE t.chat_id = ${chatId} AND t.day = ${today}`;
}

/** Active, engaged and retained people (user ids > 0) of the window's period, and of the period before. */
export async function windowEngagement(
  database: Database,
  window: CurrentWindow,
): Promise<{ members: number | null; active: number; engaged: number; previous_active: number; retained: number }> {
  const { chatId, days } = window;
  const [row] = await database.rows<{
    members: number | null;
    active: number;
    engaged: number;
    previous_active: number;
    retained: number;
  }>(sql`
    WITH today AS (SELECT * FROM (${todayInWindow(window)}) t WHERE t.user_id > 0)
    SELECT (SELECT member_count FROM chats WHERE id = ${chatId}) AS members,
           s.people + (SELECT count(*) FROM today WHERE window_days = 0)::int AS active,
           s.engaged + (SELECT count(*) FROM today
             WHERE NOT (window_days > 0 AND window_messages >= ${ENGAGED_MIN_MESSAGES})
               AND window_messages + messages >= ${ENGAGED_MIN_MESSAGES})::int AS engaged,
           s.previous_people AS previous_active,
           s.retained + (SELECT count(*) FROM today WHERE window_days = 0 AND in_previous)::int AS retained
    FROM chat_window_totals s WHERE s.chat_id = ${chatId} AND s.days = ${days}`);
  return row ?? { members: null, active: 0, engaged: 0, previous_active: 0, retained: 0 };
}

/**
 * The window's leaders: the top n of the window (the rank index, opted-out members skipped)
 * and today's senders are the only ones who can lead once today is added, so only they are
 * scored. Shares are of every sender's messages.
 */
export async function windowTopSenders(
  database: Database,
  window: CurrentWindow,
  n: number,
): Promise<{ sender_id: number; messages: number; total: number }[]> {
  const { chatId, days } = window;
  return database.rows(sql`
    WITH today AS (${todayInWindow(window)}),
    leaders AS (
      SELECT m.user_id FROM chat_member_windows m
      WHERE m.chat_id = ${chatId} AND m.days = ${days} AND m.position IS NOT NULL
      ORDER BY m.messages DESC NULLS LAST, m.user_id
      LIMIT ${n}
    ),
    candidates AS (SELECT user_id FROM leaders UNION SELECT user_id FROM today)
    SELECT c.user_id AS sender_id, coalesce(t.window_messages + t.messages, m.messages)::int AS messages,
           ((SELECT messages FROM chat_window_totals WHERE chat_id = ${chatId} AND days = ${days})
             + (SELECT coalesce(sum(messages), 0) FROM today))::int AS total
    FROM candidates c
    LEFT JOIN today t ON t.user_id = c.user_id
    LEFT JOIN LATERAL (
      SELECT w.messages FROM chat_member_windows w
      WHERE w.chat_id = ${chatId} AND w.days = ${days} AND w.user_id = c.user_id
      LIMIT 1
    ) m ON true
    -- Against the few members who opted out (a partial index holds them), not a probe per candidate.
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = c.user_id AND u.opted_out)
    ORDER BY messages DESC, sender_id
    LIMIT ${n}`);
}

/** Everyone who wrote in the window's period, and how much. */
export async function windowSenderTotals(
  database: Database,
  window: CurrentWindow,
): Promise<{ senders: number; messages: number }> {
  const { chatId, days } = window;
  const [row] = await database.rows<{ senders: number; messages: number }>(sql`
    WITH today AS (${todayInWindow(window)})
    SELECT (s.senders + (SELECT count(*) FROM today WHERE window_days = 0))::int AS senders,
           (s.messages + (SELECT coalesce(sum(messages), 0) FROM today))::int AS messages
    FROM chat_window_totals s WHERE s.chat_id = ${chatId} AND s.days = ${days}`);
  return { senders: row?.senders ?? 0, messages: row?.messages ?? 0 };
}

export interface WindowMember {
  /** Null when the member wrote nothing in the period, or opted out (then they are not ranked). */
  inRange: {
    messages: number;
    active_days: number;
    replies: number;
    media: number;
    rank: number;
    total: number;
  } | null;
  /** Senders ranked: those of the period who had not opted out. */
  senders: number;
}

/**
 * One member's totals in the window's period and their rank (1 + those with more messages).
 * Those with more in the window are the position of the last of them (the lowest count above
 * the member's, the highest user id of that count: the first row of the rank index read
 * backwards from there); today's senders add those whom today lifted past the member. Both
 * counts leave out members who opted out. So a rank costs the same for the 10th and the
 * 10,000th member.
 */
export async function windowMember(database: Database, window: CurrentWindow, userId: number): Promise<WindowMember> {
  const { chatId, days } = window;
  const [row] = await database.prepared<{
    messages: number | null;
    active_days: number;
    replies: number;
    media: number;
    opted_out: boolean;
    above_in_window: number;
    above_today: number;
    senders: number;
    total: number;
  }>(sql`
    WITH me AS MATERIALIZED (
      SELECT coalesce(w.messages, 0) + coalesce(t.messages, 0) AS messages,
             coalesce(w.active_days, 0) + (t.user_id IS NOT NULL)::int AS active_days,
             coalesce(w.replies, 0) + coalesce(d.replies, 0) AS replies,
             coalesce(w.media, 0) + coalesce(d.media, 0) AS media
      FROM (SELECT 1) one
      LEFT JOIN chat_member_windows w ON w.chat_id = ${chatId} AND w.days = ${days} AND w.user_id = ${userId}
        AND w.active_days > 0
      LEFT JOIN chat_today_senders t ON t.chat_id = ${chatId} AND t.user_id = ${userId} AND t.day = ${window.today}
      LEFT JOIN chat_user_daily_activity d ON d.chat_id = ${chatId} AND d.user_id = ${userId} AND d.day = ${window.today}
    ),
    -- Today's senders in one pass: those new to the window, those today lifted past the member
    -- (both only if they had not opted out), and today's messages.
    today AS (
      SELECT count(*) FILTER (WHERE t.window_days = 0 AND o.id IS NULL)::int AS newcomers,
             count(*) FILTER (WHERE t.window_messages <= me.messages AND t.window_messages + t.messages > me.messages
               AND o.id IS NULL)::int AS lifted,
             coalesce(sum(t.messages), 0)::int AS messages
      FROM me, (${todayInWindow(window)}) t
      LEFT JOIN (SELECT u.id FROM users u WHERE u.opted_out) o ON o.id = t.user_id
    )
    SELECT me.messages, me.active_days, me.replies, me.media,
           EXISTS (SELECT 1 FROM users u WHERE u.id = ${userId} AND u.opted_out) AS opted_out,
           coalesce((SELECT m.position FROM chat_member_windows m
             WHERE m.chat_id = ${chatId} AND m.days = ${days} AND m.messages > me.messages AND m.position IS NOT NULL
             ORDER BY m.messages NULLS FIRST, m.user_id DESC -- the rank index, backwards
             LIMIT 1), 0) AS above_in_window,
           today.lifted AS above_today,
           (s.ranked + today.newcomers)::int AS senders,
           (s.messages + today.messages)::int AS total
    FROM me, today, chat_window_totals s WHERE s.chat_id = ${chatId} AND s.days = ${days}`);
  if (!row) return { inRange: null, senders: 0 };
  const wrote = row.active_days > 0;
  return {
    inRange:
      wrote && !row.opted_out
        ? {
            messages: row.messages ?? 0,
            active_days: row.active_days,
            replies: row.replies,
            media: row.media,
            rank: 1 + row.above_in_window + row.above_today,
            total: row.total,
          }
        : null,
    senders: row.senders,
  };
}

/** Days of one week or month that the chart needs counted apart from the whole cached buckets. */
export interface BucketSpan {
  bucket: string;
  from: string;
  to: string;
  /**
   * Distinct senders of from … to as cached at the refresh (to being yesterday, when `today`
   * is set: today's senders not seen since `from` are to be added). Undefined: count the days.
   */
  cached?: number;
  today?: string;
}

/**
 * How to count a long chart's distinct senders per week or month: the whole buckets cached
 * (chat_bucket_senders) and, around them, spans within one bucket each (the range's partial
 * first bucket, the running one), from chat_partial_buckets when the windows are current.
 */
export async function bucketPlan(
  database: Database,
  range: Range,
  unit: "week" | "month",
): Promise<{ cached: { first: string; last: string; lastDay: string } | null; spans: BucketSpan[] }> {
  const [state] = await database.rows<{
    as_of: string;
    first_day: string | null;
    clean: boolean;
    valid_until: string | null;
  }>(sql`
    SELECT as_of::text AS as_of, first_day::text AS first_day, dirty_from IS NULL AS clean,
           (CASE WHEN dirty_from IS NULL OR dirty_from > as_of THEN as_of
                 WHEN isfinite(dirty_from) THEN dirty_from - 1 END)::text AS valid_until
    FROM chat_window_state WHERE chat_id = ${range.chatId}`);
  const whole = (from: string, to: string): BucketSpan[] => {
    // Split a run of days at bucket edges, counted from the days.
    const spans: BucketSpan[] = [];
    for (let day = from; day <= to; day = nextBucket(day, unit)) {
      const end = addDays(nextBucket(day, unit), -1);
      spans.push({ bucket: bucketStart(day, unit), from: day, to: end < to ? end : to });
    }
    return spans;
  };
  if (!state?.valid_until) return { cached: null, spans: whole(range.firstDay, range.lastDay) };
  // Nothing before the chat's first day: a bucket it starts in counts whole from there.
  const startsBucket =
    bucketStart(range.firstDay, unit) === range.firstDay ||
    (state.first_day !== null && range.firstDay <= state.first_day);
  const first = startsBucket ? bucketStart(range.firstDay, unit) : nextBucket(range.firstDay, unit);
  const limit = state.valid_until < range.lastDay ? state.valid_until : range.lastDay;
  const end = bucketStart(addDays(limit, 1), unit); // the first bucket not wholly covered
  const cached = end > first ? { first, last: bucketStart(addDays(end, -1), unit), lastDay: addDays(end, -1) } : null;
  const spans = cached
    ? [
        ...(startsBucket ? [] : whole(range.firstDay, addDays(cached.first, -1))),
        ...whole(addDays(cached.lastDay, 1), range.lastDay),
      ]
    : whole(range.firstDay, range.lastDay);
  if (!state.clean || addDays(state.as_of, 1) !== range.lastDay) return { cached, spans };
  const partials = await database.rows<{ first_day: string; last_day: string; senders: number }>(sql`
    SELECT first_day::text AS first_day, last_day::text AS last_day, senders FROM chat_partial_buckets
    WHERE chat_id = ${range.chatId} AND unit = ${unit}`);
  const partial = (from: string, to: string) =>
    partials.find((p) => p.first_day === from && p.last_day === to)?.senders;
  return {
    cached,
    spans: spans.map((span) => {
      if (span.to < range.lastDay) return { ...span, cached: partial(span.from, span.to) };
      // The running bucket: its days up to yesterday as cached, plus today.
      if (span.from === range.lastDay) return { ...span, cached: 0, today: range.lastDay };
      const upToYesterday = partial(span.from, state.as_of);
      return upToYesterday === undefined ? span : { ...span, cached: upToYesterday, today: range.lastDay };
    }),
  };
}

/** The spans whose senders the refresh caches as of `asOf`: see chat_partial_buckets. */
export function partialSpans(asOf: string): { unit: "week" | "month"; from: string; to: string }[] {
  const today = addDays(asOf, 1);
  const spans: { unit: "week" | "month"; from: string; to: string }[] = [];
  for (const unit of ["week", "month"] as const) {
    const running = bucketStart(today, unit);
    if (running <= asOf) spans.push({ unit, from: running, to: asOf });
    for (const days of PERIOD_WINDOWS) {
      const firstDay = addDays(today, 1 - days);
      if (bucketStart(firstDay, unit) === firstDay) continue;
      const end = addDays(nextBucket(firstDay, unit), -1);
      if (end < asOf) spans.push({ unit, from: firstDay, to: end });
    }
  }
  return spans.filter(
    (span, i) => spans.findIndex((o) => o.unit === span.unit && o.from === span.from && o.to === span.to) === i,
  );
}
