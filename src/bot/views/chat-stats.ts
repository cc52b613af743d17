// The /stats view of a chat: the headline numbers with deltas as a caption, and one chart.
// It composes queries (numbers) and a chart spec (for the renderer); it never draws itself.
import type { Database } from "../../db/client.js";
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
} from "../../queries/activity.js";
import { getSubscriberCounts } from "../../queries/channels.js";
import type { ChatInfo } from "../../queries/chats.js";
import { getMedianFirstReplySeconds } from "../../queries/conversations.js";
import { ENGAGED_MIN_MESSAGES, type EngagementCore, getEngagementCore } from "../../queries/engagement.js";
import { getLatestNativeStats, nativeStatsHeadlines } from "../../queries/native-stats.js";
import { addDays, daysBetween, type Period } from "../../queries/period.js";
import { currentRange, previousRange, type Range } from "../../queries/range.js";
import { getReactionMix, type ReactionCount } from "../../queries/reactions.js";
import { getSenderTotals, getTopSenders, type TopSender } from "../../queries/senders.js";
import type { ChartSpec } from "../../render/charts.js";
import { escapeHtml, formatDelta, formatDuration, formatNumber, formatPercent, truncate } from "../format.js";
import { audienceCount, channelLines, loadChannelNumbers } from "./channel-stats.js";
import { type TimelineWindow, timelineChart, timelineWindow } from "./timeline.js";

export const CHARTS = ["activity", "hours", "top", "kinds", "reactions"] as const;
export type ChartName = (typeof CHARTS)[number];

export const CHART_LABELS: Record<ChartName, string> = {
  activity: "📈 Activity",
  hours: "🕒 Hours",
  top: "🏆 Top",
  kinds: "🧩 Kinds",
  reactions: "❤️ Reactions",
};

export interface ChatStatsView {
  caption: string;
  chart: ChartSpec;
  /** Identifies the picture: same chat, chart, period and data → same image. */
  cacheKey: string;
}

export async function buildChatStatsView(
  database: Database,
  chat: ChatInfo,
  period: Period,
  chartName: ChartName,
  options: { memberCount?: number | null } = {},
): Promise<ChatStatsView> {
  const range = currentRange(chat.id, period);
  const previous = previousRange(chat.id, period);
  const channel = chat.type === "channel";
  // Every query here is independent of the others, so they all go out at once: the previous
  // period only needs its totals, and the raw-messages kind scan only runs for the kinds chart.
  const [summary, before, audience, native, data] = await Promise.all([
    getMessageTotals(database, range),
    getMessageTotals(database, previous),
    channel
      ? loadChannelNumbers(database, range, previous).then((numbers) => ({ kind: "channel" as const, numbers }))
      : Promise.all([
          getEngagementCore(database, range, previous),
          getMedianFirstReplySeconds(database, range),
          getSubscriberCounts(database, range),
        ]).then(([engagement, replySeconds, memberCounts]) => ({
          kind: "group" as const,
          engagement,
          replySeconds,
          memberCounts,
        })),
    getLatestNativeStats(database.db, chat.id),
    loadChartData(database, range, period, chartName),
  ]);
  const subtitle = `${period.label} · ${period.timezone}`;

  const lines = [`📊 <b>${escapeHtml(chat.title)}</b> · ${escapeHtml(period.label)}`];
  if (audience.kind === "channel") {
    const subscribers = options.memberCount ?? chat.memberCount;
    lines.push(...channelLines(audience.numbers, { current: summary, previous: before }, subscribers));
  } else {
    const members = options.memberCount ?? audience.engagement.members;
    const memberCount = audienceCount("members", members, audience.memberCounts);
    lines.push(...groupLines(summary, before, audience.engagement, audience.replySeconds, members, memberCount));
  }

  // Telegram's own statistics, collected by the user session for channels and big groups.
  if (native) {
    const headlines = nativeStatsHeadlines(native).slice(0, 4);
    if (headlines.length > 0) {
      lines.push(`📡 Telegram stats (${native.date}):`);
      for (const h of headlines) {
        lines.push(
          `   ${escapeHtml(h.label)}: <b>${formatNumber(h.current)}</b>${h.previous === null ? "" : delta(h.current, h.previous)}`,
        );
      }
    }
  }

  let chart: ChartSpec;
  switch (data.chart) {
    case "activity":
      chart = timelineChart(chat.title, period, data.window, data.points);
      break;
    case "hours": {
      const busiest = busiestHours(data.values);
      if (busiest.length > 0) {
        lines.push(`🕒 busiest: ${busiest.map((h) => `${String(h.hour).padStart(2, "0")}:00`).join(", ")}`);
      }
      chart = { kind: "heatmap", title: chat.title, subtitle, values: data.values, ...periodWeekdays(period) };
      break;
    }
    case "top": {
      const top = data.top;
      if (top.length > 0) {
        lines.push("");
        top.slice(0, 5).forEach((s, i) => {
          lines.push(
            `${i + 1}. ${escapeHtml(truncate(s.name, 32))} — ${formatNumber(s.messages)} (${formatPercent(s.share)})`,
          );
        });
      }
      chart = {
        kind: "top_senders",
        title: chat.title,
        subtitle,
        rows: top.map((s) => ({ name: s.name, messages: s.messages })),
        totals: data.totals,
      };
      break;
    }
    case "kinds":
      chart = {
        kind: "kinds",
        title: chat.title,
        subtitle,
        slices: data.byKind.map((k) => ({ kind: k.kind, count: k.count })),
      };
      break;
    case "reactions": {
      const mix = data.mix;
      const total = mix.reduce((sum, r) => sum + r.count, 0);
      lines.push(`❤️ ${formatNumber(total)} reactions`);
      chart = {
        kind: "reactions",
        title: chat.title,
        subtitle,
        rows: mix.slice(0, 15),
        emptyText: "No reactions in this period",
      };
      break;
    }
  }
  // A channel's messages are its posts: every chart and empty state says so.
  if (channel) {
    chart = {
      ...chart,
      counts: "posts",
      ...(chart.kind === "reactions" ? {} : { emptyText: "No posts in this period" }),
    };
  }
  const dataVersion = chat.lastMessageAt ? Math.floor(chat.lastMessageAt.getTime() / 60_000) : 0;
  return {
    caption: lines.join("\n").slice(0, 1024),
    chart,
    // The timeline's buckets and its "so far" bar move with the clock even when no message
    // arrives, so its picture is also keyed by the hour the period ends in.
    cacheKey: `${chat.id}:${chartName}:${period.key}:${period.lastDay}:${dataVersion}${chartName === "activity" ? `:${Math.floor(period.end.getTime() / 3_600_000)}` : ""}`,
  };
}

