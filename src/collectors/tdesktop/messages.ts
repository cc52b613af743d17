// Turns one parsed export message into ingest records, keyed exactly as the live bot keys
// them (Bot API chat ids, message ids, reaction keys), so an imported message and the same
// message seen live are one row. Pure mapping: the reader owns files, batches and events.

import type {
  ChatRecord,
  MemberEventRecord,
  MessageKind,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
  UserRecord,
} from "../../ingest/records.js";
import { codePointLength, storableText } from "../../ingest/records.js";
import { FieldError, TimezoneRequiredError } from "./errors.js";
import { parseExportDate, parseWallTime, type ZoneClock } from "./time.js";

/** Bot API ids of channels and supergroups are -(10^12 + MTProto id). */
const CHANNEL_ID_BASE = 1_000_000_000_000;
/** Message ids, reply and thread ids and reaction counts are 32-bit in Telegram and int4 in the schema. */
const INT32_MAX = 2_147_483_647;
/**
 * The largest ids Telegram hands out (TDLib's UserId, ChatId and ChannelId limits). Beyond
 * them a "user" would collide with other kinds of chats in Bot API form (a basic group's
 * -id, a channel's -100…), and every id stays far below 2^53, where numbers start rounding.
 */
export const MAX_USER_ID = 2 ** 40 - 1;
export const MAX_BASIC_GROUP_ID = 999_999_999_999;
export const MAX_CHANNEL_ID = CHANNEL_ID_BASE - 2 ** 31;
/** Telegram's dates are 32-bit Unix seconds: 1970 up to January 2038. */
const MAX_DATE_MS = INT32_MAX * 1000;

export type ChatKind = "group" | "supergroup" | "channel";

/** One chat being read: its identity, the records of the batch being built, and tallies. */
export class ChatState {
  messages: MessageRecord[] = [];
  users: UserRecord[] = [];
  senderChats: ChatRecord[] = [];
  userReactions: UserReactionsRecord[] = [];
  reactionCounts: ReactionCountsRecord[] = [];
  memberEvents: MemberEventRecord[] = [];
  /** Earliest and latest message instants of the batch being built. */
  firstMs = Number.POSITIVE_INFINITY;
  lastMs = Number.NEGATIVE_INFINITY;

  /** Messages seen (for a skipped chat: the count it reports). */
  total = 0;
  readonly skipped = new Map<string, number>();
  /** Members of invite_members / remove_members known only by name, resolved when the chat ends. */
  readonly namedMembers: NamedMemberEvent[] = [];
  /** Messages of the basic group this supergroup was migrated from (negative ids in the export). */
  migratedHistory = 0;
  migratedToChatId: number | null = null;
  linkedChatId: number | null = null;
  /** The previous message's instant: settles which pass of a repeated hour a wall time means. */
  previousMs = Number.NEGATIVE_INFINITY;

  /** The Bot API id the export's own id maps to (differs from `id` when the caller overrides it). */
  readonly naturalId: number;

  constructor(
    /** Bot API chat id. */
    readonly id: number,
    /** The id written in the export. */
    readonly rawId: number,
    readonly kind: ChatKind,
    readonly title: string | null,
    /** False for chats that are read (and validated) but not imported: personal chats, saved messages. */
    readonly include: boolean,
  ) {
    this.naturalId = kind === "group" ? -rawId : channelChatId(rawId);
  }

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  // What the batch held before the message being mapped (see MessageMapper.add): numbers in
  // fields, not a snapshot object per message.
  private markMessages = 0;
  private markUserReactions = 0;
  private markReactionCounts = 0;
  private markMemberEvents = 0;
  private markNamedMembers = 0;
  private markFirstMs = 0;
  private markLastMs = 0;
  private markPreviousMs = 0;
  private markMigratedHistory = 0;
  private markLinkedChatId: number | null = null;

  /** Remembers the batch as it is, before a message is mapped. */
  mark(): void {
    this.markMessages = this.messages.length;
    this.markUserReactions = this.userReactions.length;
    this.markReactionCounts = this.reactionCounts.length;
    this.markMemberEvents = this.memberEvents.length;
    this.markNamedMembers = this.namedMembers.length;
    this.markFirstMs = this.firstMs;
    this.markLastMs = this.lastMs;
    this.markPreviousMs = this.previousMs;
    this.markMigratedHistory = this.migratedHistory;
    this.markLinkedChatId = this.linkedChatId;
  }

