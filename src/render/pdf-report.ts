// The /recap pdf report, drawn on node-canvas's PDF surface (cairo): the recap card on the
// first page, the /stats charts a page per section, then the member table over as many pages
// as it needs, each page with a footer and "page x of y". Data in, bytes out: every text
// arrives translated, every picture as PNG.
import { type CanvasRenderingContext2D, createCanvas, loadImage } from "canvas";
import { FONT_FAMILY } from "./charts.js";
import { registerFonts } from "./fonts.js";

/** A4 in PostScript points. */
export const PAGE_WIDTH = 595;
export const PAGE_HEIGHT = 842;
const MARGIN = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_Y = PAGE_HEIGHT - 24;
export const TABLE_ROWS_PER_PAGE = 34;
const ROW_HEIGHT = 20;

export interface PdfChart {
  title: string;
  png: Buffer;
}

export interface PdfTableColumn {
  label: string;
  align: "left" | "right";
  /** Share of the table's width. */
  width: number;
}

export interface PdfReport {
  /** The chat's title, on every page's head. */
  title: string;
  /** The week, e.g. "Week 48 · 23–29 Nov 2026". */
  subtitle: string;
  /** Bottom-left of every page (source and time zone). */
  footer: string;
  /** Bottom-right of every page: "Page 2 of 4". */
  pageLabel: (page: number, pages: number) => string;
  /** The recap card (PNG). */
  card: Buffer;
  /** One page each: a heading and up to two charts. */
  sections: { heading: string; charts: PdfChart[] }[];
  table: { heading: string; columns: PdfTableColumn[]; rows: string[][]; empty: string };
}

/** Pages the report takes: the card, one per section, and the table (at least one page). */
export function pdfPageCount(report: Pick<PdfReport, "sections" | "table">): number {
  return 1 + report.sections.length + Math.max(1, Math.ceil(report.table.rows.length / TABLE_ROWS_PER_PAGE));
}

export async function renderPdfReport(report: PdfReport): Promise<Buffer> {
  registerFonts();
  const pages = pdfPageCount(report);
  const canvas = createCanvas(PAGE_WIDTH, PAGE_HEIGHT, "pdf");
  const ctx = canvas.getContext("2d");
  let page = 0;
  const newPage = () => {
    if (page > 0) ctx.addPage(PAGE_WIDTH, PAGE_HEIGHT);
    page++;
    drawHead(ctx, report);
    drawFooter(ctx, report.footer, report.pageLabel(page, pages));
  };

  // The card keeps its 4:5 shape, as large as the page allows under the head.
  newPage();
  const card = await loadImage(report.card);
  const top = 92;
  const scale = Math.min(CONTENT_WIDTH / card.width, (FOOTER_Y - 20 - top) / card.height);
  const cardWidth = card.width * scale;
  ctx.drawImage(card, (PAGE_WIDTH - cardWidth) / 2, top, cardWidth, card.height * scale);

  for (const section of report.sections) {
    newPage();
    let y = 100;
    text(ctx, section.heading, MARGIN, y, { size: 15, bold: true });
    y += 16;
    const room = (FOOTER_Y - 20 - y) / Math.max(1, section.charts.length);
    for (const chart of section.charts.slice(0, 2)) {
      text(ctx, chart.title, MARGIN, y + 16, { size: 11, color: "#4b5563" });
      const image = await loadImage(chart.png);
      const fit = Math.min(CONTENT_WIDTH / image.width, (room - 30) / image.height);
      ctx.drawImage(image, MARGIN, y + 24, image.width * fit, image.height * fit);
      y += room;
    }
  }

  const { table } = report;
  const widths = table.columns.map((c) => c.width * CONTENT_WIDTH);
  const chunks = Math.max(1, Math.ceil(table.rows.length / TABLE_ROWS_PER_PAGE));
  for (let chunk = 0; chunk < chunks; chunk++) {
    newPage();
    let y = 100;
    text(ctx, table.heading, MARGIN, y, { size: 15, bold: true });
    y += 24;
    drawRow(
      ctx,
      table.columns,
      widths,
      table.columns.map((c) => c.label),
      y,
      { bold: true },
    );
    ctx.fillStyle = "#d1d5db";
    ctx.fillRect(MARGIN, y + 6, CONTENT_WIDTH, 1);
    y += ROW_HEIGHT;
    const rows = table.rows.slice(chunk * TABLE_ROWS_PER_PAGE, (chunk + 1) * TABLE_ROWS_PER_PAGE);
    if (rows.length === 0) text(ctx, table.empty, MARGIN, y, { size: 11, color: "#6b7280" });
    for (const [index, row] of rows.entries()) {
      if (index % 2 === 1) {
        ctx.fillStyle = "#f3f4f6";
        ctx.fillRect(MARGIN, y - 14, CONTENT_WIDTH, ROW_HEIGHT);
      }
      drawRow(ctx, table.columns, widths, row, y, {});
      y += ROW_HEIGHT;
    }
  }
  return canvas.toBuffer();
}

