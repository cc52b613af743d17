// The one way Pulse sends on its own initiative (scheduled posts, alert DMs, owner notices):
// through the bot's Api, where the throttler keeps Telegram's limits and auto-retry waits out
// 429s, with every answer turned into a typed outcome. A target that refused the bot (403,
// chat gone, group migrated) is remembered and not tried again until it comes back.
import { type Api, GrammyError, HttpError, type InputFile } from "grammy";
import type { Message } from "grammy/types";
import { Counter } from "prom-client";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { type SendLimits, sendThrottler, TELEGRAM_SEND_LIMITS } from "./limits.js";
import { clearDmStatus, getTargetMark, isUserId, markTarget, type StoredMark, type TargetMark } from "./marks.js";

/**
 * - blocked: the target refuses the bot (kicked from the chat; the user blocked the bot or
 *   never started it);
 * - chat_gone: the chat is not there under this id (the bot was removed, the chat deleted or
 *   not found, the group migrated to a supergroup, the account deactivated);
 * - rate_limited: Telegram asked for a longer wait than auto-retry takes (`retryAfter`);
 * - error: anything else (a bad request, the network, Telegram's own trouble).
 */
export type DeliveryFailureReason = "blocked" | "chat_gone" | "rate_limited" | "error";

export interface Delivered<T> {
  ok: true;
  message: T;
}

export interface NotDelivered {
  ok: false;
  reason: DeliveryFailureReason;
  chatId: number;
  /** Telegram's description, or why nothing was sent. */
  description: string;
  /** false: a stored mark stopped the send before any call was made. */
  attempted: boolean;
  /** The refusal now remembered for this target (blocked and chat_gone only). */
  mark?: TargetMark;
  /** A group that became a supergroup: post there instead (its chats row exists). */
  migratedTo?: number;
  /** rate_limited: seconds Telegram asked to wait. */
  retryAfter?: number;
  /** The Bot API error code, when Telegram answered. */
  errorCode?: number;
}

export type DeliveryOutcome<T = Message> = Delivered<T> | NotDelivered;

export type SendMessageOptions = Parameters<Api["sendMessage"]>[2];
export type SendPhotoOptions = Parameters<Api["sendPhoto"]>[2];
export type SendDocumentOptions = Parameters<Api["sendDocument"]>[2];
// grammY types its signal with an AbortSignal shim; Node's own is what callers hold.
type ApiSignal = Parameters<Api["sendMessage"]>[3];

export interface DeliveryOptions {
  database: Database;
  log: Logger;
  metrics: Metrics;
  /** The clock for the time a mark is recorded; tests fix it. */
  now: () => Date;
  /** BOT_OWNER_IDS: who gets notifyOwners(). */
  ownerIds: readonly number[];
  /** Telegram's limits unless a test wants them shorter. */
  limits?: SendLimits;
}

export class Delivery {
  private api: Api | undefined;
  private readonly sends: Counter<"method" | "outcome">;
  private readonly marks: Counter<"mark">;

  constructor(private readonly options: DeliveryOptions) {
    const registers = [options.metrics.registry];
    this.sends = new Counter({
      name: "pulse_deliveries_total",
      help: "Messages Pulse sent on its own (posts, DMs, notices), by method and outcome (skipped: a stored refusal stopped it)",
      labelNames: ["method", "outcome"] as const,
      registers,
    });
    this.marks = new Counter({
      name: "pulse_delivery_marks_total",
      help: "Targets found refusing the bot and remembered, by mark",
      labelNames: ["mark"] as const,
      registers,
    });
  }

  /**
   * Throttles message-creating calls on the bot's Api and sends through it. createBot calls
   * this just before installing auto-retry, so replies in handlers keep the same limits.
   */
  attach(api: Api): void {
    if (this.api && this.api !== api) throw new Error("delivery is already attached to another Api");
    if (this.api) return;
    api.config.use(sendThrottler(this.options.limits ?? TELEGRAM_SEND_LIMITS));
    this.api = api;
  }

  sendMessage(
    chatId: number,
    text: string,
    options?: SendMessageOptions,
    signal?: AbortSignal,
  ): Promise<DeliveryOutcome<Message.TextMessage>> {
    return this.deliver(chatId, "sendMessage", (api) => api.sendMessage(chatId, text, options, signal as ApiSignal));
  }

  sendPhoto(
    chatId: number,
    photo: InputFile | string,
    options?: SendPhotoOptions,
    signal?: AbortSignal,
  ): Promise<DeliveryOutcome<Message.PhotoMessage>> {
    return this.deliver(chatId, "sendPhoto", (api) => api.sendPhoto(chatId, photo, options, signal as ApiSignal));
  }

  sendDocument(
    chatId: number,
    document: InputFile | string,
    options?: SendDocumentOptions,
    signal?: AbortSignal,
  ): Promise<DeliveryOutcome<Message.DocumentMessage>> {
    return this.deliver(chatId, "sendDocument", (api) =>
      api.sendDocument(chatId, document, options, signal as ApiSignal),
    );
  }

  /** A text DM to a user (a chart DM: sendPhoto with the user's id). */
  dm(
    userId: number,
    text: string,
    options?: SendMessageOptions,
    signal?: AbortSignal,
  ): Promise<DeliveryOutcome<Message.TextMessage>> {
    if (!isUserId(userId)) throw new RangeError(`dm() needs a user id, got chat ${userId}`);
    return this.sendMessage(userId, text, options, signal);
  }