  /** Takes back whatever a message that turned out invalid had added since mark(). */
  rollback(): void {
    this.messages.length = this.markMessages;
    this.userReactions.length = this.markUserReactions;
    this.reactionCounts.length = this.markReactionCounts;
    this.memberEvents.length = this.markMemberEvents;
    this.namedMembers.length = this.markNamedMembers;
    this.firstMs = this.markFirstMs;
    this.lastMs = this.markLastMs;
    this.previousMs = this.markPreviousMs;
    this.migratedHistory = this.markMigratedHistory;
    this.linkedChatId = this.markLinkedChatId;
  }
}

interface NamedMemberEvent {
  name: string | null;
  kind: "join" | "kick";
  actorId: number | null;
  occurredAt: Date;
}

export interface MapperOptions {
  storeText: boolean;
  clock: ZoneClock | undefined;
  /**
   * Messages dated after this instant (ms) are refused as invalid: an export cannot hold a
   * message from the future, and one that does (an edited file, a device with a wrong clock)
   * would put activity into days that have not happened yet.
   */
  notAfterMs?: number;
}

/** What an export says about peers, shared by all chats of one file. */
export class PeerDirectory {
  /** Users whose record was already emitted, with the name it carried. */
  private readonly emitted = new Map<number, string | null>();
  /** Display name → user id; AMBIGUOUS when two users share the name. */
  private readonly byName = new Map<string, number>();
  private readonly emittedChats = new Set<number>();

  /** Records a user; returns a UserRecord when this user (or this name of theirs) is new. */
  user(id: number, name: unknown): UserRecord | undefined {
    const display = typeof name === "string" ? name : null;
    if (this.emitted.get(id) === display) return undefined;
    this.emitted.set(id, display);
    if (display !== null) {
      const other = this.byName.get(display);
      if (other === undefined) this.byName.set(display, id);
      else if (other !== id) this.byName.set(display, AMBIGUOUS);
    }
    // Exports carry one display name and nothing else: the other fields stay unknown
    // (undefined), not empty, so a writer can keep what the bot learned about the user.
    return { id, partial: true, isBot: false, firstName: storableText(display) };
  }

  /** True when this user was emitted with this name already (user() would answer nothing). */
  known(id: number, name: string | null): boolean {
    return this.emitted.get(id) === name;
  }

  /** The one user id a display name belongs to in this export, if exactly one. */
  resolve(name: string | null): number | undefined {
    if (name === null) return undefined;
    const id = this.byName.get(name);
    return id === undefined || id === AMBIGUOUS ? undefined : id;
  }

  /** True the first time a sender chat (a channel posting into a group) is seen. */
  firstSight(chatId: number): boolean {
    if (this.emittedChats.has(chatId)) return false;
    this.emittedChats.add(chatId);
    return true;
  }
}

const AMBIGUOUS = -1;

/** Migrations seen in an account export, matched across its chats by time and title. */
export interface MigrationNote {
  /** `migrate_to_supergroup` in a basic group, or `migrate_from_group` in a supergroup. */
  side: "group" | "supergroup";
  chatId: number;
  title: string | null;
  at: number;
}

export type Peer = number; // > 0 user id, < 0 chat id in Bot API form, NaN absent, NOT_A_PEER

/** What peerId answers for a value that is no peer (Telegram never uses 0 as an id). */
const NOT_A_PEER = 0;

/**
 * `from_id`-style peer → Bot API id. "user1" → 1, "channel1" → -1000000000001, "chat1" → -1.
 * NOT_A_PEER when the value is none: the caller throws peerError with its path (made only
 * then: a path array per call was garbage for every message).
 */
export function peerId(value: unknown): Peer {
  if (value === undefined || value === null) return Number.NaN;
  if (typeof value === "number") {
    if (Number.isInteger(value) && value > 0 && value <= MAX_USER_ID) return value;
  } else if (typeof value === "string") {
    const c = value.charCodeAt(0);
    let prefix = 0;
    if (c === 0x75 && value.startsWith("user")) prefix = 4;
    else if (c === 0x63 && value.startsWith("channel")) prefix = 7;
    else if (c === 0x63 && value.startsWith("chat")) prefix = 4;
    if (prefix > 0 && value.length > prefix) {
      const n = digitsToNumber(value, prefix);
      if (n > 0) {
        if (prefix === 7) return n <= MAX_CHANNEL_ID ? -(CHANNEL_ID_BASE + n) : NOT_A_PEER;
        if (value.charCodeAt(1) === 0x68) return n <= MAX_BASIC_GROUP_ID ? -n : NOT_A_PEER; // "chat…"
        return n <= MAX_USER_ID ? n : NOT_A_PEER;
      }
    }
  }
  return NOT_A_PEER;
}

