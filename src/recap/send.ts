// The one call that puts a recap into a chat, with Telegram's answer sorted into what the
// posting logic acts on: posted, wait and retry (429), stop for good (403), a request
// Telegram refuses (400), or a passing failure (network, 5xx).
import { type Api, GrammyError, HttpError, InputFile } from "grammy";

export type SendOutcome =
  | { kind: "sent"; messageId: number }
  /** 429 that outlasted auto-retry: try again after `retryAfterMs`. */
  | { kind: "rate_limited"; retryAfterMs: number; description: string }
  /** 403: removed from the chat, or the chat is gone. */
  | { kind: "blocked"; description: string }
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
    if (error.error_code === 403) return { kind: "blocked", description };
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
