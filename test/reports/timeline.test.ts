// The activity timeline's shape: where a long period starts, which buckets are partial and
// what the note says, and labels that do not repeat what the subtitle says.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { translator } from "../../src/i18n/index.js";
import { parsePeriod } from "../../src/queries/period.js";
import { currentRange } from "../../src/queries/range.js";
import { THEME, timelineData, toChartConfig } from "../../src/render/charts.js";
import { periodLabel } from "../../src/reports/chat-stats.js";
import { bucketLabel, partialBuckets, timelineChart, timelineWindow } from "../../src/reports/timeline.js";

const TZ = "Europe/Berlin";
// Wednesday 2 December 2026, 15:30 in Berlin.
const NOW = new Date("2026-12-02T14:30:00Z");
const period = (key: string, now = NOW, firstActivity: Date | null = null) =>
  parsePeriod(key, TZ, now, { firstActivity });
const en = translator("en");
/** How the /stats view calls it: labels in English. */
const text = (p: ReturnType<typeof period>) => {
  const label = periodLabel(p);
  return { t: en, locale: "en" as const, periodLabel: en(label.key, label.args as Record<string, string | number>) };
};
const points = (buckets: string[]) => buckets.map((bucket) => ({ bucket, messages: 10, activeUsers: 2 }));

describe("timeline window", () => {
  test("a long period starts at the chat's first record, with a bucket size for what is left", () => {
    const p = period("365d");
    const firstActivity = new Date("2026-08-05T09:00:00Z");
    const window = timelineWindow(currentRange(1, p), p.interval, firstActivity);
    assert.equal(p.interval, "month");
    assert.equal(window.interval, "week", "120 days of data: weeks, not 4 monthly bars after 8 empty ones");
    assert.equal(window.range.firstDay, "2026-08-05");
    assert.equal(window.range.start.toISOString(), "2026-08-04T22:00:00.000Z");
    assert.equal(window.recordedSince, "2026-08-05");
    // Three weeks of data in a 90-day period: days.
    const short = timelineWindow(currentRange(1, period("90d")), "week", new Date("2026-11-12T12:00:00Z"));
    assert.equal(short.interval, "day");
  });

  test("a chat recorded since today or yesterday is drawn by the hour, its first day named once", () => {
    const p = period("7d");
    const window = timelineWindow(currentRange(1, p), p.interval, new Date("2026-12-02T08:00:00Z"));
    assert.equal(window.interval, "hour", "not one bar for the whole day");
    assert.equal(window.range.firstDay, "2026-12-02");
    assert.equal(window.recordedSince, "2026-12-02");
    const hours = Array.from({ length: 16 }, (_, h) => `2026-12-02 ${String(h).padStart(2, "0")}:00`);
    const chart = timelineChart("Club", p, window, points(hours), text(p));
    assert.equal(chart.subtitle, "Last 7 days · Europe/Berlin · recorded since 2 Dec 2026");
    assert.deepEqual(
      chart.points.slice(0, 2).map((pt) => pt.label),
      ["00:00", "01:00"],
    );
    assert.equal(chart.partialNote, "this hour so far");
    const twoDays = timelineWindow(currentRange(1, p), p.interval, new Date("2026-12-01T20:00:00Z"));
    assert.equal(twoDays.interval, "hour");
    const since = timelineChart("Club", p, twoDays, points(["2026-12-01 21:00", ...hours]), text(p));
    assert.equal(since.points[0]?.label, "1 Dec 21:00");
    // Three days or more: days, as before.
    assert.equal(timelineWindow(currentRange(1, p), p.interval, new Date("2026-11-30T08:00:00Z")).interval, "day");
    // "all" of a chat recorded since today or yesterday: hours too.
    assert.equal(period("all", NOW, new Date("2026-12-02T08:00:00Z")).interval, "hour");
    assert.equal(period("all", NOW, new Date("2026-12-01T08:00:00Z")).interval, "hour");
    assert.equal(period("all", NOW, new Date("2026-11-30T08:00:00Z")).interval, "day");
  });

  test("a period inside the recorded history, or a one-day period, is left as it is", () => {
    const p = period("30d");
    const window = timelineWindow(currentRange(1, p), p.interval, new Date("2025-01-01T00:00:00Z"));
    assert.equal(window.range.firstDay, p.firstDay);
    assert.equal(window.recordedSince, null);
    assert.equal(timelineWindow(currentRange(1, period("today")), "hour", NOW).recordedSince, null);
  });
});

