// The /stats view of a chat: the headline numbers with their changes against the previous
// period, as caption lines (message keys and arguments), and one chart spec whose labels are
// already in the asked language. Built from (deps, params), never from a bot context, so the
// commands, a scheduled post and the PDF report build the very same view for any period.
import { createHash } from "node:crypto";
import type { Database } from "../db/client.js";
import { type Locale, type Translate, translator } from "../i18n/index.js";
import {
  busiestHours,
  getFirstActivity,
  getHourOfWeekHeatmap,
  getKindMix,
  getMessageTotals,
  getTimeline,
  type KindCount,
  type MessageTotals,
  type TimelinePoint,
} from "../queries/activity.js";
import { type ChannelPosts, getChannelPosts, getSubscriberCounts, type SubscriberCounts } from "../queries/channels.js";
import { type ChatInfo, getChatInfo } from "../queries/chats.js";
import { getMedianFirstReplySeconds } from "../queries/conversations.js";
import { ENGAGED_MIN_MESSAGES, type EngagementCore, getEngagementCore } from "../queries/engagement.js";
import { getLatestNativeStats, nativeStatsHeadlines } from "../queries/native-stats.js";
import { addDays, daysBetween, type Period, parsePeriod } from "../queries/period.js";
import { currentRange, previousRange, type Range } from "../queries/range.js";
import { getReactionMix, type ReactionCount } from "../queries/reactions.js";
import { getSenderTotals, getTopSenders, type TopSender } from "../queries/senders.js";
import type { ChartSpec } from "../render/charts.js";
import { deltaArg, durationMessage, formatDecimal, formatInteger, formatPercent } from "./format.js";
import { dayName, type TimelineWindow, timelineChart, timelineWindow } from "./timeline.js";
import { type Message, message, type ReportDeps, translateLines } from "./types.js";

export const CHARTS = ["activity", "hours", "top", "kinds", "reactions"] as const;
export type ChartName = (typeof CHARTS)[number];

/** Telegram's limit for a photo caption. */
export const CAPTION_LIMIT = 1024;

/** A period: one parsed already, or local calendar days (YYYY-MM-DD, inclusive) in the chat's time zone. */
export type PeriodParam = Period | { from: string; to: string };

export interface ChatStatsParams {
  /** The chat, loaded already (the bot has it) or by id. */
  chat: ChatInfo | number;
  period: PeriodParam;
  chart: ChartName;
  /** The language of the chart's labels; the caption is translated by the caller in the same one. */
  locale: Locale;
  /** A fresher member (subscriber) count than the stored one, e.g. just asked of Telegram. */
  memberCount?: number | null;
}

export interface GroupNumbers {
  kind: "group";
  engagement: EngagementCore;
  /** Median time to a first reply, seconds; null with no replies. */
  firstReplySeconds: number | null;
  memberCounts: SubscriberCounts;
  /** Members at the end: the fresh count, else the stored one. */
  members: number | null;
}

export interface ChannelNumbers {
  kind: "channel";
  posts: ChannelPosts;
  previousPosts: ChannelPosts;
  reactions: number;
  previousReactions: number;
  subscribers: SubscriberCounts;
  subscriberCount: number | null;
}

export interface ChatStatsView {
  chat: { id: number; title: string; type: string };
  period: Period;
  /** The period as people read it ("Last 7 days"). */
  periodLabel: Message;
  chartName: ChartName;
  totals: { current: MessageTotals; previous: MessageTotals };
  audience: GroupNumbers | ChannelNumbers;
  /** The caption, one message per line (first the title line); translate with translateLines. */
  caption: Message[];
  /** Labels already in `locale`. */
  chart: ChartSpec;
  /** Identifies the picture: same chat, chart, period, language and data → same image. */
  cacheKey: string;
}

/** The chat not found (only when asked by id). */
export class UnknownChatError extends Error {
  override name = "UnknownChatError";
}

/** The period as people read it. */
export function periodLabel(period: Period): Message {
  switch (period.key) {
    case "today":
      return message("period-today");
    case "yesterday":
      return message("period-yesterday");
    case "7d":
    case "30d":
    case "90d":
    case "365d":
      return message("period-last-days", { days: Number(period.key.slice(0, -1)) });
    case "all":
      return message("period-all");
  }
  return period.firstDay === period.lastDay
    ? message("period-day", { day: period.firstDay })
    : message("period-range", { from: period.firstDay, to: period.lastDay });
}

/** A period from explicit local days in a time zone (e.g. a week or a month for a scheduled report). */
export function periodBetween(from: string, to: string, timezone: string, now: Date): Period {
  return parsePeriod(from === to ? from : `${from}..${to}`, timezone, now);
}

