// Daily snapshots for every chat the bot is in: once per chat and local day, the member count
// (Bot API getChatMemberCount) and the day's messages, active senders, joins, leaves and
// reactions, appended to chat_daily_snapshots. Works without the user session.
import { setTimeout as sleepFor } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { type Api, GrammyError } from "grammy";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import { getMessageTotals } from "../queries/activity.js";
import { addDays, localDate, zonedMidnight } from "../queries/period.js";
import type { Range } from "../queries/range.js";
import { getReactionMix } from "../queries/reactions.js";

/**
 * The metric names, shared with the user session's snapshots: `member_count` is what
 * src/collectors/mtproto/discovery.ts writes too, so a member-count history reads one metric
 * whichever source took each day.
 */
export const DAILY_METRICS = ["member_count", "messages", "active_senders", "joins", "leaves", "reactions"] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];

/**
 * getChatMemberCount calls per second. Telegram allows a bot about 30 requests/s overall and
 * answers 429 above it; replies to /stats, recaps and alerts draw on the same budget while
 * this job runs, so it takes two thirds and leaves the rest to them. 1,000 chats take ~50 s.
 */
export const SNAPSHOT_REQUESTS_PER_SECOND = 20;

/** grammY types its signal with the abort-controller polyfill's class; Node's is the same at run time. */
type ApiSignal = Parameters<Api["getChatMemberCount"]>[1];

/** How often one chat's call is retried after a 429 that auto-retry handed back. */
const MAX_RATE_LIMIT_RETRIES = 3;
/** At most this many failures are listed in the run's totals; the count is always exact. */
const MAX_LISTED_FAILURES = 100;

export interface DailySnapshotDeps {
  database: Database;
  api: Pick<Api, "getChatMemberCount">;
  config: { defaultTimezone: string };
}

export interface DailySnapshotOptions {
  /** The moment the run stands for (the job's scheduledFor): each chat gets the last local day that had ended by then. */
  at: Date;
  signal?: AbortSignal;
  log: Logger;
  /** Pacing of the Bot API calls; SNAPSHOT_REQUESTS_PER_SECOND unless a caller knows better. */
  requestsPerSecond?: number;
  /** Monotonic milliseconds and a wait; tests pass a fake pair so nothing really sleeps. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When the values were captured (captured_at); the wall clock by default. */
  now?: () => Date;
}

export type FailureReason = "removed" | "migrated" | "not_found" | "rate_limited" | "invalid_timezone" | "error";

export interface SnapshotFailure {
  chatId: number;
  reason: FailureReason;
  /** Telegram's own words, or the error message. */
  description: string;
  /** For "migrated": the supergroup the group became. */
  migratedTo?: number;
}

export interface DailySnapshotTotals {
  /** Chats the bot is (or may be) in, of a kind that has members. */
  chats: number;
  /** Chats whose day was already snapshotted: a re-run touches nothing. */
  alreadyDone: number;
  snapshotted: number;
  /** Chats found gone for good (removed, migrated, deleted): marked and no longer polled. */
  retired: number;
  failedCount: number;
  failures: SnapshotFailure[];
  /** The days snapshotted, with how many chats had each (several zones, several days). */
  days: Record<string, number>;
  getChatMemberCountCalls: number;
  /** The run stopped early because its signal was aborted. */
  interrupted: boolean;
  durationMs: number;
}

interface ChatRow {
  id: number;
  timezone: string;
  [key: string]: unknown;
}

interface DueChat {
  id: number;
  timezone: string;
  day: string;
}

/**
 * Snapshots, for every chat whose last ended local day has no snapshot yet, that day. Chats
 * are independent: one failing is recorded and the others go on. Safe to repeat: a chat whose
 * day is stored is skipped without a Bot API call, and rows are only ever added.
 */
