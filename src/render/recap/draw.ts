// Draws the recap card (1080×1350, 4:5: the tallest shape a phone's feed shows uncropped)
// from a RecapCardSpec with node-canvas. Panels are stacked top to bottom; the trend takes
// what is left, so a quiet week or a channel without some panels still fills the card.
import { type CanvasRenderingContext2D, createCanvas, Image } from "canvas";
import { cleanLabel, ellipsize, FONT_FAMILY } from "../charts.js";
import { registerFonts } from "../fonts.js";
import type { CardMessage, CardTile, RecapCardSpec, Tone } from "./spec.js";

export const CARD_WIDTH = 1080;
export const CARD_HEIGHT = 1350;
const M = 56;
const INNER = CARD_WIDTH - 2 * M;
const GAP = 20;
const PAD = 32;
const HEADER_BOTTOM = 180;
const HERO_H = 250;
const TILE_H = 132;
const QUIET_H = 190;
const PODIUM_H = 224;
const NEWCOMER_ROW_H = 116;
const MESSAGE_ROW_H = 82;
const NOTE_LINE_H = 32;
const TREND_MIN_H = 230;
const FOOTER_TOP = CARD_HEIGHT - 64;

const C = {
  bgTop: "#1e1b4b",
  bgBottom: "#0b1120",
  glow: "rgba(99, 102, 241, 0.35)",
  panel: "rgba(255, 255, 255, 0.065)",
  panelBorder: "rgba(255, 255, 255, 0.09)",
  ink: "#f8fafc",
  soft: "#c7d2fe",
  muted: "#94a3b8",
  accent: "#818cf8",
  accentDim: "rgba(129, 140, 248, 0.45)",
  highlight: "#fbbf24",
  line: "#2dd4bf",
  up: "#34d399",
  down: "#f87171",
  flat: "#cbd5e1",
  gold: "#fbbf24",
  silver: "#cbd5e1",
  bronze: "#f59e0b",
} as const;

const AVATAR_COLOURS = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#ec4899", "#8b5cf6", "#14b8a6"];

function font(size: number, weight: "normal" | "bold" = "normal"): string {
  return `${weight === "bold" ? "bold " : ""}${Math.round(size)}px ${FONT_FAMILY}`;
}

type Ctx = CanvasRenderingContext2D;

/** Draws `text` at the largest size from `size` down to `min` that fits, then ellipsizes. */
function fitText(
  ctx: Ctx,
  text: string,
  x: number,
  y: number,
  maxWidth: number,
  size: number,
  options: { min?: number; weight?: "normal" | "bold"; colour?: string; align?: "left" | "right" | "center" } = {},
): number {
  const min = options.min ?? size;
  let current = size;
  ctx.font = font(current, options.weight);
  while (current > min && ctx.measureText(text).width > maxWidth) {
    current -= 2;
    ctx.font = font(current, options.weight);
  }
  const fitted = ellipsize(text, maxWidth, (s) => ctx.measureText(s).width);
  ctx.fillStyle = options.colour ?? C.ink;
  ctx.textAlign = options.align ?? "left";
  ctx.fillText(fitted, x, y);
  ctx.textAlign = "left";
  return ctx.measureText(fitted).width;
}

/** Greedy word wrap into at most `lines` lines, the last one ellipsized. */
function wrap(ctx: Ctx, text: string, maxWidth: number, lines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidth || !line) {
      line = candidate;
      continue;
    }
    out.push(line);
    line = word;
    if (out.length === lines - 1) {
      line = words.slice(i).join(" ");
      break;
    }
  }
  if (line) out.push(line);
  return out.slice(0, lines).map((l) => ellipsize(l, maxWidth, (s) => ctx.measureText(s).width));
}

function panel(ctx: Ctx, x: number, y: number, w: number, h: number, radius = 28): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, radius);
  ctx.fillStyle = C.panel;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = C.panelBorder;
  ctx.stroke();
}

