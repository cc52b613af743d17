// The recap card and its caption from a RecapView: every text translated through `t`, every
// number and date through Intl in the view's language, then drawn by render/recap/draw.ts.
import type { Translate } from "../i18n/index.js";
import type { RecapMessage, RecapView } from "../reports/recap.js";
import { cleanLabel } from "./charts.js";
import type { CardMessage, CardTile, RecapCardSpec, Tone } from "./recap/spec.js";
import type { ChartRenderer } from "./renderer.js";

export type { RecapCardSpec } from "./recap/spec.js";

/** Telegram's limit for a photo caption. */
export const CAPTION_LIMIT = 1024;

/**
 * Draws the recap card: a 1080×1350 PNG. With the app's chart renderer the drawing (about
 * 170–200 ms of synchronous canvas work) happens in its worker thread, off the bot's event loop;
 * without one (scripts, the demo) it is drawn here.
 */
export async function renderRecapCard(view: RecapView, t: Translate, renderer?: ChartRenderer): Promise<Buffer> {
  const spec = recapCardSpec(view, t);
  if (renderer) return renderer.render(spec);
  // Drawn here only without a render worker (the demo, the PDF): canvas loads on first use,
  // so an idle bot never holds it.
  const { drawRecapCard } = await import("./recap/draw.js");
  return drawRecapCard(spec);
}

/** Intl tags per language: English dates read "23–29 Nov" (day first), as in most chats Pulse serves. */
const DATE_LOCALE: Record<string, string> = { en: "en-GB", ru: "ru", es: "es" };

interface Formats {
  number(n: number): string;
  compact(n: number): string;
  percent(fraction: number): string;
  /** A change: whole percents, tenths below 10%. */
  change(fraction: number): string;
  signed(n: number): string;
  weekday(index: number): string;
  dayRange(from: string, to: string): string;
  dayName(day: string): string;
}

function formats(locale: string): Formats {
  const tag = DATE_LOCALE[locale] ?? locale;
  const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(tag, { notation: "compact", maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 });
  const smallPercent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(tag, { maximumFractionDigits: 0, signDisplay: "exceptZero" });
  const weekday = new Intl.DateTimeFormat(tag, { weekday: "short", timeZone: "UTC" });
  const range = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: "UTC" });
  const utc = (day: string) => new Date(`${day}T00:00:00Z`);
  const capital = (s: string) => s.charAt(0).toLocaleUpperCase(tag) + s.slice(1);
  return {
    number: (n) => number.format(n),
    compact: (n) => (Math.abs(n) >= 100_000 ? compact.format(n) : number.format(n)),
    percent: (f) =>
      f > 0 && f < 0.01 ? `<${percent.format(0.01)}` : f < 0.1 ? smallPercent.format(f) : percent.format(f),
    change: (f) => (f < 0.1 ? smallPercent.format(f) : percent.format(f)),
    signed: (n) => signed.format(n),
    // 2024-01-01 was a Monday.
    weekday: (i) => capital(weekday.format(new Date(Date.UTC(2024, 0, 1 + i))).replace(/\.$/, "")),
    dayRange: (from, to) => range.formatRange(utc(from), utc(to)),
    dayName: (day) => capital(weekday.format(utc(day)).replace(/\.$/, "")),
  };
}

function changeOf(view: RecapView, t: Translate, f: Formats): { text: string; tone: Tone } | null {
  if (view.partial) return null;
  if (view.messagesChange === null) return { text: t("recap-change-new"), tone: "new" };
  // Tenths of a percent: a week 0.7% busier says so, rather than "<1%" or "0%".
  const rounded = Math.round(view.messagesChange * 1000);
  if (rounded === 0) return { text: t("recap-change-flat"), tone: "flat" };
  const percent = f.change(Math.abs(view.messagesChange));
  return rounded > 0
    ? { text: t("recap-change-up", { percent }), tone: "up" }
    : { text: t("recap-change-down", { percent }), tone: "down" };
}