function drawHead(ctx: CanvasRenderingContext2D, report: PdfReport): void {
  text(ctx, fit(ctx, report.title, CONTENT_WIDTH, 20, true), MARGIN, 50, { size: 20, bold: true });
  text(ctx, report.subtitle, MARGIN, 72, { size: 12, color: "#4b5563" });
}

function drawFooter(ctx: CanvasRenderingContext2D, footer: string, pageLabel: string): void {
  text(ctx, footer, MARGIN, FOOTER_Y, { size: 9, color: "#6b7280" });
  text(ctx, pageLabel, PAGE_WIDTH - MARGIN, FOOTER_Y, { size: 9, color: "#6b7280", align: "right" });
}

function drawRow(
  ctx: CanvasRenderingContext2D,
  columns: PdfTableColumn[],
  widths: number[],
  cells: string[],
  y: number,
  options: { bold?: boolean },
): void {
  let x = MARGIN;
  for (const [index, column] of columns.entries()) {
    const width = widths[index] ?? 0;
    const cell = fit(ctx, cells[index] ?? "", width - 8, 10, options.bold ?? false);
    const at = column.align === "right" ? x + width - 4 : x + 4;
    text(ctx, cell, at, y, { size: 10, bold: options.bold, align: column.align });
    x += width;
  }
}

function text(
  ctx: CanvasRenderingContext2D,
  value: string,
  x: number,
  y: number,
  options: { size: number; bold?: boolean; color?: string; align?: "left" | "right" },
): void {
  ctx.font = font(options.size, options.bold ?? false);
  ctx.fillStyle = options.color ?? "#111827";
  ctx.textAlign = options.align ?? "left";
  if (!EMOJI.test(value)) {
    ctx.fillText(value, x, y);
    return;
  }
  // Cairo's PDF surface draws colour emoji as black shapes; a line with emoji is drawn on a
  // small bitmap (three times the resolution, in glyph mode as the charts are) and placed as
  // an image, so "🌍" and "🔥" in chat titles and names look as they do in Telegram.
  const width = Math.ceil(ctx.measureText(value).width) + 2;
  const height = Math.ceil(options.size * 1.5);
  const bitmap = createCanvas(width * EMOJI_SCALE, height * EMOJI_SCALE);
  const bctx = bitmap.getContext("2d");
  (bctx as unknown as { textDrawingMode: string }).textDrawingMode = "glyph";
  bctx.scale(EMOJI_SCALE, EMOJI_SCALE);
  bctx.font = ctx.font;
  bctx.fillStyle = options.color ?? "#111827";
  bctx.textBaseline = "alphabetic";
  bctx.fillText(value, 1, options.size * 1.15);
  const left = options.align === "right" ? x - width : x;
  ctx.drawImage(bitmap, left - 1, y - options.size * 1.15, width, height);
}

const EMOJI = /\p{Extended_Pictographic}/u;
const EMOJI_SCALE = 3;

const font = (size: number, bold: boolean) => `${bold ? "bold " : ""}${size}px ${FONT_FAMILY}`;

/** Cuts a text to a width with an ellipsis, by code points so emoji and surrogates stay whole. */
function fit(ctx: CanvasRenderingContext2D, value: string, width: number, size: number, bold: boolean): string {
  ctx.font = font(size, bold);
  if (ctx.measureText(value).width <= width) return value;
  const chars = [...value];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (ctx.measureText(`${chars.slice(0, mid).join("")}…`).width <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join("").trimEnd()}…`;
}