function pill(ctx: Ctx, x: number, y: number, text: string, tone: Tone): number {
  const colour = { up: C.up, down: C.down, flat: C.flat, new: C.highlight }[tone];
  ctx.font = font(26, "bold");
  const w = ctx.measureText(text).width + 36;
  ctx.beginPath();
  ctx.roundRect(x, y, w, 46, 23);
  ctx.globalAlpha = 0.18;
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.fillStyle = colour;
  ctx.fillText(text, x + 18, y + 33);
  return w;
}

function background(ctx: Ctx): void {
  const g = ctx.createLinearGradient(0, 0, 0, CARD_HEIGHT);
  g.addColorStop(0, C.bgTop);
  g.addColorStop(1, C.bgBottom);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
  const glow = ctx.createRadialGradient(CARD_WIDTH - 120, 80, 20, CARD_WIDTH - 120, 80, 620);
  glow.addColorStop(0, C.glow);
  glow.addColorStop(1, "rgba(99, 102, 241, 0)");
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, CARD_WIDTH, CARD_HEIGHT);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function avatar(ctx: Ctx, spec: RecapCardSpec, x: number, y: number, size: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.arc(x + size / 2, y + size / 2, size / 2, 0, Math.PI * 2);
  ctx.closePath();
  let drawn = false;
  if (spec.photo && spec.photo.length > 0) {
    try {
      const image = new Image();
      image.src = Buffer.from(spec.photo);
      if (image.width > 0 && image.height > 0) {
        ctx.clip();
        // Cover: the shorter side fills the circle, centred.
        const scale = size / Math.min(image.width, image.height);
        const w = image.width * scale;
        const h = image.height * scale;
        ctx.drawImage(image, x + (size - w) / 2, y + (size - h) / 2, w, h);
        drawn = true;
      }
    } catch {
      // A photo that does not decode falls back to the initial.
    }
  }
  if (!drawn) {
    ctx.fillStyle = AVATAR_COLOURS[Math.abs(spec.chatId) % AVATAR_COLOURS.length] as string;
    ctx.fill();
    const first = graphemes.segment(spec.title)[Symbol.iterator]().next().value?.segment ?? "#";
    ctx.font = font(size * 0.46, "bold");
    ctx.fillStyle = C.ink;
    ctx.textAlign = "center";
    ctx.fillText(first.toLocaleUpperCase(), x + size / 2, y + size / 2 + size * 0.16);
    ctx.textAlign = "left";
  }
  ctx.restore();
  ctx.beginPath();
  ctx.arc(x + size / 2, y + size / 2, size / 2 + 3, 0, Math.PI * 2);
  ctx.lineWidth = 4;
  ctx.strokeStyle = "rgba(255, 255, 255, 0.25)";
  ctx.stroke();
}

function header(ctx: Ctx, spec: RecapCardSpec): number {
  const size = 112;
  const top = 44;
  avatar(ctx, spec, M, top, size);
  const x = M + size + 28;
  const width = CARD_WIDTH - M - x;
  ctx.font = font(22, "bold");
  fitText(ctx, spec.kicker.toLocaleUpperCase(), x, top + 22, width, 22, { weight: "bold", colour: C.accent });
  fitText(ctx, cleanLabel(spec.title, "—"), x, top + 76, width, 50, { min: 36, weight: "bold" });
  fitText(ctx, spec.weekLabel, x, top + 114, width, 28, { min: 22, colour: C.soft });
  return HEADER_BOTTOM;
}

