// Refreshes the member windows (src/db/schema/windows.ts): per chat and standard period, each
// member's totals over the period's complete days, and the window's whole. A cache of
// chat_user_daily_activity that readers use only when it is current (src/queries/member-windows.ts),
// so a refresh that is late or fails costs speed, never a wrong number.
//
// One chat is one transaction. It locks the chat's state row first: a write that reaches a
// covered day meanwhile waits in its trigger for this commit, then marks the fresh windows
// dirty, so no change slips between the read and the mark.
import { sql } from "drizzle-orm";
import { type Database, type Db, queryRows } from "../db/client.js";
import { ENGAGED_MIN_MESSAGES } from "../queries/engagement.js";
import { partialSpans } from "../queries/member-windows.js";
import { addDays, localDate } from "../queries/period.js";

/** The periods with windows (days); 0 is the chat's whole history ("all"). */
export const WINDOW_DAYS = [7, 30, 90, 365, 0] as const;

export interface WindowRefresh {
  chatId: number;
  asOf: string;
  /** Member rows written over all windows. */
  rows: number;
}

/**
 * Rebuilds one chat's windows as of `asOf` (its last complete local day): the window of n days
 * holds days asOf-n+2 … asOf (the period ending tomorrow, asOf+1, less that day), and the
 * window before it asOf-2n+2 … asOf-n+1.
 */
export async function refreshChatWindows(database: Database, chatId: number, asOf: string): Promise<WindowRefresh> {
  // A chat's first state row is committed on its own, dirty from the beginning of time, so
  // that writers' triggers see it (and wait for the refresh below) from the start.
  await database.rows(sql`
    INSERT INTO chat_window_state (chat_id, as_of, dirty_from, refreshed_at)
    VALUES (${chatId}, ${asOf}, '-infinity', now())
    ON CONFLICT (chat_id) DO NOTHING`);
  return database.db.transaction(async (tx) => {
    const run = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
      queryRows<T>(tx as Pick<Db, "execute">, query);
    await run(sql`SELECT 1 FROM chat_window_state WHERE chat_id = ${chatId} FOR UPDATE`);
    await refreshBuckets(run, chatId, asOf);
    await refreshPartialBuckets(run, chatId, asOf);
    await run(sql`DELETE FROM chat_member_windows WHERE chat_id = ${chatId}`);
    await run(sql`DELETE FROM chat_window_totals WHERE chat_id = ${chatId}`);
    const windows = sql.raw(WINDOW_DAYS.map((n) => `(${n})`).join(", "));
    // Per window, every member of it or of the window before: a window's days are
    // (asOf - n + 1, asOf], the window before's (asOf - 2n + 1, asOf - n + 1]; all history for 0.
    // Ranked members (active, not opted out) get their place in the rank index's order.
    const [inserted] = await run<{ rows: number }>(sql`
      WITH members AS (
        SELECT w.n, d.user_id,
               coalesce(sum(d.messages) FILTER (WHERE w.n = 0 OR d.day > ${asOf}::date - w.n + 1), 0) AS messages,
               count(*) FILTER (WHERE w.n = 0 OR d.day > ${asOf}::date - w.n + 1) AS active_days,
               coalesce(sum(d.replies) FILTER (WHERE w.n = 0 OR d.day > ${asOf}::date - w.n + 1), 0) AS replies,
               coalesce(sum(d.media) FILTER (WHERE w.n = 0 OR d.day > ${asOf}::date - w.n + 1), 0) AS media,
               w.n > 0 AND bool_or(d.day <= ${asOf}::date - w.n + 1) AS in_previous
        FROM (VALUES ${windows}) AS w(n)
        JOIN chat_user_daily_activity d
          ON d.chat_id = ${chatId} AND d.day <= ${asOf}::date AND (w.n = 0 OR d.day > ${asOf}::date - 2 * w.n + 1)
        GROUP BY w.n, d.user_id
      ),
      ranked AS (
        SELECT m.*, m.active_days > 0 AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND u.opted_out) AS is_ranked
        FROM members m
      ),
      ins AS (
        INSERT INTO chat_member_windows (chat_id, days, user_id, messages, active_days, replies, media, in_previous, position)
        SELECT ${chatId}, n, user_id, messages, active_days, replies, media, in_previous,
               CASE WHEN is_ranked THEN row_number() OVER (PARTITION BY n, is_ranked ORDER BY messages DESC, user_id) END
        FROM ranked
        RETURNING 1
      )
      SELECT count(*)::int AS rows FROM ins`);
    // Opted-out members are left out of rankings (and of the count of those ranked) as the
    // readers do; the opt-out trigger marks the chat dirty when that changes.
    await run(sql`
      INSERT INTO chat_window_totals (chat_id, days, messages, senders, ranked, people, engaged, previous_people, retained)
      SELECT ${chatId}, w.n,
             coalesce(sum(m.messages), 0),
             count(m.user_id) FILTER (WHERE m.active_days > 0),
             count(m.user_id) FILTER (WHERE m.active_days > 0
               AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.user_id AND u.opted_out)),
             count(m.user_id) FILTER (WHERE m.active_days > 0 AND m.user_id > 0),
             count(m.user_id) FILTER (WHERE m.active_days > 0 AND m.user_id > 0 AND m.messages >= ${ENGAGED_MIN_MESSAGES}),
             count(m.user_id) FILTER (WHERE m.in_previous AND m.user_id > 0),
             count(m.user_id) FILTER (WHERE m.in_previous AND m.active_days > 0 AND m.user_id > 0)
      FROM (VALUES ${windows}) AS w(n)
      LEFT JOIN chat_member_windows m ON m.chat_id = ${chatId} AND m.days = w.n
      GROUP BY w.n`);
    // Today's senders with their standing in the fresh windows; the triggers of migration 0026
    // keep these rows as today is written, until the next refresh.
    await run(sql`DELETE FROM chat_today_senders WHERE chat_id = ${chatId}`);
    await run(sql`
      INSERT INTO chat_today_senders (chat_id, user_id, day, messages, window_7, window_30, window_90, window_365,
        window_0, previous_7, previous_30, previous_90, previous_365)
      SELECT d.chat_id, d.user_id, d.day, d.messages, x.*
      FROM chat_user_daily_activity d CROSS JOIN LATERAL pulse_sender_windows(d.chat_id, d.user_id) x
      WHERE d.chat_id = ${chatId} AND d.day = ${asOf}::date + 1`);
    await run(sql`
      UPDATE chat_window_state SET as_of = ${asOf}, dirty_from = NULL, refreshed_at = now(),
        first_day = (SELECT min(day) FROM chat_daily_activity WHERE chat_id = ${chatId})
      WHERE chat_id = ${chatId}`);
    return { chatId, asOf, rows: inserted?.rows ?? 0 };
  });
}

