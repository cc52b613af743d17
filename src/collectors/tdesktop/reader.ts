// Reads a Telegram Desktop export (result.json, one chat or a whole account) as a stream
// and yields ingest records in batches, with flat memory however large the file is.

import { createReadStream } from "node:fs";
import type { ChatRecord, IngestBatch } from "../../ingest/records.js";
import { storableText } from "../../ingest/records.js";
import { type ExportErrorLocation, ExportFormatError, FieldError, TimezoneRequiredError } from "./errors.js";
import { findJsonProblem, locatePath, repairControlCharacters } from "./json-bytes.js";
import {
  ChatState,
  channelChatId,
  fromLatin1,
  MAX_BASIC_GROUP_ID,
  MAX_CHANNEL_ID,
  MAX_USER_ID,
  MessageMapper,
} from "./messages.js";
import {
  ARRAY,
  CAPTURE,
  codePointsIn,
  NEEDS_REPAIR,
  OBJECT,
  type ScanHandler,
  SKIP,
  SkeletonScanner,
} from "./scanner.js";
import { ZoneClock } from "./time.js";

export interface ReadExportOptions {
  /** Override the target chat id (single-chat exports), used as given (Bot API form, e.g. -100…). */
  chatId?: number;
  /** IANA zone to interpret `date` when `date_unixtime` is missing. */
  timezone?: string;
  /** false: text null, text_length kept. */
  storeText: boolean;
  /** Messages per yielded batch (default 5000). */
  batchSize?: number;
  /** Messages dated after this are left out as invalid (see MapperOptions.notAfterMs). */
  notAfter?: Date;
}

export type ExportEvent =
  | { type: "chat"; chat: ChatRecord; exportType: string; name: string }
  | { type: "batch"; chatId: number; batch: IngestBatch; messages: number; bytesRead: number }
  | { type: "skipped"; chatId: number; reason: string; count: number }
  /** One of the first INVALID_EXAMPLES messages left out for invalid fields: what and where. */
  | { type: "invalid"; chatId: number; message: string }
  | { type: "warning"; message: string };

/** The reason skipped messages with wrong fields are tallied under. */
export const INVALID_MESSAGE = "message with invalid fields";
/** How many of them are described one by one (the rest are counted). */
export const INVALID_EXAMPLES = 5;
/** The longest description of what is wrong with one of them, in characters. */
const MAX_PROBLEM = 300;

const DEFAULT_BATCH_SIZE = 5000;
const READ_CHUNK = 64 * 1024;

// Where the scanner is in the document.
const ROLE_ROOT = 1;
const ROLE_SECTION = 2; // "chats" / "left_chats"
const ROLE_LIST = 3; // their "list"
const ROLE_CHAT = 4;
const ROLE_MESSAGES = 5;

const INCLUDED_TYPES: Record<string, "group" | "supergroup" | "channel"> = {
  private_group: "group",
  private_supergroup: "supergroup",
  public_supergroup: "supergroup",
  private_channel: "channel",
  public_channel: "channel",
};

const SKIPPED_TYPES: Record<string, string> = {
  personal_chat: "personal chat",
  bot_chat: "bot chat",
  saved_messages: "saved messages",
  replies: "replies",
  verify_codes: "verification codes",
};

/** Chats whose migration partners are matched when both sides appear within this window. */
const MIGRATION_WINDOW_MS = 60_000;

interface ChatHeader {
  name: string | null;
  type: string | null | undefined;
  id: number | undefined;
  /** Where the id was written, for an error found once the type is known too. */
  idAt?: ExportErrorLocation;
}

class ExportHandler implements ScanHandler {
  events: ExportEvent[] = [];
  scanner!: SkeletonScanner;
  private readonly mapper: MessageMapper;
  private readonly batchSize: number;
  private header: ChatHeader = { name: null, type: undefined, id: undefined };
  private chat: ChatState | undefined;
  private skipReason = "";
  private singleChat = false;
  private account = false;
  private repaired = 0;
  private invalid = 0;
  /** Bytes of the document read up to the end of the last message. */
  private position = 0;