export async function takeDailySnapshots(
  deps: DailySnapshotDeps,
  options: DailySnapshotOptions,
): Promise<DailySnapshotTotals> {
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal }));
  const now = options.now ?? (() => new Date());
  const started = clock();
  const { log, signal } = options;
  const totals: DailySnapshotTotals = {
    chats: 0,
    alreadyDone: 0,
    snapshotted: 0,
    retired: 0,
    failedCount: 0,
    failures: [],
    days: {},
    getChatMemberCountCalls: 0,
    interrupted: false,
    durationMs: 0,
  };
  const fail = (failure: SnapshotFailure) => {
    totals.failedCount++;
    if (totals.failures.length < MAX_LISTED_FAILURES) totals.failures.push(failure);
    log.debug({ ...failure }, "daily snapshot: chat failed");
  };

  const chats = await pollableChats(deps.database, deps.config.defaultTimezone);
  totals.chats = chats.length;
  const due: DueChat[] = [];
  for (const chat of chats) {
    try {
      due.push({ ...chat, day: addDays(localDate(options.at, chat.timezone), -1) });
    } catch (error) {
      // A zone Intl does not know (set by hand in the database): say so, keep going.
      fail({
        chatId: chat.id,
        reason: "invalid_timezone",
        description: `unknown time zone ${chat.timezone}: ${error}`,
      });
    }
  }
  const pending = await withoutSnapshot(deps.database, due);
  totals.alreadyDone = due.length - pending.length;

  const interval = 1000 / (options.requestsPerSecond ?? SNAPSHOT_REQUESTS_PER_SECOND);
  let nextSlot = clock();
  /** Waits for this call's slot: calls leave at most `requestsPerSecond` a second, evenly spaced. */
  const pace = async () => {
    const wait = nextSlot - clock();
    if (wait > 0) await sleep(wait, signal);
    nextSlot = Math.max(nextSlot, clock()) + interval;
  };

  for (const chat of pending) {
    if (signal?.aborted) {
      totals.interrupted = true;
      break;
    }
    let members: number | null = null;
    let retired = false;
    try {
      members = await memberCount(deps.api, chat.id, {
        pace,
        sleep,
        signal,
        onCall: () => totals.getChatMemberCountCalls++,
      });
    } catch (error) {
      if (signal?.aborted) {
        totals.interrupted = true;
        break;
      }
      const failure = classify(chat.id, error);
      fail(failure);
      retired = await retire(deps.database, failure);
      // A passing fault (network, 5xx, a 429 that did not pass): the next run tries the day again.
      if (!retired) continue;
      totals.retired++;
    }
    const range = dayRange(chat);
    const [movement, senders, reactions] = await Promise.all([
      getMessageTotals(deps.database, range),
      activeSenders(deps.database, chat.id, chat.day),
      getReactionMix(deps.database, range).then((mix) => mix.reduce((sum, r) => sum + r.count, 0)),
    ]);
    const values: Record<DailyMetric, number | null> = {
      member_count: members,
      messages: movement.messages,
      active_senders: senders,
      joins: movement.joins,
      leaves: movement.leaves,
      reactions,
    };
    await writeSnapshot(deps.database, chat, values, now());
    if (!retired) totals.snapshotted++;
    totals.days[chat.day] = (totals.days[chat.day] ?? 0) + 1;
    log.debug({ chatId: chat.id, day: chat.day, ...values }, "daily snapshot taken");
  }
  totals.durationMs = Math.round(clock() - started);
  return totals;
}

/**
 * Groups, supergroups and channels the bot has not been found gone from: its status is
 * unknown (added before Pulse saw my_chat_member, or a chat known from an import, which the
 * first failing call then settles) or says it is in. Migrated groups live on under their new id.
 */
async function pollableChats(database: Database, defaultTimezone: string): Promise<ChatRow[]> {
  return database.rows<ChatRow>(sql`
    SELECT id, coalesce(timezone, ${defaultTimezone}) AS timezone FROM chats
    WHERE type IN ('group', 'supergroup', 'channel')
      AND (bot_status IS NULL OR bot_status IN ('member', 'administrator', 'restricted', 'creator'))
      AND migrated_to_chat_id IS NULL
    ORDER BY id`);
}

/** The chats whose day has no snapshot yet (the `messages` row is written only here, with the rest). */
async function withoutSnapshot(database: Database, due: DueChat[]): Promise<DueChat[]> {
  if (due.length === 0) return [];
  const done = await database.rows<{ chat_id: number }>(sql`
    SELECT s.chat_id FROM chat_daily_snapshots s
    JOIN json_to_recordset(${JSON.stringify(due.map((c) => ({ chat_id: c.id, day: c.day })))}::json)
      AS d(chat_id bigint, day date) ON s.chat_id = d.chat_id AND s.date = d.day
    WHERE s.metric = 'messages'`);
  const skip = new Set(done.map((r) => Number(r.chat_id)));
  return due.filter((c) => !skip.has(c.id));
}