export async function getChatStatsView(deps: ReportDeps, params: ChatStatsParams): Promise<ChatStatsView> {
  const { database } = deps;
  const chat = typeof params.chat === "number" ? await getChatInfo(database, params.chat) : params.chat;
  if (!chat) throw new UnknownChatError(`chat ${String(params.chat)} is not recorded`);
  const timezone = chat.timezone ?? deps.config.defaultTimezone;
  const period =
    "key" in params.period ? params.period : periodBetween(params.period.from, params.period.to, timezone, deps.now());
  const { locale, chart: chartName } = params;
  const t = translator(locale);
  const range = currentRange(chat.id, period);
  const previous = previousRange(chat.id, period);
  const channel = chat.type === "channel";
  // Every query here is independent of the others, so they all go out at once: the previous
  // period only needs its totals, and the raw-messages kind scan only runs for the kinds chart.
  const [summary, before, audience, native, data] = await Promise.all([
    getMessageTotals(database, range),
    getMessageTotals(database, previous),
    channel
      ? loadChannelNumbers(database, range, previous, params.memberCount ?? chat.memberCount)
      : Promise.all([
          getEngagementCore(database, range, previous),
          getMedianFirstReplySeconds(database, range),
          getSubscriberCounts(database, range),
        ]).then(
          ([engagement, firstReplySeconds, memberCounts]): GroupNumbers => ({
            kind: "group",
            engagement,
            firstReplySeconds,
            memberCounts,
            members: params.memberCount ?? engagement.members,
          }),
        ),
    getLatestNativeStats(database.db, chat.id),
    loadChartData(database, range, period, chartName),
  ]);
  const label = periodLabel(period);
  const labelText = t(label.key, label.args as Record<string, string | number>);
  const subtitle = `${labelText} · ${period.timezone}`;
  const totals = { current: summary, previous: before };
  // A period before Pulse had the chat is only partly recorded: "▲ 573 %" against it would
  // say the chat grew when it was only not yet counted.
  const delta: Delta =
    chat.recordedSince.getTime() <= previous.start.getTime() ? (now, then) => deltaArg(now, then, locale) : () => "";

  const lines: Message[] = [message("stats-title", { title: chat.title, period: label })];
  if (audience.kind === "channel") lines.push(...channelLines(audience, totals, delta, locale));
  else lines.push(...groupLines(summary, before, audience, delta, locale));

  // Telegram's own statistics, collected by the user session for channels and big groups.
  if (native) {
    const headlines = nativeStatsHeadlines(native).slice(0, 4);
    if (headlines.length > 0) {
      lines.push(message("stats-native-title", { date: native.date }));
      for (const h of headlines) {
        lines.push(
          message("stats-native-line", {
            label: message(`stats-native-${h.key}`),
            value: h.key === "notificationsEnabledPct" ? formatDecimal(h.current, locale) : h.current,
            delta: h.previous === null ? "" : deltaArg(h.current, h.previous, locale),
          }),
        );
      }
    }
  }

  const base = { locale, title: chat.title, subtitle };
  let chart: ChartSpec;
  switch (data.chart) {
    case "activity":
      chart = timelineChart(chat.title, period, data.window, data.points, { t, locale, periodLabel: labelText });
      break;
    case "hours": {
      const busiest = busiestHours(data.values);
      if (busiest.length > 0) {
        lines.push(
          message("stats-busiest-hours", {
            hours: busiest.map((h) => `${String(h.hour).padStart(2, "0")}:00`).join(", "),
          }),
        );
      }
      chart = { kind: "heatmap", ...base, values: data.values, ...periodWeekdays(period) };
      break;
    }
    case "top": {
      const top = data.top;
      if (top.length > 0) {
        lines.push(message("stats-empty-line"));
        top.slice(0, 5).forEach((s, i) => {
          lines.push(
            message("stats-top-line", {
              rank: i + 1,
              name: truncate(s.name, 32),
              count: s.messages,
              share: formatPercent(s.share, locale),
            }),
          );
        });
      }
      chart = {
        kind: "top_senders",
        ...base,
        rows: top.map((s) => ({ name: s.name, messages: s.messages })),
        totals: data.totals,
      };
      break;
    }
    case "kinds":
      chart = { kind: "kinds", ...base, slices: data.byKind.map((k) => ({ kind: k.kind, count: k.count })) };
      break;
    case "reactions": {
      const total = data.mix.reduce((sum, r) => sum + r.count, 0);
      lines.push(message("stats-reactions-total", { count: total }));
      chart = { kind: "reactions", ...base, rows: data.mix.slice(0, 15), emptyText: t("chart-no-reactions") };
      break;
    }
  }
  // A channel's messages are its posts: every chart and empty state says so.
  if (channel) {
    chart = {
      ...chart,
      counts: "posts",
      ...(chart.kind === "reactions" ? {} : { emptyText: t("chart-no-posts") }),
    };
  } else if (chart.kind !== "reactions") {
    chart = { ...chart, emptyText: t("chart-no-messages") };
  }
  return {
    chat: { id: chat.id, title: chat.title, type: chat.type },
    period,
    periodLabel: label,
    chartName,
    totals,
    audience,
    caption: lines,
    chart,
    // The picture is drawn from the spec alone, so its key is the spec's content: any change
    // to what is drawn (an opt-out, a time-zone change, history imported into past days, the
    // timeline's running bar) gives a new key even when no new message arrived.
    cacheKey: `${chat.id}:${chartName}:${createHash("sha256").update(JSON.stringify(chart)).digest("base64url")}`,
  };
}

