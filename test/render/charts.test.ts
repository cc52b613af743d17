// The pure half of chart rendering: cleaning untrusted values, limits, labels and the
// Chart.js configuration each spec turns into.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { translator } from "../../src/i18n/index.js";
import {
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartSpec,
  cleanLabel,
  count,
  ellipsize,
  formatShare,
  heatmapData,
  isEmpty,
  kindRows,
  reactionRows,
  timelineData,
  toChartConfig,
  topSenderRows,
  truncate,
} from "../../src/render/charts.js";

const en = translator("en");

/** Ten pixels per UTF-16 code unit: enough to check the cutting logic without a canvas. */
const measure = (text: string) => text.length * 10;

describe("labels", () => {
  test("ellipsize keeps text that fits and cuts what doesn't, at grapheme boundaries", () => {
    assert.equal(ellipsize("Sophie", 60, measure), "Sophie");
    assert.equal(ellipsize("Maximilian", 60, measure), "Maxim…");
    // "👨‍👩‍👧" is one grapheme of 8 code units: kept whole or dropped whole, never split.
    const family = "ab👨‍👩‍👧cd";
    const cut = ellipsize(family, 100, measure);
    assert.equal(cut, "ab…");
    assert.equal(ellipsize(family, 110, measure), "ab👨‍👩‍👧…");
    assert.equal(ellipsize("anything", 5, measure), "…");
  });

  test("truncate caps graphemes, not code units", () => {
    assert.equal(truncate("🔥🔥🔥", 3), "🔥🔥🔥");
    assert.equal(truncate("Wednesday 12 November", 10), "Wednesday…");
  });

  test("cleanLabel makes one printable line of a hostile name", () => {
    assert.equal(cleanLabel("  Anna\n\tSmith  "), "Anna Smith");
    // A right-to-left override would reverse everything drawn after it.
    assert.equal(cleanLabel("\u202eevil\u202c name"), "evil name");
    assert.equal(cleanLabel("Z\u0300\u0301\u0302\u0303\u0304algo"), "Z\u0300\u0301algo");
    assert.equal(cleanLabel("1\ufe0f\u20e3 keycap"), "1\ufe0f\u20e3 keycap");
    assert.equal(cleanLabel(""), "—");
    assert.equal(cleanLabel(undefined, "x"), "x");
  });

  test("count turns NaN, infinities, negatives and non-numbers into 0", () => {
    assert.deepEqual([Number.NaN, -5, Number.POSITIVE_INFINITY, "7", null, 12].map(count), [0, 0, 0, 0, 0, 12]);
  });

  test("shares read naturally at every size", () => {
    assert.equal(formatShare(1, 3), "33%");
    assert.equal(formatShare(1, 40), "2.5%");
    assert.equal(formatShare(1, 5000), "<0.1%");
    assert.equal(formatShare(0, 0), "0%");
  });
});