/**
 * A group's numbers after the title. Each delta sits right after the number it compares, and
 * every figure says in words what it counts: "of them 5+ messages", not "engaged (5+)".
 */
function groupLines(
  summary: MessageTotals,
  before: MessageTotals,
  engagement: EngagementCore,
  replySeconds: number | null,
  members: number | null,
  /** The member count and its change over the period (daily snapshots), when known. */
  memberCount: string | null,
): string[] {
  const lines = [
    `💬 <b>${formatNumber(summary.messages)}</b> messages${delta(summary.messages, before.messages)}`,
    `👤 <b>${formatNumber(engagement.activeUsers)}</b> members wrote${delta(engagement.activeUsers, engagement.previousActive)} · <b>${formatNumber(engagement.engagedUsers)}</b> of them ${ENGAGED_MIN_MESSAGES}+ messages`,
  ];
  if (members) {
    lines.push(
      `📈 ${formatPercent(engagement.activeUsers / members, 1)} of all ${formatNumber(members)} members wrote · ${formatPercent(engagement.engagedUsers / members, 1)} wrote ${ENGAGED_MIN_MESSAGES}+ messages`,
    );
  }
  // Joins and leaves come from the same hourly rollup as the totals, so they are not queried twice.
  const movement = [`➕ ${formatNumber(summary.joins)} joined`, `➖ ${formatNumber(summary.leaves)} left`];
  if (memberCount) movement.unshift(memberCount);
  if (engagement.retention !== null) {
    movement.push(`🔁 ${formatPercent(engagement.retention)} of the previous period's writers wrote again`);
  }
  lines.push(movement.join(" · "));
  const talk = [`↩️ ${formatNumber(summary.replies)} replies${delta(summary.replies, before.replies)}`];
  if (replySeconds !== null) talk.push(`⏱ first reply ~${formatDuration(replySeconds)}`);
  lines.push(talk.join(" · "));
  lines.push(
    `🖼 media ${formatPercent(summary.mediaShare)} · 🔀 ${formatNumber(summary.forwards)} forwards · ✍️ avg ${formatNumber(summary.averageLength)} chars`,
  );
  return lines;
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

/** " <i>▲ 12%</i>" to follow a number directly, or nothing when there is no comparison. */
const delta = (current: number, previous: number) => {
  const text = formatDelta(current, previous);
  return text ? ` <i>${text}</i>` : "";
};

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
