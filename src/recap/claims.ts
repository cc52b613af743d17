// The claims that make a weekly recap go out at most once per chat and week, across restarts
// and instances: a recap_posts row is inserted (or moved from retry back to claimed) by one
// owner before anything is sent, and every later step only succeeds for that owner.
//
//   claimed ──▶ sending ──▶ sent
//      │           └──────▶ retry ──(next_attempt_at)──▶ claimed …   or failed
//      └──▶ empty (the week had nothing to show)
//
// A row left "claimed" by a process that died never reached Telegram, so it becomes a retry;
// one left "sending" may or may not have been posted, so it is recorded as failed rather than
// risk a second post.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";

/** A timestamp parameter both drivers accept (postgres.js takes no Date in raw SQL). */
const ts = (at: Date) => sql`${at.toISOString()}::timestamptz`;

export type RecapPostStatus = "claimed" | "sending" | "sent" | "retry" | "failed" | "empty";

/** A claim that has not moved for this long belongs to a process that is gone. */
export const CLAIM_LEASE_MS = 15 * 60_000;
/** Retries stop this long after the first claim ("within the day"). */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = 5;
/** Waits between attempts: 15 min, 30 min, 1 h, 2 h. */
export const retryDelayMs = (attempts: number) => 15 * 60_000 * 2 ** Math.max(0, attempts - 1);

export interface Claim {
  chatId: number;
  weekStart: string;
  /** Attempts made before this one. */
  attempts: number;
  owner: string;
}

/** Claims a week's recap for a chat; undefined when a row exists already (posted, claimed, failed…). */
export async function claimRecap(
  database: Database,
  params: { chatId: number; weekStart: string; owner: string; trigger: string; now: Date },
): Promise<Claim | undefined> {
  const { chatId, weekStart, owner, trigger, now } = params;
  const giveUp = new Date(now.getTime() + RETRY_WINDOW_MS);
  const rows = await database.rows<{ attempts: number }>(sql`
    INSERT INTO recap_posts (chat_id, week_start, status, attempts, claimed_by, claimed_at, give_up_at, trigger, updated_at)
    VALUES (${chatId}, ${weekStart}, 'claimed', 0, ${owner}, ${ts(now)}, ${ts(giveUp)}, ${trigger}, ${ts(now)})
    ON CONFLICT (chat_id, week_start) DO NOTHING
    RETURNING attempts`);
  return rows[0] ? { chatId, weekStart, attempts: 0, owner } : undefined;
}

/** Takes back every retry whose time has come (one owner per row, by the status transition). */
export async function claimRetries(database: Database, params: { owner: string; now: Date }): Promise<Claim[]> {
  const { owner, now } = params;
  const rows = await database.rows<{ chat_id: number; week_start: string; attempts: number }>(sql`
    UPDATE recap_posts SET status = 'claimed', claimed_by = ${owner}, updated_at = ${ts(now)}
    WHERE status = 'retry' AND next_attempt_at <= ${ts(now)} AND give_up_at > ${ts(now)}
    RETURNING chat_id, week_start::text AS week_start, attempts`);
  return rows
    .map((r) => ({ chatId: Number(r.chat_id), weekStart: r.week_start, attempts: r.attempts, owner }))
    .sort((a, b) => a.chatId - b.chatId || a.weekStart.localeCompare(b.weekStart));
}

/**
 * Settles rows nobody will move again: retries past their window and sends of a process that
 * died mid-call become failed; claims of a process that died before sending become retries.
 */
export async function recoverStaleClaims(database: Database, now: Date): Promise<{ failed: number; requeued: number }> {
  const stale = new Date(now.getTime() - CLAIM_LEASE_MS);
  const failed = await database.rows(sql`
    UPDATE recap_posts SET
      status = 'failed', claimed_by = NULL, updated_at = ${ts(now)},
      error = CASE WHEN status = 'sending'
                   THEN 'stopped while sending; not sent again, since Telegram may have posted it'
                   ELSE coalesce(error, 'gave up') END
    WHERE (status = 'retry' AND give_up_at <= ${ts(now)})
       OR (status = 'sending' AND updated_at <= ${ts(stale)})
    RETURNING chat_id`);
  const requeued = await database.rows(sql`
    UPDATE recap_posts SET status = 'retry', claimed_by = NULL, next_attempt_at = ${ts(now)}, updated_at = ${ts(now)}
    WHERE status = 'claimed' AND updated_at <= ${ts(stale)}
    RETURNING chat_id`);
  return { failed: failed.length, requeued: requeued.length };
}

