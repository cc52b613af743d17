// What the statistics reports share: the dependencies they are built from, and messages as
// keys with arguments, so a bot reply, a scheduled post and a PDF translate the same view in
// whichever language they answer in.
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Translate } from "../i18n/index.js";

/** What a report reads: the database, the clock, and the default time zone. The bot's deps fit. */
export interface ReportDeps {
  database: Database;
  config: Pick<Config, "defaultTimezone">;
  now: () => Date;
}

/** An argument of a message: text (escaped for HTML when translated so), a number (Fluent formats and plurals it), or another message. */
export type MessageArg = string | number | Message;

/** A translatable message: a Fluent key and its arguments. */
export interface Message {
  key: string;
  args?: Record<string, MessageArg>;
}

export function message(key: string, args?: Record<string, MessageArg>): Message {
  return args ? { key, args } : { key };
}

export interface TranslateOptions {
  /** Escape text arguments for Telegram's HTML parse mode (the messages' own markup stays). */
  html?: boolean;
}

/** Translates a message, its nested messages first. */
export function translateMessage(t: Translate, msg: Message, options: TranslateOptions = {}): string {
  const args: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(msg.args ?? {})) {
    args[name] =
      typeof value === "object"
        ? translateMessage(t, value, options)
        : typeof value === "string" && options.html
          ? escapeHtml(value)
          : value;
  }
  return t(msg.key, args);
}

/** One line per message. */
export function translateLines(t: Translate, lines: readonly Message[], options: TranslateOptions = {}): string {
  return lines.map((line) => translateMessage(t, line, options)).join("\n");
}

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
