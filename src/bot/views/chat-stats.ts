// The /stats view of a chat: the headline numbers with deltas as a caption, and one chart.
// It composes queries (numbers) and a chart spec (for the renderer); it never draws itself.
import type { Database } from "../../db/client.js";
import { busiestHours, getHourOfWeekHeatmap, getMessageSummary, getTimeline } from "../../queries/activity.js";
import type { ChatInfo } from "../../queries/chats.js";
import { getMedianFirstReplySeconds } from "../../queries/conversations.js";
import { countActiveUsers, getEngagement } from "../../queries/engagement.js";
import { getLatestNativeStats, nativeStatsHeadlines } from "../../queries/native-stats.js";
import type { Period } from "../../queries/period.js";
import { currentRange, previousRange } from "../../queries/range.js";
import { getReactionMix } from "../../queries/reactions.js";
import { getTopSenders } from "../../queries/senders.js";
import type { ChartSpec } from "../../render/charts.js";
import { escapeHtml, formatDelta, formatDuration, formatNumber, formatPercent, truncate } from "../format.js";

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
  const [summary, before, engagement, previousActive, replySeconds] = await Promise.all([
    getMessageSummary(database, range),
    getMessageSummary(database, previous),
    getEngagement(database, range, previous),
    countActiveUsers(database, previous),
    getMedianFirstReplySeconds(database, range),
  ]);
  const members = options.memberCount ?? engagement.members;
  const subtitle = `${period.label} · ${period.timezone}`;

  const lines = [
    `📊 <b>${escapeHtml(chat.title)}</b> · ${escapeHtml(period.label)}`,
    `💬 <b>${formatNumber(summary.messages)}</b> messages ${delta(summary.messages, before.messages)}`,
    `👤 <b>${formatNumber(engagement.activeUsers)}</b> active · <b>${formatNumber(engagement.engagedUsers)}</b> engaged (5+) ${delta(engagement.activeUsers, previousActive)}`,
  ];
  if (members) {
    lines.push(
      `📈 engagement ${formatPercent(engagement.activeUsers / members, 1)} of ${formatNumber(members)} members · deep ${formatPercent(engagement.engagedUsers / members, 1)}`,
    );
  }
  const movement = [`➕ ${formatNumber(engagement.joined)} joined`, `➖ ${formatNumber(engagement.left)} left`];
  if (engagement.retention !== null) movement.push(`🔁 retention ${formatPercent(engagement.retention)}`);
  lines.push(movement.join(" · "));
  const talk = [`↩️ ${formatNumber(summary.replies)} replies ${delta(summary.replies, before.replies)}`];
  if (replySeconds !== null) talk.push(`⏱ first reply ~${formatDuration(replySeconds)}`);
  lines.push(talk.join(" · "));
  lines.push(
    `🖼 media ${formatPercent(summary.mediaShare)} · 🔀 ${formatNumber(summary.forwards)} forwards · ✍️ avg ${formatNumber(summary.averageLength)} chars`,
  );

  // Telegram's own statistics, collected by the user session for channels and big groups.
  const native = await getLatestNativeStats(database.db, chat.id);
  if (native) {
    const headlines = nativeStatsHeadlines(native).slice(0, 4);
    if (headlines.length > 0) {
      lines.push(`📡 Telegram stats (${native.date}):`);
      for (const h of headlines) {
        lines.push(
          `   ${escapeHtml(h.label)}: <b>${formatNumber(h.current)}</b>${h.previous === null ? "" : ` ${delta(h.current, h.previous)}`}`,
        );
      }
    }
  }

  let chart: ChartSpec;
  switch (chartName) {
    case "activity": {
      const points = await getTimeline(database, range, period.interval);
      chart = {
        kind: "timeline",
        title: chat.title,
        subtitle,
        interval: period.interval,
        points: points.map((p) => ({ label: p.bucket, messages: p.messages, activeUsers: p.activeUsers })),
      };
      break;
    }
    case "hours": {
      const values = await getHourOfWeekHeatmap(database, range);
      const busiest = busiestHours(values);
      if (busiest.length > 0) {
        lines.push(`🕒 busiest: ${busiest.map((h) => `${String(h.hour).padStart(2, "0")}:00`).join(", ")}`);
      }
      chart = { kind: "heatmap", title: chat.title, subtitle, values };
      break;
    }
    case "top": {
      const top = await getTopSenders(database, range, 15);
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
      };
      break;
    }
    case "kinds":
      chart = {
        kind: "kinds",
        title: chat.title,
        subtitle,
        slices: summary.byKind.map((k) => ({ kind: k.kind, count: k.count })),
      };
      break;
    case "reactions": {
      const mix = await getReactionMix(database, range);
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
  const dataVersion = chat.lastMessageAt ? Math.floor(chat.lastMessageAt.getTime() / 60_000) : 0;
  return {
    caption: lines.join("\n").slice(0, 1024),
    chart,
    cacheKey: `${chat.id}:${chartName}:${period.key}:${period.lastDay}:${dataVersion}`,
  };
}

const delta = (current: number, previous: number) => {
  const text = formatDelta(current, previous);
  return text ? `<i>${text}</i>` : "";
};