function peerError(path: (string | number)[], value: unknown): FieldError {
  return new FieldError(
    path,
    `expected "user<id>", "channel<id>", "chat<id>" or a numeric user id, with an id Telegram can issue (1 to ${MAX_USER_ID} for users, ${MAX_BASIC_GROUP_ID} for groups, ${MAX_CHANNEL_ID} for channels), found ${JSON.stringify(value)}`,
  );
}

/** The decimal number written from `start` to the end of a string; NaN unless all digits (at most 15). */
function digitsToNumber(value: string, start: number): number {
  const end = value.length;
  if (end - start > 15) return Number.NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = value.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

export function channelChatId(rawId: number): number {
  return -(CHANNEL_ID_BASE + rawId);
}

const MEDIA_TYPES: Record<string, MessageKind> = {
  sticker: "sticker",
  voice_message: "voice",
  video_message: "video_note",
  animation: "animation",
  video_file: "video",
  audio_file: "audio",
};

function kindOf(m: Record<string, unknown>, textLength: number): MessageKind {
  if (m.photo !== undefined) return "photo";
  const mediaType = m.media_type;
  if (mediaType !== undefined) {
    const kind = typeof mediaType === "string" ? MEDIA_TYPES[mediaType] : undefined;
    if (kind !== undefined) return kind;
    return m.file !== undefined ? "document" : "other";
  }
  if (m.file !== undefined) return "document";
  if (m.poll !== undefined) return "poll";
  if (m.todo_list !== undefined) return "checklist";
  if (m.place_name !== undefined || m.address !== undefined) return "venue";
  if (m.location_information !== undefined) return "location";
  if (m.contact_information !== undefined) return "contact";
  if (m.game_title !== undefined) return "game";
  if (m.giveaway_information !== undefined || m.giveaway_results !== undefined) return "giveaway";
  if (m.paid_stars_amount !== undefined) return "paid_media";
  if (m.invoice_information !== undefined) return "other";
  if (textLength === 0 && typeof m.text !== "string") return "other";
  return startsWithCommand(m) ? "command" : "text";
}

/**
 * Whether the text opens with a bot command: the first of its parts (those `textOf` joins)
 * is {"type": "bot_command"}. Parts follow the text in order, so the first starts at offset
 * 0, the rule the bot and the user session apply to Telegram's entities.
 */
function startsWithCommand(m: Record<string, unknown>): boolean {
  const entities = m.text_entities;
  const parts = Array.isArray(entities) && entities.length > 0 ? entities : m.text;
  if (!Array.isArray(parts)) return false;
  const first: unknown = parts[0];
  return typeof first === "object" && first !== null && (first as { type?: unknown }).type === "bot_command";
}

/** A message's text: `text_entities` when present (newer exports) and not empty, else `text`. */
function textOf(m: Record<string, unknown>): string {
  const entities = m.text_entities;
  if (entities !== undefined && entities !== null) {
    if (!Array.isArray(entities)) throw new FieldError(["text_entities"], "expected an array of text parts");
    if (entities.length > 0) return joinParts(entities, "text_entities");
  }
  const text = m.text;
  if (text === undefined || text === null) return "";
  if (typeof text === "string") return text;
  if (Array.isArray(text)) return joinParts(text, "text");
  throw new FieldError(["text"], `expected a string or an array of text parts, found ${describe(text)}`);
}

function joinParts(parts: unknown[], key: string): string {
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === "string") text += part;
    else if (part !== null && typeof part === "object" && typeof (part as { text?: unknown }).text === "string") {
      text += (part as { text: string }).text;
    } else {
      throw new FieldError([key, i], `expected a string or {"type", "text"}, found ${describe(part)}`);
    }
  }
  return text;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