  constructor(
    private readonly options: ReadExportOptions,
    clock: ZoneClock | undefined,
  ) {
    this.mapper = new MessageMapper({ storeText: options.storeText, clock, notAfterMs: options.notAfter?.getTime() });
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  take(): ExportEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  member(role: number, key: string): number {
    switch (role) {
      case ROLE_ROOT:
        if (key === "messages") {
          this.singleChat = true;
          this.beginChat();
          return ARRAY | (ROLE_MESSAGES << 2);
        }
        if (key === "chats" || key === "left_chats") {
          if (this.options.chatId !== undefined) {
            throw new Error("chatId can only override the chat of a single-chat export, not of a whole-account export");
          }
          this.account = true;
          return OBJECT | (ROLE_SECTION << 2);
        }
        return key === "name" || key === "type" || key === "id" ? CAPTURE : SKIP;
      case ROLE_SECTION:
        return key === "list" ? ARRAY | (ROLE_LIST << 2) : SKIP;
      case ROLE_CHAT:
        if (key === "messages") {
          this.beginChat();
          return ARRAY | (ROLE_MESSAGES << 2);
        }
        return key === "name" || key === "type" || key === "id" ? CAPTURE : SKIP;
      default:
        return SKIP;
    }
  }

  element(role: number, _index: number): number {
    if (role === ROLE_MESSAGES) return CAPTURE;
    if (role === ROLE_LIST) {
      this.header = { name: null, type: undefined, id: undefined };
      return OBJECT | (ROLE_CHAT << 2);
    }
    return SKIP;
  }

  private addMessage(parsed: unknown, buffer: Buffer, start: number, end: number, latin1: boolean): void {
    const chat = this.chat as ChatState;
    try {
      this.mapper.add(chat, parsed, latin1);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      if (latin1) error.message = fromLatin1(error.message);
      if (error instanceof TimezoneRequiredError) {
        const fatal = this.fieldError(buffer.subarray(start, end), error);
        fatal.code = "timezone_required";
        fatal.chatId = chat.id;
        throw fatal;
      }
      // One odd message does not sink the export: it is left out (the mapper added nothing
      // of it), counted, and the first few are described with their place in the file.
      if (chat.include) {
        chat.skip(INVALID_MESSAGE);
        // The problem quotes the value found, which can be a whole text: kept to one line.
        if (error.message.length > MAX_PROBLEM) error.message = `${error.message.slice(0, MAX_PROBLEM - 1)}…`;
        if (this.invalid++ < INVALID_EXAMPLES) {
          const message = this.fieldError(buffer.subarray(start, end), error).message;
          this.events.push({ type: "invalid", chatId: chat.id, message });
        }
      }
    }
    this.position = this.scanner.valueOffset + (end - start);
    if (chat.messages.length >= this.batchSize) this.flush(chat);
  }

  value(role: number, key: string | number, buffer: Buffer, start: number, end: number, flags: number): void {
    if (role === ROLE_MESSAGES) {
      let parsed: unknown;
      // Without \u escapes the bytes are parsed as Latin-1 (faster), the mapper decodes what it keeps.
      const asLatin1 = flags === 0;
      if (flags & NEEDS_REPAIR) {
        parsed = this.parseRepaired(buffer.subarray(start, end));
      } else {
        try {
          parsed = JSON.parse(buffer.toString(asLatin1 ? "latin1" : "utf8", start, end));
        } catch (error) {
          throw this.syntaxError(buffer.subarray(start, end), error);
        }
      }
      this.addMessage(parsed, buffer, start, end, asLatin1);
      return;
    }
    // A chat's name, type or id.
    const bytes = buffer.subarray(start, end);
    let parsed: unknown;
    try {
      parsed = flags === 0 ? JSON.parse(bytes.toString("utf8")) : this.parseRepaired(bytes);
    } catch (error) {
      throw this.syntaxError(bytes, error);
    }
    if (key === "id") {
      // The export's own id (without Bot API's minus or -100): a positive id Telegram can issue,
      // else it would be read as some other chat (-5 as a group becomes user 5).
      if (typeof parsed !== "number" || !Number.isInteger(parsed) || parsed < 1 || parsed > MAX_USER_ID) {
        throw this.fieldError(
          bytes,
          new FieldError(
            [],
            `expected a positive numeric chat id up to ${MAX_USER_ID}, found ${JSON.stringify(parsed)}`,
            {
              key: "import-error-chat-id",
              vars: { max: String(MAX_USER_ID), found: JSON.stringify(parsed) },
            },
          ),
        );
      }
      this.header.id = parsed;
      this.header.idAt = { ...this.locate(bytes, 0), path: this.scanner.path() || undefined };
    } else if (key === "type") {
      if (typeof parsed !== "string" && parsed !== null) {
        throw this.fieldError(
          bytes,
          new FieldError([], `expected a chat type string, found ${JSON.stringify(parsed)}`, {
            key: "import-error-chat-type",
            vars: { found: JSON.stringify(parsed) },
          }),
        );
      }
      this.header.type = parsed;
    } else if (key === "name") {
      this.header.name = typeof parsed === "string" ? parsed : null;
    }
  }

  close(role: number): void {
    if (role === ROLE_MESSAGES) this.endChat();
    else if (role === ROLE_ROOT && !this.singleChat && !this.account) {
      throw new ExportFormatError(
        'not a Telegram Desktop export: expected "messages" (an export of one chat) or "chats" (an export of a whole account) in the top-level object',
        this.scanner.location(this.scanner.at),
        { key: "import-error-not-export" },
      );
    }
  }

  finish(): void {
    if (this.repaired > 0) {
      this.events.push({
        type: "warning",
        message: `repaired ${this.repaired} raw control character${this.repaired === 1 ? "" : "s"} inside strings (invalid JSON written by some Telegram Desktop versions); they were read as the characters they stand for`,
      });
    }
  }

  private beginChat(): void {
    const header = this.header;
    const path = this.scanner.path();
    const where = path.endsWith("messages") ? path.slice(0, -"messages".length).replace(/\.$/, "") : path;
    if (header.type === undefined || header.id === undefined) {
      throw new ExportFormatError(
        `the chat's "type" and "id" must come before its "messages" (Telegram Desktop writes them first)`,
        { ...this.scanner.location(this.scanner.at), path: where || undefined },
        { key: "import-error-header-order" },
      );
    }
    const type = header.type ?? "";
    const kind = INCLUDED_TYPES[type];
    if (kind === undefined) {
      this.skipReason = SKIPPED_TYPES[type] ?? `chat type ${JSON.stringify(header.type)}`;
      this.chat = new ChatState(header.id, header.id, "group", header.name, false);
      return;
    }
    const max = kind === "group" ? MAX_BASIC_GROUP_ID : MAX_CHANNEL_ID;
    if (header.id > max) {
      throw new ExportFormatError(
        `a ${type} id is at most ${max} (the largest id Telegram gives such chats), found ${header.id}`,
        header.idAt,
        { key: "import-error-chat-id-range", vars: { type, max: String(max), found: String(header.id) } },
      );
    }
    const id = this.options.chatId ?? (kind === "group" ? -header.id : channelChatId(header.id));
    const title = storableText(header.name);
    this.chat = new ChatState(id, header.id, kind, title, true);
    this.events.push({
      type: "chat",
      chat: { id, type: kind, title, seenAt: new Date() },
      exportType: type,
      name: header.name ?? "",
    });
  }

  private endChat(): void {
    const chat = this.chat as ChatState;
    this.chat = undefined;
    if (!chat.include) {
      this.events.push({ type: "skipped", chatId: chat.id, reason: this.skipReason, count: chat.total });
      return;
    }
    this.mapper.resolveNamedMembers(chat);
    this.flush(chat);
    for (const [reason, count] of chat.skipped) {
      this.events.push({ type: "skipped", chatId: chat.id, reason, count });
    }
    if (chat.migratedHistory > 0) {
      this.events.push({
        type: "warning",
        message: `chat ${chat.id}: ${chat.migratedHistory} messages come from the basic group it was migrated from; the export does not name that group, so they are stored under this supergroup with their export ids (negative numbers)`,
      });
    }
    this.matchMigrations();
  }

  /** Emits the records gathered for a chat as one batch (nothing when there are none). */
  private flush(chat: ChatState): void {
    const messages = chat.messages.length;
    if (!chat.include) {
      // Read only to validate the file: drop the records.
      chat.messages = [];
      chat.userReactions = [];
      chat.reactionCounts = [];
      chat.memberEvents = [];
      return;
    }
    if (messages === 0 && chat.memberEvents.length === 0 && chat.users.length === 0) return;
    const hasDates = Number.isFinite(chat.firstMs);
    const record: ChatRecord = {
      id: chat.id,
      type: chat.kind,
      title: chat.title,
      seenAt: hasDates ? new Date(chat.firstMs) : new Date(),
    };
    if (hasDates) record.lastMessageAt = new Date(chat.lastMs);
    if (chat.linkedChatId !== null) record.linkedChatId = chat.linkedChatId;
    const batch: IngestBatch = {
      chats: chat.senderChats.length > 0 ? [record, ...chat.senderChats] : [record],
      users: chat.users,
      messages: chat.messages,
      userReactions: chat.userReactions,
      reactionCounts: chat.reactionCounts,
      memberEvents: chat.memberEvents,
    };
    this.events.push({ type: "batch", chatId: chat.id, batch, messages, bytesRead: this.position });
    chat.messages = [];
    chat.users = [];
    chat.senderChats = [];
    chat.userReactions = [];
    chat.reactionCounts = [];
    chat.memberEvents = [];
    chat.firstMs = Number.POSITIVE_INFINITY;
    chat.lastMs = Number.NEGATIVE_INFINITY;
  }

  /**
   * A basic group that became a supergroup says `migrate_to_supergroup`, the supergroup
   * `migrate_from_group`, neither with the other's id. When an account export holds both
   * sides (same moment, same title), the group's record gets migratedToChatId.
   */
  private matchMigrations(): void {
    const notes = this.mapper.migrations;
    for (let i = 0; i < notes.length; i++) {
      const group = notes[i];
      if (group?.side !== "group") continue;
      const j = notes.findIndex(
        (other) =>
          other.side === "supergroup" &&
          Math.abs(other.at - group.at) <= MIGRATION_WINDOW_MS &&
          (other.title === null || group.title === null || other.title === group.title),
      );
      if (j < 0) continue;
      const supergroup = notes[j];
      if (!supergroup) continue;
      this.events.push({
        type: "batch",
        chatId: group.chatId,
        batch: {
          chats: [{ id: group.chatId, type: "group", migratedToChatId: supergroup.chatId, seenAt: new Date(group.at) }],
        },
        messages: 0,
        bytesRead: this.position,
      });
      notes.splice(Math.max(i, j), 1);
      notes.splice(Math.min(i, j), 1);
      i = -1;
    }
  }

  private parseRepaired(original: Buffer): unknown {
    const { bytes, repaired } = repairControlCharacters(original);
    this.repaired += repaired;
    try {
      return JSON.parse(bytes.toString("utf8"));
    } catch (error) {
      throw this.syntaxError(original, error);
    }
  }

  /** Where, in the file, an offset inside the value last captured is. */
  private locate(bytes: Buffer, offset: number): { byteOffset: number; line: number; column: number } {
    const scanner = this.scanner;
    let line = scanner.valueLine;
    let lastNewline = -1;
    for (let i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lastNewline = i;
      }
    }
    const column =
      lastNewline >= 0
        ? codePointsIn(bytes, lastNewline + 1, offset) + 1
        : scanner.valueOffset - scanner.valueLineStart + codePointsIn(bytes, 0, offset) + 1;
    return { byteOffset: scanner.valueOffset + offset, line, column };
  }

