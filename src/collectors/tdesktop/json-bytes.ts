// Byte-level helpers for one captured JSON value: repairing what Telegram Desktop writes
// wrongly, and, only once JSON.parse has refused a value, finding exactly where and why.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = "0123456789abcdef";

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/**
 * Escapes what makes a Telegram export invalid JSON inside strings: raw control characters
 * (U+0000–U+001F) and the `\xHH` escapes Telegram Desktop writes for them. The value must
 * start outside a string (every captured value does).
 */
export function repairControlCharacters(bytes: Buffer): { bytes: Buffer; repaired: number } {
  const out: number[] = [];
  let repaired = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (!inString) {
      if (c === QUOTE) inString = true;
      out.push(c);
      continue;
    }
    if (c === QUOTE) {
      inString = false;
      out.push(c);
    } else if (c === BACKSLASH) {
      const next = bytes[i + 1];
      if (next === 0x78 && isHexDigit(bytes[i + 2]) && isHexDigit(bytes[i + 3])) {
        // \xHH → \u00HH
        out.push(BACKSLASH, 0x75, 0x30, 0x30, bytes[i + 2] as number, bytes[i + 3] as number);
        i += 3;
        repaired++;
      } else {
        out.push(c);
        if (next !== undefined) out.push(next);
        i++;
      }
    } else if (c < 0x20) {
      out.push(BACKSLASH, 0x75, 0x30, 0x30, HEX.charCodeAt(c >> 4), HEX.charCodeAt(c & 15));
      repaired++;
    } else {
      out.push(c);
    }
  }
  return { bytes: Buffer.from(out), repaired };
}

export interface JsonProblem {
  /** Offset in the value's bytes. */
  offset: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * A small strict recursive-descent JSON walker over bytes (lenient only about what
 * repairControlCharacters fixes). It reports the first syntax error, or the offset of the
 * value at a path; speed does not matter here.
 */
class Walker {
  private pos = 0;
  found: number | undefined;

  constructor(
    private readonly bytes: Buffer,
    private readonly target?: readonly (string | number)[],
  ) {}

  run(): void {
    this.value(0);
    this.ws();
    if (this.pos < this.bytes.length) this.fail("unexpected data after the value");
  }

  private fail(problem: string, offset = this.pos): never {
    throw new Stop(offset, problem);
  }

  private peek(): number | undefined {
    return this.bytes[this.pos];
  }

  private ws(): void {
    for (;;) {
      const c = this.peek();
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else return;
    }
  }

  private expectMore(what: string): number {
    const c = this.peek();
    if (c === undefined) this.fail(`unexpected end of data, expected ${what}`);
    return c;
  }

  private onPath(depth: number, segment: string | number): boolean {
    return this.target !== undefined && this.target[depth] === segment;
  }

  private value(depth: number, onTargetPath = depth === 0): void {
    this.ws();
    if (onTargetPath && this.target && depth === this.target.length) this.found = this.pos;
    const c = this.expectMore("a value");
    if (c === 0x7b) {
      this.object(depth, onTargetPath);
      return;
    }
    if (c === 0x5b) {
      this.array(depth, onTargetPath);
      return;
    }
    if (c === QUOTE) {
      this.string();
      return;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.number();
      return;
    }
    for (const literal of ["true", "false", "null"]) {
      if (this.bytes.toString("latin1", this.pos, this.pos + literal.length) === literal) {
        this.pos += literal.length;
        return;
      }
    }
    this.fail(`unexpected ${describeByte(c)}, expected a value`);
  }

  private object(depth: number, onTargetPath: boolean): void {
    this.pos++;
    this.ws();
    if (this.peek() === 0x7d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.ws();
      const c = this.expectMore("a property name");
      if (c !== QUOTE) this.fail(`unexpected ${describeByte(c)}, expected a property name in double quotes`);
      const key = this.string();
      this.ws();
      const colon = this.expectMore("':'");
      if (colon !== 0x3a) this.fail(`unexpected ${describeByte(colon)}, expected ':' after a property name`);
      this.pos++;
      this.value(depth + 1, onTargetPath && this.onPath(depth, key));
      this.ws();
      const next = this.expectMore("',' or '}'");
      this.pos++;
      if (next === 0x7d) return;
      if (next !== 0x2c)
        this.fail(`unexpected ${describeByte(next)}, expected ',' or '}' after a property value`, this.pos - 1);
    }
  }

  private array(depth: number, onTargetPath: boolean): void {
    this.pos++;
    this.ws();
    if (this.peek() === 0x5d) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(depth + 1, onTargetPath && this.onPath(depth, index));
      this.ws();
      const next = this.expectMore("',' or ']'");
      this.pos++;
      if (next === 0x5d) return;
      if (next !== 0x2c)
        this.fail(`unexpected ${describeByte(next)}, expected ',' or ']' after an array element`, this.pos - 1);
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const c = this.expectMore("'\"' closing the string");
      if (c === QUOTE) break;
      // Raw control characters and \xHH escapes are repaired before parsing: not errors here.
      if (c === BACKSLASH) {
        const e = this.bytes[this.pos + 1];
        if (e === 0x78 && isHexDigit(this.bytes[this.pos + 2]) && isHexDigit(this.bytes[this.pos + 3])) {
          this.pos += 4;
          continue;
        }
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            if (!isHexDigit(this.bytes[this.pos + k])) this.fail("invalid \\u escape in a string");
          }
          this.pos += 6;
          continue;
        }
        if (e === undefined) this.fail("unexpected end of data in a string escape", this.pos + 1);
        if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          this.fail(`invalid escape '\\${String.fromCharCode(e)}' in a string`);
        }
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    this.pos++;
    const raw = this.bytes.subarray(start, this.pos);
    return JSON.parse(repairControlCharacters(raw).bytes.toString("utf8")) as string;
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
      this.bytes.toString("latin1", this.pos, Math.min(this.bytes.length, this.pos + 400)),
    );
    if (!match) this.fail("invalid number");
    this.pos += match[0].length;
  }
}

/** The first syntax error in a value's bytes, or undefined when they are valid JSON. */
export function findJsonProblem(bytes: Buffer): JsonProblem | undefined {
  try {
    new Walker(bytes).run();
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, message: error.problem };
    throw error;
  }
}

/** Offset of the value at `path` inside valid JSON bytes (the deepest existing ancestor when absent). */
export function locatePath(bytes: Buffer, path: readonly (string | number)[]): number {
  for (let length = path.length; length >= 0; length--) {
    const walker = new Walker(bytes, path.slice(0, length));
    try {
      walker.run();
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
    }
    if (walker.found !== undefined) return walker.found;
  }
  return 0;
}

export function describeByte(c: number): string {
  if (c === QUOTE) return "'\"'";
  if (c >= 0x21 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, "0")}`;
}