function hero(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  const h = HERO_H;
  panel(ctx, M, y, INNER, h);
  const left = M + PAD + 4;
  const leftWidth = 470;
  fitText(ctx, spec.hero.label, left, y + 56, leftWidth, 30, { min: 22, colour: C.soft });
  fitText(ctx, spec.hero.value, left, y + 164, leftWidth, 120, { min: 64, weight: "bold" });
  if (spec.hero.change) {
    const w = pill(ctx, left, y + 182, spec.hero.change.text, spec.hero.change.tone);
    if (spec.hero.hint)
      fitText(ctx, spec.hero.hint, left + w + 14, y + 213, leftWidth - w - 14, 20, { min: 16, colour: C.muted });
  }
  // The activity strip: one bar per day, the busiest day in the highlight colour.
  const sx = M + 560;
  const sw = INNER - 560 - PAD;
  const top = y + 72;
  const bottom = y + h - 80;
  fitText(ctx, spec.strip.title, sx, y + 52, sw, 22, { min: 18, colour: C.muted });
  const max = Math.max(1, ...spec.strip.values);
  const slot = sw / spec.strip.values.length;
  const barW = Math.min(44, slot * 0.62);
  const peak = spec.strip.values.indexOf(Math.max(...spec.strip.values));
  spec.strip.values.forEach((value, i) => {
    const cx = sx + slot * i + slot / 2;
    const bh = value > 0 ? Math.max(6, ((bottom - top) * value) / max) : 3;
    ctx.beginPath();
    ctx.roundRect(cx - barW / 2, bottom - bh, barW, bh, Math.min(10, barW / 2));
    ctx.fillStyle = value > 0 && i === peak ? C.highlight : value > 0 ? C.accent : C.accentDim;
    ctx.fill();
    ctx.font = font(20);
    ctx.fillStyle = i === peak && value > 0 ? C.ink : C.muted;
    ctx.textAlign = "center";
    ctx.fillText(
      ellipsize(spec.strip.labels[i] ?? "", slot - 4, (s) => ctx.measureText(s).width),
      cx,
      bottom + 30,
    );
    ctx.textAlign = "left";
  });
  if (spec.strip.busiest) fitText(ctx, spec.strip.busiest, sx, y + h - 20, sw, 24, { min: 18, colour: C.soft });
  return y + h + GAP;
}

function tiles(ctx: Ctx, rows: CardTile[][], y: number): number {
  const h = TILE_H;
  for (const row of rows) {
    const w = (INNER - GAP * (row.length - 1)) / row.length;
    row.forEach((tile, i) => {
      const x = M + i * (w + GAP);
      panel(ctx, x, y, w, h, 24);
      const inner = w - 2 * 24;
      fitText(ctx, tile.label, x + 24, y + 40, inner, 23, { min: 19, colour: C.soft });
      if (tile.missing) fitText(ctx, tile.value, x + 24, y + 92, inner, 30, { min: 20, colour: C.muted });
      else fitText(ctx, tile.value, x + 24, y + 92, inner, 50, { min: 30, weight: "bold" });
      if (tile.detail) fitText(ctx, tile.detail, x + 24, y + 118, inner, 20, { min: 15, colour: C.muted });
    });
    y += h + GAP;
  }
  return y;
}

function podium(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  const h = PODIUM_H;
  panel(ctx, M, y, INNER, h);
  const hasNewcomer = spec.newcomer !== null;
  const podiumWidth = hasNewcomer ? 600 : INNER - 2 * PAD;
  const x0 = M + PAD;
  if (spec.podium) {
    fitText(ctx, spec.podium.title, x0, y + 48, podiumWidth, 26, { min: 20, weight: "bold", colour: C.soft });
    // Classic podium order: second, first, third.
    const order = [1, 0, 2];
    const heights = [84, 62, 44];
    const colours = [C.gold, C.silver, C.bronze];
    const colW = podiumWidth / 3;
    const base = y + h - 20;
    order.forEach((rank, slot) => {
      const entry = spec.podium?.entries[rank];
      const cx = x0 + colW * slot + colW / 2;
      const blockH = heights[rank] as number;
      const blockW = colW - 28;
      ctx.beginPath();
      ctx.roundRect(cx - blockW / 2, base - blockH, blockW, blockH, [14, 14, 4, 4]);
      ctx.fillStyle = entry ? "rgba(255, 255, 255, 0.10)" : "rgba(255, 255, 255, 0.04)";
      ctx.fill();
      ctx.font = font(34, "bold");
      ctx.textAlign = "center";
      ctx.fillStyle = entry ? (colours[rank] as string) : C.muted;
      ctx.fillText(String(rank + 1), cx, base - blockH / 2 + 12);
      ctx.textAlign = "left";
      if (!entry) return;
      const nameY = base - blockH - 44;
      fitText(ctx, cleanLabel(entry.name), cx, nameY, colW - 12, 26, { min: 22, weight: "bold", align: "center" });
      fitText(ctx, entry.value, cx, nameY + 30, colW - 12, 22, { colour: C.muted, align: "center" });
    });
  }
  if (spec.newcomer) {
    const nx = M + PAD + podiumWidth + 28;
    const nw = M + INNER - PAD - nx;
    ctx.beginPath();
    ctx.roundRect(nx, y + 24, nw, h - 48, 22);
    ctx.fillStyle = "rgba(52, 211, 153, 0.10)";
    ctx.fill();
    const ix = nx + 24;
    const iw = nw - 48;
    fitText(ctx, spec.newcomer.title, ix, y + 64, iw, 22, { min: 16, weight: "bold", colour: C.up });
    if ("name" in spec.newcomer) {
      ctx.font = font(52);
      ctx.fillText("🌱", ix, y + 128);
      fitText(ctx, cleanLabel(spec.newcomer.name), ix, y + 168, iw, 30, { min: 22, weight: "bold" });
      fitText(ctx, spec.newcomer.detail, ix, y + 198, iw, 21, { min: 15, colour: C.muted });
    } else {
      ctx.font = font(22);
      ctx.fillStyle = C.muted;
      wrap(ctx, spec.newcomer.empty, iw, 3).forEach((line, i) => {
        ctx.fillText(line, ix, y + 108 + i * 32);
      });
    }
  }
  return y + h + GAP;
}