  private syntaxError(bytes: Buffer, cause: unknown): ExportFormatError {
    const problem = findJsonProblem(bytes);
    const offset = problem?.offset ?? 0;
    const detail = problem ? problem.message : cause instanceof Error ? cause.message : String(cause);
    return new ExportFormatError(
      `invalid JSON: ${detail}`,
      { ...this.locate(bytes, offset), path: this.scanner.path() || undefined },
      { key: "import-error-json", vars: { detail } },
    );
  }

  private fieldError(bytes: Buffer, error: FieldError): ExportFormatError {
    let offset = 0;
    try {
      offset = locatePath(bytes, error.segments);
    } catch {
      offset = 0;
    }
    return new ExportFormatError(
      error.message,
      { ...this.locate(bytes, offset), path: this.scanner.path(error.segments) || undefined },
      error.translation ?? { key: "import-error-field", vars: { detail: error.message } },
    );
  }
}

type Chunk = Buffer | Uint8Array | string;

/**
 * Streams the records of a Telegram Desktop export. Events come in file order: for each
 * imported chat a `chat` event, then its `batch`es, then its `skipped` tallies; chats that
 * are not group analytics (personal chats, bots, saved messages) give one `skipped` event.
 * A broken file throws ExportFormatError before any record of the broken message is
 * yielded; earlier batches may already have been yielded.
 */
export async function* readExport(
  input: string | NodeJS.ReadableStream,
  options: ReadExportOptions,
): AsyncGenerator<ExportEvent> {
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  }
  const clock = options.timezone ? new ZoneClock(options.timezone) : undefined;
  const handler = new ExportHandler(options, clock);
  const scanner = new SkeletonScanner(handler, ROLE_ROOT);
  handler.scanner = scanner;
  const stream = typeof input === "string" ? createReadStream(input, { highWaterMark: READ_CHUNK }) : input;
  try {
    for await (const chunk of stream as AsyncIterable<Chunk>) {
      const bytes = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk)
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      try {
        scanner.write(bytes);
      } catch (error) {
        yield* handler.take();
        throw error;
      }
      if (handler.events.length > 0) yield* handler.take();
    }
    scanner.end();
    handler.finish();
    yield* handler.take();
  } finally {
    if (typeof input === "string") (stream as ReturnType<typeof createReadStream>).destroy();
  }
}
