// When a cron expression comes due, in a time zone, with DST handled the way people expect
// of a wall-clock schedule: a slot whose local time does not exist (the hour skipped in
// spring) runs at the same distance after the gap (02:30 → 03:30 new time), and a slot
// whose local time happens twice (the hour repeated in autumn) runs at its first
// occurrence only. So a daily job runs exactly once on both days. node-cron matches every
// instant's local time instead (zero runs in the gap, two in the repeat), which is why the
// scheduler computes slots here and uses node-cron only as its heartbeat.
import { createTask, parse, validate } from "node-cron";

export interface CronSlots {
  readonly expression: string;
  readonly timezone: string;
  /** The first slot strictly after `after`; undefined when none comes within 30 years. */
  next(after: Date): Date | undefined;
  /** The latest slot in (from, until], stepping from `from`; undefined when there is none. */
  latestBetween(from: Date, until: Date): Date | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Slots move by at most the length of a DST gap (an hour, rarely two), so scan this far around. */
const DST_MARGIN = 3 * HOUR;
const MAX_DAYS = 30 * 366;

export class CronExpressionError extends Error {
  override name = "CronExpressionError";
}

export function cronSlots(expression: string, timezone = "UTC"): CronSlots {
  if (!validate(expression)) throw new CronExpressionError(`"${expression}" is not a valid cron expression`);
  const fields = parse(expression);
  const seconds = fields.second;
  const minutes = fields.minute;
  const hours = fields.hour;
  // node-cron's own matcher decides which days match (ranges, L, nth weekday: its semantics,
  // including that day-of-month and day-of-week must both match); it reads wall-clock
  // components, so it is asked about the wall time expressed as a UTC instant.
  const matcher = dayMatcher(expression);
  const firstTime = [hours[0] ?? 0, minutes[0] ?? 0, seconds[0] ?? 0] as const;
  const zone = timeZone(timezone);

  // Per local day: does it match, and its offset when it keeps one all day (else null).
  const days = new Map<number, { matches: boolean; offset: number | null }>();
  function dayInfo(dayStart: number) {
    let info = days.get(dayStart);
    if (!info) {
      const matches = matcher.match(
        new Date(dayStart + firstTime[0] * HOUR + firstTime[1] * 60_000 + firstTime[2] * 1_000),
      );
      const offset = matches ? zone.offsetAt(dayStart - DAY) : 0;
      info = { matches, offset: matches && offset !== zone.offsetAt(dayStart + 2 * DAY) ? null : offset };
      if (days.size > 1_000) days.clear();
      days.set(dayStart, info);
    }
    return info;
  }

  function next(after: Date): Date | undefined {
    const afterMs = after.getTime();
    const afterWall = zone.wallOf(afterMs);
    let best: number | undefined;
    let bestWall = Number.POSITIVE_INFINITY;
    // Start a day early: a slot late yesterday (wall time) can land after `after` through a gap.
    const firstDay = Math.floor(afterWall / DAY) * DAY - DAY;
    for (let day = firstDay, count = 0; count < MAX_DAYS; day += DAY, count++) {
      if (day > bestWall + DST_MARGIN) break;
      const info = dayInfo(day);
      if (!info.matches) continue;
      // Most days keep one offset: their slots are in wall order, and the first one after
      // `after` is the answer. Only a day with a change needs every slot near it compared.
      const offset = info.offset ?? 0;
      const stable = info.offset !== null;
      for (const hour of hours) {
        const hourStart = day + hour * HOUR;
        if (hourStart + HOUR <= afterWall - DST_MARGIN) continue;
        if (hourStart > bestWall + DST_MARGIN) break;
        for (const minute of minutes) {
          const minuteStart = hourStart + minute * 60_000;
          if (minuteStart + 60_000 <= afterWall - DST_MARGIN) continue;
          if (minuteStart > bestWall + DST_MARGIN) break;
          for (const second of seconds) {
            const wall = minuteStart + second * 1_000;
            if (wall > bestWall + DST_MARGIN) break;
            const instant = stable ? wall - offset : zone.instantOf(wall);
            if (instant <= afterMs) continue;
            if (best === undefined || instant < best) {
              best = instant;
              bestWall = wall;
            }
            if (stable) return new Date(best);
          }
        }
      }
    }
    return best === undefined ? undefined : new Date(best);
  }

  return {
    expression,
    timezone,
    next,
    latestBetween(from, until) {
      // Stepping slot by slot over a long outage costs one step per missed slot; the latest
      // slot is found in the shortest recent window that holds one.
      const step = (start: number) => {
        let latest: Date | undefined;
        for (let slot = next(new Date(start)); slot && slot.getTime() <= until.getTime(); slot = next(slot)) {
          latest = slot;
        }
        return latest;
      };
      for (const window of [HOUR, DAY, 32 * DAY, 400 * DAY]) {
        const start = until.getTime() - window;
        if (start <= from.getTime()) break;
        const latest = step(start);
        if (latest) return latest;
      }
      return step(from.getTime());
    },
  };
}

const matchers = new Map<string, { match(date: Date): boolean }>();

/** One never-started node-cron task per expression (each registers itself with node-cron). */
function dayMatcher(expression: string) {
  let matcher = matchers.get(expression);
  if (!matcher) {
    matcher = createTask(expression, () => {}, { timezone: "UTC" });
    matchers.set(expression, matcher);
  }
  return matcher;
}

interface TimeZone {
  /** The local wall-clock time of an instant, as milliseconds of a UTC date with those fields. */
  wallOf(instant: number): number;
  /** The instant a wall-clock time names: the first of two, or just after a gap. */
  instantOf(wall: number): number;
  /** Local time minus UTC at an instant, in milliseconds. */
  offsetAt(instant: number): number;
}

const zones = new Map<string, TimeZone>();

function timeZone(name: string): TimeZone {
  const cached = zones.get(name);
  if (cached) return cached;
  let zone: TimeZone;
  if (name === "UTC" || name === "Etc/UTC") {
    zone = { wallOf: (instant) => instant, instantOf: (wall) => wall, offsetAt: () => 0 };
  } else {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    const wallOf = (instant: number): number => {
      const parts: Record<string, number> = {};
      for (const part of format.formatToParts(new Date(instant))) {
        if (part.type !== "literal") parts[part.type] = Number(part.value);
      }
      const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
      return Date.UTC(year, month - 1, day, hour, minute, second) + (((instant % 1_000) + 1_000) % 1_000);
    };
    const offsetAt = (instant: number) => wallOf(instant) - instant;
    zone = {
      wallOf,
      offsetAt,
      instantOf(wall) {
        // A day either side is wider than any offset, and no zone changes its offset twice in two days.
        const before = offsetAt(wall - DAY);
        const after = offsetAt(wall + DAY);
        const candidates = [wall - before, wall - after].filter((instant) => wallOf(instant) === wall);
        if (candidates.length > 0) return Math.min(...candidates);
        // In a gap: read the wall time with the offset from before the change, which lands as
        // far after the gap as the wall time was into it.
        return wall - before;
      },
    };
  }
  zones.set(name, zone);
  return zone;
}
