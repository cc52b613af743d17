// What the recap card draws, with every text already translated and every number already
// formatted: plain data, so it can cross to a render worker and be drawn without i18n.

export type Tone = "up" | "down" | "flat" | "new";

export interface CardTile {
  label: string;
  value: string;
  detail?: string;
  /** The value is a placeholder ("not measured"): drawn smaller and dimmer, never as a zero. */
  missing?: boolean;
}

export interface CardMessage {
  /** An emoji drawn as the row's icon. */
  icon: string;
  title: string;
  snippet: string;
  author: string | null;
}

export interface RecapCardSpec {
  /** Tells the render worker this is a card, not a Chart.js chart. */
  kind: "recap_card";
  variant: "group" | "channel";
  /** Seeds the avatar colour. */
  chatId: number;
  title: string;
  /** PNG or JPEG bytes of the chat photo. */
  photo?: Uint8Array;
  kicker: string;
  weekLabel: string;
  hero: { label: string; value: string; change: { text: string; tone: Tone } | null; hint: string | null };
  /** Bars of the hero's activity strip, one per day (Monday first). */
  strip: { labels: string[]; values: number[]; busiest: string | null; title: string };
  /** Rows of tiles: one row of four for groups; 3 + 2 for channels. */
  tiles: CardTile[][];
  podium: { title: string; entries: { name: string; value: string }[] } | null;
  newcomer: { title: string; name: string; detail: string } | { title: string; empty: string } | null;
  quiet: { title: string; body: string } | null;
  messages: CardMessage[];
  /** Missing data named in words (a channel without the user session's counters). */
  note: string | null;
  trend: {
    title: string;
    labels: string[];
    bars: number[];
    barLabel: string;
    line: number[] | null;
    lineLabel: string | null;
    /** The last bar's value as text, drawn above it. */
    lastBar: string;
    lastLine: string | null;
  };
  footer: string;
}
