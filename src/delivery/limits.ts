// Telegram's sending limits, enforced on the bot's Api by grammY's throttler (Bottleneck
// queues): calls that create a message wait their turn per chat, per group and overall.
// Everything else — getUpdates, admin checks, edits, callback answers — passes straight
// through, so polling and a button's answer never queue behind a batch of recaps.
import { apiThrottler } from "@grammyjs/transformer-throttler";
import type { Transformer } from "grammy";

export interface SendLimits {
  /** Messages across all chats: `count` per `perMs` (Telegram: about 30 per second). */
  overall: { count: number; perMs: number };
  /** Least time between two messages to one chat, private or not (Telegram: about 1 s). */
  perChatGapMs: number;
  /** Messages to one group or channel: `count` per `perMs` (Telegram: 20 per minute). */
  perGroup: { count: number; perMs: number };
}

/** Telegram's published limits (core.telegram.org/bots/faq, "My bot is hitting limits"). */
export const TELEGRAM_SEND_LIMITS: SendLimits = {
  overall: { count: 30, perMs: 1_000 },
  perChatGapMs: 1_000,
  perGroup: { count: 20, perMs: 60_000 },
};

// Not messages, though their names start with "send": a typing indicator, a streamed draft.
const NOT_A_MESSAGE = new Set(["sendChatAction", "sendMessageDraft"]);

/** Whether a Bot API method creates a message in a chat (and so counts against the limits). */
export function isSendMethod(method: string): boolean {
  return (method.startsWith("send") && !NOT_A_MESSAGE.has(method)) || /^(copy|forward)Messages?$/.test(method);
}

/**
 * An API transformer that holds each message-creating call until the limits allow it. The
 * throttler tells groups and channels (negative chat ids: per-group quota and spacing) from
 * private chats (spacing only), and chains both to one overall quota. Install it before
 * auto-retry (inside it): then every attempt is metered, and retries after a 429 cannot pile
 * on top of the messages already going out (measured: docs/delivery.md).
 */
export function sendThrottler(limits: SendLimits = TELEGRAM_SEND_LIMITS): Transformer {
  // Bottleneck refreshes a reservoir on the first heartbeat after its window ends: a beat that
  // divides the window keeps the quota exact. A minute's window beats once a second rather
  // than Bottleneck's 250 ms, as there is one such limiter per group that was sent to.
  const beat = (perMs: number) => [1_000, 250, 50, 10, 5, 1].find((ms) => perMs % ms === 0 && ms <= perMs / 4) ?? 1;
  const throttle = apiThrottler({
    global: {
      // Evenly spaced, not 30 at once each second: a burst at the end of one second and the
      // next at the start of the following would put 60 into one sliding second.
      minTime: Math.ceil(limits.overall.perMs / limits.overall.count),
      reservoir: limits.overall.count,
      reservoirRefreshAmount: limits.overall.count,
      reservoirRefreshInterval: limits.overall.perMs,
      heartbeatInterval: beat(limits.overall.perMs),
    },
    group: {
      maxConcurrent: 1,
      minTime: limits.perChatGapMs,
      reservoir: limits.perGroup.count,
      reservoirRefreshAmount: limits.perGroup.count,
      reservoirRefreshInterval: limits.perGroup.perMs,
      heartbeatInterval: beat(limits.perGroup.perMs),
    },
    out: { maxConcurrent: 1, minTime: limits.perChatGapMs },
  });
  return (prev, method, payload, signal) =>
    isSendMethod(method) ? throttle(prev, method, payload, signal) : prev(method, payload, signal);
}
