// Chart specs for the in-chat /stats commands, and the pure functions that turn a spec into a
// Chart.js configuration: theme, cleaning of untrusted values, label fitting, empty states.
// Nothing here touches a canvas; the render worker does the drawing.
import type { Chart, ChartConfiguration, Plugin, ScriptableContext } from "chart.js";
import type { MatrixDataPoint } from "chartjs-chart-matrix";
import type { Translate } from "../i18n/index.js";
import { isNetworkEmpty, type NetworkChart, networkConfig } from "./network.js";

/**
 * Every text a chart draws is in one language: the spec's title, subtitle, empty text and
 * partial note arrive translated, and the renderer translates its own words (footers,
 * legends, axis titles, kinds of message) with the Translate function it is handed for the
 * spec's locale, and formats numbers and weekdays with Intl in it.
 */
export interface ChartBase {
  /** The language of the labels (en, ru, es); default en. Part of the picture's cache key. */
  locale?: string;
  /** The chat's name. */
  title: string;
  /** e.g. "Last 7 days · Europe/Berlin". */
  subtitle?: string;
  /** Replaces the text drawn when there is nothing to chart (default: the translation of chart-no-messages). */
  emptyText?: string;
  /** What is counted: "messages" (default), or a channel's "posts" (and then no active-users line). */
  counts?: "messages" | "posts";
}

export interface TimelineChart extends ChartBase {
  kind: "timeline";
  interval: "hour" | "day" | "week" | "month";
  /**
   * Up to 400 points, oldest first; labels are already formatted in the chat's time zone.
   * A partial point covers only part of its bucket (this week so far, a week the period
   * cuts): it is drawn lighter, so a short bucket does not read as a collapse.
   */
  points: { label: string; messages: number; activeUsers: number; partial?: boolean }[];
  /** What the lighter bars are, e.g. "this week so far"; drawn in the footer beside a swatch. */
  partialNote?: string;
}

export interface HeatmapChart extends ChartBase {
  kind: "heatmap";
  /** 7 rows (Mon..Sun) × 24 columns (hours 0..23) of message counts. */
  values: number[][];
  /**
   * The weekdays to draw (0 = Monday), in this order, when the period is shorter than a
   * week: a one-day chart shows that day's row, not six empty ones. Default: all seven.
   */
  weekdays?: number[];
}

export interface TopSendersChart extends ChartBase {
  kind: "top_senders";
  rows: { name: string; messages: number }[];
  /** Whole-period totals (all messages, all active senders), when the rows are only the top of a longer list. */
  totals?: { messages: number; senders: number };
}

export interface KindsChart extends ChartBase {
  kind: "kinds";
  slices: { kind: string; count: number }[];
}

export interface ReactionsChart extends ChartBase {
  kind: "reactions";
  /** reaction: an emoji, "custom:<id>" or "paid". */
  rows: { reaction: string; count: number }[];
}

export type ChartSpec = TimelineChart | HeatmapChart | TopSendersChart | KindsChart | ReactionsChart | NetworkChart;
export type ChartKind = ChartSpec["kind"];

/**
 * Telegram scales photos to 1280 px on the long side, so 1280 wide is the most detail that
 * survives the upload; 16:10 leaves room for 15 labelled bars and a 24-column heatmap while
 * staying wide enough that a phone shows it at full width in the chat.
 */
export const CHART_WIDTH = 1280;
export const CHART_HEIGHT = 800;

/**
 * Noto Sans covers Latin, Cyrillic and Greek; CJK and Arabic come next. Emoji are deliberately
 * not named: Pango then shapes the spaces around an emoji with the emoji font's very wide
 * space glyph. Through the generic family, fontconfig's fallback finds Noto Color Emoji for
 * emoji code points only. fonts.ts registers every one of these files.
 */
export const FONT_FAMILY = '"Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic", "DejaVu Sans", sans-serif';

export const THEME = {
  background: "#ffffff",
  ink: "#1f2328",
  muted: "#59636e",
  grid: "#d5dbe1",
  accent: "#2563eb",
  /** A partial bucket's bar: the accent, lightened, so it reads as "not complete" and not as a drop. */
  partial: "#a9c2f6",
  /** Heatmap cells with no messages: visibly "nothing", unlike the palest accent tint. */
  zero: "#f1f3f5",
  onAccent: "#ffffff",
} as const;

/** Pixel sizes at 1280×800; a phone shows the image at roughly a third of that. */
const TYPE = { title: 46, subtitle: 28, tick: 24, emojiTick: 36, value: 24, legend: 24, footer: 23, empty: 42 };
export const PAD_X = 44;
export const HEADER_HEIGHT = 150;
export const FOOTER_HEIGHT = 60;
const MAX_ROWS = 15;
const MAX_KIND_ROWS = 10;
const MAX_POINTS = 400;
const MAX_X_LABEL = 16;
/** Height of one weekday row of the heatmap at 1280×800 with all seven rows drawn. */
const HEATMAP_ROW = 72;

