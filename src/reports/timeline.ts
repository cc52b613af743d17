// The activity timeline as people read it: long periods start where the chat's records do,
// labels say only what the title does not (hours on a one-day chart), and buckets the period
// covers only in part (this week so far, a week the period cuts) are marked partial.
import type { Locale, Translate } from "../i18n/index.js";
import type { Interval, Period } from "../queries/period.js";
import { addDays, daysBetween, localDate, nextBucket, zonedMidnight } from "../queries/period.js";
import type { Range } from "../queries/range.js";
import type { TimelineChart } from "../render/charts.js";
import { formatDay, formatDayMonth, formatMonth } from "./format.js";

/** The range and bucket size a timeline is drawn over, and the first recorded day when that moved its start. */
export interface TimelineWindow {
  range: Range;
  interval: Interval;
  /** Set when the period starts before the chat's first record, so the chart starts there instead. */
  recordedSince: string | null;
}

/**
 * A period that starts before anything was recorded would open with months of empty bars
 * ("Last 365 days" of a chat Pulse joined in August). The chart starts on the first recorded
 * day instead, and picks its bucket size from the span that is left, as "all" does; a day or
 * two left are drawn by the hour, as a period of one or two days is (one bar for the whole
 * first day of a newly added chat says nothing).
 */
export function timelineWindow(range: Range, interval: Interval, firstActivity: Date | null): TimelineWindow {
  if (interval === "hour" || firstActivity === null) return { range, interval, recordedSince: null };
  const firstDay = localDate(firstActivity, range.timezone);
  if (firstDay <= range.firstDay || firstDay > range.lastDay) return { range, interval, recordedSince: null };
  const span = daysBetween(firstDay, range.lastDay) + 1;
  const narrowed: Interval =
    span <= 2
      ? "hour"
      : span <= 31
        ? "day"
        : span <= 180 && interval === "month"
          ? "week"
          : (interval as Exclude<Interval, "hour">);
  const start = zonedMidnight(firstDay, range.timezone);
  return { range: { ...range, firstDay, start }, interval: narrowed, recordedSince: firstDay };
}

/** Which buckets are only partly covered, and whether the last one is still running ("so far"). */
export function partialBuckets(
  buckets: string[],
  interval: Interval,
  range: Range,
): { partial: boolean[]; soFar: boolean; first: boolean; lastCut: boolean } {
  const periodEnd = zonedMidnight(addDays(range.lastDay, 1), range.timezone);
  const inProgress = range.end.getTime() < periodEnd.getTime();
  const last = buckets.length - 1;
  const partial = buckets.map((bucket, i) => {
    if (interval === "hour") return i === last && inProgress && range.end.getTime() % 3_600_000 !== 0;
    const day = bucket.slice(0, 10);
    if (i === last && inProgress) return true;
    return day < range.firstDay || nextBucket(day, interval) > addDays(range.lastDay, 1);
  });
  const soFar = last >= 0 && inProgress && partial[last] === true;
  return {
    partial,
    soFar,
    first: last > 0 && partial[0] === true,
    lastCut: last >= 0 && !soFar && partial[last] === true,
  };
}

/**
 * What the lighter bars are, short enough to share the footer line: "this week so far",
 * "a partial week", "partial weeks, this week so far".
 */
function partialNote(interval: Interval, marks: ReturnType<typeof partialBuckets>, t: Translate): string | undefined {
  const cut = (marks.first ? 1 : 0) + (marks.lastCut ? 1 : 0);
  const soFar = t("stats-partial-so-far", { interval });
  if (cut === 0) return marks.soFar ? soFar : undefined;
  const partial = t(cut === 1 && !marks.soFar ? "stats-partial-single" : "stats-partial-several", { interval });
  return marks.soFar ? t("stats-partial-and-so-far", { partial, soFar }) : partial;
}

/** "2 Dec 2026", "Wed, 2 Dec 2026" from a YYYY-MM-DD day. */
export function dayName(day: string, locale: Locale, withWeekday = false): string {
  return formatDay(day, locale, withWeekday);
}

/**
 * An axis label for a bucket ("YYYY-MM-DD" or "YYYY-MM-DD HH:00", local). On a one-day chart
 * the date is in the subtitle, so hours stand alone; weeks are named by their Monday.
 */
export function bucketLabel(bucket: string, interval: Interval, oneDay: boolean, locale: Locale): string {
  const day = bucket.slice(0, 10);
  if (interval === "hour") {
    const hour = bucket.slice(11, 16);
    return oneDay ? hour : `${formatDayMonth(day, locale)} ${hour}`;
  }
  if (interval === "month") return formatMonth(day, locale);
  return formatDayMonth(day, locale);
}

/** The timeline chart spec for a period's points. */
export function timelineChart(
  title: string,
  period: Period,
  window: TimelineWindow,
  points: { bucket: string; messages: number; activeUsers: number }[],
  text: { t: Translate; locale: Locale; periodLabel: string },
): TimelineChart {
  const { t, locale, periodLabel } = text;
  const { range, interval } = window;
  const oneDay = range.firstDay === range.lastDay;
  const marks = partialBuckets(
    points.map((p) => p.bucket),
    interval,
    range,
  );
  const subtitle = [periodLabel];
  // A one-day chart names its day once, here, instead of on every hour's label ("recorded
  // since" names it when the chart starts on the chat's first day).
  if (oneDay && !window.recordedSince) {
    const date = dayName(range.firstDay, locale, true);
    if (period.key === range.firstDay) subtitle[0] = date;
    else subtitle.push(date);
  }
  subtitle.push(period.timezone);
  if (window.recordedSince) {
    subtitle.push(t("stats-recorded-since", { day: dayName(window.recordedSince, locale) }));
  }
  // The note explains lighter bars: one for an empty bucket draws nothing lighter to explain.
  const drawn = (i: number) => (points[i]?.messages ?? 0) > 0;
  const last = points.length - 1;
  const note = partialNote(
    interval,
    {
      ...marks,
      soFar: marks.soFar && drawn(last),
      first: marks.first && drawn(0),
      lastCut: marks.lastCut && drawn(last),
    },
    t,
  );
  return {
    kind: "timeline",
    locale,
    title,
    subtitle: subtitle.join(" · "),
    interval,
    points: points.map((p, i) => ({
      label: bucketLabel(p.bucket, interval, oneDay, locale),
      messages: p.messages,
      activeUsers: p.activeUsers,
      ...(marks.partial[i] ? { partial: true } : {}),
    })),
    ...(note ? { partialNote: note } : {}),
  };
}