/** The newcomer alone (a quiet week has no podium): one row across the card. */
function newcomerRow(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  const n = spec.newcomer;
  if (!n) return y;
  const h = NEWCOMER_ROW_H;
  ctx.beginPath();
  ctx.roundRect(M, y, INNER, h, 28);
  ctx.fillStyle = "rgba(52, 211, 153, 0.10)";
  ctx.fill();
  ctx.font = font(52);
  ctx.fillStyle = C.ink;
  ctx.fillText("🌱", M + PAD, y + 76);
  const x = M + PAD + 86;
  const w = INNER - PAD * 2 - 86;
  fitText(ctx, n.title, x, y + 44, w, 22, { min: 16, weight: "bold", colour: C.up });
  if ("name" in n) {
    const used = fitText(ctx, cleanLabel(n.name), x, y + 86, w * 0.55, 30, { min: 22, weight: "bold" });
    fitText(ctx, n.detail, x + used + 18, y + 86, w - used - 18, 22, { min: 16, colour: C.muted });
  } else {
    fitText(ctx, n.empty, x, y + 84, w, 24, { min: 18, colour: C.muted });
  }
  return y + h + GAP;
}

function quiet(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  if (!spec.quiet) return y;
  const h = QUIET_H;
  panel(ctx, M, y, INNER, h);
  ctx.font = font(64);
  ctx.fillText("🌙", M + PAD, y + 96);
  const x = M + PAD + 100;
  const w = INNER - PAD * 2 - 100;
  fitText(ctx, spec.quiet.title, x, y + 64, w, 38, { min: 26, weight: "bold" });
  ctx.font = font(25);
  ctx.fillStyle = C.soft;
  wrap(ctx, spec.quiet.body, w, 3).forEach((line, i) => {
    ctx.fillText(line, x, y + 110 + i * 34);
  });
  return y + h + GAP;
}

function messages(ctx: Ctx, rows: CardMessage[], y: number): number {
  if (rows.length === 0) return y;
  const rowH = MESSAGE_ROW_H;
  const h = rows.length * rowH + 24;
  panel(ctx, M, y, INNER, h);
  rows.forEach((row, i) => {
    const ry = y + 12 + i * rowH;
    if (i > 0) {
      ctx.fillStyle = C.panelBorder;
      ctx.fillRect(M + PAD, ry, INNER - 2 * PAD, 2);
    }
    ctx.font = font(40);
    ctx.fillStyle = C.ink;
    ctx.fillText(row.icon, M + PAD, ry + 57);
    const x = M + PAD + 70;
    const w = INNER - PAD * 2 - 70;
    fitText(ctx, row.title, x, ry + 34, w, 22, { min: 16, weight: "bold", colour: C.accent });
    const author = row.author ? `— ${cleanLabel(row.author)}` : "";
    ctx.font = font(22);
    const authorW = author ? Math.min(260, ctx.measureText(author).width) : 0;
    const snippetW = w - (authorW ? authorW + 20 : 0);
    const used = fitText(ctx, cleanLabel(row.snippet), x, ry + 66, snippetW, 26);
    if (author) fitText(ctx, author, x + used + 16, ry + 66, authorW, 22, { colour: C.muted });
  });
  return y + h + GAP;
}

