// When a chat's weekly recap is due: its weekday and hour on the chat's own wall clock.
// Pure functions of an instant and a time zone, so DST weeks and half-hour zones need no
// special case: the wall clock is read through Intl for every chat at every run.
import type { RecapSchedule } from "../settings/chat-settings.js";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local ISO weekday (1 = Monday … 7 = Sunday) and hour (0–23) of an instant in a zone. */
export function localWeekdayHour(at: Date, timezone: string): { weekday: number; hour: number } {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      weekday: "short",
      hour: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timezone, formatter);
  }
  let weekday = 0;
  let hour = 0;
  for (const part of formatter.formatToParts(at)) {
    if (part.type === "weekday") weekday = WEEKDAYS.indexOf(part.value) + 1;
    else if (part.type === "hour") hour = Number(part.value);
  }
  return { weekday, hour };
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/**
 * Whether a scheduled run at `at` should post the chat's recap: from its hour to the end of
 * its weekday, local time. Not only the exact hour, so a run missed while every instance was
 * down (or an hour DST skipped) still posts later that day; the claim keeps it to one post.
 */
export function isRecapDue(at: Date, timezone: string, schedule: RecapSchedule): boolean {
  if (!schedule.enabled) return false;
  const local = localWeekdayHour(at, timezone);
  return local.weekday === schedule.weekday && local.hour >= schedule.hour;
}
