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
  return value ? isoString(value.getTime()) : "\\N";
}

const DAY = 86_400_000;
// The day of the last date formatted, and that date as character codes
// ("YYYY-MM-DDTHH:MM:SS.mmmZ"): within the day only the time of day is rewritten.
let dayStart = Number.NaN;
let dayEnd = Number.NaN;
const codes = Array.from("0000-00-00T00:00:00.000Z", (c) => c.charCodeAt(0));

/**
 * What Date.prototype.toISOString gives, several times faster: an import formats millions
 * of dates, mostly of the same day as the one before. String.fromCharCode makes the
 * string in one piece (no partial strings for the garbage collector).
 */
function isoString(ms: number): string {
  if (!(ms >= dayStart && ms < dayEnd)) {
    const iso = new Date(ms).toISOString(); // a RangeError for an invalid date, as before
    // Years outside 0000–9999 are written with a sign and six digits: left to toISOString.
    if (iso.length !== 24) return iso;
    dayStart = Math.floor(ms / DAY) * DAY;
    dayEnd = dayStart + DAY;
    for (let i = 0; i < 10; i++) codes[i] = iso.charCodeAt(i);
    return iso;
  }
  let rest = ms - dayStart;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  twoDigits(11, (rest - minute) / 60);
  twoDigits(14, minute);
  twoDigits(17, second);
  codes[20] = 0x30 + Math.floor(milli / 100);
  twoDigits(21, milli % 100);
  return String.fromCharCode.apply(null, codes);
}

function twoDigits(at: number, value: number): void {
  codes[at] = 0x30 + Math.floor(value / 10);
  codes[at + 1] = 0x30 + (value % 10);
}

/** The `message_reactions` columns, in the order the bulk loader writes them. */
export const REACTION_COLUMNS = "chat_id, message_id, reaction, user_id, count, date, source";

/** The `messages` columns every writer fills, in the order messageCopyLine emits them. */
export const MESSAGE_COPY_COLUMNS =
  "chat_id, message_id, thread_id, user_id, sender_chat_id, date, edit_date, kind, text_length, text, " +
  "reply_to_message_id, forward_origin, forward_from_id, forward_from_name, forward_from_message_id, " +
  "forward_date, is_automatic_forward, media_group_id, service_action, views, forwards, replies, source";

/**
 * One `messages` row. Built with join, which makes the line one flat string: a template
 * literal makes a tree of some 45 partial strings, and the caller keeps every line of a
 * batch until it encodes them, so the young-generation collector had to copy all of those
 * (measured: most of the import's garbage-collection time).
 */
export function messageCopyLine(m: MessageRecord): string {
  return [
    m.chatId,
    m.messageId,
    copyNumber(m.threadId),
    copyNumber(m.userId),
    copyNumber(m.senderChatId),
    isoString(m.date.getTime()),
    copyDate(m.editDate),
    m.kind,
    m.textLength,
    copyText(m.text),
    copyNumber(m.replyToMessageId),
    copyText(m.forwardOrigin),
    copyNumber(m.forwardFromId),
    copyText(m.forwardFromName),
    copyNumber(m.forwardFromMessageId),
    copyDate(m.forwardDate),
    m.isAutomaticForward ? "t" : "f",
    copyText(m.mediaGroupId),
    copyText(m.serviceAction),
    copyNumber(m.views),
    copyNumber(m.forwards),
    copyNumber(m.replies),
    `${m.source}\n`,
  ].join("\t");
}