function weekLabel(view: RecapView, t: Translate, f: Formats): string {
  const label = t("recap-week-label", { week: view.week.isoWeek, range: f.dayRange(view.week.start, view.week.end) });
  return view.partial ? `${label} · ${t("recap-so-far")}` : label;
}

const busiestText = (view: RecapView, t: Translate, f: Formats) =>
  view.busiest
    ? t("recap-busiest", {
        day: f.weekday(view.busiest.weekday),
        time: `${String(view.busiest.hour).padStart(2, "0")}:00`,
      })
    : null;

function messageRow(m: RecapMessage, icon: string, title: string, t: Translate): CardMessage {
  return {
    icon,
    title,
    snippet: m.snippet ? `“${m.snippet}”` : t("recap-media", { kind: m.kind }),
    author: m.senderName,
  };
}

/** Everything the card shows, translated and formatted; plain data a worker can draw. */
export function recapCardSpec(view: RecapView, t: Translate): RecapCardSpec {
  const f = formats(view.locale);
  const channel = view.channel;
  const base = {
    kind: "recap_card" as const,
    chatId: view.chatId,
    title: view.title,
    ...(view.photo ? { photo: new Uint8Array(view.photo) } : {}),
    kicker: t("recap-kicker"),
    weekLabel: `${weekLabel(view, t, f)} · ${view.timezone}`,
    hero: {
      label: t(channel ? "recap-posts" : "recap-messages"),
      value: f.compact(view.messages),
      change: changeOf(view, t, f),
      hint: !view.partial && view.messagesChange === null ? t("recap-change-new-hint") : null,
    },
    strip: {
      title: t("recap-per-day"),
      labels: view.days.map((d) => f.dayName(d.day)),
      values: view.days.map((d) => d.messages),
      busiest: busiestText(view, t, f),
    },
    footer: t("recap-footer"),
  };
  const trendLabels = view.trend.map((p) => t("recap-week-short", { week: p.isoWeek }));
  const last = view.trend[view.trend.length - 1];

  if (channel) {
    const missing = (label: string): CardTile => ({ label, value: t("recap-not-measured"), missing: true });
    const tiles: CardTile[][] = [
      [
        channel.viewsPerPost === null
          ? missing(t("recap-channel-views"))
          : { label: t("recap-channel-views"), value: f.compact(Math.round(channel.viewsPerPost)) },
        channel.forwards === null
          ? missing(t("recap-channel-forwards"))
          : { label: t("recap-channel-forwards"), value: f.compact(channel.forwards) },
        channel.err === null
          ? missing(t("recap-channel-err"))
          : { label: t("recap-channel-err"), value: f.percent(channel.err), detail: t("recap-channel-err-hint") },
      ],
      [
        { label: t("recap-reactions"), value: f.compact(channel.reactions) },
        channel.subscriberChange === null
          ? missing(t("recap-channel-subscribers"))
          : {
              label: t("recap-channel-subscribers"),
              value: f.signed(channel.subscriberChange),
              ...(channel.subscribers !== null ? { detail: f.number(channel.subscribers) } : {}),
            },
      ],
    ];
    const notes = [
      channel.missing.includes("views") || channel.missing.includes("forwards")
        ? t("recap-missing-user-session")
        : null,
      channel.missing.includes("subscribers") ? t("recap-missing-subscribers") : null,
    ].filter((s): s is string => s !== null);
    const top = channel.topPost;
    return {
      ...base,
      variant: "channel",
      tiles,
      podium: null,
      newcomer: null,
      quiet: null,
      messages: top
        ? [
            {
              icon: "⭐",
              title: `${t("recap-channel-top-post")} · ${
                top.views !== null ? t("recap-n-views", { n: top.views }) : t("recap-n-reactions", { n: top.reactions })
              }`,
              snippet: top.snippet ? `“${top.snippet}”` : t("recap-media", { kind: top.kind }),
              author: null,
            },
          ]
        : [],
      note: notes.length > 0 ? notes.join(" ") : null,
      trend: {
        title: t("recap-trend", { weeks: view.trend.length }),
        labels: trendLabels,
        bars: view.trend.map((p) => p.messages),
        barLabel: t("recap-trend-posts"),
        line: null,
        lineLabel: null,
        lastBar: f.compact(last?.messages ?? 0),
        lastLine: null,
      },
    };
  }

  const tiles: CardTile[][] = [
    [
      {
        label: t("recap-active"),
        value: f.compact(view.activeMembers),
        detail:
          view.activeShare !== null && view.memberCount !== null
            ? t("recap-active-share", { percent: f.percent(view.activeShare), members: f.number(view.memberCount) })
            : t("recap-active-no-count"),
      },
      {
        label: t("recap-newcomers"),
        value: view.newcomers > 0 ? f.signed(view.newcomers) : f.number(0),
        detail: t("recap-newcomers-detail", {
          left: f.number(view.leavers),
          net: view.newcomers - view.leavers === 0 ? f.number(0) : f.signed(view.newcomers - view.leavers),
        }),
      },
      { label: t("recap-reactions"), value: f.compact(view.reactions) },
      { label: t("recap-replies"), value: f.compact(view.replies) },
    ],
  ];
  const rows: CardMessage[] = [];
  if (view.topReacted) {
    rows.push(
      messageRow(
        view.topReacted,
        "❤️",
        `${t("recap-most-reacted")} · ${t("recap-n-reactions", { n: view.topReacted.count })}`,
        t,
      ),
    );
  }
  if (view.topReplied) {
    rows.push(
      messageRow(
        view.topReplied,
        "💬",
        `${t("recap-most-replied")} · ${t("recap-n-replies", { n: view.topReplied.count })}`,
        t,
      ),
    );
  }
  const newcomer = view.newcomer
    ? {
        title: t("recap-newcomer"),
        name: view.newcomer.name,
        detail: `${t("recap-newcomer-joined", { day: f.dayName(localDay(view.newcomer.joinedAt, view.timezone)) })} · ${t(
          "recap-n-messages",
          { n: view.newcomer.messages },
        )}`,
      }
    : view.newcomers > 0
      ? { title: t("recap-newcomer"), empty: t("recap-no-newcomer") }
      : null;
  return {
    ...base,
    variant: "group",
    tiles,
    podium:
      view.quiet || view.podium.length === 0
        ? null
        : {
            title: t("recap-podium"),
            entries: view.podium.map((p) => ({ name: p.name, value: t("recap-n-messages", { n: p.messages }) })),
          },
    newcomer,
    quiet: view.quiet ? { title: t("recap-quiet-title"), body: t("recap-quiet-body", { n: view.messages }) } : null,
    messages: rows,
    note: null,
    trend: {
      title: t("recap-trend", { weeks: view.trend.length }),
      labels: trendLabels,
      bars: view.trend.map((p) => p.messages),
      barLabel: t("recap-trend-messages"),
      line: view.trend.map((p) => p.activeMembers),
      lineLabel: t("recap-trend-active"),
      lastBar: f.compact(last?.messages ?? 0),
      lastLine: f.compact(last?.activeMembers ?? 0),
    },
  };
}