const NO_UNIXTIME =
  "the export has no date_unixtime (it was made by an older Telegram Desktop); its dates are local times of the computer that made it, so --timezone (an IANA name such as Europe/Berlin) is required";

/** Reads `<key>_unixtime`, else the wall-clock `<key>` through the time zone; NaN when absent. */
function instantOf(
  m: Record<string, unknown>,
  unix: unknown,
  unixKey: string,
  wallKey: string,
  clock: ZoneClock | undefined,
  notBefore: number,
): number {
  if (unix !== undefined && unix !== null) {
    let seconds = typeof unix === "string" ? digitsToNumber(unix, 0) : typeof unix === "number" ? unix : Number.NaN;
    if (typeof unix === "string" && (Number.isNaN(seconds) || unix.length === 0)) seconds = Number(unix.trim() || "x");
    if (!Number.isFinite(seconds)) {
      throw new FieldError([unixKey], `expected a number of seconds since 1970, found ${describe(unix)}`);
    }
    return checkedInstant(seconds * 1000, unixKey, seconds);
  }
  const wall = m[wallKey];
  if (wall === undefined || wall === null) return Number.NaN;
  if (typeof wall !== "string") throw new FieldError([wallKey], `expected a date string, found ${describe(wall)}`);
  const fast = parseWallTime(wall);
  if (!Number.isNaN(fast)) {
    if (clock === undefined) throw new TimezoneRequiredError([unixKey], NO_UNIXTIME);
    return checkedInstant(clock.toInstant(fast, notBefore), wallKey, wall);
  }
  const parsed = parseExportDate(wall);
  if (Number.isNaN(parsed.wall)) {
    throw new FieldError([wallKey], `expected a date like 2024-03-31T02:30:00, found ${JSON.stringify(wall)}`);
  }
  return checkedInstant(parsed.wall - parsed.offset, wallKey, wall);
}

/** An instant Telegram can have written (and PostgreSQL can store), else a FieldError at `key`. */
function checkedInstant(ms: number, key: string | (string | number)[], value: unknown): number {
  if (ms >= 0 && ms <= MAX_DATE_MS) return ms;
  throw new FieldError(
    typeof key === "string" ? [key] : key,
    `expected a date between 1970 and January 2038 (Telegram's dates are 32-bit Unix seconds), found ${describe(value)}`,
  );
}

/** A 32-bit message id (negative in migrated history), or a FieldError at `key`. */
function messageIdAt(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value > INT32_MAX || value < -INT32_MAX) {
    throw new FieldError([key], `expected a 32-bit integer message id, found ${describe(value)}`);
  }
  return value;
}

/** A label stored as it is (a service action, a reaction): PostgreSQL's text cannot hold NUL. */
function label(value: string, path: (string | number)[]): string {
  if (value.includes("\u0000"))
    throw new FieldError(path, `expected text without NUL characters, found ${JSON.stringify(value)}`);
  return value;
}

function reactionKey(r: Record<string, unknown>, index: number): string {
  switch (r.type) {
    case "emoji":
      if (typeof r.emoji !== "string") {
        throw new FieldError(["reactions", index, "emoji"], `expected a string, found ${describe(r.emoji)}`);
      }
      return label(r.emoji, ["reactions", index, "emoji"]);
    case "custom_emoji": {
      // Telegram Desktop writes the 64-bit id as a string; a number past 2^53 has already been rounded.
      const id = r.document_id;
      if (!(typeof id === "string" ? /^[0-9]{1,20}$/.test(id) : Number.isSafeInteger(id) && (id as number) > 0)) {
        throw new FieldError(["reactions", index, "document_id"], `expected a document id, found ${describe(id)}`);
      }
      return `custom:${id}`;
    }
    case "paid":
      return "paid";
    default:
      if (typeof r.type !== "string") {
        throw new FieldError(["reactions", index, "type"], `expected a string, found ${describe(r.type)}`);
      }
      return `unknown:${label(r.type, ["reactions", index, "type"])}`;
  }
}

/**
 * Maps messages of one export onto records. One instance per file: it carries the peer
 * directory (names → ids for service messages that list members by name).
 */
