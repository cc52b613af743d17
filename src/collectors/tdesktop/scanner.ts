// A streaming, byte-level walker over the skeleton of a huge JSON document. It descends
// only into the containers its handler asks for, hands over each value the handler wants
// as one slice of bytes (the caller JSON.parses it: V8's parser is several times faster
// than any tokenizer written in JavaScript), and skips everything else without keeping it.
// Memory stays flat: at most one captured value plus the current chunk are held.
//
// Inside captured values only strings and brackets are tracked; JSON.parse validates the
// rest. Strict grammar checking happens in the skeleton itself (keys, colons, commas).

import { ExportFormatError } from "./errors.js";
import { describeByte, repairControlCharacters } from "./json-bytes.js";

/** What the handler wants done with a value. */
export const SKIP = 0;
export const CAPTURE = 1;
/** Descend into an object / array; combine with a role: `OBJECT | (role << 2)`. */
export const OBJECT = 2;
export const ARRAY = 3;

/** Flags of a captured value: it holds raw control characters or `\x` escapes in strings. */
export const NEEDS_REPAIR = 1;
/** Flags of a captured value: it holds `\u` escapes (its bytes cannot be read as Latin-1 and fixed up later). */
export const UNICODE_ESCAPES = 2;

/** The largest single value kept in memory (a message is a few KB at most). */
export const MAX_VALUE_BYTES = 64 * 1024 * 1024;

export interface ScanHandler {
  /** The action for `key` in an object descended into with `role`. */
  member(role: number, key: string): number;
  /** The action for element `index` of an array descended into with `role`. */
  element(role: number, index: number): number;
  /** A captured value: `buffer[start, end)`; where it began is on the scanner (`value*` fields). */
  value(role: number, key: string | number, buffer: Buffer, start: number, end: number, flags: number): void;
  /** A container descended into has closed. */
  close(role: number): void;
}

// Parser states.
const ST_VALUE = 0; // a value is expected (after `[` also `]`)
const ST_KEY = 1; // a property name is expected (after `{` also `}`)
const ST_KEY_STRING = 2;
const ST_COLON = 3;
const ST_AFTER = 4; // `,` or the closing bracket is expected
const ST_CAPTURE = 5; // inside a captured or skipped object, array or string
const ST_SCALAR = 6; // inside a captured or skipped number or literal
const ST_DONE = 7;

const KIND_OBJECT = 0;
const KIND_ARRAY = 1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

export class SkeletonScanner {
  /** Bytes consumed so far. */
  offset = 0;
  /** 1-based line number at the scan position; `lineStart` is the offset where that line starts. */
  line = 1;
  lineStart = 0;

  /** Offset of the structural byte being handled (for errors raised by handler callbacks). */
  at = 0;

  /** Where the value last handed to `value()` starts: byte offset, line and that line's start. */
  valueOffset = 0;
  valueLine = 1;
  valueLineStart = 0;

  private state = ST_VALUE;
  private allowClose = false;
  private started = false;

  // The container stack: kind, handler role, current key or index.
  private readonly kinds: number[] = [];
  private readonly roles: number[] = [];
  private readonly members: (string | number)[] = [];
  private action = SKIP;

  // The value being captured or skipped.
  private retain = false;
  private depth = 0;
  private brackets = new Uint8Array(64);
  private inString = false;
  private escape = false;
  private flags = 0;
  private pieces: Buffer[] = [];
  private piecesBytes = 0;

  // The property name being read.
  private keyPieces: Buffer[] = [];
  private keyFlags = 0;

  constructor(
    private readonly handler: ScanHandler,
    private readonly rootRole: number,
  ) {}

  /** The JSON path of the value being read, e.g. `chats.list[2].messages[118]`. */
  path(extra?: readonly (string | number)[]): string {
    let path = "";
    for (let i = 0; i < this.members.length; i++) path = appendPath(path, this.members[i] as string | number);
    for (const segment of extra ?? []) path = appendPath(path, segment);
    return path;
  }

