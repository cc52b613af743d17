// What `/recap …` asks for: a week (this one so far, the last complete one, or the one holding
// a date) and a format (the card, or the PDF report). Parsing is pure; checking the week
// against the clock and the chat's first data needs both, so it takes them as arguments.
import type { Week } from "../reports/weeks.js";
import { lastCompleteWeek, weekContaining } from "../reports/weeks.js";

export type WeekChoice = { kind: "current" } | { kind: "last" } | { kind: "date"; day: string };

export interface RecapRequest {
  week: WeekChoice;
  format: "card" | "pdf";
}

export type RecapRequestError =
  /** Not a word or date /recap knows. */
  | { error: "bad-argument"; input: string }
  /** Shaped like a date but not one (2026-02-30). */
  | { error: "bad-date"; input: string };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "", "last", "2026-11-02", "pdf", "pdf last", "last pdf" … in any order, case-insensitive. */
export function parseRecapRequest(text: string | undefined): RecapRequest | RecapRequestError {
  let format: RecapRequest["format"] = "card";
  let week: WeekChoice | undefined;
  for (const word of (text ?? "").trim().split(/\s+/).filter(Boolean)) {
    const lower = word.toLowerCase();
    if (lower === "pdf" && format === "card") format = "pdf";
    else if ((lower === "last" || lower === "previous") && !week) week = { kind: "last" };
    else if ((lower === "this" || lower === "now" || lower === "current") && !week) week = { kind: "current" };
    else if (DATE_RE.test(word) && !week) {
      if (!isCalendarDay(word)) return { error: "bad-date", input: word };
      week = { kind: "date", day: word };
    } else return { error: "bad-argument", input: word.slice(0, 40) };
  }
  return { week: week ?? { kind: "current" }, format };
}

function isCalendarDay(day: string): boolean {
  const [, y, m, d] = DATE_RE.exec(day) as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === day;
}

export function resolveWeek(choice: WeekChoice, now: Date, timezone: string): Week {
  if (choice.kind === "last") return lastCompleteWeek(now, timezone);
  if (choice.kind === "date") return weekContaining(choice.day, timezone);
  return weekContaining(now, timezone);
}

/** Why a week cannot be recapped yet or at all; undefined when it can be. */
export function weekProblem(week: Week, now: Date, firstActivity: Date | null): "future" | "before-data" | undefined {
  if (week.startsAt > now) return "future";
  if (firstActivity && week.endsAt <= firstActivity) return "before-data";
  return undefined;
}

/** The week as it travels in a button: "now", "last" or the date as YYYYMMDD. */
export function encodeWeekChoice(choice: WeekChoice): string {
  if (choice.kind === "date") return choice.day.replaceAll("-", "");
  return choice.kind === "last" ? "last" : "now";
}

export function decodeWeekChoice(text: string): WeekChoice | undefined {
  if (text === "now") return { kind: "current" };
  if (text === "last") return { kind: "last" };
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return isCalendarDay(day) ? { kind: "date", day } : undefined;
}