export class MessageMapper {
  readonly peers = new PeerDirectory();
  readonly migrations: MigrationNote[] = [];
  /** The message being mapped was parsed from its bytes read as Latin-1 (see `add`). */
  private latin1 = false;
  /**
   * Users (id, name, id, name, …) and the sender chat the message being mapped names, noted
   * in the shared directory only once the whole message is valid: the directory emits each
   * user once, so a user first met in a message that is then skipped would be lost.
   */
  private readonly pendingUsers: (number | string | null)[] = [];
  private pendingSenderChat: ChatRecord | undefined;

  constructor(private readonly options: MapperOptions) {}

  /**
   * Adds one message (already JSON.parsed) to the chat's batch. Throws FieldError on wrong
   * types or values out of range, and then adds nothing: the caller may skip the message
   * and go on. With `latin1`, the message was parsed from its UTF-8 bytes read as Latin-1
   * (one byte per character: V8 parses such strings faster); the strings that are kept are
   * decoded here. Only valid when the bytes hold no \u escapes.
   */
  add(chat: ChatState, raw: unknown, latin1 = false): void {
    this.latin1 = latin1;
    chat.total++;
    chat.mark();
    this.pendingUsers.length = 0;
    this.pendingSenderChat = undefined;
    try {
      this.map(chat, raw);
    } catch (error) {
      chat.rollback();
      throw error;
    }
    const pending = this.pendingUsers;
    for (let i = 0; i < pending.length; i += 2) {
      const user = this.peers.user(pending[i] as number, pending[i + 1]);
      if (user) chat.users.push(user);
    }
    const senderChat = this.pendingSenderChat as ChatRecord | undefined;
    if (senderChat && this.peers.firstSight(senderChat.id)) chat.senderChats.push(senderChat);
  }

  private map(chat: ChatState, raw: unknown): void {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      throw new FieldError([], `expected a message object, found ${describe(raw)}`);
    }
    const m = raw as Record<string, unknown>;
    const type = m.type;
    if (type !== "message" && type !== "service") {
      if (type === "unsupported") chat.skip("unsupported message");
      else if (typeof type === "string") chat.skip(`message type ${JSON.stringify(type)}`);
      else throw new FieldError(["type"], `expected "message", "service" or "unsupported", found ${describe(type)}`);
      return;
    }
    const id = messageIdAt(m.id, "id");
    const clock = this.options.clock;
    const dateMs = instantOf(m, m.date_unixtime, "date_unixtime", "date", clock, chat.previousMs);
    if (Number.isNaN(dateMs)) throw new FieldError(["date"], "missing: every message has a date");
    const notAfterMs = this.options.notAfterMs;
    if (notAfterMs !== undefined && dateMs > notAfterMs) {
      throw new FieldError(
        [m.date_unixtime === undefined ? "date" : "date_unixtime"],
        `dated ${new Date(dateMs).toISOString()}, later than the import itself: a message cannot come from the future`,
      );
    }
    chat.previousMs = dateMs;
    const editMs =
      m.edited_unixtime === undefined && m.edited === undefined
        ? Number.NaN
        : instantOf(m, m.edited_unixtime, "edited_unixtime", "edited", clock, dateMs);
    const date = new Date(dateMs);
    const service = type === "service";

    // Sender: a user, or a chat (channel posts, anonymous admins, linked-channel posts).
    const senderKey = service ? "actor_id" : "from_id";
    const senderValue = service ? m.actor_id : m.from_id;
    let sender = peerId(senderValue);
    if (sender === NOT_A_PEER) throw peerError([senderKey], senderValue);
    if (sender > 0 && sender === chat.rawId && chat.kind !== "group" && typeof senderValue === "number") {
      sender = chat.id; // older exports write a channel's own posts with its bare id
    } else if (sender === chat.naturalId) {
      sender = chat.id;
    }
    const userId = sender > 0 ? sender : null;
    const senderChatId = sender < 0 ? sender : null;

    const text = this.latin1 ? fromLatin1(textOf(m)) : textOf(m);
    // Most texts need one scan: without surrogates or NUL, the length is the code point count
    // and the text is storable as it is.
    const plain = isPlain(text);
    const textLength = plain ? text.length : codePointLength(text);
    const kind: MessageKind = service ? "service" : kindOf(m, textLength);