function note(ctx: Ctx, text: string | null, y: number): number {
  if (!text) return y;
  ctx.font = font(22);
  const lines = wrap(ctx, text, INNER - 2 * PAD - 48, 2);
  const h = 36 + lines.length * NOTE_LINE_H;
  ctx.beginPath();
  ctx.roundRect(M, y, INNER, h, 22);
  ctx.fillStyle = "rgba(251, 191, 36, 0.10)";
  ctx.fill();
  ctx.beginPath();
  ctx.arc(M + PAD + 12, y + 35, 15, 0, Math.PI * 2);
  ctx.lineWidth = 3;
  ctx.strokeStyle = C.highlight;
  ctx.stroke();
  ctx.font = font(22, "bold");
  ctx.fillStyle = C.highlight;
  ctx.textAlign = "center";
  ctx.fillText("i", M + PAD + 12, y + 43);
  ctx.textAlign = "left";
  ctx.font = font(22);
  ctx.fillStyle = C.soft;
  lines.forEach((line, i) => {
    ctx.fillText(line, M + PAD + 48, y + 42 + i * 32);
  });
  return y + h + GAP;
}

function trend(ctx: Ctx, spec: RecapCardSpec, y: number, bottom: number): void {
  const h = bottom - y;
  if (h < 120) return;
  const t = spec.trend;
  panel(ctx, M, y, INNER, h);
  const x0 = M + PAD;
  const w = INNER - 2 * PAD;
  fitText(ctx, t.title, x0, y + 46, 320, 26, { min: 20, weight: "bold", colour: C.soft });
  // Legend, right-aligned: a bar swatch and, for groups, a line swatch.
  ctx.font = font(20);
  let lx = M + INNER - PAD;
  const legend: { label: string; colour: string; line: boolean }[] = [
    { label: t.barLabel, colour: C.accent, line: false },
  ];
  if (t.line && t.lineLabel) legend.push({ label: t.lineLabel, colour: C.line, line: true });
  for (const item of legend.reverse()) {
    const label = ellipsize(item.label, 220, (s) => ctx.measureText(s).width);
    const tw = ctx.measureText(label).width;
    lx -= tw;
    ctx.fillStyle = C.muted;
    ctx.fillText(label, lx, y + 44);
    lx -= 30;
    ctx.fillStyle = item.colour;
    if (item.line) ctx.fillRect(lx, y + 35, 22, 4);
    else ctx.fillRect(lx + 3, y + 28, 16, 16);
    lx -= 26;
  }
  const top = y + 84;
  const base = y + h - 50;
  const n = t.bars.length;
  const slot = w / Math.max(1, n);
  const barW = Math.min(56, slot * 0.56);
  const maxBar = Math.max(1, ...t.bars);
  // The line has its own scale (people, not messages), kept below the bars' label room.
  const maxLine = Math.max(1, ...(t.line ?? []));
  const points = (t.line ?? []).map((value, i) => ({
    x: x0 + slot * i + slot / 2,
    y: base - 6 - ((base - top - 34) * value) / maxLine,
  }));
  const lastPoint = points[points.length - 1];
  t.bars.forEach((value, i) => {
    const cx = x0 + slot * i + slot / 2;
    const bh = value > 0 ? Math.max(4, ((base - top) * value) / maxBar) : 2;
    ctx.beginPath();
    ctx.roundRect(cx - barW / 2, base - bh, barW, bh, Math.min(8, barW / 2));
    ctx.fillStyle = i === n - 1 ? C.highlight : C.accent;
    ctx.globalAlpha = i === n - 1 ? 1 : 0.75;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.font = font(19);
    ctx.fillStyle = i === n - 1 ? C.ink : C.muted;
    ctx.textAlign = "center";
    ctx.fillText(t.labels[i] ?? "", cx, base + 30);
    if (i === n - 1) {
      ctx.font = font(20, "bold");
      ctx.fillStyle = C.highlight;
      // Above the bar, unless the line's last point and its badge (30 px tall, left of the
      // point) would cover the number there: then above the point.
      const barTopY = base - bh - 10;
      const covered = lastPoint !== undefined && lastPoint.y > barTopY - 22 && lastPoint.y < barTopY + 30;
      ctx.fillText(t.lastBar, cx, covered ? lastPoint.y - 36 : barTopY);
    }
    ctx.textAlign = "left";
  });
  if (t.line) {
    ctx.beginPath();
    for (const [i, p] of points.entries()) {
      if (i === 0) ctx.moveTo(p.x, p.y);
      else ctx.lineTo(p.x, p.y);
    }
    ctx.lineWidth = 4;
    ctx.lineJoin = "round";
    ctx.strokeStyle = C.line;
    ctx.stroke();
    for (const p of points) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 6, 0, Math.PI * 2);
      ctx.fillStyle = C.line;
      ctx.fill();
    }
    const last = points[points.length - 1];
    if (last && t.lastLine) {
      // On a dark pill, so the label stays readable over the bar it crosses.
      ctx.font = font(20, "bold");
      const lw = ctx.measureText(t.lastLine).width + 16;
      ctx.beginPath();
      ctx.roundRect(last.x - 14 - lw, last.y - 30, lw, 30, 15);
      ctx.fillStyle = "rgba(11, 17, 32, 0.85)";
      ctx.fill();
      ctx.fillStyle = C.line;
      ctx.fillText(t.lastLine, last.x - 22 - lw + 16, last.y - 8);
    }
  }
}

