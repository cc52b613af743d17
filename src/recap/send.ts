// The one call that puts a recap into a chat, with Telegram's answer sorted into what the
// posting logic acts on: posted, wait and retry (429), stop for good (403, chat gone), a
// request Telegram refuses (400), or a passing failure (network, 5xx). The app sends through
// src/delivery (Telegram's limits, refusals remembered); the plain-Api sender is for tools
// and tests that run without it.
import { type Api, GrammyError, HttpError, InputFile } from "grammy";
import type { Delivery } from "../delivery/index.js";

export type SendOutcome =
  | { kind: "sent"; messageId: number }
  /** 429 that outlasted auto-retry: try again after `retryAfterMs`. */
  | { kind: "rate_limited"; retryAfterMs: number; description: string }
  /** 403: removed from the chat, or the chat is gone. `remembered`: the sender marked the chat already. */
  | { kind: "blocked"; description: string; remembered: boolean }
  /** 400: Telegram refuses this request (no right to send photos, chat not found …). */
  | { kind: "rejected"; description: string; chatGone: boolean }
  | { kind: "error"; description: string };

export interface RecapPost {
  chatId: number;
  png: Buffer;
  caption: string;
  filename: string;
}

export type SendRecap = (post: RecapPost, signal?: AbortSignal) => Promise<SendOutcome>;

type ApiSignal = Parameters<Api["sendPhoto"]>[3];

/** Sends through src/delivery: throttled to Telegram's limits; 403s and vanished chats are remembered there. */
export function deliveryRecapSender(delivery: Pick<Delivery, "sendPhoto">): SendRecap {
  return async (post, signal) => {
    const outcome = await delivery.sendPhoto(
      post.chatId,
      new InputFile(post.png, post.filename),
      { caption: post.caption, parse_mode: "HTML" },
      signal,
    );
    if (outcome.ok) return { kind: "sent", messageId: outcome.message.message_id };
    const { description } = outcome;
    switch (outcome.reason) {
      case "blocked":
      case "chat_gone":
        return { kind: "blocked", description, remembered: outcome.mark !== undefined };
      case "rate_limited":
        return { kind: "rate_limited", retryAfterMs: (outcome.retryAfter ?? 1) * 1000, description };
      default:
        return outcome.errorCode === 400
          ? { kind: "rejected", description, chatGone: false }
          : { kind: "error", description: outcome.errorCode ? `${outcome.errorCode}: ${description}` : description };
    }
  };
}

/** Sends through the bot's API (throttling and auto-retry are its transformers). */
export function apiRecapSender(api: Pick<Api, "sendPhoto">): SendRecap {
  return async (post, signal) => {
    try {
      const message = await api.sendPhoto(
        post.chatId,
        new InputFile(post.png, post.filename),
        { caption: post.caption, parse_mode: "HTML" },
        signal as ApiSignal,
      );
      return { kind: "sent", messageId: message.message_id };
    } catch (error) {
      return classifySendError(error);
    }
  };
}

export function classifySendError(error: unknown): Exclude<SendOutcome, { kind: "sent" }> {
  if (error instanceof GrammyError) {
    const description = error.description;
    if (error.error_code === 429) {
      return { kind: "rate_limited", retryAfterMs: (error.parameters.retry_after ?? 1) * 1000, description };
    }
    if (error.error_code === 403) return { kind: "blocked", description, remembered: false };
    if (error.error_code === 400) {
      return {
        kind: "rejected",
        description,
        chatGone: /chat not found|group chat was (deactivated|upgraded)/i.test(description),
      };
    }
    return { kind: "error", description: `${error.error_code}: ${description}` };
  }
  if (error instanceof HttpError) return { kind: "error", description: error.message };
  return { kind: "error", description: error instanceof Error ? error.message : String(error) };
}