describe("normalised data", () => {
  test("top senders: at most 15, largest first, duplicates merged, junk dropped", () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ name: `user ${i}`, messages: i + 1 }));
    rows.push({ name: "user 0", messages: 100 }, { name: "ghost", messages: Number.NaN });
    const result = topSenderRows({ kind: "top_senders", title: "t", rows }, en);
    assert.equal(result.labels.length, 15);
    assert.equal(result.labels[0], "user 0");
    assert.equal(result.values[0], 101);
    assert.deepEqual(result.values.slice(1, 4), [20, 19, 18]);
    assert.equal(result.valueLabels[0], "101");
    assert.equal(result.footer, "290 messages by these 15 of 20 active senders · 94% of all 310");
  });

  test("reactions: custom emoji fold into one bar, paid gets a star", () => {
    const result = reactionRows(
      {
        kind: "reactions",
        title: "t",
        rows: [
          { reaction: "👍", count: 10 },
          { reaction: "custom:1", count: 4 },
          { reaction: "custom:2", count: 3 },
          { reaction: "paid", count: 2 },
          { reaction: "😢", count: -1 },
        ],
      },
      en,
    );
    assert.deepEqual(result.labels, ["👍", "custom emoji", "⭐ paid"]);
    assert.deepEqual(result.values, [10, 7, 2]);
    assert.equal(result.valueLabels[1], "7  ·  37%");
  });

  test("kinds: readable names, percentages of the total, long tail folded", () => {
    const slices = ["text", "photo", "video_note", "animation", "a", "b", "c", "d", "e", "f", "g"].map((kind, i) => ({
      kind,
      count: 100 - i,
    }));
    const result = kindRows({ kind: "kinds", title: "t", slices }, en);
    assert.equal(result.labels.length, 10);
    assert.deepEqual(result.labels.slice(0, 4), ["Text", "Photo", "Video message", "GIF"]);
    assert.equal(result.labels.at(-1), "Everything else");
    assert.equal(result.values.at(-1), 91 + 90);
    assert.equal(result.valueLabels[0], "100  ·  9.6%", "count first, as on the reactions chart");
  });

  test("heatmap: always 7 × 24, bad cells become 0, busiest hour named", () => {
    const values = [[1, 2, Number.NaN], [], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 42]];
    const result = heatmapData({ kind: "heatmap", title: "t", values }, en);
    assert.equal(result.values.length, 7);
    assert.ok(result.values.every((row) => row.length === 24));
    assert.equal(result.values[0]?.[2], 0);
    assert.equal(result.max, 42);
    assert.match(result.footer, /^Busiest: Wednesday 21:00–22:00 \(42 messages\) · 45 in total$/);
  });

  test("timeline: capped at 400 points, busiest period in the footer", () => {
    const points = Array.from({ length: 450 }, (_, i) => ({
      label: `p${i}`,
      messages: i === 420 ? 999 : 1,
      activeUsers: 1,
    }));
    const result = timelineData({ kind: "timeline", title: "t", interval: "hour", points }, en);
    assert.equal(result.labels.length, 400);
    assert.equal(result.labels[0], "p50");
    assert.match(result.footer, /busiest hour: p420 \(999\)/);
  });

  test("isEmpty: no rows or only zeros after cleaning", () => {
    const empties: ChartSpec[] = [
      { kind: "timeline", title: "t", interval: "day", points: [{ label: "a", messages: 0, activeUsers: 0 }] },
      { kind: "heatmap", title: "t", values: [[Number.NaN, -3]] },
      { kind: "top_senders", title: "t", rows: [] },
      { kind: "kinds", title: "t", slices: [{ kind: "text", count: 0 }] },
      { kind: "reactions", title: "t", rows: [] },
    ];
    for (const spec of empties) assert.equal(isEmpty(spec), true, spec.kind);
    assert.equal(isEmpty({ kind: "top_senders", title: "t", rows: [{ name: "a", messages: 1 }] }), false);
  });
});

describe("Chart.js configuration", () => {
  test("is static, sized for the canvas and free of animation", () => {
    const config = toChartConfig({ kind: "kinds", title: "t", slices: [{ kind: "text", count: 5 }] }, en);
    assert.equal(config.type, "bar");
    assert.equal(config.options?.animation, false);
    assert.equal(config.options?.responsive, false);
    assert.deepEqual(config.data.labels, ["Text"]);
    assert.ok(CHART_WIDTH >= 1200 && CHART_WIDTH <= 1280 && CHART_HEIGHT < CHART_WIDTH);
  });

  test("an empty spec becomes a frame with no datasets and no axes", () => {
    const config = toChartConfig({ kind: "reactions", title: "t", rows: [] }, en);
    assert.equal(config.data.datasets.length, 0);
    assert.equal(config.options?.scales?.x?.display, false);
    assert.equal(config.options?.scales?.y?.display, false);
  });

  test("the heatmap is a 7 × 24 matrix", () => {
    const config = toChartConfig({ kind: "heatmap", title: "t", values: [[5]] }, en);
    assert.equal(config.type, "matrix");
    assert.equal(config.data.datasets[0]?.data.length, 168);
  });

  test("the timeline pairs message bars with an active-users line on its own axis", () => {
    const config = toChartConfig(
      {
        kind: "timeline",
        title: "t",
        interval: "day",
        points: [{ label: "Mon", messages: 3, activeUsers: 2 }],
      },
      en,
    );
    const [bars, line] = config.data.datasets;
    assert.equal(bars?.type, "bar");
    assert.equal(line?.type, "line");
    assert.deepEqual(line?.data, [2]);
    assert.ok(config.options?.scales && "y1" in config.options.scales);
  });

  test("an unknown kind is refused", () => {
    assert.throws(
      () => toChartConfig({ kind: "pie", title: "t" } as unknown as ChartSpec, en),
      /unknown chart kind: pie/,
    );
  });
});