export function font(size: number, bold = false): string {
  return `${bold ? "bold " : ""}${size}px ${FONT_FAMILY}`;
}

// ---------------------------------------------------------------------------------------------
// Cleaning untrusted values: counts come from SQL, names from Telegram users.

/** A count fit to draw: NaN, ±Infinity and negatives become 0. */
export function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;
const CONTROLS = /[\p{Cc}\u2028\u2029]+/gu;
const STACKED_MARKS = /(\p{M}{2})\p{M}+/gu;

/**
 * One printable line from a user-chosen name: no control characters or newlines, no bidi
 * overrides (they would reorder the rest of the label), no "zalgo" towers of combining
 * marks that would spill into the next row. Emoji sequences (ZWJ, VS16, keycaps) survive,
 * and emoji sent in their text form are drawn in colour (see emojiPresentation).
 */
export function cleanLabel(value: unknown, fallback = "—"): string {
  const text = Array.from(typeof value === "string" ? value : String(value ?? ""))
    .slice(0, 300)
    .join("")
    .replace(BIDI_CONTROLS, "")
    .replace(CONTROLS, " ")
    .replace(STACKED_MARKS, "$1")
    .replace(/\s+/gu, " ")
    .trim();
  return text === "" ? fallback : emojiPresentation(text);
}

/**
 * A character with both a text and an emoji form (❤ U+2764, ☺, ☀, ✌ …) is drawn as a black
 * text glyph unless the emoji variation selector (U+FE0F) follows it, and Telegram sends its
 * heart reaction, and many names, without one. Telegram's apps show these as emoji, so the
 * charts do too. Symbols below U+2300 (©, ®, ™, ‼, arrows) stay text: in a name they are
 * usually meant as typography. An explicit text selector (U+FE0E) or a skin tone is kept.
 */
const TEXT_STYLE_EMOJI = /(?!\p{Emoji_Presentation})\p{Extended_Pictographic}(?![\uFE0E\uFE0F\p{Emoji_Modifier}])/gu;

