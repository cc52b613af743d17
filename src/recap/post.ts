// Posting weekly recaps: which chats are due, one claim per chat and week, building and
// drawing the card, sending it, and recording how it went. The weekly-recap job calls
// postWeeklyRecaps; everything it touches comes in through RecapPostingDeps.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { DEFAULT_LOCALE, isLocale, translator } from "../i18n/index.js";
import type { Logger } from "../logger.js";
import { recapCaption, renderRecapCard } from "../render/recap-card.js";
import type { ChartRenderer } from "../render/renderer.js";
import { getRecapView } from "../reports/recap.js";
import { lastCompleteWeek, weekContaining } from "../reports/weeks.js";
import { parseStoredSettings } from "../settings/chat-settings.js";
import {
  type Claim,
  claimRecap,
  claimRetries,
  existingRecapPosts,
  markEmpty,
  markFailed,
  markRetry,
  markSending,
  markSent,
  recoverStaleClaims,
} from "./claims.js";
import { isRecapDue } from "./schedule.js";
import type { SendRecap } from "./send.js";

export interface RecapPostingDeps {
  database: Database;
  config: Config;
  now: () => Date;
  log: Logger;
  send: SendRecap;
  /** Draws the card in the chart renderer's worker thread; without it, on this thread. */
  renderer?: ChartRenderer;
  /** The chat's photo for the card's header, or undefined (none, or it could not be fetched). */
  chatPhoto?: (chatId: number, signal?: AbortSignal) => Promise<Buffer | undefined>;
}

export interface RecapRunOptions {
  /** "manual": every chat with recaps on, whatever its hour; otherwise only chats due now. */
  trigger: string;
  signal?: AbortSignal;
  /** Names the claims this run takes (job_runs.instance); a random suffix keeps runs apart. */
  instance?: string;
}

export interface RecapRunTotals {
  /** Chats with recaps on that the bot can post in. */
  chats: number;
  due: number;
  /** Due, but their week already has a row (posted, empty, failed, or another run's claim). */
  alreadyClaimed: number;
  retries: number;
  sent: number;
  empty: number;
  /** Sends that will be tried again later. */
  retrying: number;
  failed: number;
  /** Chats where the bot was removed (403): no further recaps go there. */
  blocked: number;
  /** Stale rows settled at the start (see recoverStaleClaims). */
  recovered: number;
  interrupted: boolean;
  failures: { chatId: number; weekStart: string; error: string }[];
}

const MAX_LISTED_FAILURES = 50;

interface ChatRow {
  id: number;
  timezone: string | null;
  locale: string | null;
  settings: unknown;
  [key: string]: unknown;
}

/**
 * One run: settles stale claims, retries whose time has come, then claims and posts the last
 * complete week of every due chat. Chats are independent; one failing never stops the rest.
 */
export async function postWeeklyRecaps(deps: RecapPostingDeps, options: RecapRunOptions): Promise<RecapRunTotals> {
  const { database, config } = deps;
  const owner = `${options.instance ?? "pulse"}#${randomBytes(4).toString("hex")}`;
  const manual = options.trigger === "manual";
  const totals: RecapRunTotals = {
    chats: 0,
    due: 0,
    alreadyClaimed: 0,
    retries: 0,
    sent: 0,
    empty: 0,
    retrying: 0,
    failed: 0,
    blocked: 0,
    recovered: 0,
    interrupted: false,
    failures: [],
  };

  const recovered = await recoverStaleClaims(database, deps.now());
  totals.recovered = recovered.failed + recovered.requeued;

  const chats = await database.rows<ChatRow>(sql`
    SELECT id, timezone, locale, settings FROM chats
    WHERE type IN ('group', 'supergroup', 'channel') AND bot_status IN ('member', 'administrator')
    ORDER BY id`);
  const byId = new Map<number, ChatRow>();
  const due: { chatId: number; weekStart: string }[] = [];
  const at = deps.now();
  for (const chat of chats) {
    const id = Number(chat.id);
    byId.set(id, chat);
    const schedule = parseStoredSettings(chat.settings).recap;
    if (!schedule.enabled) continue;
    totals.chats++;
    const timezone = chat.timezone ?? config.defaultTimezone;
    if (!manual && !isRecapDue(at, timezone, schedule)) continue;
    due.push({ chatId: id, weekStart: lastCompleteWeek(at, timezone).start });
  }
  totals.due = due.length;
  const existing = await existingRecapPosts(database, due);
  const fresh = due.filter((d) => !existing.has(`${d.chatId}:${d.weekStart}`));
  totals.alreadyClaimed = due.length - fresh.length;

  const handle = async (claim: Claim) => {
    const chat = byId.get(claim.chatId);
    // A retry of a chat the bot has left since (or whose recaps were turned off) ends here.
    if (!chat || !parseStoredSettings(chat.settings).recap.enabled) {
      await markFailed(database, claim, chat ? "recaps turned off" : "the bot is no longer in the chat", deps.now());
      record(claim, chat ? "recaps turned off" : "the bot is no longer in the chat");
      totals.failed++;
      return;
    }
    await postOne(deps, claim, chat, totals, record);
  };
  const record = (claim: Claim, error: string) => {
    if (totals.failures.length < MAX_LISTED_FAILURES) {
      totals.failures.push({ chatId: claim.chatId, weekStart: claim.weekStart, error });
    }
  };

  const retries = await claimRetries(database, { owner, now: deps.now() });
  totals.retries = retries.length;
  for (const [index, claim] of retries.entries()) {
    if (options.signal?.aborted) {
      // Untouched claims go back to the queue at once rather than wait out the lease.
      for (const rest of retries.slice(index))
        await markRetry(database, rest, "interrupted by a shutdown", deps.now(), 0);
      totals.interrupted = true;
      return totals;
    }
    await handle(claim);
  }
  for (const pair of fresh) {
    if (options.signal?.aborted) {
      totals.interrupted = true;
      break;
    }
    // Claimed one at a time, just before its work, so a shutdown leaves no claim behind.
    const claim = await claimRecap(database, { ...pair, owner, trigger: options.trigger, now: deps.now() });
    if (!claim) {
      totals.alreadyClaimed++;
      continue;
    }
    await handle(claim);
  }
  return totals;
}