  write(chunk: Buffer): void {
    const len = chunk.length;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // UTF-8 byte order mark
    }
    let captureStart = this.state === ST_CAPTURE || this.state === ST_SCALAR ? 0 : -1;
    let keyStart = this.state === ST_KEY_STRING ? 0 : -1;
    while (i < len) {
      switch (this.state) {
        case ST_CAPTURE: {
          i = this.scanCapture(chunk, i, len);
          if (this.state === ST_CAPTURE) break;
          this.finishValue(chunk, captureStart, i);
          captureStart = -1;
          break;
        }
        case ST_SCALAR: {
          for (; i < len; i++) {
            const c = chunk[i] as number;
            if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09)
              break;
          }
          if (i === len) break;
          this.state = ST_AFTER;
          this.finishValue(chunk, captureStart, i);
          captureStart = -1;
          break;
        }
        case ST_KEY_STRING: {
          for (; i < len; i++) {
            const c = chunk[i] as number;
            if (this.escape) {
              this.escape = false;
              if (c === 0x78) this.keyFlags |= NEEDS_REPAIR;
            } else if (c === QUOTE) {
              break;
            } else if (c === BACKSLASH) {
              this.escape = true;
            } else if (c < 0x20) {
              this.keyFlags |= NEEDS_REPAIR;
              if (c === NEWLINE) this.newline(i + 1);
            }
          }
          if (i === len) break;
          i++;
          this.keyPieces.push(chunk.subarray(keyStart, i));
          keyStart = -1;
          this.finishKey(chunk, i);
          break;
        }
        default: {
          const c = chunk[i] as number;
          if (c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09) {
            if (c === NEWLINE) this.newline(i + 1);
            i++;
            break;
          }
          const start = this.structural(chunk, i, c);
          if (start === 1) captureStart = i;
          else if (start === 2) keyStart = i;
          i++;
        }
      }
    }
    if (captureStart >= 0 && this.retain) this.keep(chunk.subarray(captureStart));
    if (keyStart >= 0) this.keyPieces.push(chunk.subarray(keyStart));
    this.offset += len;
  }

  /** The end of the input: anything still open means the file was cut short. */
  end(): void {
    if (this.state === ST_DONE) return;
    if (this.offset === 0)
      throw new ExportFormatError("the file is empty", { byteOffset: 0 }, { key: "import-error-empty" });
    if (this.state === ST_VALUE && this.kinds.length === 0) {
      throw new ExportFormatError(
        "the file contains only whitespace",
        { byteOffset: this.offset },
        { key: "import-error-whitespace" },
      );
    }
    throw new ExportFormatError(
      "unexpected end of file: the export is truncated (Telegram Desktop may still have been writing it, or the copy is incomplete)",
      { ...this.location(this.offset), path: this.path() || undefined },
      { key: "import-error-truncated" },
    );
  }

  /** Line and column of an absolute offset on the current line. */
  location(at: number, chunk?: Buffer, chunkBase = this.offset): { byteOffset: number; line: number; column: number } {
    let column = at - this.lineStart + 1;
    if (chunk && this.lineStart >= chunkBase && at - chunkBase <= chunk.length) {
      column = codePointsIn(chunk, this.lineStart - chunkBase, at - chunkBase) + 1;
    }
    return { byteOffset: at, line: this.line, column };
  }

  private newline(indexAfter: number): void {
    this.line++;
    this.lineStart = this.offset + indexAfter;
  }

  private error(problem: string, chunk: Buffer, i: number, withPath = true): ExportFormatError {
    const path = withPath ? this.path() : "";
    // The JSON diagnostic itself stays English (it quotes bytes and grammar); the bot wraps it.
    return new ExportFormatError(
      problem,
      { ...this.location(this.offset + i, chunk), path: path || undefined },
      { key: "import-error-json", vars: { detail: problem } },
    );
  }

  /**
   * One structural byte outside captured values. Returns 1 when a capture starts at this
   * byte, 2 when a property name starts, 0 otherwise.
   */
  private structural(chunk: Buffer, i: number, c: number): number {
    this.at = this.offset + i;
    switch (this.state) {
      case ST_VALUE: {
        if (this.kinds.length === 0) return this.rootValue(chunk, i, c);
        const top = this.kinds.length - 1;
        if (this.kinds[top] === KIND_ARRAY) {
          if (c === 0x5d && this.allowClose) {
            this.pop();
            return 0;
          }
          this.action = this.handler.element(this.roles[top] as number, this.members[top] as number);
        }
        return this.beginValue(chunk, i, c);
      }
      case ST_KEY: {
        if (c === 0x7d && this.allowClose) {
          this.pop();
          return 0;
        }
        if (c !== QUOTE) {
          throw this.error(`unexpected ${describeByte(c)}, expected a property name in double quotes`, chunk, i);
        }
        this.state = ST_KEY_STRING;
        this.keyFlags = 0;
        this.escape = false;
        this.keyPieces = [];
        return 2;
      }
      case ST_COLON: {
        if (c !== 0x3a) throw this.error(`unexpected ${describeByte(c)}, expected ':' after a property name`, chunk, i);
        this.state = ST_VALUE;
        this.allowClose = false;
        return 0;
      }
      case ST_AFTER: {
        const top = this.kinds.length - 1;
        const isArray = this.kinds[top] === KIND_ARRAY;
        if (c === 0x2c) {
          if (isArray) {
            this.members[top] = (this.members[top] as number) + 1;
            this.state = ST_VALUE;
          } else {
            this.state = ST_KEY;
          }
          this.allowClose = false;
          return 0;
        }
        if (c === (isArray ? 0x5d : 0x7d)) {
          this.pop();
          return 0;
        }
        const expected = isArray ? "',' or ']' after an array element" : "',' or '}' after a property value";
        throw this.error(`unexpected ${describeByte(c)}, expected ${expected}`, chunk, i);
      }
      case ST_DONE:
        throw this.error(`unexpected ${describeByte(c)} after the end of the export's JSON object`, chunk, i, false);
      default:
        throw new Error(`scanner: unexpected state ${this.state}`);
    }
  }

  private rootValue(chunk: Buffer, i: number, c: number): number {
    if (c !== 0x7b) {
      const found = c === 0x5b ? "an array" : `${describeByte(c)}`;
      throw this.error(
        `not a Telegram Desktop export: expected a JSON object ({"name", "type", "id", "messages": [...]} for one chat, or {"chats": {"list": [...]}} for a whole account), found ${found}`,
        chunk,
        i,
        false,
      );
    }
    this.push(KIND_OBJECT, this.rootRole);
    return 0;
  }

  private beginValue(chunk: Buffer, i: number, c: number): number {
    const action = this.action;
    const kind = action & 3;
    if (kind === OBJECT || kind === ARRAY) {
      const wanted = kind === OBJECT ? 0x7b : 0x5b;
      if (c !== wanted) {
        throw this.error(
          `expected ${kind === OBJECT ? "an object" : "an array"}, found ${describeValueStart(c)}`,
          chunk,
          i,
        );
      }
      this.push(kind === OBJECT ? KIND_OBJECT : KIND_ARRAY, action >> 2);
      return 0;
    }
    this.retain = kind === CAPTURE;
    this.flags = 0;
    this.pieces = [];
    this.piecesBytes = 0;
    this.valueOffset = this.offset + i;
    this.valueLine = this.line;
    this.valueLineStart = this.lineStart;
    if (c === 0x7b || c === 0x5b) {
      this.state = ST_CAPTURE;
      this.depth = 1;
      this.brackets[0] = c;
      this.inString = false;
      this.escape = false;
      return 1;
    }
    if (c === QUOTE) {
      this.state = ST_CAPTURE;
      this.depth = 0;
      this.inString = true;
      this.escape = false;
      return 1;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      this.state = ST_SCALAR;
      return 1;
    }
    throw this.error(`unexpected ${describeByte(c)}, expected a value`, chunk, i);
  }

  /** The hot loop: bytes of a captured or skipped object, array or string. */
  private scanCapture(chunk: Buffer, i: number, len: number): number {
    let depth = this.depth;
    let inString = this.inString;
    let brackets = this.brackets;
    let flags = this.flags;
    let lines = 0;
    let lastNewline = -1;
    if (this.escape) {
      this.escape = false;
      const e = chunk[i];
      if (e === 0x78) flags |= NEEDS_REPAIR;
      else if (e === 0x75) flags |= UNICODE_ESCAPES;
      i++;
    }
    for (; i < len; i++) {
      let c = chunk[i] as number;
      if (inString) {
        // The inner loop runs through a string's bytes: most of a message is strings.
        for (; i < len; i++) {
          c = chunk[i] as number;
          if (c === QUOTE) break;
          if (c === BACKSLASH) {
            if (i + 1 === len) {
              this.escape = true;
              break;
            }
            i++;
            const e = chunk[i];
            if (e === 0x78) flags |= NEEDS_REPAIR;
            else if (e === 0x75) flags |= UNICODE_ESCAPES;
          } else if (c < 0x20) {
            flags |= NEEDS_REPAIR;
            if (c === NEWLINE) {
              lines++;
              lastNewline = i;
            }
          }
        }
        if (i >= len) break;
        if (c !== QUOTE) continue; // an escape split across chunks: i === len - 1, loop ends
        inString = false;
        if (depth === 0) {
          i++;
          this.state = ST_AFTER;
          break;
        }
      } else if (c === QUOTE) {
        inString = true;
      } else if (c === NEWLINE) {
        lines++;
        lastNewline = i;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth === brackets.length) {
          const grown = new Uint8Array(depth * 2);
          grown.set(brackets);
          brackets = grown;
          this.brackets = grown;
        }
        brackets[depth++] = c;
      } else if (c === 0x7d || c === 0x5d) {
        if (brackets[--depth] !== c - 2) {
          this.saveCapture(depth, inString, flags, lines, lastNewline);
          throw this.error(`unexpected ${describeByte(c)}: brackets do not match`, chunk, i);
        }
        if (depth === 0) {
          i++;
          this.state = ST_AFTER;
          break;
        }
      }
    }
    this.saveCapture(depth, inString, flags, lines, lastNewline);
    return i;
  }

  private saveCapture(depth: number, inString: boolean, flags: number, lines: number, lastNewline: number): void {
    this.depth = depth;
    this.inString = inString;
    this.flags = flags;
    if (lines > 0) {
      this.line += lines;
      this.lineStart = this.offset + lastNewline + 1;
    }
  }

  private keep(piece: Buffer): void {
    this.pieces.push(piece);
    this.piecesBytes += piece.length;
    if (this.piecesBytes > MAX_VALUE_BYTES) {
      throw new ExportFormatError(
        `a single value is larger than ${MAX_VALUE_BYTES / 1024 / 1024} MB: the file is probably damaged (an unclosed bracket or string)`,
        { byteOffset: this.valueOffset, line: this.valueLine, path: this.path() || undefined },
        { key: "import-error-value-too-large", vars: { megabytes: MAX_VALUE_BYTES / 1024 / 1024 } },
      );
    }
  }

  private finishValue(chunk: Buffer, captureStart: number, end: number): void {
    if (!this.retain) return;
    const top = this.kinds.length - 1;
    const role = this.roles[top] as number;
    const member = this.members[top] as string | number;
    if (this.pieces.length === 0) {
      this.handler.value(role, member, chunk, captureStart, end, this.flags);
      return;
    }
    this.pieces.push(chunk.subarray(captureStart, end));
    const whole = Buffer.concat(this.pieces);
    this.pieces = [];
    this.piecesBytes = 0;
    this.handler.value(role, member, whole, 0, whole.length, this.flags);
  }

  private finishKey(chunk: Buffer, i: number): void {
    let bytes = this.keyPieces.length === 1 ? (this.keyPieces[0] as Buffer) : Buffer.concat(this.keyPieces);
    this.keyPieces = [];
    if (this.keyFlags & NEEDS_REPAIR) bytes = repairControlCharacters(bytes).bytes;
    let key: string;
    try {
      key = JSON.parse(bytes.toString("utf8")) as string;
    } catch {
      throw this.error("invalid property name", chunk, i - 1);
    }
    const top = this.kinds.length - 1;
    this.members[top] = key;
    this.action = this.handler.member(this.roles[top] as number, key);
    this.state = ST_COLON;
  }

  private push(kind: number, role: number): void {
    this.kinds.push(kind);
    this.roles.push(role);
    this.members.push(kind === KIND_ARRAY ? 0 : "");
    this.state = kind === KIND_ARRAY ? ST_VALUE : ST_KEY;
    this.allowClose = true;
  }

  private pop(): void {
    this.kinds.pop();
    const role = this.roles.pop() as number;
    this.members.pop();
    this.state = this.kinds.length === 0 ? ST_DONE : ST_AFTER;
    this.handler.close(role);
  }
}

function appendPath(path: string, segment: string | number): string {
  if (typeof segment === "number") return `${path}[${segment}]`;
  return path === "" ? segment : `${path}.${segment}`;
}

function describeValueStart(c: number): string {
  if (c === 0x7b) return "an object";
  if (c === 0x5b) return "an array";
  if (c === QUOTE) return "a string";
  if (c === 0x74 || c === 0x66) return "a boolean";
  if (c === 0x6e) return "null";
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return "a number";
  return describeByte(c);
}

/** Characters (code points) in UTF-8 bytes: every byte that is not a continuation byte. */
export function codePointsIn(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  for (let i = Math.max(0, start); i < end && i < bytes.length; i++) {
    if (((bytes[i] as number) & 0xc0) !== 0x80) count++;
  }
  return count;
}