describe("partial buckets", () => {
  test("90d by weeks: the week the period cuts and this week so far are partial, the rest whole", () => {
    const p = period("90d");
    // 90 days back from Wednesday 2 December starts on Friday 4 September; weeks start on Mondays.
    assert.equal(p.firstDay, "2026-09-04");
    const buckets = ["2026-08-31", "2026-09-07", "2026-11-23", "2026-11-30"];
    const marks = partialBuckets(buckets, "week", currentRange(1, p));
    assert.deepEqual(marks.partial, [true, false, false, true]);
    assert.equal(marks.soFar, true);
    const chart = timelineChart("Club", p, timelineWindow(currentRange(1, p), "week", null), points(buckets), text(p));
    assert.equal(chart.partialNote, "partial weeks, this week so far");
    assert.deepEqual(
      chart.points.map((pt) => pt.partial ?? false),
      [true, false, false, true],
    );
  });

  test("the note reads as a whole phrase in Russian beside the swatch", () => {
    const ru = translator("ru");
    const inRussian = (p: ReturnType<typeof period>, interval: "day" | "week", buckets: string[]) => {
      const label = periodLabel(p);
      const words = { t: ru, locale: "ru" as const, periodLabel: ru(label.key, label.args as Record<string, string>) };
      return timelineChart("Club", p, timelineWindow(currentRange(1, p), interval, null), points(buckets), words)
        .partialNote;
    };
    const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 10, 3 + i)).toISOString().slice(0, 10));
    assert.equal(inRussian(period("30d"), "day", days), "день ещё не закончился");
    const weeks = ["2026-08-31", "2026-09-07", "2026-11-23", "2026-11-30"];
    assert.equal(inRussian(period("90d"), "week", weeks), "неполные недели, неделя ещё не закончилась");
    assert.equal(
      ru("chart-partial-note", { bars: 1, note: "день ещё не закончился" }),
      "светлый столбец: день ещё не закончился",
    );
  });

  test("a finished calendar range: a week cut at its end is partial, not 'so far'", () => {
    const p = period("2026-10-05..2026-11-18");
    const buckets = ["2026-10-05", "2026-10-12", "2026-11-09", "2026-11-16"];
    const chart = timelineChart("Club", p, timelineWindow(currentRange(1, p), "week", null), points(buckets), text(p));
    assert.deepEqual(
      chart.points.map((pt) => pt.partial ?? false),
      [false, false, false, true],
    );
    assert.equal(chart.partialNote, "a partial week");
  });

  test("30d by days: today so far; yesterday by hours: nothing partial", () => {
    const p = period("30d");
    const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 10, 3 + i)).toISOString().slice(0, 10));
    const chart = timelineChart("Club", p, timelineWindow(currentRange(1, p), "day", null), points(days), text(p));
    assert.equal(chart.points.filter((pt) => pt.partial).length, 1);
    assert.equal(chart.points.at(-1)?.partial, true);
    assert.equal(chart.partialNote, "today so far");
    const y = period("yesterday");
    const hours = Array.from({ length: 24 }, (_, h) => `2026-12-01 ${String(h).padStart(2, "0")}:00`);
    const yesterday = timelineChart(
      "Club",
      y,
      timelineWindow(currentRange(1, y), "hour", null),
      points(hours),
      text(y),
    );
    assert.ok(yesterday.points.every((pt) => !pt.partial));
    assert.equal(yesterday.partialNote, undefined);
  });

  test("no note for lighter bars when the partial bucket is empty: there is nothing lighter to see", () => {
    const p = period("today");
    const hours = Array.from({ length: 16 }, (_, h) => `2026-12-02 ${String(h).padStart(2, "0")}:00`);
    const quietNow = points(hours).map((pt, i) => (i === 15 ? { ...pt, messages: 0, activeUsers: 0 } : pt));
    const chart = timelineChart("Club", p, timelineWindow(currentRange(1, p), "hour", null), quietNow, text(p));
    assert.equal(chart.points.at(-1)?.partial, true, "still partial");
    assert.equal(chart.partialNote, undefined);
    const busyNow = timelineChart("Club", p, timelineWindow(currentRange(1, p), "hour", null), points(hours), text(p));
    assert.equal(busyNow.partialNote, "this hour so far");
  });

  test("today by hours: the running hour is partial, a whole hour is not", () => {
    const hours = Array.from({ length: 16 }, (_, h) => `2026-12-02 ${String(h).padStart(2, "0")}:00`);
    const running = period("today");
    const marks = partialBuckets(hours, "hour", currentRange(1, running));
    assert.deepEqual(
      marks.partial.map((p, i) => (p ? i : -1)).filter((i) => i >= 0),
      [15],
    );
    const onTheHour = period("today", new Date("2026-12-02T14:00:00Z"));
    assert.ok(partialBuckets(hours.slice(0, 15), "hour", currentRange(1, onTheHour)).partial.every((p) => !p));
  });
});