async function memberCount(
  api: DailySnapshotDeps["api"],
  chatId: number,
  io: {
    pace: () => Promise<void>;
    sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
    signal?: AbortSignal;
    onCall: () => void;
  },
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    await io.pace();
    io.onCall();
    try {
      return await api.getChatMemberCount(chatId, io.signal as ApiSignal);
    } catch (error) {
      // auto-retry waits out short 429s itself and hands back the ones longer than its limit:
      // those pause the whole run (the limit is the bot's, not the chat's) before this chat again.
      const retryAfter = error instanceof GrammyError ? error.parameters.retry_after : undefined;
      if (error instanceof GrammyError && error.error_code === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        await io.sleep((retryAfter ?? 1) * 1000, io.signal);
        continue;
      }
      throw error;
    }
  }
}

function classify(chatId: number, error: unknown): SnapshotFailure {
  if (!(error instanceof GrammyError)) {
    return { chatId, reason: "error", description: error instanceof Error ? error.message : String(error) };
  }
  const description = error.description;
  if (error.error_code === 403) return { chatId, reason: "removed", description };
  const migratedTo = error.parameters.migrate_to_chat_id;
  if (error.error_code === 400 && migratedTo !== undefined)
    return { chatId, reason: "migrated", description, migratedTo };
  if (error.error_code === 400 && /chat not found/i.test(description))
    return { chatId, reason: "not_found", description };
  if (error.error_code === 429) return { chatId, reason: "rate_limited", description };
  return { chatId, reason: "error", description };
}

/**
 * Marks a chat that is gone for good so it is no longer polled: "kicked" when Telegram says
 * the bot was kicked, else "left" (removed, or the chat deleted or never joined); a migrated
 * group points at its supergroup, which is polled from then on. A my_chat_member update that
 * adds the bot again sets its status back. Answers whether the chat was retired.
 */
async function retire(database: Database, failure: SnapshotFailure): Promise<boolean> {
  switch (failure.reason) {
    case "removed":
    case "not_found": {
      const status = /kicked/i.test(failure.description) ? "kicked" : "left";
      await database.rows(sql`UPDATE chats SET bot_status = ${status} WHERE id = ${failure.chatId}`);
      return true;
    }
    case "migrated": {
      const to = failure.migratedTo as number;
      await database.rows(sql`
        WITH moved AS (
          UPDATE chats SET migrated_to_chat_id = ${to} WHERE id = ${failure.chatId}
          RETURNING timezone, locale, settings
        )
        INSERT INTO chats (id, type, timezone, locale, settings)
        SELECT ${to}, 'supergroup', timezone, locale, settings FROM moved
        ON CONFLICT (id) DO NOTHING`);
      return true;
    }
    default:
      return false;
  }
}

function dayRange(chat: DueChat): Range {
  return {
    chatId: chat.id,
    timezone: chat.timezone,
    start: zonedMidnight(chat.day, chat.timezone),
    end: zonedMidnight(addDays(chat.day, 1), chat.timezone),
    firstDay: chat.day,
    lastDay: chat.day,
  };
}

/** Distinct senders of the local day, as the writer counted them (chat_daily_activity). */
async function activeSenders(database: Database, chatId: number, day: string): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`
    SELECT active_senders AS n FROM chat_daily_activity WHERE chat_id = ${chatId} AND day = ${day}`);
  return row?.n ?? 0;
}

/**
 * One statement per chat, so a run stopped midway leaves each chat's day whole or absent.
 * Append-only: a (chat, day, metric) already stored (e.g. the user session's member count of
 * that day) is kept. The member count also refreshes chats.member_count, which /stats reads.
 */
async function writeSnapshot(
  database: Database,
  chat: DueChat,
  values: Record<DailyMetric, number | null>,
  capturedAt: Date,
): Promise<void> {
  const rows = DAILY_METRICS.filter((metric) => values[metric] !== null).map((metric) => ({
    metric,
    value: values[metric],
    source: metric === "member_count" ? "bot_api" : "rollups",
  }));
  const metadata = JSON.stringify({ timezone: chat.timezone });
  await database.rows(sql`
    WITH written AS (
      INSERT INTO chat_daily_snapshots (chat_id, date, metric, value, metadata, source, captured_at)
      SELECT ${chat.id}, ${chat.day}::date, metric, value, ${metadata}::jsonb, source, ${capturedAt.toISOString()}::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(metric text, value float8, source text)
      ON CONFLICT (chat_id, date, metric) DO NOTHING
      RETURNING 1
    ), members AS (
      UPDATE chats SET member_count = ${values.member_count}::int
      WHERE id = ${chat.id} AND ${values.member_count}::int IS NOT NULL
        AND member_count IS DISTINCT FROM ${values.member_count}::int
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM members)::int AS members`);
}