async function postOne(
  deps: RecapPostingDeps,
  claim: Claim,
  chat: ChatRow,
  totals: RecapRunTotals,
  record: (claim: Claim, error: string) => void,
): Promise<void> {
  const { database, log } = deps;
  const timezone = chat.timezone ?? deps.config.defaultTimezone;
  // A job has no person to take a language from: the chat's chosen one, else the default.
  const locale = isLocale(chat.locale) ? chat.locale : DEFAULT_LOCALE;
  const t = translator(locale);
  let png: Buffer;
  let caption: string;
  try {
    const week = weekContaining(claim.weekStart, timezone);
    const view = await getRecapView(deps, { chatId: claim.chatId, week, locale });
    if (!view) {
      await markEmpty(database, claim, deps.now());
      totals.empty++;
      return;
    }
    const photo = await deps.chatPhoto?.(claim.chatId);
    if (photo) view.photo = photo;
    png = await renderRecapCard(view, t, deps.renderer);
    caption = recapCaption(view, t);
  } catch (error) {
    const description = error instanceof Error ? error.message : String(error);
    log.warn({ err: error, chatId: claim.chatId, week: claim.weekStart }, "recap could not be built");
    await settleRetry(deps, claim, `building the recap failed: ${description}`, totals, record);
    return;
  }
  if (!(await markSending(database, claim, deps.now()))) {
    log.warn({ chatId: claim.chatId, week: claim.weekStart }, "recap claim lost before sending");
    return;
  }
  // No abort signal on the send: a shutdown waits for this call rather than cut it off after
  // Telegram may have posted, which would turn a posted recap into a retry and a second post.
  const outcome = await deps.send({
    chatId: claim.chatId,
    png,
    caption,
    filename: `pulse-recap-${claim.weekStart}.png`,
  });
  const now = deps.now();
  switch (outcome.kind) {
    case "sent":
      await markSent(database, claim, outcome.messageId, now);
      totals.sent++;
      return;
    case "blocked":
      await markFailed(database, claim, `refused: ${outcome.description}`, now);
      if (!outcome.remembered) await retireChat(database, claim.chatId, outcome.description);
      totals.failed++;
      totals.blocked++;
      record(claim, `refused: ${outcome.description}`);
      return;
    case "rejected":
      await markFailed(database, claim, `400: ${outcome.description}`, now);
      if (outcome.chatGone) await retireChat(database, claim.chatId, outcome.description);
      totals.failed++;
      record(claim, `400: ${outcome.description}`);
      return;
    case "rate_limited":
      await settleRetry(deps, claim, `429: ${outcome.description}`, totals, record, outcome.retryAfterMs);
      return;
    case "error":
      await settleRetry(deps, claim, outcome.description, totals, record);
      return;
  }
}

async function settleRetry(
  deps: RecapPostingDeps,
  claim: Claim,
  error: string,
  totals: RecapRunTotals,
  record: (claim: Claim, error: string) => void,
  afterMs?: number,
): Promise<void> {
  const status = await markRetry(deps.database, claim, error, deps.now(), afterMs);
  if (status === "retry") totals.retrying++;
  else {
    totals.failed++;
    record(claim, error);
  }
}

/**
 * The bot was removed or the chat is gone: the chat leaves the posting list (bot_status is what
 * a my_chat_member update sets, and sets back when the bot is added again).
 */
async function retireChat(database: Database, chatId: number, description: string): Promise<void> {
  const status = /kicked/i.test(description) ? "kicked" : "left";
  await database.rows(sql`UPDATE chats SET bot_status = ${status} WHERE id = ${chatId}`);
}
