// The fast path for one message object: a strict, allocation-light JSON reader that keeps
// only the fields the mapper reads and validates the rest without building it. It reads
// straight from the file chunk, so the common message is scanned once, not scanned and
// then JSON.parsed. It gives up (-1) on anything unusual: running off the chunk, invalid
// JSON, control characters, unexpected value shapes. The caller then captures the
// message and takes the slow path (JSON.parse + the same mapper), which also produces the
// precise error. When it accepts, its result equals what JSON.parse would give for the
// fields the mapper reads.

/** The fields of an export message the mapper reads; one instance is reused for every message. */
export class LiteMessage {
  id: unknown = undefined;
  type: unknown = undefined;
  date_unixtime: unknown = undefined;
  edited: unknown = undefined;
  edited_unixtime: unknown = undefined;
  from: unknown = undefined;
  from_id: unknown = undefined;
  actor: unknown = undefined;
  actor_id: unknown = undefined;
  action: unknown = undefined;
  text_entities: unknown = undefined;
  reply_to_message_id: unknown = undefined;
  reply_to_peer_id: unknown = undefined;
  forwarded_from: unknown = undefined;
  forwarded_from_id: unknown = undefined;
  media_type: unknown = undefined;
  photo: unknown = undefined;
  file: unknown = undefined;
  poll: unknown = undefined;
  todo_list: unknown = undefined;
  place_name: unknown = undefined;
  address: unknown = undefined;
  location_information: unknown = undefined;
  contact_information: unknown = undefined;
  game_title: unknown = undefined;
  giveaway_information: unknown = undefined;
  giveaway_results: unknown = undefined;
  paid_stars_amount: unknown = undefined;
  invoice_information: unknown = undefined;
  message_thread_id: unknown = undefined;
  topic_id: unknown = undefined;
  members: unknown = undefined;
  title: unknown = undefined;
  information_text: unknown = undefined;
  reactions: unknown = undefined;

  // `date` and a string `text` are decoded only when read: with `date_unixtime` and
  // `text_entities` present (current exports) the mapper rarely needs them.
  private dateValue: unknown = undefined;
  private textValue: unknown = undefined;
  private dateStart = -1;
  private dateEnd = 0;
  private textStart = -1;
  private textEnd = 0;

  constructor(private readonly source: FastMessageParser) {}

  get date(): unknown {
    if (this.dateStart >= 0) {
      this.dateValue = this.source.decode(this.dateStart, this.dateEnd);
      this.dateStart = -1;
    }
    return this.dateValue;
  }

  set date(value: unknown) {
    this.dateValue = value;
    this.dateStart = -1;
  }

  get text(): unknown {
    if (this.textStart >= 0) {
      this.textValue = this.source.decode(this.textStart, this.textEnd, true);
      this.textStart = -1;
    }
    return this.textValue;
  }

  set text(value: unknown) {
    this.textValue = value;
    this.textStart = -1;
  }

  /** A string field whose bytes (between its quotes, flags in the high bits) are decoded on first read. */
  lazy(field: "date" | "text", start: number, end: number): void {
    if (field === "date") {
      this.dateStart = start;
      this.dateEnd = end;
    } else {
      this.textStart = start;
      this.textEnd = end;
    }
  }

  reset(): void {
    this.id = undefined;
    this.type = undefined;
    this.date = undefined;
    this.date_unixtime = undefined;
    this.edited = undefined;
    this.edited_unixtime = undefined;
    this.from = undefined;
    this.from_id = undefined;
    this.actor = undefined;
    this.actor_id = undefined;
    this.action = undefined;
    this.text = undefined;
    this.text_entities = undefined;
    this.reply_to_message_id = undefined;
    this.reply_to_peer_id = undefined;
    this.forwarded_from = undefined;
    this.forwarded_from_id = undefined;
    this.media_type = undefined;
    this.photo = undefined;
    this.file = undefined;
    this.poll = undefined;
    this.todo_list = undefined;
    this.place_name = undefined;
    this.address = undefined;
    this.location_information = undefined;
    this.contact_information = undefined;
    this.game_title = undefined;
    this.giveaway_information = undefined;
    this.giveaway_results = undefined;
    this.paid_stars_amount = undefined;
    this.invoice_information = undefined;
    this.message_thread_id = undefined;
    this.topic_id = undefined;
    this.members = undefined;
    this.title = undefined;
    this.information_text = undefined;
    this.reactions = undefined;
  }
}