export function emojiPresentation(text: string): string {
  return text.replace(TEXT_STYLE_EMOJI, (char) => ((char.codePointAt(0) ?? 0) >= 0x2300 ? `${char}\uFE0F` : char));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The longest prefix of whole graphemes (so emoji are never cut in half) that fits, plus "…". */
export function ellipsize(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  const candidate = (n: number) => `${parts.slice(0, n).join("").trimEnd()}…`;
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(candidate(mid)) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? "…" : candidate(lo);
}

/** At most `max` graphemes, the last one an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  return parts.length <= max
    ? text
    : `${parts
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// Number formats

/** What a chart counts, as its messages' keys name it. */
function nounOf(spec: ChartBase): "messages" | "posts" {
  return spec.counts === "posts" ? "posts" : "messages";
}

/** The Intl locale of a spec's language (English dates and numbers the British way). */
export function intlLocaleOf(spec: Pick<ChartBase, "locale">): string {
  const locale = typeof spec.locale === "string" && /^(en|ru|es)$/.test(spec.locale) ? spec.locale : "en";
  return locale === "en" ? "en-GB" : locale;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** "2,048" in the spec's language. */
export function formatCount(value: number, locale = "en-GB"): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** "12%", "3.5%", "<0.1%" of a total, in the spec's language. */
export function formatShare(part: number, total: number, locale = "en-GB"): string {
  const percent = (digits: number) => numberFormat(locale, { style: "percent", maximumFractionDigits: digits });
  if (total <= 0) return percent(0).format(0);
  const share = part / total;
  if (share > 0 && share < 0.001) return `<${percent(1).format(0.001)}`;
  return percent(share >= 0.1 ? 0 : 1).format(share);
}

function compactTick(locale: string) {
  const compact = numberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
  return (value: number | string): string => (typeof value === "number" ? compact.format(value) : value);
}

/** Weekday names, Monday first, in the spec's language. */
export function weekdayLabels(locale: string, width: "short" | "long"): string[] {
  const format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: width });
  // 1 January 2024 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

// ---------------------------------------------------------------------------------------------
// Reactions and message kinds as people read them

export function reactionLabel(reaction: string, t: Translate): string {
  if (reaction === "paid") return t("chart-reaction-paid");
  if (reaction.startsWith("custom:")) return t("chart-reaction-custom");
  return cleanLabel(reaction, "?");
}

/** Kinds of message with a name in the locales (chart-kind-<kind>). */
export const KNOWN_KINDS = [
  "text",
  "photo",
  "video",
  "animation",
  "voice",
  "video_note",
  "audio",
  "document",
  "sticker",
  "poll",
  "location",
  "venue",
  "contact",
  "dice",
  "game",
  "story",
  "paid_media",
  "giveaway",
  "checklist",
  "service",
  "other",
] as const;
const KNOWN_KIND_SET = new Set<string>(KNOWN_KINDS);

export function kindLabel(kind: string, t: Translate): string {
  if (KNOWN_KIND_SET.has(kind)) return t(`chart-kind-${kind.replaceAll("_", "-")}`);
  // A kind newer than this list: its own name, readable.
  const words = cleanLabel(kind, t("chart-kind-other")).replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Merges rows with the same label (all custom emoji become one bar), largest first. */
function mergeRows(rows: { label: string; value: number }[]): { label: string; value: number }[] {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.label, (totals.get(row.label) ?? 0) + row.value);
  return [...totals]
    .map(([label, value]) => ({ label, value }))
    .filter((row) => row.value > 0)
    .sort((a, b) => b.value - a.value);
}

// ---------------------------------------------------------------------------------------------
// Normalised data: what a spec means once bad values are cleaned and limits applied.

export interface BarRows {
  labels: string[];
  values: number[];
  /** Text drawn at the end of each bar. */
  valueLabels: string[];
  footer: string;
}

export function topSenderRows(spec: TopSendersChart, t: Translate): BarRows {
  const locale = intlLocaleOf(spec);
  const rows = mergeRows(
    (Array.isArray(spec.rows) ? spec.rows : []).map((r) => ({ label: cleanLabel(r?.name), value: count(r?.messages) })),
  );
  const shown = rows.slice(0, MAX_ROWS);
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  const shownTotal = shown.reduce((sum, r) => sum + r.value, 0);
  const senders = Math.max(rows.length, count(spec.totals?.senders));
  const messages = Math.max(total, count(spec.totals?.messages));
  // Says what the bars add up to and out of what, so nobody reads the top as the whole chat.
  const footer =
    senders > shown.length
      ? t("chart-top-footer-some", { messages: shownTotal, shown: shown.length, senders }) +
        (messages > shownTotal
          ? t("chart-top-footer-share", { share: formatShare(shownTotal, messages, locale), total: messages })
          : "")
      : senders === 1
        ? t("chart-top-footer-only", { messages })
        : t("chart-top-footer-all", { messages, senders });
  return {
    labels: shown.map((r) => r.label),
    values: shown.map((r) => r.value),
    valueLabels: shown.map((r) => formatCount(r.value, locale)),
    footer,
  };
}

export function kindRows(spec: KindsChart, t: Translate): BarRows {
  const locale = intlLocaleOf(spec);
  const rows = mergeRows(
    (Array.isArray(spec.slices) ? spec.slices : []).map((s) => ({
      label: kindLabel(String(s?.kind ?? "other"), t),
      value: count(s?.count),
    })),
  );
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  // A long tail of one-off kinds would shrink every bar; fold it into "Everything else".
  const shown = rows.length > MAX_KIND_ROWS ? rows.slice(0, MAX_KIND_ROWS - 1) : rows;
  const rest = rows.slice(shown.length).reduce((sum, r) => sum + r.value, 0);
  const all = rest > 0 ? [...shown, { label: t("chart-kind-everything-else"), value: rest }] : shown;
  return {
    labels: all.map((r) => r.label),
    values: all.map((r) => r.value),
    valueLabels: all.map((r) => `${formatCount(r.value, locale)}  ·  ${formatShare(r.value, total, locale)}`),
    footer: t(`chart-total-${nounOf(spec)}`, { n: total }),
  };
}

export function reactionRows(spec: ReactionsChart, t: Translate): BarRows {
  const locale = intlLocaleOf(spec);
  const rows = mergeRows(
    (Array.isArray(spec.rows) ? spec.rows : []).map((r) => ({
      label: reactionLabel(String(r?.reaction ?? ""), t),
      value: count(r?.count),
    })),
  );
  const shown = rows.slice(0, MAX_ROWS);
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  return {
    labels: shown.map((r) => r.label),
    values: shown.map((r) => r.value),
    valueLabels: shown.map((r) => `${formatCount(r.value, locale)}  ·  ${formatShare(r.value, total, locale)}`),
    footer:
      rows.length > shown.length
        ? t("chart-reactions-footer-top", { shown: shown.length, kinds: rows.length, total })
        : t("chart-total-reactions", { n: total }),
  };
}

export interface TimelineData {
  labels: string[];
  messages: number[];
  activeUsers: number[];
  /** Per point: true when the bucket is only partly covered (drawn lighter). */
  partial: boolean[];
  /** What the lighter bars are, when there are any. */
  partialNote: string;
  footer: string;
}

const INTERVALS = new Set(["hour", "day", "week", "month"]);

export function timelineData(spec: TimelineChart, t: Translate): TimelineData {
  const points = (Array.isArray(spec.points) ? spec.points : []).slice(-MAX_POINTS);
  // Capped by length, not measured: there can be 400 labels, and only a handful are shown.
  const labels = points.map((p) => truncate(cleanLabel(p?.label, ""), MAX_X_LABEL));
  const messages = points.map((p) => count(p?.messages));
  const activeUsers = points.map((p) => count(p?.activeUsers));
  const partial = points.map((p) => p?.partial === true);
  const total = messages.reduce((sum, v) => sum + v, 0);
  let peak = 0;
  for (let i = 1; i < messages.length; i++) if ((messages[i] ?? 0) > (messages[peak] ?? 0)) peak = i;
  const interval = INTERVALS.has(spec.interval) ? spec.interval : "other";
  const footer =
    total > 0
      ? t("chart-timeline-footer", {
          total: t(`chart-total-${nounOf(spec)}-short`, { n: total }),
          interval,
          label: labels[peak] ?? "",
          peak: messages[peak] ?? 0,
        })
      : "";
  const partialNote = partial.some(Boolean)
    ? cleanLabel(spec.partialNote, t("chart-partial-default", { interval }))
    : "";
  return { labels, messages, activeUsers, partial, partialNote, footer };
}

export interface HeatmapData {
  /** Exactly 7 × 24, cleaned. */
  values: number[][];
  max: number;
  footer: string;
}

export function heatmapData(spec: HeatmapChart, t: Translate): HeatmapData {
  const rows = Array.isArray(spec.values) ? spec.values : [];
  const values = Array.from({ length: 7 }, (_, day) => {
    const row = rows[day];
    return Array.from({ length: 24 }, (_, hour) => count(Array.isArray(row) ? row[hour] : 0));
  });
  let max = 0;
  let total = 0;
  let busiest = { day: 0, hour: 0 };
  values.forEach((row, day) => {
    row.forEach((v, hour) => {
      total += v;
      if (v > max) {
        max = v;
        busiest = { day, hour };
      }
    });
  });
  const pad = (h: number) => String(h).padStart(2, "0");
  const footer =
    max > 0
      ? t("chart-heatmap-footer", {
          day: weekdayLabels(intlLocaleOf(spec), "long")[busiest.day] ?? "",
          from: `${pad(busiest.hour)}:00`,
          to: `${pad((busiest.hour + 1) % 24)}:00`,
          busiest: t(`chart-total-${nounOf(spec)}-short`, { n: max }),
          total,
        })
      : "";
  return { values, max, footer };
}

/** True when the spec has nothing to draw: no rows, or only zeros after cleaning. */
export function isEmpty(spec: ChartSpec): boolean {
  // Only the values matter here, not the words.
  const t: Translate = () => "";
  switch (spec.kind) {
    case "timeline": {
      const data = timelineData(spec, t);
      return data.messages.every((v) => v === 0) && data.activeUsers.every((v) => v === 0);
    }
    case "heatmap":
      return heatmapData(spec, t).max === 0;
    case "top_senders":
      return topSenderRows(spec, t).values.length === 0;
    case "kinds":
      return kindRows(spec, t).values.length === 0;
    case "reactions":
      return reactionRows(spec, t).values.length === 0;
    case "network":
      return isNetworkEmpty(spec);
  }
}

// ---------------------------------------------------------------------------------------------
// Plugins: the frame (background, title, subtitle, footer, empty state) and bar value labels.

interface Frame {
  title: string;
  subtitle: string;
  footer: string;
  /** Drawn centred instead of a chart. */
  empty?: string;
  /** Small "fewer → more" swatches at the footer's right, for the heatmap, with its two words. */
  scale?: { colours: string[]; fewer: string; more: string };
  /** A swatch and what it means at the footer's right, e.g. the lighter partial bars. */
  note?: { colour: string; text: string };
  /** Series keys drawn at the right of the subtitle line. */
  legend?: { label: string; colour: string; shape: "box" | "line" }[];
}

export function frameOf(spec: ChartSpec, footer: string, t: Translate, empty?: string): Frame {
  return {
    title: cleanLabel(spec.title, t("chart-untitled")),
    subtitle: cleanLabel(spec.subtitle, ""),
    footer,
    ...(empty === undefined ? {} : { empty }),
  };
}

/**
 * The part of a 2D context these plugins draw with. Chart.js types its context with the DOM's
 * CanvasRenderingContext2D, which this project (no "dom" lib) does not load; node-canvas's
 * context provides all of this.
 */
export interface Context2D {
  font: string;
  fillStyle: string;
  strokeStyle: string;
  lineWidth: number;
  textAlign: "left" | "right" | "center" | "start" | "end";
  textBaseline: "top" | "hanging" | "middle" | "alphabetic" | "ideographic" | "bottom";
  save(): void;
  restore(): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
}

function fitText(ctx: Context2D, text: string, maxWidth: number): string {
  return ellipsize(text, maxWidth, (t) => ctx.measureText(t).width);
}

export function framePlugin(frame: Frame): Plugin {
  return {
    id: "pulseFrame",
    beforeDraw(chart) {
      const { width, height } = chart;
      const ctx: Context2D = chart.ctx;
      ctx.save();
      ctx.fillStyle = THEME.background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    afterDraw(chart) {
      const { width, height } = chart;
      const ctx: Context2D = chart.ctx;
      const maxWidth = width - 2 * PAD_X;
      ctx.save();
      ctx.textAlign = "left";
      ctx.textBaseline = "alphabetic";
      ctx.fillStyle = THEME.ink;
      ctx.font = font(TYPE.title, true);
      ctx.fillText(fitText(ctx, frame.title, maxWidth), PAD_X, 78);
      const legendWidth = frame.legend ? drawLegend(ctx, frame.legend, width - PAD_X, 122) + 32 : 0;
      if (frame.subtitle) {
        ctx.fillStyle = THEME.muted;
        ctx.font = font(TYPE.subtitle);
        ctx.fillText(fitText(ctx, frame.subtitle, maxWidth - legendWidth), PAD_X, 122);
      }
      let footerWidth = maxWidth;
      if (frame.scale) footerWidth -= drawScale(ctx, frame.scale, width - PAD_X, height - 26) + 32;
      if (frame.note) footerWidth -= drawNote(ctx, frame.note, width - PAD_X, height - 26, maxWidth / 2) + 32;
      if (frame.footer) {
        ctx.fillStyle = THEME.muted;
        ctx.font = font(TYPE.footer);
        ctx.fillText(fitText(ctx, frame.footer, footerWidth), PAD_X, height - 26);
      }
      if (frame.empty) {
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillStyle = THEME.muted;
        ctx.font = font(TYPE.empty);
        ctx.fillText(fitText(ctx, frame.empty, maxWidth), width / 2, (HEADER_HEIGHT + height) / 2);
      }
      ctx.restore();
    },
  };
}

/** Series keys, right-aligned at `right`; returns the width used. */
function drawLegend(ctx: Context2D, entries: NonNullable<Frame["legend"]>, right: number, baseline: number) {
  const swatch = 30;
  ctx.save();
  ctx.font = font(TYPE.legend);
  const widths = entries.map((e) => swatch + 10 + ctx.measureText(e.label).width);
  const total = widths.reduce((sum, w) => sum + w, 0) + 28 * (entries.length - 1);
  let x = right - total;
  entries.forEach((entry, i) => {
    ctx.fillStyle = entry.colour;
    ctx.strokeStyle = entry.colour;
    if (entry.shape === "box") {
      ctx.fillRect(x + 4, baseline - 21, 22, 22);
    } else {
      ctx.lineWidth = 4;
      ctx.beginPath();
      ctx.moveTo(x, baseline - 10);
      ctx.lineTo(x + swatch, baseline - 10);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x + swatch / 2, baseline - 10, 6, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.fillStyle = THEME.ink;
    ctx.fillText(entry.label, x + swatch + 10, baseline);
    x += (widths[i] ?? 0) + 28;
  });
  ctx.restore();
  return total;
}

/** "▪ lighter bar: this week so far", right-aligned at `right`, at most `maxWidth` wide; returns the width used. */
function drawNote(
  ctx: Context2D,
  note: NonNullable<Frame["note"]>,
  right: number,
  baseline: number,
  maxWidth: number,
): number {
  const box = 24;
  ctx.save();
  ctx.font = font(TYPE.footer);
  const text = fitText(ctx, note.text, maxWidth - box - 10);
  const total = box + 10 + ctx.measureText(text).width;
  const x = right - total;
  ctx.fillStyle = note.colour;
  ctx.fillRect(x, baseline - box + 3, box, box);
  ctx.fillStyle = THEME.muted;
  ctx.fillText(text, x + box + 10, baseline);
  ctx.restore();
  return total;
}

/** "fewer ▪▪▪▪▪ more", right-aligned at x; returns the width used. */
function drawScale(ctx: Context2D, scale: NonNullable<Frame["scale"]>, right: number, baseline: number): number {
  const box = 24;
  const gap = 4;
  ctx.save();
  ctx.font = font(TYPE.footer);
  ctx.fillStyle = THEME.muted;
  const { colours, more, fewer } = scale;
  const moreWidth = ctx.measureText(more).width;
  const fewerWidth = ctx.measureText(fewer).width;
  const boxesWidth = colours.length * (box + gap) - gap;
  const total = fewerWidth + 12 + boxesWidth + 12 + moreWidth;
  let x = right - total;
  ctx.fillText(fewer, x, baseline);
  x += fewerWidth + 12;
  for (const colour of colours) {
    ctx.fillStyle = colour;
    ctx.fillRect(x, baseline - box + 3, box, box);
    x += box + gap;
  }
  ctx.fillStyle = THEME.muted;
  ctx.fillText(more, x - gap + 12, baseline);
  ctx.restore();
  return total;
}

/**
 * Cuts labels to fit the space beside the bars before Chart.js measures them, so a
 * 60-character name shortens itself instead of squeezing the chart.
 */
function fitLabelsPlugin(sizeOf: (label: string) => number, maxWidth: number): Plugin {
  return {
    id: "pulseFitLabels",
    beforeUpdate(chart) {
      const ctx: Context2D = chart.ctx;
      ctx.save();
      chart.data.labels = (chart.data.labels ?? []).map((label) => {
        const text = String(label);
        const size = sizeOf(text);
        // No glyph in these fonts is wider than 1.3 em, and measuring costs a Pango layout.
        if (text.length * size * 1.3 <= maxWidth) return text;
        ctx.font = font(size);
        return fitText(ctx, text, maxWidth);
      });
      ctx.restore();
    },
  };
}

/** Writes each bar's value at its end, or inside it when the end is too close to the edge. */
function valueLabelsPlugin(texts: string[]): Plugin<"bar"> {
  return {
    id: "pulseValueLabels",
    afterDatasetsDraw(chart: Chart<"bar">) {
      const { chartArea } = chart;
      const ctx: Context2D = chart.ctx;
      const bars = chart.getDatasetMeta(0).data;
      ctx.save();
      ctx.font = font(TYPE.value, true);
      ctx.textBaseline = "middle";
      bars.forEach((bar, i) => {
        const text = texts[i];
        if (!text) return;
        const { x, y, base } = bar.getProps(["x", "y", "base"], true) as { x: number; y: number; base: number };
        const width = ctx.measureText(text).width;
        if (x + 12 + width <= chartArea.right || x - base < width + 24) {
          ctx.textAlign = "left";
          ctx.fillStyle = THEME.ink;
          ctx.fillText(text, x + 12, y);
        } else {
          ctx.textAlign = "right";
          ctx.fillStyle = THEME.onAccent;
          ctx.fillText(text, x - 12, y);
        }
      });
      ctx.restore();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Spec → Chart.js configuration

export type PulseChartConfig =
  | ChartConfiguration<"bar", number[], string>
  | ChartConfiguration<"bar" | "line", number[], string>
  | ChartConfiguration<"matrix", MatrixDataPoint[], string>;

/** Options every chart shares: static, no interaction, room for the header and footer. */
export function baseOptions(footer: boolean) {
  return {
    responsive: false,
    animation: false as const,
    devicePixelRatio: 1,
    events: [],
    layout: { padding: { top: HEADER_HEIGHT, right: PAD_X, bottom: footer ? FOOTER_HEIGHT : 28, left: PAD_X - 8 } },
    font: { family: FONT_FAMILY },
    color: THEME.ink,
  };
}

export const noPlugins = { legend: { display: false }, tooltip: { enabled: false }, title: { display: false } };

/** The Chart.js configuration of a spec; `t` translates the renderer's own words in the spec's locale. */
export function toChartConfig(spec: ChartSpec, t: Translate): PulseChartConfig {
  if (isEmpty(spec)) return emptyConfig(frameOf(spec, "", t, cleanLabel(spec.emptyText, t("chart-no-messages"))));
  switch (spec.kind) {
    case "timeline":
      return timelineConfig(spec, t);
    case "heatmap":
      return heatmapConfig(spec, t);
    case "top_senders":
      return barsConfig(frameOf(spec, "", t), topSenderRows(spec, t), () => TYPE.tick);
    case "kinds":
      return barsConfig(frameOf(spec, "", t), kindRows(spec, t), () => TYPE.tick);
    case "reactions":
      // A lone emoji is the whole label here, so it gets more size than words do.
      return barsConfig(frameOf(spec, "", t), reactionRows(spec, t), (label) =>
        /\p{L}/u.test(label) ? TYPE.tick : TYPE.emojiTick,
      );
    case "network":
      return networkConfig(spec, t);
    default:
      throw new TypeError(`unknown chart kind: ${String((spec as { kind?: unknown }).kind)}`);
  }
}

function emptyConfig(frame: Frame): ChartConfiguration<"bar", number[], string> {
  return {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: {
      ...baseOptions(false),
      plugins: noPlugins,
      scales: { x: { display: false }, y: { display: false } },
    },
    plugins: [framePlugin(frame)],
  };
}

function barsConfig(
  frame: Frame,
  rows: BarRows,
  tickSize: (label: string) => number,
): ChartConfiguration<"bar", number[], string> {
  const max = Math.max(...rows.values);
  return {
    type: "bar",
    data: {
      labels: rows.labels,
      datasets: [
        {
          data: rows.values,
          backgroundColor: THEME.accent,
          borderRadius: 4,
          borderSkipped: "start",
          // Fixed thickness once there are few rows, so three bars don't become slabs.
          maxBarThickness: 44,
          categoryPercentage: 0.78,
          barPercentage: 1,
        },
      ],
    },
    options: {
      ...baseOptions(true),
      indexAxis: "y",
      plugins: noPlugins,
      scales: {
        // Every bar carries its exact value, so the value axis would only repeat it.
        x: { display: false, beginAtZero: true, max: max * 1.2 },
        y: {
          grid: { display: false },
          border: { display: true, color: THEME.grid, width: 2 },
          ticks: {
            color: THEME.ink,
            font: ({ tick }) => ({ size: tickSize(String(tick?.label ?? "")), family: FONT_FAMILY }),
            padding: 12,
            autoSkip: false,
          },
        },
      },
    },
    plugins: [
      framePlugin({ ...frame, footer: rows.footer }),
      fitLabelsPlugin(tickSize, CHART_WIDTH * 0.3),
      valueLabelsPlugin(rows.valueLabels) as Plugin,
    ],
  };
}

function timelineConfig(spec: TimelineChart, t: Translate): ChartConfiguration<"bar" | "line", number[], string> {
  const data = timelineData(spec, t);
  const locale = intlLocaleOf(spec);
  const many = data.labels.length > 60;
  const tick = { size: TYPE.tick, family: FONT_FAMILY };
  const axisTitle = { size: 22, family: FONT_FAMILY };
  const posts = spec.counts === "posts";
  const partialCount = data.partial.filter(Boolean).length;
  const frame: Frame = {
    ...frameOf(spec, data.footer, t),
    legend: posts
      ? [{ label: t("chart-legend-posts"), colour: THEME.accent, shape: "box" }]
      : [
          { label: t("chart-legend-messages"), colour: THEME.accent, shape: "box" },
          { label: t("chart-legend-active-users"), colour: THEME.ink, shape: "line" },
        ],
    ...(partialCount > 0
      ? {
          note: {
            colour: THEME.partial,
            text: t("chart-partial-note", { bars: partialCount, note: data.partialNote }),
          },
        }
      : {}),
  };
  const partial = data.partial;
  // A line into or out of a partial bucket is dashed: its value is as incomplete as the bar.
  const dashed = (ctx: { p0DataIndex: number; p1DataIndex: number }) =>
    partial[ctx.p0DataIndex] || partial[ctx.p1DataIndex] ? [10, 8] : undefined;
  const options = baseOptions(true);
  // The top tick label is centred on the top gridline; keep it clear of the subtitle.
  options.layout.padding.top += 18;
  return {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {
          type: "bar",
          label: t("chart-legend-messages"),
          data: data.messages,
          yAxisID: "y",
          backgroundColor: partial.map((p) => (p ? THEME.partial : THEME.accent)),
          borderRadius: many ? 0 : 3,
          categoryPercentage: many ? 1 : 0.8,
          // Past ~150 bars a gap is under a pixel and only adds moiré.
          barPercentage: data.labels.length > 150 ? 1 : many ? 0.85 : 0.9,
          order: 2,
        },
        // A channel has one sender, itself: an active-users line would plot a constant 1.
        ...(posts
          ? []
          : [
              {
                type: "line" as const,
                label: t("chart-legend-active-users"),
                data: data.activeUsers,
                yAxisID: "y1",
                borderColor: THEME.ink,
                backgroundColor: THEME.ink,
                borderWidth: many ? 2.5 : 3.5,
                pointRadius: data.labels.length > 45 ? 0 : 4.5,
                segment: { borderDash: dashed },
                // Monotone curves never overshoot below zero or above a peak the data doesn't have.
                cubicInterpolationMode: "monotone" as const,
                tension: 0.3,
                order: 1,
              },
            ]),
      ],
    },
    options: {
      ...options,
      plugins: noPlugins,
      scales: {
        x: {
          grid: { display: false },
          border: { color: THEME.grid, width: 2 },
          // Thin the labels rather than rotate them: level text reads faster on a phone.
          // Sizing from a sample: the labels share one format, and measuring 400 costs ~20 ms.
          ticks: {
            color: THEME.ink,
            font: tick,
            maxRotation: 0,
            autoSkip: true,
            autoSkipPadding: 28,
            padding: 8,
            sampleSize: 24,
          },
        },
        y: {
          beginAtZero: true,
          grid: { color: THEME.grid, lineWidth: 1.5 },
          border: { display: false },
          ticks: {
            color: THEME.ink,
            font: tick,
            precision: 0,
            maxTicksLimit: 6,
            padding: 10,
            callback: compactTick(locale),
          },
          title: {
            display: true,
            text: t(posts ? "chart-axis-posts" : "chart-axis-messages"),
            color: THEME.muted,
            font: axisTitle,
          },
        },
        y1: {
          display: !posts,
          position: "right",
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          border: { display: false },
          ticks: {
            color: THEME.ink,
            font: tick,
            precision: 0,
            maxTicksLimit: 6,
            padding: 10,
            callback: compactTick(locale),
          },
          title: { display: true, text: t("chart-axis-active-users"), color: THEME.muted, font: axisTitle },
        },
      },
    },
    plugins: [framePlugin(frame)],
  };
}

/** Accent mixed into white: 0 → palest tint, 1 → full accent. */
export function heatColour(t: number): string {
  const [r, g, b] = [0x25, 0x63, 0xeb];
  const pale = [0xe4, 0xec, 0xfd];
  const k = Math.min(1, Math.max(0, t)) ** 0.8;
  const mix = (from: number, to: number) => Math.round(from + (to - from) * k);
  return `rgb(${mix(pale[0] as number, r)}, ${mix(pale[1] as number, g)}, ${mix(pale[2] as number, b)})`;
}

function heatmapConfig(spec: HeatmapChart, t: Translate): ChartConfiguration<"matrix", MatrixDataPoint[], string> {
  const data = heatmapData(spec, t);
  const weekdays = weekdayLabels(intlLocaleOf(spec), "short");
  const hours = Array.from({ length: 24 }, (_, h) => String(h));
  const wanted = Array.isArray(spec.weekdays)
    ? spec.weekdays.filter((d, i, all) => Number.isInteger(d) && d >= 0 && d <= 6 && all.indexOf(d) === i)
    : [];
  const days = wanted.length > 0 ? wanted : [0, 1, 2, 3, 4, 5, 6];
  const cells: MatrixDataPoint[] = days.flatMap((day) =>
    (data.values[day] ?? []).map((v, hour) => ({ x: String(hour), y: weekdays[day] as string, v })),
  );
  // Rows keep the height they have in a full week; the space of missing rows becomes margin.
  const options = baseOptions(true);
  const spare = (7 - days.length) * HEATMAP_ROW;
  options.layout.padding.top += Math.floor(spare / 2);
  options.layout.padding.bottom += Math.ceil(spare / 2);
  const tick = { size: TYPE.tick, family: FONT_FAMILY };
  const frame: Frame = {
    ...frameOf(spec, data.footer, t),
    scale: {
      colours: [THEME.zero, heatColour(0.1), heatColour(0.4), heatColour(0.7), heatColour(1)],
      fewer: t("chart-scale-fewer"),
      more: t("chart-scale-more"),
    },
  };
  return {
    type: "matrix",
    data: {
      datasets: [
        {
          data: cells,
          backgroundColor(context: ScriptableContext<"matrix">) {
            const v = (context.raw as MatrixDataPoint | undefined)?.v ?? 0;
            return v > 0 ? heatColour(v / data.max) : THEME.zero;
          },
          borderWidth: 0,
          borderRadius: 5,
          width: ({ chart }) => (chart.chartArea ? chart.chartArea.width / 24 - 5 : 0),
          height: ({ chart }) => (chart.chartArea ? chart.chartArea.height / days.length - 6 : 0),
        },
      ],
    },
    options: {
      ...options,
      plugins: noPlugins,
      scales: {
        x: {
          type: "category",
          labels: hours,
          offset: true,
          grid: { display: false },
          border: { display: false },
          ticks: { color: THEME.ink, font: tick, maxRotation: 0, autoSkip: false, padding: 6 },
          title: {
            display: true,
            text: t("chart-axis-hour"),
            color: THEME.muted,
            font: { size: 22, family: FONT_FAMILY },
          },
        },
        y: {
          type: "category",
          labels: days.map((day) => weekdays[day] as string),
          offset: true,
          reverse: false,
          grid: { display: false },
          border: { display: false },
          ticks: { color: THEME.ink, font: tick, padding: 10 },
        },
      },
    },
    plugins: [framePlugin(frame)],
  };
}
