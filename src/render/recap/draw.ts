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
  return top + size + 24;
}

function hero(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  const h = 272;
  panel(ctx, M, y, INNER, h);
  const left = M + PAD + 4;
  const leftWidth = 470;
  fitText(ctx, spec.hero.label, left, y + 56, leftWidth, 30, { min: 22, colour: C.soft });
  fitText(ctx, spec.hero.value, left, y + 176, leftWidth, 128, { min: 64, weight: "bold" });
  if (spec.hero.change) {
    const w = pill(ctx, left, y + 198, spec.hero.change.text, spec.hero.change.tone);
    if (spec.hero.hint)
      fitText(ctx, spec.hero.hint, left + w + 14, y + 230, leftWidth - w - 14, 20, { min: 16, colour: C.muted });
  }
  // The activity strip: one bar per day, the busiest day in the highlight colour.
  const sx = M + 560;
  const sw = INNER - 560 - PAD;
  const top = y + 72;
  const bottom = y + h - 86;
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
  if (spec.strip.busiest) fitText(ctx, spec.strip.busiest, sx, y + h - 22, sw, 24, { min: 18, colour: C.soft });
  return y + h + GAP;
}

function tiles(ctx: Ctx, rows: CardTile[][], y: number): number {
  const h = 152;
  for (const row of rows) {
    const w = (INNER - GAP * (row.length - 1)) / row.length;
    row.forEach((tile, i) => {
      const x = M + i * (w + GAP);
      panel(ctx, x, y, w, h, 24);
      const inner = w - 2 * 24;
      fitText(ctx, tile.label, x + 24, y + 42, inner, 23, { min: 17, colour: C.soft });
      if (tile.missing) fitText(ctx, tile.value, x + 24, y + 98, inner, 30, { min: 20, colour: C.muted });
      else fitText(ctx, tile.value, x + 24, y + 102, inner, 54, { min: 30, weight: "bold" });
      if (tile.detail) fitText(ctx, tile.detail, x + 24, y + 134, inner, 20, { min: 15, colour: C.muted });
    });
    y += h + GAP;
  }
  return y;
}

function podium(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  const h = 256;
  panel(ctx, M, y, INNER, h);
  const hasNewcomer = spec.newcomer !== null;
  const podiumWidth = hasNewcomer ? 600 : INNER - 2 * PAD;
  const x0 = M + PAD;
  if (spec.podium) {
    fitText(ctx, spec.podium.title, x0, y + 48, podiumWidth, 26, { min: 20, weight: "bold", colour: C.soft });
    // Classic podium order: second, first, third.
    const order = [1, 0, 2];
    const heights = [74, 104, 52];
    const colours = [C.gold, C.silver, C.bronze];
    const colW = podiumWidth / 3;
    const base = y + h - 24;
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
      fitText(ctx, cleanLabel(entry.name), cx, nameY, colW - 12, 28, { min: 20, weight: "bold", align: "center" });
      fitText(ctx, entry.value, cx, nameY + 30, colW - 12, 22, { min: 16, colour: C.muted, align: "center" });
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
    fitText(ctx, spec.newcomer.title, ix, y + 68, iw, 22, { min: 16, weight: "bold", colour: C.up });
    if ("name" in spec.newcomer) {
      ctx.font = font(52);
      ctx.fillText("🌱", ix, y + 140);
      fitText(ctx, cleanLabel(spec.newcomer.name), ix, y + 182, iw, 30, { min: 20, weight: "bold" });
      fitText(ctx, spec.newcomer.detail, ix, y + 214, iw, 21, { min: 15, colour: C.muted });
    } else {
      ctx.font = font(22);
      ctx.fillStyle = C.muted;
      wrap(ctx, spec.newcomer.empty, iw, 3).forEach((line, i) => {
        ctx.fillText(line, ix, y + 116 + i * 32);
      });
    }
  }
  return y + h + GAP;
}