type Field = keyof Omit<LiteMessage, "reset" | "lazy">;

interface Reaction {
  type: unknown;
  count: unknown;
  emoji: unknown;
  document_id: unknown;
  recent: unknown;
}

interface RecentReaction {
  from: unknown;
  from_id: unknown;
  date: unknown;
}

// How a field's value is read.
const SCALAR = 1; // string / number / literal kept as JSON.parse gives it; containers → slow path
const KEPT = 9; // SCALAR whose string the records may keep (names, actions): see keptValue
const PRESENCE = 2; // only whether it is there (null stays null)
const PARTS = 3; // text / text_entities: a string, or an array of strings and {text} objects (see readParts)
const PARSED = 4; // reactions / members: JSON.parsed as a whole
const SECONDS = 5; // date_unixtime: a string of digits becomes the number the mapper would make of it
const KIND = 6; // type: "message" / "service" without allocating
const LAZY = 7; // date: a string is decoded only if the mapper reads it
const REACTIONS = 8; // reactions: the fields the mapper reads, built directly

const FIELDS: [Field, number][] = [
  ["id", SCALAR],
  ["type", KIND],
  ["date", LAZY],
  ["date_unixtime", SECONDS],
  ["edited", SCALAR],
  ["edited_unixtime", SECONDS],
  ["from", KEPT],
  ["from_id", SCALAR],
  ["actor", KEPT],
  ["actor_id", SCALAR],
  ["action", KEPT],
  ["text", PARTS],
  ["text_entities", PARTS],
  ["reply_to_message_id", SCALAR],
  ["reply_to_peer_id", SCALAR],
  ["forwarded_from", KEPT],
  ["forwarded_from_id", SCALAR],
  ["media_type", SCALAR],
  ["photo", PRESENCE],
  ["file", PRESENCE],
  ["poll", PRESENCE],
  ["todo_list", PRESENCE],
  ["place_name", PRESENCE],
  ["address", PRESENCE],
  ["location_information", PRESENCE],
  ["contact_information", PRESENCE],
  ["game_title", PRESENCE],
  ["giveaway_information", PRESENCE],
  ["giveaway_results", PRESENCE],
  ["paid_stars_amount", PRESENCE],
  ["invoice_information", PRESENCE],
  ["message_thread_id", SCALAR],
  ["topic_id", SCALAR],
  ["members", PARSED],
  ["title", KEPT],
  ["information_text", PRESENCE],
  ["reactions", REACTIONS],
];

/** Known keys by length, as byte arrays, for matching without decoding the key. */
const BY_LENGTH: { bytes: Uint8Array; index: number }[][] = [];
for (let index = 0; index < FIELDS.length; index++) {
  const name = (FIELDS[index] as [Field, number])[0];
  const bucket = BY_LENGTH[name.length] ?? [];
  bucket.push({ bytes: new TextEncoder().encode(name), index });
  BY_LENGTH[name.length] = bucket;
}

/** A part of a text as the mapper reads it: its text, or a leading bot command with its type. */
type TextPart = string | { type: "bot_command"; text: string };
const BOT_COMMAND = new TextEncoder().encode("bot_command");

const FAIL = -1;
/** Flags stored above the offsets of a lazy string (offsets stay far below 2^40). */
const FLAG_UNIT = 2 ** 40;
const ESCAPES = FLAG_UNIT;
const HIGH = FLAG_UNIT * 2;
const QUOTE = 0x22;
/** V8 cuts substrings of at least this length as slices that point into the whole string. */
const SLICED = 13;
const BACKSLASH = 0x5c;

interface Slicing {
  latin1Slice?(start: number, end: number): string;
  utf8Slice?(start: number, end: number): string;
}

export class FastMessageParser {
  readonly message = new LiteMessage(this);
  /** Newlines met while reading (between tokens) and the index of the last one. */
  lines = 0;
  lastNewline = -1;

