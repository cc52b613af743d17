// A partial bucket is visibly lighter in the rendered PNG, and its note is written beside it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { TimelineChart } from "../../src/render/charts.js";
import { type ChartRenderer, createChartRenderer } from "../../src/render/renderer.js";
import { countPixels, pngPixels } from "../helpers/png.js";

let renderer: ChartRenderer;
before(() => {
  renderer = createChartRenderer({ workers: 1 });
});
after(() => renderer.close());

const weeks = (partialLast: boolean): TimelineChart => ({
  kind: "timeline",
  title: "Club",
  subtitle: "Last 90 days · UTC",
  interval: "week",
  points: Array.from({ length: 12 }, (_, i) => ({
    label: `${i + 1} Sep`,
    messages: i === 11 ? 120 : 400,
    activeUsers: 30,
    ...(partialLast && i === 11 ? { partial: true } : {}),
  })),
  ...(partialLast ? { partialNote: "this week so far" } : {}),
});

// #a9c2f6, the lighter accent, within anti-aliasing tolerance.
const lighter = (r: number, g: number, b: number) =>
  Math.abs(r - 0xa9) < 6 && Math.abs(g - 0xc2) < 6 && Math.abs(b - 0xf6) < 6;

test("the week so far is drawn lighter, with its note in the footer", async () => {
  const png = await renderer.render(weeks(true));
  const plot = await pngPixels(png, { x: 100, y: 160, width: 1060, height: 560 });
  const count = countPixels(plot, lighter);
  // The short bar is about 70 × 140 pixels; edges of the accent bars blend to a few hundred.
  assert.ok(count > 5_000, `the last bar is in the lighter colour (${count} pixels)`);
  const footer = await pngPixels(png, { x: 640, y: 745, width: 600, height: 40 });
  assert.ok(countPixels(footer, lighter) > 300, "the note's swatch is in the footer");
  assert.ok(countPixels(footer, (r) => r < 140) > 200, "and its text");
});

test("without partial points nothing is lighter and the footer's right side is empty", async () => {
  const png = await renderer.render(weeks(false));
  const plot = await pngPixels(png, { x: 100, y: 160, width: 1060, height: 560 });
  const count = countPixels(plot, lighter);
  assert.ok(count < 1_000, `only anti-aliased bar edges come near the lighter colour (${count} pixels)`);
  const footer = await pngPixels(png, { x: 900, y: 745, width: 340, height: 40 });
  assert.equal(
    countPixels(footer, (r, g, b) => r < 250 || g < 250 || b < 250),
    0,
  );
});
