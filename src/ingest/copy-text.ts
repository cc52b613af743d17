// Rows in PostgreSQL's COPY text format, for bulk loads. COPY is the cheapest way into
// PostgreSQL by far (no statement per batch, no parameter or JSON parsing), and PGlite
// accepts the same bytes, so both engines load from what these functions produce.
//
// Text format: one line per row, columns separated by tabs, \N for NULL, and backslash,
// tab, newline and carriage return escaped inside values.
import type { MessageRecord } from "./records.js";

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A text value as a COPY field (the caller has made it storable: no NUL, well-formed). */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : value;
}

export function copyNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "\\N" : String(value);
}

export function copyDate(value: Date | null | undefined): string {
  return value ? value.toISOString() : "\\N";
}

/** The `messages` columns a bulk load writes, in the order messageCopyLine emits them. */
export const MESSAGE_COPY_COLUMNS =
  "chat_id, message_id, thread_id, user_id, sender_chat_id, date, edit_date, kind, text_length, text, " +
  "reply_to_message_id, forward_origin, forward_from_id, forward_from_name, forward_from_message_id, " +
  "forward_date, is_automatic_forward, media_group_id, service_action, views, forwards, replies, source";

export function messageCopyLine(m: MessageRecord): string {
  return `${m.chatId}\t${m.messageId}\t${copyNumber(m.threadId)}\t${copyNumber(m.userId)}\t${copyNumber(
    m.senderChatId,
  )}\t${m.date.toISOString()}\t${copyDate(m.editDate)}\t${m.kind}\t${m.textLength}\t${copyText(
    m.text,
  )}\t${copyNumber(m.replyToMessageId)}\t${copyText(m.forwardOrigin)}\t${copyNumber(m.forwardFromId)}\t${copyText(
    m.forwardFromName,
  )}\t${copyNumber(m.forwardFromMessageId)}\t${copyDate(m.forwardDate)}\t${
    m.isAutomaticForward ? "t" : "f"
  }\t${copyText(m.mediaGroupId)}\t${copyText(m.serviceAction)}\t${copyNumber(m.views)}\t${copyNumber(
    m.forwards,
  )}\t${copyNumber(m.replies)}\t${m.source}\n`;
}