/** The card as PNG bytes. Synchronous canvas work: call it in a render worker when a bot is waiting. */
export function drawRecapCard(spec: RecapCardSpec): Buffer {
  registerFonts();
  const canvas = createCanvas(CARD_WIDTH, CARD_HEIGHT);
  const ctx = canvas.getContext("2d");
  // Glyph mode lets cairo paint colour emoji bitmaps instead of filling their outlines black.
  ctx.textDrawingMode = "glyph";
  ctx.textBaseline = "alphabetic";
  background(ctx);
  // Everything above the message rows has a fixed height; the rows give way (last first)
  // so the trend always keeps its room.
  ctx.font = font(22);
  const noteLines = spec.note ? wrap(ctx, spec.note, INNER - 2 * PAD - 48, 2).length : 0;
  const fixed =
    HEADER_BOTTOM +
    HERO_H +
    GAP +
    spec.tiles.length * (TILE_H + GAP) +
    (spec.note ? 36 + noteLines * NOTE_LINE_H + GAP : 0) +
    (spec.quiet ? QUIET_H + GAP : 0) +
    (spec.podium ? PODIUM_H + GAP : spec.newcomer ? NEWCOMER_ROW_H + GAP : 0);
  const rows = [...spec.messages];
  while (rows.length > 0 && fixed + rows.length * MESSAGE_ROW_H + 24 + GAP + TREND_MIN_H > FOOTER_TOP) rows.pop();
  let y = header(ctx, spec);
  y = hero(ctx, spec, y);
  y = tiles(ctx, spec.tiles, y);
  y = note(ctx, spec.note, y);
  y = quiet(ctx, spec, y);
  if (spec.podium) y = podium(ctx, spec, y);
  else y = newcomerRow(ctx, spec, y);
  y = messages(ctx, rows, y);
  trend(ctx, spec, y, FOOTER_TOP);
  const footerY = CARD_HEIGHT - 30;
  fitText(ctx, spec.footer, CARD_WIDTH / 2, footerY, INNER, 20, { min: 16, colour: C.muted, align: "center" });
  return canvas.toBuffer("image/png", { compressionLevel: 6 });
}