    let replyTo: number | null = null;
    const reply = m.reply_to_message_id;
    if (reply !== undefined && reply !== null) {
      messageIdAt(reply, "reply_to_message_id");
      const replyPeer = m.reply_to_peer_id;
      // A reply to a message of another chat is not a reply within this one (the bot sees it as external_reply).
      const replyChat = replyPeer === undefined || replyPeer === null ? chat.naturalId : peerId(replyPeer);
      if (replyChat === NOT_A_PEER) throw peerError(["reply_to_peer_id"], replyPeer);
      if (replyChat === chat.naturalId || replyChat === chat.id) {
        replyTo = reply as number;
      }
    }

    let threadId: number | null = null;
    const thread = m.message_thread_id ?? m.topic_id;
    if (thread !== undefined && thread !== null) {
      threadId = messageIdAt(
        thread,
        m.message_thread_id === undefined || m.message_thread_id === null ? "topic_id" : "message_thread_id",
      );
    }

    // Forwards: the export names the origin; newer ones add its id.
    let forwardOrigin: MessageRecord["forwardOrigin"] = null;
    let forwardFromId: number | null = null;
    let forwardFromName: string | null = null;
    let isAutomaticForward = false;
    if (!service && m.forwarded_from !== undefined) {
      const origin = peerId(m.forwarded_from_id);
      if (origin === NOT_A_PEER) throw peerError(["forwarded_from_id"], m.forwarded_from_id);
      const name = this.str(m.forwarded_from);
      if (Number.isNaN(origin)) {
        forwardOrigin = "hidden_user";
        forwardFromName = storableText(name);
      } else if (origin > 0) {
        forwardOrigin = "user";
        forwardFromId = origin;
        if (chat.include) this.noteUser(origin, name);
      } else {
        forwardOrigin = origin < -CHANNEL_ID_BASE ? "channel" : "chat";
        forwardFromId = origin;
      }
      // A linked channel's post copied into its discussion group: sent by the channel, forwarded from it.
      if (
        chat.kind === "supergroup" &&
        senderChatId !== null &&
        senderChatId !== chat.id &&
        (forwardFromId === senderChatId || (forwardFromId === null && name !== null && name === this.str(m.from)))
      ) {
        isAutomaticForward = true;
        chat.linkedChatId = senderChatId;
        // Older exports name the channel only; it is the sender, so its id is known.
        forwardOrigin = "channel";
        forwardFromId = senderChatId;
        forwardFromName = null;
      }
    }

    if (id < 0 && chat.kind === "supergroup") chat.migratedHistory++;
    if (dateMs < chat.firstMs) chat.firstMs = dateMs;
    if (dateMs > chat.lastMs) chat.lastMs = dateMs;

    const record: MessageRecord = {
      chatId: chat.id,
      messageId: id,
      threadId,
      userId,
      senderChatId,
      date,
      editDate: Number.isNaN(editMs) ? null : new Date(editMs),
      kind,
      textLength,
      text: this.options.storeText && textLength > 0 ? (plain ? text : storableText(text)) : null,
      replyToMessageId: replyTo,
      forwardOrigin,
      forwardFromId,
      forwardFromName,
      forwardFromMessageId: null,
      forwardDate: null,
      isAutomaticForward,
      mediaGroupId: null,
      serviceAction: service ? serviceAction(m) : null,
      views: null,
      forwards: null,
      replies: null,
      source: "export",
    };
    chat.messages.push(record);