function localDay(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return parts.format(instant);
}

// ---------------------------------------------------------------------------------------------
// Caption

export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

function quoted(m: RecapMessage, t: Translate, max: number): string {
  const text = m.snippet ? `“${escapeHtml(cut(cleanLabel(m.snippet), max))}”` : t("recap-media", { kind: m.kind });
  return m.link ? `${text} <a href="${escapeHtml(m.link)}">${t("recap-caption-open")}</a>` : text;
}

/**
 * The caption: the card's key numbers as text, HTML for parse_mode HTML (every value
 * escaped), at most 1,024 characters. Lines are optional from the bottom up: when a long
 * title and snippets would pass the limit, the snippets shrink first, then lines are dropped.
 */
export function recapCaption(view: RecapView, t: Translate): string {
  const f = formats(view.locale);
  for (const snippetChars of [80, 48]) {
    const text = captionLines(view, t, f, snippetChars).join("\n");
    if (text.length <= CAPTION_LIMIT) return text;
  }
  const lines = captionLines(view, t, f, 24);
  while (lines.length > 2 && lines.join("\n").length > CAPTION_LIMIT) lines.pop();
  return lines.join("\n");
}

function captionLines(view: RecapView, t: Translate, f: Formats, snippetChars: number): string[] {
  const lines = [
    t("recap-caption-head", { title: escapeHtml(cut(cleanLabel(view.title), 96)) }),
    escapeHtml(weekLabel(view, t, f)),
  ];
  const change = changeOf(view, t, f);
  const changeText = change
    ? ` (${change.tone === "new" ? t("recap-caption-change-new") : escapeHtml(change.text)})`
    : "";
  const channel = view.channel;
  if (channel) {
    lines.push(`📝 ${t("recap-n-posts", { n: view.messages })}${changeText}`);
    const numbers = [
      channel.viewsPerPost !== null
        ? t("recap-caption-views", { n: f.compact(Math.round(channel.viewsPerPost)) })
        : null,
      channel.forwards !== null ? t("recap-caption-forwards", { n: f.compact(channel.forwards) }) : null,
      `❤️ ${t("recap-n-reactions", { n: channel.reactions })}`,
      channel.err !== null ? t("recap-caption-err", { percent: f.percent(channel.err) }) : null,
    ].filter(Boolean);
    lines.push(numbers.join(" · "));
    if (channel.subscriberChange !== null) {
      lines.push(t("recap-caption-subscribers", { change: f.signed(channel.subscriberChange) }));
    }
    if (channel.missing.includes("views") || channel.missing.includes("forwards"))
      lines.push(t("recap-caption-missing"));
    if (channel.topPost) lines.push(t("recap-caption-top-post", { snippet: quoted(channel.topPost, t, snippetChars) }));
    return lines;
  }
  lines.push(`💬 ${t("recap-n-messages", { n: view.messages })}${changeText}`);
  const share =
    view.activeShare !== null ? ` (${t("recap-caption-active-share", { percent: f.percent(view.activeShare) })})` : "";
  lines.push(`👥 ${t("recap-n-active", { n: view.activeMembers })}${share}`);
  if (view.newcomers > 0 || view.leavers > 0) {
    lines.push(t("recap-caption-movement", { joined: f.number(view.newcomers), left: f.number(view.leavers) }));
  }
  lines.push(`❤️ ${t("recap-n-reactions", { n: view.reactions })} · ↩️ ${t("recap-n-replies", { n: view.replies })}`);
  if (view.quiet) lines.push(t("recap-caption-quiet"));
  const medals = ["🥇", "🥈", "🥉"];
  if (!view.quiet && view.podium.length > 0) {
    const names = view.podium
      .map((p, i) => `${medals[i]} ${escapeHtml(cut(cleanLabel(p.name), 32))} (${f.number(p.messages)})`)
      .join(" ");
    lines.push(t("recap-caption-podium", { names }));
  }
  if (view.newcomer)
    lines.push(t("recap-caption-newcomer", { name: escapeHtml(cut(cleanLabel(view.newcomer.name), 32)) }));
  if (view.busiest) {
    lines.push(
      t("recap-caption-busiest", {
        day: f.weekday(view.busiest.weekday),
        time: `${String(view.busiest.hour).padStart(2, "0")}:00`,
      }),
    );
  }
  if (view.topReacted) lines.push(t("recap-caption-reacted", { snippet: quoted(view.topReacted, t, snippetChars) }));
  if (view.topReplied) lines.push(t("recap-caption-replied", { snippet: quoted(view.topReplied, t, snippetChars) }));
  return lines;
}