/** A translated caption cut to Telegram's limit. */
/** The caption in one language, for Telegram's HTML parse mode, cut to its limit. */
export function captionText(t: Translate, view: Pick<ChatStatsView, "caption">): string {
  return translateLines(t, view.caption, { html: true }).slice(0, CAPTION_LIMIT);
}

/**
 * A group's numbers after the title. Each delta sits right after the number it compares, and
 * every figure says in words what it counts: "of them 5+ messages", not "engaged (5+)".
 */
/** A change against the previous period, or nothing when that period cannot be compared. */
type Delta = (current: number, previous: number) => Message | string;

function groupLines(
  summary: MessageTotals,
  before: MessageTotals,
  group: GroupNumbers,
  delta: Delta,
  locale: Locale,
): Message[] {
  const { engagement, members } = group;
  const lines = [
    message("stats-messages", {
      count: summary.messages,
      delta: delta(summary.messages, before.messages),
    }),
    message("stats-active", {
      count: engagement.activeUsers,
      delta: delta(engagement.activeUsers, engagement.previousActive),
      engaged: engagement.engagedUsers,
      min: ENGAGED_MIN_MESSAGES,
    }),
  ];
  if (members) {
    lines.push(
      message("stats-active-share", {
        share: formatPercent(engagement.activeUsers / members, locale, 1),
        members,
        engagedShare: formatPercent(engagement.engagedUsers / members, locale, 1),
        min: ENGAGED_MIN_MESSAGES,
      }),
    );
  }
  // Joins and leaves come from the same hourly rollup as the totals, so they are not queried twice.
  const movement: Message[] = [
    message("stats-joined", { count: summary.joins }),
    message("stats-left", { count: summary.leaves }),
  ];
  const count = audienceCount("members", members, group.memberCounts, locale);
  if (count) movement.unshift(count);
  if (engagement.retention !== null) {
    movement.push(message("stats-retention", { share: formatPercent(engagement.retention, locale) }));
  }
  lines.push(joined(movement));
  const talk: Message[] = [
    message("stats-replies", { count: summary.replies, delta: delta(summary.replies, before.replies) }),
  ];
  if (group.firstReplySeconds !== null) {
    talk.push(message("stats-first-reply", { duration: durationMessage(group.firstReplySeconds, locale) }));
  }
  lines.push(joined(talk));
  lines.push(
    message("stats-media-line", {
      media: formatPercent(summary.mediaShare, locale),
      forwards: summary.forwards,
      chars: Math.round(summary.averageLength),
    }),
  );
  return lines;
}

/** Parts of one line, joined by " · ". */
function joined(parts: Message[]): Message {
  const args: Record<string, Message | string> = {};
  parts.forEach((part, i) => {
    args[`p${i}`] = part;
  });
  return message(`stats-join-${parts.length}`, args);
}

async function loadChannelNumbers(
  database: Database,
  range: Range,
  previous: Range,
  subscriberCount: number | null,
): Promise<ChannelNumbers> {
  const sum = (mix: { count: number }[]) => mix.reduce((total, r) => total + r.count, 0);
  const [posts, previousPosts, reactions, previousReactions, subscribers] = await Promise.all([
    getChannelPosts(database, range),
    getChannelPosts(database, previous),
    getReactionMix(database, range).then(sum),
    getReactionMix(database, previous).then(sum),
    getSubscriberCounts(database, range),
  ]);
  return { kind: "channel", posts, previousPosts, reactions, previousReactions, subscribers, subscriberCount };
}

/** Per-post figures: whole numbers from 100, else one decimal. */
function perPost(total: number, posts: number, locale: Locale): string {
  const value = total / posts;
  return value >= 100 ? formatInteger(value, locale) : formatDecimal(value, locale);
}

/**
 * A channel's lines after the title: posts, views per post and forwards (which exist only where
 * the user session collects them; the caption says so instead of printing zeros), reactions
 * and subscribers.
 */