  /** Tells every BOT_OWNER_IDS owner; one outcome per owner, in their order. */
  async notifyOwners(text: string, options?: SendMessageOptions): Promise<DeliveryOutcome<Message.TextMessage>[]> {
    const outcomes: DeliveryOutcome<Message.TextMessage>[] = [];
    for (const ownerId of this.options.ownerIds) outcomes.push(await this.dm(ownerId, text, options));
    return outcomes;
  }

  /**
   * Any other message-creating call (sendMediaGroup, copyMessage…) with the same marks and
   * outcomes: `call` must send to `chatId` and nowhere else.
   */
  async deliver<T>(chatId: number, method: string, call: (api: Api) => Promise<T>): Promise<DeliveryOutcome<T>> {
    const api = this.api;
    if (!api) throw new Error("delivery used before attach(): createBot attaches it to the bot's Api");
    const { database, log, now } = this.options;
    // A notice sent during a database outage should still go out: without the lookup, try.
    const stored = await getTargetMark(database, chatId).catch((err: unknown) => {
      log.warn({ err, chatId }, "could not read whether this target refused the bot; sending anyway");
      return undefined;
    });
    if (stored) {
      this.sends.inc({ method, outcome: "skipped" });
      return {
        ok: false,
        reason: reasonFor(stored.mark),
        chatId,
        description: `not sent: ${describeMark(stored)}`,
        attempted: false,
        mark: stored.mark,
        ...(stored.migratedTo !== undefined ? { migratedTo: stored.migratedTo } : {}),
      };
    }
    try {
      const message = await call(api);
      this.sends.inc({ method, outcome: "ok" });
      return { ok: true, message };
    } catch (error) {
      const failure = classify(chatId, error);
      this.sends.inc({ method, outcome: failure.reason });
      if (failure.mark) {
        const mark: StoredMark = { mark: failure.mark, migratedTo: failure.migratedTo };
        await markTarget(database, chatId, mark, now()).then(
          () => {
            this.marks.inc({ mark: mark.mark });
            log.info(
              { chatId, mark: mark.mark, migratedTo: mark.migratedTo, method },
              "target refused the bot; no more sends until it comes back",
            );
          },
          // The outcome still says what happened; the next send simply tries once more.
          (err: unknown) => log.warn({ err, chatId, mark: mark.mark }, "could not remember a refusing target"),
        );
      } else {
        log.warn({ chatId, method, reason: failure.reason, description: failure.description }, "send failed");
      }
      return failure;
    }
  }

  /** The user talked to the bot (or unblocked it): DMs may be tried again. */
  async userReachable(userId: number): Promise<void> {
    if (await clearDmStatus(this.options.database, userId)) {
      this.options.log.info({ userId }, "user can be messaged again");
    }
  }

  /** The user blocked the bot (my_chat_member in their private chat): stop DMing them. */
  async userBlocked(userId: number): Promise<void> {
    await markTarget(this.options.database, userId, { mark: "blocked" }, this.options.now());
    this.marks.inc({ mark: "blocked" });
  }
}

export function createDelivery(options: DeliveryOptions): Delivery {
  return new Delivery(options);
}

function reasonFor(mark: TargetMark): "blocked" | "chat_gone" {
  return mark === "kicked" || mark === "blocked" || mark === "not_started" ? "blocked" : "chat_gone";
}

function describeMark(stored: StoredMark): string {
  switch (stored.mark) {
    case "kicked":
      return "the bot was kicked from this chat";
    case "left":
      return "the bot is not in this chat (removed, or the chat is gone)";
    case "migrated":
      return `the group became supergroup ${stored.migratedTo}`;
    case "blocked":
      return "the user blocked the bot";
    case "not_started":
      return "the user has not started the bot";
    case "deactivated":
      return "the user's account is deleted";
  }
}

/** Telegram's answer → outcome; the mark to remember when the target refused for good. */
export function classify(chatId: number, error: unknown): NotDelivered {
  const base = { ok: false as const, chatId, attempted: true };
  if (!(error instanceof GrammyError)) {
    const description = error instanceof HttpError || error instanceof Error ? error.message : String(error);
    return { ...base, reason: "error", description };
  }
  const { error_code: errorCode, description, parameters } = error;
  const failure = (reason: DeliveryFailureReason, mark?: TargetMark): NotDelivered => ({
    ...base,
    reason,
    description,
    errorCode,
    ...(mark ? { mark } : {}),
  });
  if (errorCode === 429) return { ...failure("rate_limited"), retryAfter: parameters.retry_after };
  if (errorCode === 400 && parameters.migrate_to_chat_id !== undefined) {
    return { ...failure("chat_gone", "migrated"), migratedTo: parameters.migrate_to_chat_id };
  }
  const user = isUserId(chatId);
  if (errorCode === 403) {
    if (user) {
      if (/deactivated/i.test(description)) return failure("chat_gone", "deactivated");
      // "bot can't initiate conversation with a user"; a bot can never be messaged by one.
      if (/initiate conversation|messages to bots/i.test(description)) return failure("blocked", "not_started");
      return failure("blocked", "blocked");
    }
    // "bot was kicked from the supergroup chat" vs "bot is not a member…", "…chat was deleted".
    return /kicked/i.test(description) ? failure("blocked", "kicked") : failure("chat_gone", "left");
  }
  // A user id Telegram has never seen talk to the bot, or a group that does not exist.
  if (errorCode === 400 && /chat not found/i.test(description)) {
    return user ? failure("blocked", "not_started") : failure("chat_gone", "left");
  }
  return failure("error");
}
