// Emoji that arrive in their text form (Telegram's heart reaction is "❤", U+2764 alone) are
// drawn in colour, in bar labels and in titles, not as black glyphs.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { translator } from "../../src/i18n/index.js";
import { cleanLabel, emojiPresentation, reactionRows } from "../../src/render/charts.js";
import { type ChartRenderer, createChartRenderer } from "../../src/render/renderer.js";
import { countPixels, pngPixels } from "../helpers/png.js";

const en = translator("en");

describe("emoji presentation", () => {
  test("text-style emoji get the emoji selector; emoji, selected and text symbols are left alone", () => {
    assert.equal(emojiPresentation("❤"), "❤\ufe0f");
    assert.equal(emojiPresentation("I ❤ ☀ and ☺"), "I ❤\ufe0f ☀\ufe0f and ☺\ufe0f");
    // Telegram's "heart on fire" reaction comes without a selector: the sequence becomes fully qualified.
    assert.equal(emojiPresentation("❤\u200d🔥"), "❤\ufe0f\u200d🔥");
    for (const kept of ["❤\ufe0f", "❤\ufe0e", "☝🏻", "👍", "🔥", "Acme™ © ®", "1\ufe0f\u20e3", "Anna"]) {
      assert.equal(emojiPresentation(kept), kept, kept);
    }
  });

  test("labels carry it, so a bare heart and a selected heart are one reaction", () => {
    assert.equal(cleanLabel("Club ❤"), "Club ❤\ufe0f");
    const rows = reactionRows(
      {
        kind: "reactions",
        title: "t",
        rows: [
          { reaction: "❤", count: 3 },
          { reaction: "❤\ufe0f", count: 2 },
        ],
      },
      en,
    );
    assert.deepEqual(rows.labels, ["❤\ufe0f"]);
    assert.deepEqual(rows.values, [5]);
  });
});

describe("emoji in rendered charts", () => {
  let renderer: ChartRenderer;
  before(() => {
    renderer = createChartRenderer({ workers: 1 });
  });
  after(() => renderer.close());

  /** Red-dominant pixels: the heart emoji; black text, white paper and the blue bars are not. */
  const red = (r: number, g: number, b: number) => r > 180 && g < 90 && b < 90;

  test("a reactions chart draws Telegram's bare heart in colour", async () => {
    const png = await renderer.render({
      kind: "reactions",
      title: "Quiet club",
      rows: [{ reaction: "❤", count: 12 }],
    });
    // The label column left of the single bar, from below the header to above the footer.
    const labels = await pngPixels(png, { x: 0, y: 150, width: 110, height: 590 });
    const coloured = countPixels(labels, red);
    assert.ok(coloured > 300, `expected a red heart in the label column, found ${coloured} red pixels`);
  });

  test("a title with a bare heart draws it in colour", async () => {
    const png = await renderer.render({
      kind: "top_senders",
      title: "We ❤ Berlin",
      rows: [{ name: "Anna", messages: 3 }],
    });
    const title = await pngPixels(png, { x: 0, y: 20, width: 700, height: 80 });
    const coloured = countPixels(title, red);
    assert.ok(coloured > 200, `expected a red heart in the title, found ${coloured} red pixels`);
  });
});