function channelLines(
  numbers: ChannelNumbers,
  totals: { current: MessageTotals; previous: MessageTotals },
  delta: Delta,
  locale: Locale,
): Message[] {
  const { posts, previousPosts } = numbers;
  const lines = [
    message("stats-posts", {
      count: totals.current.messages,
      delta: delta(totals.current.messages, totals.previous.messages),
    }),
  ];
  if (posts.posts > 0) {
    if (posts.postsWithViews === 0 && posts.postsWithForwards === 0) {
      lines.push(message("stats-needs-user-session"));
    } else {
      const parts: Message[] = [];
      if (posts.postsWithViews > 0) {
        const views = posts.views / posts.postsWithViews;
        const before = previousPosts.postsWithViews > 0 ? previousPosts.views / previousPosts.postsWithViews : 0;
        // Counters the user session has not read yet would otherwise pull the average down.
        const known =
          posts.postsWithViews < posts.posts
            ? message("stats-views-known", { known: posts.postsWithViews, posts: posts.posts })
            : "";
        parts.push(
          message("stats-views-per-post", {
            views: perPost(posts.views, posts.postsWithViews, locale),
            delta: delta(views, before),
            known,
          }),
        );
      }
      if (posts.postsWithForwards > 0) {
        parts.push(
          message("stats-forwards", {
            count: posts.forwards,
            delta: delta(posts.forwards, previousPosts.forwards),
          }),
        );
      }
      lines.push(joined(parts));
    }
  }
  const reactions: Message[] = [
    message("stats-reactions", {
      count: numbers.reactions,
      delta: delta(numbers.reactions, numbers.previousReactions),
    }),
  ];
  if (posts.posts > 0 && numbers.reactions > 0) {
    reactions.push(message("stats-reactions-per-post", { value: perPost(numbers.reactions, posts.posts, locale) }));
  }
  lines.push(joined(reactions));

  const audience: Message[] = [];
  const count = audienceCount("subscribers", numbers.subscriberCount, numbers.subscribers, locale);
  if (count) audience.push(count);
  audience.push(
    message("stats-joined", { count: totals.current.joins }),
    message("stats-left", { count: totals.current.leaves }),
  );
  lines.push(joined(audience));
  return lines;
}

/**
 * "👥 <b>1,234</b> members <i>+56 since 1 Nov 2026</i>": the live count (else the last daily
 * snapshot) and its change since the snapshot at the period's start; undefined when no count is known.
 */
export function audienceCount(
  noun: "members" | "subscribers",
  liveCount: number | null,
  counts: SubscriberCounts,
  locale: Locale,
): Message | undefined {
  const current = liveCount ?? counts.end?.count ?? null;
  if (current === null) return undefined;
  const { start, end } = counts;
  // A change needs two different moments: the live count against any snapshot, or two snapshots.
  let change: Message | string = "";
  if (start && (liveCount !== null || (end !== null && start.day < end.day))) {
    const difference = current - start.count;
    const amount =
      difference === 0
        ? message("stats-no-change")
        : `${difference > 0 ? "+" : "−"}${formatInteger(Math.abs(difference), locale)}`;
    change = message("stats-change-since", { amount, day: dayName(start.day, locale) });
  }
  return message(`stats-audience-${noun}`, { count: current, change });
}

/** The weekdays (0 = Monday) of a period shorter than a week, in order; longer periods show all seven. */
function periodWeekdays(period: Period): { weekdays?: number[] } {
  const days = daysBetween(period.firstDay, period.lastDay) + 1;
  if (days >= 7) return {};
  return {
    weekdays: Array.from(
      { length: days },
      (_, i) => (new Date(`${addDays(period.firstDay, i)}T00:00:00Z`).getUTCDay() + 6) % 7,
    ),
  };
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** What one chart needs from the database, fetched alongside the headline numbers. */
type ChartData =
  | { chart: "activity"; points: TimelinePoint[]; window: TimelineWindow }
  | { chart: "hours"; values: number[][] }
  | { chart: "top"; top: TopSender[]; totals: { messages: number; senders: number } }
  | { chart: "kinds"; byKind: KindCount[] }
  | { chart: "reactions"; mix: ReactionCount[] };

async function loadChartData(
  database: Database,
  range: Range,
  period: Period,
  chartName: ChartName,
): Promise<ChartData> {
  switch (chartName) {
    case "activity": {
      const window = timelineWindow(range, period.interval, await getFirstActivity(database, range.chatId));
      return { chart: "activity", points: await getTimeline(database, window.range, window.interval), window };
    }
    case "hours":
      return { chart: "hours", values: await getHourOfWeekHeatmap(database, range) };
    case "top": {
      const [top, totals] = await Promise.all([getTopSenders(database, range, 15), getSenderTotals(database, range)]);
      return { chart: "top", top, totals };
    }
    case "kinds":
      return { chart: "kinds", byKind: await getKindMix(database, range) };
    case "reactions":
      return { chart: "reactions", mix: await getReactionMix(database, range) };
  }
}
