// The PDF report drawn on node-canvas's PDF surface: a valid PDF whose page count is the card,
// one page per chart section and the member table at TABLE_ROWS_PER_PAGE rows a page (at least
// one, saying nobody wrote), with long names, emoji and right-to-left text on the way.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCanvas } from "canvas";
import { type PdfReport, pdfPageCount, renderPdfReport, TABLE_ROWS_PER_PAGE } from "../../src/render/pdf-report.js";

function png(width: number, height: number, colour: string): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, width, height);
  return canvas.toBuffer("image/png");
}

function report(rows: number): PdfReport {
  const chart = { title: "Messages and active members", png: png(1200, 675, "#3366cc") };
  return {
    title: `${"🌍 Очень длинное название группы ".repeat(8)}`,
    subtitle: "Week 46 · 9–15 Nov 2026",
    footer: "Pulse · times in Europe/Berlin",
    pageLabel: (page, pages) => `Page ${page} of ${pages}`,
    card: png(1080, 1350, "#112233"),
    sections: [
      { heading: "The week", charts: [chart, chart] },
      { heading: "The last 30 days", charts: [chart, chart] },
    ],
    table: {
      heading: `Members who wrote this week (${rows})`,
      columns: [
        { label: "Member", align: "left", width: 0.4 },
        { label: "Messages", align: "right", width: 0.2 },
        { label: "Active days", align: "right", width: 0.2 },
        { label: "Replies", align: "right", width: 0.2 },
      ],
      rows: Array.from({ length: rows }, (_, i) => [
        i % 3 === 0 ? "فاطمة الزهراء" : `Member ${i} ${"x".repeat(i % 7 === 0 ? 200 : 0)}`,
        String(100 - i),
        String(1 + (i % 7)),
        String(i % 5),
      ]),
      empty: "Nobody wrote this week.",
    },
  };
}

/** Page objects in the file (not the page tree), as a reader counts them. */
function pages(bytes: Buffer): number {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

for (const rows of [0, 1, TABLE_ROWS_PER_PAGE, TABLE_ROWS_PER_PAGE + 1, 3 * TABLE_ROWS_PER_PAGE + 5]) {
  test(`a report with ${rows} member rows is a valid PDF of the expected page count`, async () => {
    const content = report(rows);
    const expected = 1 + 2 + Math.max(1, Math.ceil(rows / TABLE_ROWS_PER_PAGE));
    assert.equal(pdfPageCount(content), expected);
    const bytes = await renderPdfReport(content);
    assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.match(bytes.subarray(-32).toString("latin1"), /%%EOF\s*$/);
    assert.equal(pages(bytes), expected);
    // The page tree says the same.
    assert.match(bytes.toString("latin1"), new RegExp(`/Type\\s*/Pages[^>]*/Count\\s+${expected}\\b`));
  });
}