  // The string just read: contents [strStart, strEnd), whether it has escapes / non-ASCII bytes.
  private strStart = 0;
  private strEnd = 0;
  private strEscapes = false;
  private strHigh = false;
  // The scalar just read.
  private scalar: unknown = undefined;
  private readonly stack = new Uint8Array(256);
  // The same bytes as Latin-1 text: ASCII strings are cut from it (cheap), not decoded one by one.
  private text = "";
  private textBase = 0;
  private bytes: Buffer = Buffer.alloc(0);
  /** Part arrays handed to the mapper, which only reads them: reused, one per field. */
  private readonly textParts: TextPart[] = [];
  private readonly entityParts: TextPart[] = [];

  /**
   * Reads the object starting at `b[start]` (a `{`), ending before `limit`. `text` holds the
   * bytes of `b` from `textBase` on as Latin-1. Returns the index after the closing brace,
   * or -1 to leave the message to the slow path.
   */
  parse(b: Buffer, text: string, textBase: number, start: number, limit: number): number {
    this.text = text;
    this.textBase = textBase;
    this.bytes = b;
    if (b[start] !== 0x7b) return FAIL;
    const m = this.message;
    m.reset();
    this.lines = 0;
    this.lastNewline = -1;
    let i = this.ws(b, start + 1, limit);
    if (i >= limit) return FAIL;
    if (b[i] === 0x7d) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) return FAIL;
      // The key: matched against the known fields by length, then bytes.
      const keyStart = i + 1;
      let k = keyStart;
      for (; k < limit; k++) {
        const c = b[k] as number;
        if (c === QUOTE) break;
        if (c === BACKSLASH || c < 0x20) return FAIL;
      }
      if (k >= limit) return FAIL;
      const field = matchField(b, keyStart, k);
      i = this.ws(b, k + 1, limit);
      if (i >= limit || b[i] !== 0x3a) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
      if (field < 0) {
        i = this.skip(b, i, limit);
      } else {
        const entry = FIELDS[field] as [Field, number];
        const name = entry[0];
        const how = entry[1];
        const c = b[i] as number;
        switch (how) {
          case SCALAR:
          case KEPT:
            if (c === 0x7b || c === 0x5b) return FAIL;
            i = this.readScalar(b, i, limit, how === KEPT);
            if (i < 0) return FAIL;
            m[name] = this.scalar;
            break;
          case SECONDS:
          case KIND:
            if (c === QUOTE) {
              const end = this.readString(b, i, limit);
              if (end < 0) return FAIL;
              m[name] = how === KIND ? this.kind(b) : this.seconds(b);
              i = end;
              break;
            }
            if (c === 0x7b || c === 0x5b) return FAIL;
            i = this.readScalar(b, i, limit);
            if (i < 0) return FAIL;
            m[name] = this.scalar;
            break;
          case PRESENCE:
            m[name] = c === 0x6e ? null : true;
            i = this.skip(b, i, limit);
            break;
          case LAZY:
            if (c === QUOTE) {
              const end = this.readString(b, i, limit);
              if (end < 0) return FAIL;
              this.lazy(name === "date" ? "date" : "text");
              i = end;
              break;
            }
            if (c === 0x7b || c === 0x5b) return FAIL;
            i = this.readScalar(b, i, limit);
            if (i < 0) return FAIL;
            m[name] = this.scalar;
            break;
          case PARTS:
            if (c === QUOTE && name === "text") {
              const end = this.readString(b, i, limit);
              if (end < 0) return FAIL;
              this.lazy("text");
              i = end;
            } else if (c === 0x5b) {
              i = this.readParts(b, i, limit, name === "text" ? this.textParts : this.entityParts);
              if (i < 0) return FAIL;
              m[name] = this.scalar;
            } else {
              if (c === 0x7b) return FAIL;
              i = this.readScalar(b, i, limit);
              if (i < 0) return FAIL;
              m[name] = this.scalar;
            }
            break;
          case REACTIONS:
            if (c === 0x5b) {
              i = this.readReactions(b, i, limit);
              if (i < 0) return FAIL;
              m[name] = this.scalar;
              break;
            }
            if (c === 0x7b) return FAIL;
            i = this.readScalar(b, i, limit);
            if (i < 0) return FAIL;
            m[name] = this.scalar;
            break;
          default: {
            const valueStart = i;
            i = this.skip(b, i, limit);
            if (i < 0) return FAIL;
            m[name] = JSON.parse(utf8(b, valueStart, i));
          }
        }
      }
      if (i < 0) return FAIL;
      i = this.ws(b, i, limit);
      if (i >= limit) return FAIL;
      const c = b[i];
      if (c === 0x7d) return i + 1;
      if (c !== 0x2c) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
    }
  }

  private ws(b: Buffer, i: number, limit: number): number {
    for (; i < limit; i++) {
      const c = b[i];
      if (c === 0x20) continue;
      if (c === 0x0a) {
        this.lines++;
        this.lastNewline = i;
        continue;
      }
      if (c === 0x0d || c === 0x09) continue;
      break;
    }
    return i;
  }

  /** A string at b[i] (a quote): sets strStart/strEnd/flags, returns the index after it. */
  private readString(b: Buffer, i: number, limit: number): number {
    let escapes = false;
    let high = 0;
    const start = i + 1;
    for (i = start; i < limit; i++) {
      const c = b[i] as number;
      if (c === QUOTE) {
        this.strStart = start;
        this.strEnd = i;
        this.strEscapes = escapes;
        this.strHigh = high >= 0x80;
        return i + 1;
      }
      if (c === BACKSLASH) {
        const e = b[i + 1];
        if (e === 0x75) {
          if (!isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4]) || !isHex(b[i + 5])) return FAIL;
          i += 5;
        } else if (
          e === QUOTE ||
          e === BACKSLASH ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        ) {
          i++;
        } else {
          return FAIL; // \x escapes and anything invalid: the slow path repairs or reports
        }
        escapes = true;
      } else if (c < 0x20) {
        return FAIL;
      } else {
        high |= c;
      }
    }
    return FAIL;
  }

  /** Marks the string just read for decoding on demand (escapes and non-ASCII as high bits of the end). */
  private lazy(field: "date" | "text"): void {
    const flags = (this.strEscapes ? ESCAPES : 0) + (this.strHigh ? HIGH : 0);
    this.message.lazy(field, this.strStart, this.strEnd + flags);
  }

  /** Decodes a string marked by `lazy` (its message's bytes are still current); `kept`: see keptValue. */
  decode(start: number, endAndFlags: number, kept = false): string {
    const end = endAndFlags % FLAG_UNIT;
    this.strStart = start;
    this.strEnd = end;
    this.strEscapes = Math.floor(endAndFlags / ESCAPES) % 2 === 1;
    this.strHigh = Math.floor(endAndFlags / HIGH) % 2 === 1;
    return kept ? this.keptValue(this.bytes) : this.stringValue(this.bytes);
  }

  /**
   * The string just read, for a value the records may keep (texts, names, reaction keys: the
   * reader's user directory keeps names for the whole file). Cut from the chunk's
   * Latin-1 text, a string of SLICED characters or more would be a slice that keeps the
   * whole chunk (64 KiB) alive as long as the record, through every garbage collection
   * until the batch is written; a copy keeps only itself.
   */
  private keptValue(b: Buffer): string {
    if (this.strEscapes || this.strHigh || this.strEnd - this.strStart < SLICED) return this.stringValue(b);
    return latin1(b, this.strStart, this.strEnd);
  }

  private stringValue(b: Buffer): string {
    if (this.strEscapes) return JSON.parse(utf8(b, this.strStart - 1, this.strEnd + 1)) as string;
    if (this.strHigh) return utf8(b, this.strStart, this.strEnd);
    return this.text.slice(this.strStart - this.textBase, this.strEnd - this.textBase);
  }

  /** The string just read as a message type; the common ones are constants (no allocation). */
  private kind(b: Buffer): string {
    const start = this.strStart;
    if (this.strEnd - start === 7 && !this.strEscapes) {
      if (equals(b, start, MESSAGE)) return "message";
      if (equals(b, start, SERVICE)) return "service";
    }
    return this.stringValue(b);
  }

  /** The string just read as seconds: plain digits become a number, anything else stays a string. */
  private seconds(b: Buffer): number | string {
    const start = this.strStart;
    const end = this.strEnd;
    if (this.strEscapes || end === start || end - start > 15) return this.stringValue(b);
    let n = 0;
    for (let i = start; i < end; i++) {
      const d = (b[i] as number) - 0x30;
      if (d < 0 || d > 9) return this.stringValue(b);
      n = n * 10 + d;
    }
    return n;
  }

  /** A string, number or literal into `scalar`; returns the index after it. `kept`: see keptValue. */
  private readScalar(b: Buffer, i: number, limit: number, kept = false): number {
    const c = b[i] as number;
    if (c === QUOTE) {
      i = this.readString(b, i, limit);
      if (i < 0) return FAIL;
      this.scalar = kept ? this.keptValue(b) : this.stringValue(b);
      return i;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const end = this.number(b, i, limit);
      if (end < 0) return FAIL;
      this.scalar = Number(this.text.slice(i - this.textBase, end - this.textBase));
      return end;
    }
    return this.literal(b, i, limit, true);
  }

  private literal(b: Buffer, i: number, limit: number, keep: boolean): number {
    const c = b[i];
    if (c === 0x6e && i + 4 <= limit && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) {
      if (keep) this.scalar = null;
      return i + 4;
    }
    if (c === 0x74 && i + 4 <= limit && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) {
      if (keep) this.scalar = true;
      return i + 4;
    }
    if (
      c === 0x66 &&
      i + 5 <= limit &&
      b[i + 1] === 0x61 &&
      b[i + 2] === 0x6c &&
      b[i + 3] === 0x73 &&
      b[i + 4] === 0x65
    ) {
      if (keep) this.scalar = false;
      return i + 5;
    }
    return FAIL;
  }

  /** A JSON number's end, validating its grammar; -1 when invalid or cut off. */
  private number(b: Buffer, i: number, limit: number): number {
    if (b[i] === 0x2d) i++;
    if (i >= limit) return FAIL;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (i < limit && isDigit(b[i])) i++;
    else return FAIL;
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) return FAIL;
      while (i < limit && isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) return FAIL;
      while (i < limit && isDigit(b[i])) i++;
    }
    return i < limit ? i : FAIL; // a number must be followed by something inside the object
  }

  /**
   * `[...]` of strings and {text} objects → the array of their texts, in `scalar`. A first
   * part of type "bot_command" stays an object with its type: the mapper classifies a text
   * that opens with a command by it.
   */
  private readParts(b: Buffer, i: number, limit: number, parts: TextPart[]): number {
    parts.length = 0;
    i = this.ws(b, i + 1, limit);
    if (i >= limit) return FAIL;
    if (b[i] === 0x5d) {
      this.scalar = parts;
      return i + 1;
    }
    for (;;) {
      const c = b[i];
      if (c === QUOTE) {
        i = this.readString(b, i, limit);
        if (i < 0) return FAIL;
        parts.push(this.keptValue(b));
      } else if (c === 0x7b) {
        // {"type": …, "text": "…", …}: keep "text" (and the first part's "type"), validate the rest.
        let text: string | undefined;
        let command = false;
        i = this.ws(b, i + 1, limit);
        if (i >= limit || b[i] !== QUOTE) return FAIL;
        for (;;) {
          i = this.readString(b, i, limit);
          if (i < 0) return FAIL;
          const four = this.strEnd - this.strStart === 4 && b[this.strStart] === 0x74 && !this.strEscapes;
          const isText =
            four && b[this.strStart + 1] === 0x65 && b[this.strStart + 2] === 0x78 && b[this.strStart + 3] === 0x74;
          const isType =
            four &&
            parts.length === 0 &&
            b[this.strStart + 1] === 0x79 &&
            b[this.strStart + 2] === 0x70 &&
            b[this.strStart + 3] === 0x65;
          i = this.ws(b, i, limit);
          if (i >= limit || b[i] !== 0x3a) return FAIL;
          i = this.ws(b, i + 1, limit);
          if (i >= limit) return FAIL;
          if (isText) {
            if (b[i] !== QUOTE) return FAIL;
            i = this.readString(b, i, limit);
            if (i < 0) return FAIL;
            text = this.keptValue(b);
          } else if (isType && b[i] === QUOTE) {
            i = this.readString(b, i, limit);
            if (i < 0) return FAIL;
            command = this.isBotCommand(b); // a repeated key: the last one wins, as in JSON.parse
          } else {
            if (isType) command = false;
            i = this.skip(b, i, limit);
            if (i < 0) return FAIL;
          }
          i = this.ws(b, i, limit);
          if (i >= limit) return FAIL;
          if (b[i] === 0x7d) break;
          if (b[i] !== 0x2c) return FAIL;
          i = this.ws(b, i + 1, limit);
          if (i >= limit || b[i] !== QUOTE) return FAIL;
        }
        if (text === undefined) return FAIL;
        parts.push(command ? { type: "bot_command", text } : text);
        i++;
      } else {
        return FAIL;
      }
      i = this.ws(b, i, limit);
      if (i >= limit) return FAIL;
      if (b[i] === 0x5d) {
        this.scalar = parts;
        return i + 1;
      }
      if (b[i] !== 0x2c) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
    }
  }

  /** Whether the string just read is "bot_command". */
  private isBotCommand(b: Buffer): boolean {
    if (this.strEscapes) return this.stringValue(b) === "bot_command";
    if (this.strEnd - this.strStart !== BOT_COMMAND.length) return false;
    for (let k = 0; k < BOT_COMMAND.length; k++) if (b[this.strStart + k] !== BOT_COMMAND[k]) return false;
    return true;
  }

  /**
   * `[{"type", "count", "emoji" | "document_id", "recent": [{"from", "from_id", "date"}]}]`
   * into `scalar`, with only those fields; anything shaped otherwise goes to the slow path.
   */
  private readReactions(b: Buffer, i: number, limit: number): number {
    const list: Reaction[] = [];
    i = this.ws(b, i + 1, limit);
    if (i >= limit) return FAIL;
    if (b[i] === 0x5d) {
      this.scalar = list;
      return i + 1;
    }
    for (;;) {
      if (b[i] !== 0x7b) return FAIL;
      const reaction: Reaction = {
        type: undefined,
        count: undefined,
        emoji: undefined,
        document_id: undefined,
        recent: undefined,
      };
      i = this.readObject(b, i, limit, reaction, undefined);
      if (i < 0) return FAIL;
      list.push(reaction);
      i = this.ws(b, i, limit);
      if (i >= limit) return FAIL;
      if (b[i] === 0x5d) {
        this.scalar = list;
        return i + 1;
      }
      if (b[i] !== 0x2c) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
    }
  }

  private readRecent(b: Buffer, i: number, limit: number, recent: RecentReaction[]): number {
    i = this.ws(b, i + 1, limit);
    if (i >= limit) return FAIL;
    if (b[i] === 0x5d) return i + 1;
    for (;;) {
      if (b[i] !== 0x7b) return FAIL;
      const entry: RecentReaction = { from: undefined, from_id: undefined, date: undefined };
      i = this.readObject(b, i, limit, undefined, entry);
      if (i < 0) return FAIL;
      recent.push(entry);
      i = this.ws(b, i, limit);
      if (i >= limit) return FAIL;
      if (b[i] === 0x5d) return i + 1;
      if (b[i] !== 0x2c) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
    }
  }

  /** An object at b[i]: a reaction or an entry of its `recent` (the other is undefined). */
  private readObject(
    b: Buffer,
    i: number,
    limit: number,
    reaction: Reaction | undefined,
    entry: RecentReaction | undefined,
  ): number {
    i = this.ws(b, i + 1, limit);
    if (i >= limit) return FAIL;
    if (b[i] === 0x7d) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) return FAIL;
      i = this.readString(b, i, limit);
      if (i < 0) return FAIL;
      if (this.strEscapes) return FAIL; // "\u0074ype" is "type" to JSON.parse
      const key = this.text.slice(this.strStart - this.textBase, this.strEnd - this.textBase);
      i = this.ws(b, i, limit);
      if (i >= limit || b[i] !== 0x3a) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
      i = reaction
        ? this.reactionMember(b, i, limit, key, reaction)
        : this.recentMember(b, i, limit, key, entry as RecentReaction);
      if (i < 0) return FAIL;
      i = this.ws(b, i, limit);
      if (i >= limit) return FAIL;
      if (b[i] === 0x7d) return i + 1;
      if (b[i] !== 0x2c) return FAIL;
      i = this.ws(b, i + 1, limit);
      if (i >= limit) return FAIL;
    }
  }

  /** A reaction's member `key`, its value at b[at]; returns the index after it. */
  private reactionMember(b: Buffer, at: number, limit: number, key: string, reaction: Reaction): number {
    switch (key) {
      case "type":
      case "count":
      case "emoji":
      case "document_id": {
        if (b[at] === 0x7b || b[at] === 0x5b) return FAIL;
        const end = this.readScalar(b, at, limit, key === "emoji" || key === "document_id");
        reaction[key] = this.scalar;
        return end;
      }
      case "recent": {
        if (b[at] === 0x7b) return FAIL;
        if (b[at] !== 0x5b) {
          const end = this.readScalar(b, at, limit);
          reaction.recent = this.scalar;
          return end;
        }
        const recent: RecentReaction[] = [];
        reaction.recent = recent;
        return this.readRecent(b, at, limit, recent);
      }
      default:
        return this.skip(b, at, limit);
    }
  }

  /** A member of an entry of `recent`, like reactionMember. */
  private recentMember(b: Buffer, at: number, limit: number, key: string, entry: RecentReaction): number {
    if (key === "from" || key === "from_id" || key === "date") {
      if (b[at] === 0x7b || b[at] === 0x5b) return FAIL;
      const end = this.readScalar(b, at, limit, key === "from");
      entry[key] = this.scalar;
      return end;
    }
    return this.skip(b, at, limit);
  }

  /** Validates any value at b[i] without building it; returns the index after it. */
  private skip(b: Buffer, i: number, limit: number): number {
    const c = b[i] as number;
    if (c === QUOTE) return this.readString(b, i, limit);
    if (c !== 0x7b && c !== 0x5b) {
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(b, i, limit);
      return this.literal(b, i, limit, false);
    }
    // Containers: an explicit stack of what is open; states between tokens.
    const stack = this.stack;
    let depth = 0;
    stack[depth++] = c;
    i = this.ws(b, i + 1, limit);
    // After an opening bracket the container may close at once.
    let first = true;
    for (;;) {
      if (i >= limit) return FAIL;
      const open = stack[depth - 1];
      let v = b[i] as number;
      if (first && (v === 0x7d || v === 0x5d)) {
        if (v !== (open as number) + 2) return FAIL;
        depth--;
        i++;
      } else {
        if (open === 0x7b) {
          // a member: "key": value
          if (v !== QUOTE) return FAIL;
          i = this.readString(b, i, limit);
          if (i < 0) return FAIL;
          i = this.ws(b, i, limit);
          if (i >= limit || b[i] !== 0x3a) return FAIL;
          i = this.ws(b, i + 1, limit);
          if (i >= limit) return FAIL;
          v = b[i] as number;
        }
        if (v === 0x7b || v === 0x5b) {
          if (depth === stack.length) return FAIL;
          stack[depth++] = v;
          i = this.ws(b, i + 1, limit);
          first = true;
          continue;
        }
        i = v === QUOTE ? this.readString(b, i, limit) : this.skipPrimitive(b, i, limit);
        if (i < 0) return FAIL;
      }
      // After a value (or a closed container): ',' or the closing bracket, possibly several.
      for (;;) {
        if (depth === 0) return i;
        i = this.ws(b, i, limit);
        if (i >= limit) return FAIL;
        const next = b[i] as number;
        if (next === 0x2c) {
          i = this.ws(b, i + 1, limit);
          first = false;
          break;
        }
        if (next !== (stack[depth - 1] as number) + 2) return FAIL;
        depth--;
        i++;
      }
    }
  }

  private skipPrimitive(b: Buffer, i: number, limit: number): number {
    const c = b[i] as number;
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(b, i, limit);
    return this.literal(b, i, limit, false);
  }
}

function matchField(b: Buffer, start: number, end: number): number {
  const bucket = BY_LENGTH[end - start];
  if (bucket === undefined) return -1;
  for (const candidate of bucket) if (equals(b, start, candidate.bytes)) return candidate.index;
  return -1;
}

const MESSAGE = new TextEncoder().encode("message");
const SERVICE = new TextEncoder().encode("service");

function equals(b: Buffer, start: number, bytes: Uint8Array): boolean {
  for (let k = 0; k < bytes.length; k++) if (b[start + k] !== bytes[k]) return false;
  return true;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** Bytes as Latin-1 text (one character per byte), through Buffer's internal slicer when present. */
export function latin1(b: Buffer, start: number, end: number): string {
  const fast = b as unknown as Slicing;
  return fast.latin1Slice ? fast.latin1Slice(start, end) : b.toString("latin1", start, end);
}

function utf8(b: Buffer, start: number, end: number): string {
  const fast = b as unknown as Slicing;
  return fast.utf8Slice ? fast.utf8Slice(start, end) : b.toString("utf8", start, end);
}