/** Moves a claim to "sending" just before the call; false when the claim was lost meanwhile. */
export async function markSending(database: Database, claim: Claim, now: Date): Promise<boolean> {
  const rows = await database.rows(sql`
    UPDATE recap_posts SET status = 'sending', attempts = attempts + 1, updated_at = ${ts(now)}
    WHERE chat_id = ${claim.chatId} AND week_start = ${claim.weekStart}
      AND status = 'claimed' AND claimed_by = ${claim.owner}
    RETURNING chat_id`);
  return rows.length > 0;
}

export async function markSent(database: Database, claim: Claim, messageId: number, now: Date): Promise<void> {
  await database.rows(sql`
    UPDATE recap_posts SET status = 'sent', message_id = ${messageId}, claimed_by = NULL, error = NULL,
      next_attempt_at = NULL, sent_at = ${ts(now)}, updated_at = ${ts(now)}
    WHERE chat_id = ${claim.chatId} AND week_start = ${claim.weekStart} AND claimed_by = ${claim.owner}`);
}

/** The week had nothing to show: recorded, so later runs do not build it again. */
export async function markEmpty(database: Database, claim: Claim, now: Date): Promise<void> {
  await database.rows(sql`
    UPDATE recap_posts SET status = 'empty', claimed_by = NULL, updated_at = ${ts(now)}
    WHERE chat_id = ${claim.chatId} AND week_start = ${claim.weekStart} AND claimed_by = ${claim.owner}`);
}

export async function markFailed(database: Database, claim: Claim, error: string, now: Date): Promise<void> {
  await database.rows(sql`
    UPDATE recap_posts SET status = 'failed', error = ${error}, claimed_by = NULL, next_attempt_at = NULL, updated_at = ${ts(now)}
    WHERE chat_id = ${claim.chatId} AND week_start = ${claim.weekStart} AND claimed_by = ${claim.owner}`);
}

/**
 * Schedules another attempt (`after` ms from now, as a 429 asks, or the backoff for the attempts made), or
 * records the post as failed when attempts or the retry window are used up.
 */
export async function markRetry(
  database: Database,
  claim: Claim,
  error: string,
  now: Date,
  after?: number,
): Promise<"retry" | "failed"> {
  const attemptsMade = claim.attempts + 1;
  const next = new Date(now.getTime() + (after ?? retryDelayMs(attemptsMade)));
  // A failure before the send (building or drawing the card) counts as an attempt too.
  const made = sql`(attempts + (status = 'claimed')::int)`;
  const over = sql`(${made} >= ${MAX_ATTEMPTS} OR give_up_at <= ${ts(next)})`;
  const rows = await database.rows<{ status: RecapPostStatus }>(sql`
    UPDATE recap_posts SET
      status = CASE WHEN ${over} THEN 'failed' ELSE 'retry' END,
      next_attempt_at = CASE WHEN ${over} THEN NULL ELSE ${ts(next)} END,
      attempts = ${made},
      error = ${error}, claimed_by = NULL, updated_at = ${ts(now)}
    WHERE chat_id = ${claim.chatId} AND week_start = ${claim.weekStart} AND claimed_by = ${claim.owner}
    RETURNING status`);
  return rows[0]?.status === "retry" ? "retry" : "failed";
}

/** Which of these (chat, week) pairs have a row already, so a run claims only the rest. */
export async function existingRecapPosts(
  database: Database,
  pairs: readonly { chatId: number; weekStart: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await database.rows<{ chat_id: number; week_start: string }>(sql`
    SELECT p.chat_id, p.week_start::text AS week_start
    FROM json_to_recordset(${JSON.stringify(pairs.map((p) => ({ chat_id: p.chatId, week_start: p.weekStart })))}::json)
         AS w(chat_id bigint, week_start date)
    JOIN recap_posts p ON p.chat_id = w.chat_id AND p.week_start = w.week_start`);
  return new Set(rows.map((r) => `${Number(r.chat_id)}:${r.week_start}`));
}
