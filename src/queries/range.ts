// What every query takes: a chat and a time range (instants for hourly data, local days
// for daily data). Built from a Period (src/queries/period.ts) or its `previous`.
import type { Period } from "./period.js";

export interface Range {
  chatId: number;
  timezone: string;
  start: Date;
  end: Date;
  firstDay: string;
  lastDay: string;
}

export function currentRange(chatId: number, period: Period): Range {
  const { timezone, start, end, firstDay, lastDay } = period;
  return { chatId, timezone, start, end, firstDay, lastDay };
}

export function previousRange(chatId: number, period: Period): Range {
  return { chatId, timezone: period.timezone, ...period.previous };
}

/** Detail queries over single messages are capped at this many days back from the range end. */
export function cappedStart(range: Range, maxDays: number): Date {
  const earliest = new Date(range.end.getTime() - maxDays * 86_400_000);
  return range.start < earliest ? earliest : range.start;
}
