// Export dates: `date_unixtime` is the instant; `date` is the wall-clock time of the machine
// that made the export, without an offset. Turning a wall-clock time back into an instant
// needs that machine's time zone and care around daylight-saving jumps.

const MINUTE = 60_000;
const BUCKET = 15 * MINUTE; // every time-zone transition since 1970 falls on a quarter hour
const DAY = 86_400_000;

/** Parses `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`. Returns the wall time as if it were UTC, or NaN. */
export function parseWallTime(value: string): number {
  if (value.length < 19) return Number.NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  const t = value.charCodeAt(10);
  if (
    value.charCodeAt(4) !== 0x2d ||
    value.charCodeAt(7) !== 0x2d ||
    (t !== 0x54 && t !== 0x20) ||
    value.charCodeAt(13) !== 0x3a ||
    value.charCodeAt(16) !== 0x3a ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  ) {
    return Number.NaN;
  }
  let ms = utcDay(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000;
  let rest = 19;
  if (value.charCodeAt(rest) === 0x2e) {
    let end = rest + 1;
    while (end < value.length && value.charCodeAt(end) >= 0x30 && value.charCodeAt(end) <= 0x39) end++;
    if (end === rest + 1) return Number.NaN;
    ms += Math.floor(Number(`0.${value.slice(rest + 1, end)}`) * 1000);
    rest = end;
  }
  if (rest !== value.length) return Number.NaN;
  return ms;
}

/** The UTC offset (ms) written at the end of a date, when there is one; else NaN. */
export function explicitOffset(value: string): number {
  if (value.length <= 19) return Number.NaN;
  const tail = /(Z|([+-])(\d\d):?(\d\d))$/.exec(value);
  if (!tail) return Number.NaN;
  if (tail[1] === "Z") return 0;
  const sign = tail[2] === "-" ? -1 : 1;
  return sign * (Number(tail[3]) * 60 + Number(tail[4])) * MINUTE;
}

/** Splits a date with an explicit offset into wall time and offset; the wall time alone otherwise. */
export function parseExportDate(value: string): { wall: number; offset: number } {
  const offset = explicitOffset(value);
  if (Number.isNaN(offset)) return { wall: parseWallTime(value), offset };
  const stripped = value.endsWith("Z") ? value.slice(0, -1) : value.replace(/[+-]\d\d:?\d\d$/, "");
  return { wall: parseWallTime(stripped), offset };
}

// The last day utcDay computed: an export's dates come in order, mostly many to a day.
let lastDayKey = -1;
let lastDayMs = 0;

/** Date.UTC(year, month - 1, day), remembered for the last day asked (Date.UTC is a slow call). */
function utcDay(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key !== lastDayKey) {
    // Date.UTC reads years 0–99 as 1900–1999: "0000-01-01" would become 1900-01-01.
    lastDayMs = year < 100 ? new Date(0).setUTCFullYear(year, month - 1, day) : Date.UTC(year, month - 1, day);
    lastDayKey = key;
  }
  return lastDayMs;
}

function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = value.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Wall-clock times of one IANA time zone → instants. */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}": expected an IANA name such as Europe/Berlin`);
    }
  }

  /** The zone's UTC offset (ms) at an instant. */
  offsetAt(instant: number): number {
    const bucket = Math.floor(instant / BUCKET);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;
    if (this.offsets.size > 200_000) this.offsets.clear();
    const at = bucket * BUCKET;
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(at))) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    const offset = wall - at;
    this.offsets.set(bucket, offset);
    return offset;
  }

  /**
   * The instant a wall-clock time denotes. In the hour repeated when clocks go back, the
   * earlier instant is taken unless it would come before `notBefore` (exports list messages
   * in order, so the previous message's instant settles which pass of the hour is meant).
   * A time skipped when clocks go forward cannot have been written by Telegram; it is read
   * with the offset in force before the jump.
   */
  toInstant(wall: number, notBefore = Number.NEGATIVE_INFINITY): number {
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    if (before === after) return wall - before;
    const early = wall - Math.max(before, after);
    const late = wall - Math.min(before, after);
    const earlyValid = this.offsetAt(early) === wall - early;
    const lateValid = this.offsetAt(late) === wall - late;
    if (earlyValid && lateValid) return early >= notBefore ? early : late;
    if (earlyValid) return early;
    if (lateValid) return late;
    return wall - before;
  }
}