type Run = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => Promise<T[]>;

/**
 * Distinct senders of each complete week and month: those that ended since the last refresh,
 * and those from the earliest day written since (all of them the first time). Reads the
 * state as the last refresh left it, so it runs before the state moves on.
 */
async function refreshBuckets(run: Run, chatId: number, asOf: string) {
  const from = sql`(SELECT least(coalesce(dirty_from, as_of + 1), as_of + 1) FROM chat_window_state WHERE chat_id = ${chatId})`;
  await run(sql`DELETE FROM chat_bucket_senders WHERE chat_id = ${chatId} AND last_day >= ${from}`);
  for (const unit of ["week", "month"] as const) {
    const step = sql.raw(`interval '1 ${unit}'`);
    await run(sql`
      INSERT INTO chat_bucket_senders (chat_id, unit, bucket, last_day, senders)
      SELECT ${chatId}, ${unit}, b.bucket, b.last_day, b.senders FROM (
        SELECT date_trunc(${unit}, day::timestamp)::date AS bucket,
               (date_trunc(${unit}, day::timestamp) + ${step} - interval '1 day')::date AS last_day,
               count(DISTINCT user_id)::int AS senders
        FROM chat_user_daily_activity
        WHERE chat_id = ${chatId} AND day <= ${asOf}::date
          AND day >= date_trunc(${unit}, ${from}::timestamp)::date
        GROUP BY 1, 2
      ) b
      WHERE b.last_day <= ${asOf}::date`);
  }
}

/** Distinct senders of the cut weeks and months a chart needs as of `asOf` (partialSpans). */
async function refreshPartialBuckets(run: Run, chatId: number, asOf: string) {
  await run(sql`DELETE FROM chat_partial_buckets WHERE chat_id = ${chatId}`);
  for (const span of partialSpans(asOf)) {
    await run(sql`
      INSERT INTO chat_partial_buckets (chat_id, unit, first_day, last_day, senders)
      SELECT ${chatId}, ${span.unit}, ${span.from}, ${span.to}, count(DISTINCT user_id)::int
      FROM chat_user_daily_activity
      WHERE chat_id = ${chatId} AND day BETWEEN ${span.from} AND ${span.to}`);
  }
}

/**
 * The chats whose windows are missing, dirty or from before their local yesterday, with the
 * day each should be refreshed as of.
 */
export async function staleWindowChats(
  database: Database,
  now: Date,
  defaultTimezone: string,
): Promise<{ chatId: number; asOf: string }[]> {
  const chats = await database.rows<{ chat_id: number; timezone: string; as_of: string | null; dirty: boolean }>(sql`
    SELECT c.id AS chat_id, coalesce(c.timezone, ${defaultTimezone}) AS timezone,
           s.as_of::text AS as_of, s.dirty_from IS NOT NULL AS dirty
    FROM chats c LEFT JOIN chat_window_state s ON s.chat_id = c.id
    WHERE c.type <> 'private'
    ORDER BY c.id`);
  const due: { chatId: number; asOf: string }[] = [];
  for (const chat of chats) {
    const asOf = addDays(localDate(now, chat.timezone), -1);
    if (chat.as_of !== asOf || chat.dirty) due.push({ chatId: chat.chat_id, asOf });
  }
  return due;
}