    if (chat.include) {
      const name = service ? m.actor : m.from;
      if (userId !== null) this.noteUser(userId, name);
      else if (senderChatId !== null && senderChatId !== chat.id) {
        this.pendingSenderChat = {
          id: senderChatId,
          type: senderChatId < -CHANNEL_ID_BASE ? "channel" : "group",
          title: storableText(this.str(name)),
          seenAt: date,
        };
      }
    }
    if (m.reactions !== undefined && m.reactions !== null) this.reactions(chat, m, id, dateMs);
    if (service) this.serviceEvents(chat, m, userId, date);
  }

  private noteUser(id: number, name: unknown): void {
    const display = this.str(name);
    // Most messages name a user already noted under this name: nothing to note then (and no
    // pending entry: measured, queuing every name cost the reader a fifth of its speed).
    if (!this.peers.known(id, display)) this.pendingUsers.push(id, display);
  }

  /** A string field as text (null when absent or not a string). */
  private str(value: unknown): string | null {
    if (typeof value !== "string") return null;
    return this.latin1 ? fromLatin1(value) : value;
  }

  /**
   * Reactions in both tiers. State dates: an export is a snapshot taken at an unknown time
   * after every date in it, and the writer keeps, per message and per reactor, the state
   * with the newest date. Dating the snapshot "now" would let an old export overwrite newer
   * states the bot recorded live; dating it at the message would let stale live states beat
   * it. So each state is dated by the latest change the export proves: a reactor's state by
   * their newest `recent` date, the counts by the newest `recent` date of the message (at
   * least the message's own date). Any live update after that is a later change and wins;
   * a live state older than it is superseded, as it should be.
   */
  private reactions(chat: ChatState, m: Record<string, unknown>, messageId: number, dateMs: number): void {
    const list = m.reactions;
    if (!Array.isArray(list)) throw new FieldError(["reactions"], `expected an array, found ${describe(list)}`);
    const counts: { reaction: string; count: number }[] = [];
    let countsMs = dateMs;
    // This message's reactor states are pushed as they are met (no map and state objects per
    // message): records from `first` on, their instants in reactorMs, dated at the end.
    const states = chat.userReactions;
    const first = states.length;
    reactorMs.length = 0;
    let wallOffset = Number.NaN; // this machine's UTC offset at the message, for `recent` dates
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as Record<string, unknown>;
      if (r === null || typeof r !== "object") {
        throw new FieldError(["reactions", i], `expected a reaction object, found ${describe(r)}`);
      }
      const key = this.latin1 ? fromLatin1(reactionKey(r, i)) : reactionKey(r, i);
      const count = r.count;
      if (typeof count !== "number" || !Number.isInteger(count) || count < 0 || count > INT32_MAX) {
        throw new FieldError(["reactions", i, "count"], `expected a count, found ${describe(count)}`);
      }
      let existing: { reaction: string; count: number } | undefined;
      for (const c of counts) {
        if (c.reaction === key) {
          existing = c;
          break;
        }
      }
      if (existing) {
        existing.count += count;
        if (existing.count > INT32_MAX) {
          throw new FieldError(["reactions", i, "count"], `the counts of ${JSON.stringify(key)} add up past 2^31`);
        }
      } else counts.push({ reaction: key, count });

      const recent = r.recent;
      if (recent === undefined || recent === null) continue;
      if (!Array.isArray(recent)) throw new FieldError(["reactions", i, "recent"], "expected an array");
      for (let k = 0; k < recent.length; k++) {
        const entry = recent[k] as Record<string, unknown>;
        if (entry === null || typeof entry !== "object") {
          throw new FieldError(["reactions", i, "recent", k], `expected an object, found ${describe(entry)}`);
        }
        const actor = peerId(entry.from_id);
        if (actor === NOT_A_PEER) throw peerError(["reactions", i, "recent", k, "from_id"], entry.from_id);
        if (Number.isNaN(actor)) continue;
        let ms = dateMs;
        if (typeof entry.date === "string") {
          if (Number.isNaN(wallOffset) && this.options.clock === undefined) wallOffset = machineOffset(m, dateMs);
          const at = this.recentInstant(entry.date, wallOffset);
          if (!Number.isNaN(at)) checkedInstant(at, ["reactions", i, "recent", k, "date"], entry.date);
          if (at > ms) ms = at;
        }
        if (ms > countsMs) countsMs = ms;
        let j = first;
        while (j < states.length && (states[j] as UserReactionsRecord).actorId !== actor) j++;
        const state = states[j];
        if (state === undefined) {
          states.push({ chatId: chat.id, messageId, actorId: actor, reactions: [key], date: EPOCH, source: "export" });
          reactorMs.push(ms);
        } else {
          if (!state.reactions.includes(key)) state.reactions.push(key);
          if (ms > (reactorMs[j - first] as number)) reactorMs[j - first] = ms;
        }
        if (chat.include && actor > 0) this.noteUser(actor, entry.from);
      }
    }
    chat.reactionCounts.push({
      chatId: chat.id,
      messageId,
      counts,
      date: new Date(countsMs),
      source: "export",
    });
    for (let j = first; j < states.length; j++)
      (states[j] as UserReactionsRecord).date = new Date(reactorMs[j - first] as number);
  }

  /** `recent[].date` is a wall-clock time only: the zone when given, else the message's own offset. */
  private recentInstant(value: string, wallOffset: number): number {
    const wall = parseWallTime(value);
    if (Number.isNaN(wall)) {
      const parsed = parseExportDate(value);
      return Number.isNaN(parsed.offset) ? Number.NaN : parsed.wall - parsed.offset;
    }
    const clock = this.options.clock;
    if (clock) return clock.toInstant(wall);
    return Number.isNaN(wallOffset) ? Number.NaN : wall - wallOffset;
  }

  private serviceEvents(chat: ChatState, m: Record<string, unknown>, actorId: number | null, date: Date): void {
    const action = m.action;
    switch (action) {
      case "join_group_by_link":
      case "join_group_by_request":
        if (actorId === null) {
          chat.skip("service action without user id");
          return;
        }
        chat.memberEvents.push(
          memberEvent(chat.id, actorId, "join", action === "join_group_by_link" ? "link" : "request", null, date),
        );
        return;
      case "invite_members":
      case "remove_members": {
        const members = m.members;
        if (members === undefined || members === null) {
          chat.skip("service action without user id");
          return;
        }
        if (!Array.isArray(members))
          throw new FieldError(["members"], `expected an array of names, found ${describe(members)}`);
        const actorName = this.str(m.actor);
        for (const member of members) {
          const name = this.str(member);
          if (actorId !== null && name !== null && name === actorName) {
            // Adding or removing oneself: a join by one's own action, or a leave.
            chat.memberEvents.push(
              action === "invite_members"
                ? memberEvent(chat.id, actorId, "join", "self", null, date)
                : memberEvent(chat.id, actorId, "leave", null, null, date),
            );
          } else {
            chat.namedMembers.push({
              name,
              kind: action === "invite_members" ? "join" : "kick",
              actorId,
              occurredAt: date,
            });
          }
        }
        return;
      }
      case "migrate_to_supergroup":
        if (chat.kind === "group") {
          this.migrations.push({ side: "group", chatId: chat.id, title: chat.title, at: date.getTime() });
        }
        return;
      case "migrate_from_group":
        if (chat.kind === "supergroup") {
          const title = this.str(m.title);
          this.migrations.push({ side: "supergroup", chatId: chat.id, title, at: date.getTime() });
        }
        return;
      default:
        return;
    }
  }

  /** Members listed by name get the id the same name carries elsewhere in the export, if unambiguous. */
  resolveNamedMembers(chat: ChatState): void {
    for (const event of chat.namedMembers) {
      const userId = this.peers.resolve(event.name);
      if (userId === undefined) {
        chat.skip("member listed by name without a known user id");
        continue;
      }
      if (event.kind === "join") {
        chat.memberEvents.push(memberEvent(chat.id, userId, "join", "added", event.actorId, event.occurredAt));
      } else {
        chat.memberEvents.push(memberEvent(chat.id, userId, "kick", null, event.actorId, event.occurredAt));
      }
    }
    chat.namedMembers.length = 0;
  }
}