describe("labels", () => {
  test("a one-day chart shows hours only and names its date once, in the subtitle", () => {
    const p = period("today");
    const hours = ["2026-12-02 00:00", "2026-12-02 01:00", "2026-12-02 14:00"];
    const chart = timelineChart("Club", p, timelineWindow(currentRange(1, p), "hour", null), points(hours), text(p));
    assert.deepEqual(
      chart.points.map((pt) => pt.label),
      ["00:00", "01:00", "14:00"],
    );
    assert.equal(chart.subtitle, "Today · Wed, 2 Dec 2026 · Europe/Berlin");
    const day = period("2026-11-30");
    assert.equal(
      timelineChart("Club", day, timelineWindow(currentRange(1, day), "hour", null), points(hours), text(day)).subtitle,
      "Mon, 30 Nov 2026 · Europe/Berlin",
    );
  });

  test("days and weeks read as dates, months with their year, and two-day charts keep the day", () => {
    assert.equal(bucketLabel("2026-11-30", "day", false, "en"), "30 Nov");
    assert.equal(bucketLabel("2026-11-30", "week", false, "en"), "30 Nov");
    assert.equal(bucketLabel("2026-01-01", "month", false, "en"), "Jan 2026");
    assert.equal(bucketLabel("2026-12-01 14:00", "hour", false, "en"), "1 Dec 14:00");
  });

  test("the subtitle says where the records start when the period reaches further back", () => {
    const p = period("365d");
    const window = timelineWindow(currentRange(1, p), p.interval, new Date("2026-08-05T09:00:00Z"));
    const chart = timelineChart("Club", p, window, points(["2026-08-03", "2026-08-10"]), text(p));
    assert.equal(chart.subtitle, "Last 365 days · Europe/Berlin · recorded since 5 Aug 2026");
  });
});

describe("partial bars in the chart", () => {
  test("partial points are drawn in the lighter colour, with a dashed line into them and a note", () => {
    const data = timelineData(
      {
        kind: "timeline",
        title: "t",
        interval: "week",
        points: [
          { label: "a", messages: 5, activeUsers: 1 },
          { label: "b", messages: 4, activeUsers: 1, partial: true },
        ],
        partialNote: "this week so far",
      },
      en,
    );
    assert.deepEqual(data.partial, [false, true]);
    assert.equal(data.partialNote, "this week so far");
    const config = toChartConfig(
      {
        kind: "timeline",
        title: "t",
        interval: "week",
        points: [
          { label: "a", messages: 5, activeUsers: 1 },
          { label: "b", messages: 4, activeUsers: 1, partial: true },
        ],
      },
      en,
    );
    assert.deepEqual(config.data.datasets[0]?.backgroundColor, [THEME.accent, THEME.partial]);
  });

  test("a channel's timeline has posts and no active-users line", () => {
    const config = toChartConfig(
      {
        kind: "timeline",
        title: "t",
        interval: "day",
        counts: "posts",
        points: [{ label: "a", messages: 3, activeUsers: 1 }],
      },
      en,
    );
    assert.equal(config.data.datasets.length, 1);
    assert.match(
      timelineData(
        {
          kind: "timeline",
          title: "t",
          interval: "day",
          counts: "posts",
          points: [{ label: "a", messages: 3, activeUsers: 1 }],
        },
        en,
      ).footer,
      /^3 posts · busiest day: a \(3\)$/,
    );
  });
});
