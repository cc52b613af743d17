// Heavy commands (queries + a chart) are limited per user and per chat, so one person or
// one busy group cannot keep the renderer and the database busy for everyone; and every
// button press gets an answer, so no client is left with a spinning button.
//
// The limiter is a sliding-window log, written here rather than taken from a library:
// @grammyjs/ratelimiter counts in fixed windows (10 at the end of one minute and 10 at the
// start of the next gave one user 20 charts in 60 s against a limit of 10) and calls its
// over-limit hook only once per window, so later over-limit presses were never answered;
// rate-limiter-flexible's in-memory limiter is a fixed window per key as well, and a token
// bucket (`limiter`) lets its capacity plus a window's refill through — twice the limit — in
// 60 s. A log of the accepted hits' times is what keeps "at most N in any 60 s" exact, and
// at these limits it is a handful of numbers per active user or chat.
import type { Middleware } from "grammy";
import { pickLocale, sharedI18n } from "../i18n/index.js";
import { callbackKindOf } from "./callback-data.js";
import { commandOf } from "./commands.js";
import type { PulseContext } from "./context.js";

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * A command or button that runs queries or renders: declared "heavy" in the command table or
 * in its button kind. Malformed data and commands for another bot are not heavy — nothing
 * here runs them.
 */
export function isHeavyRequest(ctx: PulseContext): boolean {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return callbackKindOf(data)?.rateLimit === "heavy";
  return commandOf(ctx.message?.text, ctx.me?.username)?.rateLimit === "heavy";
}

/** Translated, also when the update failed before the i18n middleware gave it `ctx.t`. */
export function translate(ctx: PulseContext, key: string, variables?: Record<string, string | number>): string {
  return ctx.t ? ctx.t(key, variables) : sharedI18n().t(pickLocale(ctx.from?.language_code), key, variables);
}

/**
 * At most `limit` accepted hits per key in any window of `windowMs`. Only accepted hits are
 * recorded, so someone who keeps pressing while refused gets through again as soon as their
 * oldest accepted hit leaves the window.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.lastSweep = clock();
  }

  /** Milliseconds until `key` may take a hit again; 0 when it may now. */
  waitMs(key: string): number {
    const now = this.clock();
    this.sweep(now);
    const times = this.recent(key, now);
    if (times.length < this.limit) return 0;
    // times[0] is the oldest hit still inside the window.
    return Math.max(1, (times[0] as number) + this.windowMs - now);
  }

  /** Records a hit for `key`; call only after waitMs(key) said 0. */
  record(key: string): void {
    const now = this.clock();
    const times = this.recent(key, now);
    times.push(now);
    this.hits.set(key, times);
  }

  /** Takes a hit if `key` is under its limit; answers whether it was taken. */
  take(key: string): boolean {
    if (this.waitMs(key) > 0) return false;
    this.record(key);
    return true;
  }

  /** How many keys are held (for tests: idle keys are dropped). */
  get size(): number {
    return this.hits.size;
  }

  private recent(key: string, now: number): number[] {
    const times = this.hits.get(key) ?? [];
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < times.length && (times[expired] as number) <= cutoff) expired++;
    if (expired > 0) times.splice(0, expired);
    return times;
  }

  /** Drops keys with no hit in the window, at most once a window, so memory follows active keys. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const cutoff = now - this.windowMs;
    for (const [key, times] of this.hits) {
      if ((times.at(-1) ?? Number.NEGATIVE_INFINITY) <= cutoff) this.hits.delete(key);
    }
  }
}

export interface RateLimitOptions {
  perUserPerMinute: number;
  perChatPerMinute: number;
  /** Milliseconds on a monotonic clock; tests pass their own. */
  clock?: () => number;
}

/**
 * Lets a heavy request through when both its user and its chat (groups only) are under their
 * limits, and counts it against both. A refused button press is always answered (one answer
 * per press); a refused command gets one "too fast" reply per user or chat and window, so a
 * burst does not turn into a burst of warnings.
 */
export function heavyCommandLimits(options: RateLimitOptions): Middleware<PulseContext> {
  const perUser = new SlidingWindowLimiter(options.perUserPerMinute, RATE_LIMIT_WINDOW_MS, options.clock);
  const perChat = new SlidingWindowLimiter(options.perChatPerMinute, RATE_LIMIT_WINDOW_MS, options.clock);
  const warnings = new SlidingWindowLimiter(1, RATE_LIMIT_WINDOW_MS, options.clock);
  return async (ctx, next) => {
    const userKey = ctx.from ? String(ctx.from.id) : undefined;
    const chatKey = ctx.chat && ctx.chat.type !== "private" ? String(ctx.chat.id) : undefined;
    const userWait = userKey === undefined ? 0 : perUser.waitMs(userKey);
    const chatWait = chatKey === undefined ? 0 : perChat.waitMs(chatKey);
    if (userWait === 0 && chatWait === 0) {
      if (userKey !== undefined) perUser.record(userKey);
      if (chatKey !== undefined) perChat.record(chatKey);
      return next();
    }
    const seconds = Math.ceil(Math.max(userWait, chatWait) / 1000);
    const text = translate(ctx, userWait > 0 ? "rate-limit-user" : "rate-limit-chat", { seconds });
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text }).catch(() => {});
      return;
    }
    const warningKey = userWait > 0 ? `user:${userKey}` : `chat:${chatKey}`;
    if (warnings.take(warningKey)) await ctx.reply(text).catch(() => {});
  };
}

/**
 * Installed before every feature: makes sure each callback query is answered exactly once.
 * Watches this update's own API calls for answerCallbackQuery; when the handlers are done (or
 * failed) without one, answers it, so a press that no handler answered, or one whose handler
 * threw, never leaves the button spinning.
 */
export const answerEveryCallbackQuery: Middleware<PulseContext> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  let answered = false;
  // ctx.api belongs to this update alone, so the transformer sees only this update's calls.
  ctx.api.config.use((prev, method, payload, signal) => {
    if (method === "answerCallbackQuery") answered = true;
    return prev(method, payload, signal);
  });
  let failed = false;
  try {
    await next();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (!answered) {
      const text = failed ? translate(ctx, "error-generic") : undefined;
      await ctx.answerCallbackQuery(text ? { text } : undefined).catch(() => {});
    }
  }
};