/** Reactor state instants of the message being mapped (see `reactions`); reused. */
const reactorMs: number[] = [];
/** A placeholder date, replaced before the record leaves `reactions`. */
const EPOCH = new Date(0);

/** True when a text has no UTF-16 surrogates and no NUL (what codePointLength and storableText look for). */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** A string parsed from UTF-8 bytes read as Latin-1, decoded (unchanged when it is ASCII). */
export function fromLatin1(value: string): string {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) >= 0x80) return Buffer.from(value, "latin1").toString("utf8");
  }
  return value;
}

function serviceAction(m: Record<string, unknown>): string {
  if (typeof m.action === "string") return label(m.action, ["action"]);
  return m.information_text !== undefined ? "custom_action" : "unknown";
}

/** The exporting machine's UTC offset at a message, from its wall-clock `date` and its instant. */
function machineOffset(m: Record<string, unknown>, dateMs: number): number {
  if (typeof m.date !== "string") return Number.NaN;
  const wall = parseWallTime(m.date);
  return Number.isNaN(wall) ? Number.NaN : wall - dateMs;
}

function memberEvent(
  chatId: number,
  userId: number,
  kind: MemberEventRecord["kind"],
  method: MemberEventRecord["method"],
  actorId: number | null,
  occurredAt: Date,
): MemberEventRecord {
  return { chatId, userId, kind, method, actorId, inviteLink: null, occurredAt, source: "export" };
}