function quiet(ctx: Ctx, spec: RecapCardSpec, y: number): number {
  if (!spec.quiet) return y;
  const h = 220;
  panel(ctx, M, y, INNER, h);
  ctx.font = font(64);
  ctx.fillText("🌙", M + PAD, y + 100);
  const x = M + PAD + 100;
  const w = INNER - PAD * 2 - 100;
  fitText(ctx, spec.quiet.title, x, y + 70, w, 38, { min: 26, weight: "bold" });
  ctx.font = font(25);
  ctx.fillStyle = C.soft;
  wrap(ctx, spec.quiet.body, w, 3).forEach((line, i) => {
    ctx.fillText(line, x, y + 116 + i * 36);
  });
  return y + h + GAP;
}

function messages(ctx: Ctx, rows: CardMessage[], y: number): number {
  if (rows.length === 0) return y;
  const rowH = 100;
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
    ctx.fillText(row.icon, M + PAD, ry + 64);
    const x = M + PAD + 70;
    const w = INNER - PAD * 2 - 70;
    fitText(ctx, row.title, x, ry + 38, w, 22, { min: 16, weight: "bold", colour: C.accent });
    const author = row.author ? `— ${cleanLabel(row.author)}` : "";
    ctx.font = font(22);
    const authorW = author ? Math.min(260, ctx.measureText(author).width) : 0;
    const snippetW = w - (authorW ? authorW + 20 : 0);
    const used = fitText(ctx, cleanLabel(row.snippet), x, ry + 76, snippetW, 28, { min: 22 });
    if (author) fitText(ctx, author, x + used + 16, ry + 76, authorW, 22, { colour: C.muted });
  });
  return y + h + GAP;
}

function note(ctx: Ctx, text: string | null, y: number): number {
  if (!text) return y;
  ctx.font = font(22);
  const lines = wrap(ctx, text, INNER - 2 * PAD - 48, 2);
  const h = 36 + lines.length * 32;
  ctx.beginPath();
  ctx.roundRect(M, y, INNER, h, 22);
  ctx.fillStyle = "rgba(251, 191, 36, 0.10)";
  ctx.fill();
  ctx.font = font(26, "bold");
  ctx.fillStyle = C.highlight;
  ctx.fillText("i", M + PAD + 8, y + 44);
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
  const top = y + 92;
  const base = y + h - 54;
  const n = t.bars.length;
  const slot = w / Math.max(1, n);
  const barW = Math.min(56, slot * 0.56);
  const maxBar = Math.max(1, ...t.bars);
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
      ctx.fillText(t.lastBar, cx, base - bh - 10);
    }
    ctx.textAlign = "left";
  });
  if (t.line) {
    const maxLine = Math.max(1, ...t.line);
    // The line has its own scale (people, not messages), kept below the bars' label room.
    const points = t.line.map((value, i) => ({
      x: x0 + slot * i + slot / 2,
      y: base - 6 - ((base - top - 34) * value) / maxLine,
    }));
    ctx.beginPath();
    points.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
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
      ctx.font = font(20, "bold");
      ctx.fillStyle = C.line;
      ctx.textAlign = "right";
      ctx.fillText(t.lastLine, last.x - 14, last.y + 7);
      ctx.textAlign = "left";
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
  let y = header(ctx, spec);
  y = hero(ctx, spec, y);
  y = tiles(ctx, spec.tiles, y);
  y = note(ctx, spec.note, y);
  y = quiet(ctx, spec, y);
  if (spec.podium || spec.newcomer) y = podium(ctx, spec, y);
  y = messages(ctx, spec.messages, y);
  const footerY = CARD_HEIGHT - 34;
  trend(ctx, spec, y, footerY - 30);
  fitText(ctx, spec.footer, CARD_WIDTH / 2, footerY, INNER, 20, { min: 16, colour: C.muted, align: "center" });
  return canvas.toBuffer("image/png", { compressionLevel: 6 });
}
