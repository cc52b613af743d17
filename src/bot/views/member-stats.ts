// One member's numbers in one chat, as a message text.
import type { Database } from "../../db/client.js";
import type { ChatInfo } from "../../queries/chats.js";
import { getMemberStats } from "../../queries/members.js";
import { localDate, type Period } from "../../queries/period.js";
import { currentRange } from "../../queries/range.js";
import { escapeHtml, formatDate, formatNumber, formatPercent } from "../format.js";

export async function buildMemberStatsText(
  database: Database,
  chat: ChatInfo,
  period: Period,
  member: { id: number; name: string },
  now: Date,
): Promise<string> {
  const stats = await getMemberStats(
    database,
    currentRange(chat.id, period),
    member.id,
    localDate(now, period.timezone),
  );
  const head = `👤 <b>${escapeHtml(member.name)}</b> in <b>${escapeHtml(chat.title)}</b> · ${escapeHtml(period.label)}`;
  if (stats.firstSeen === null) return `${head}\nNo messages from them since Pulse started recording here.`;
  const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  return [
    head,
    stats.rank === null
      ? "💬 no messages in this period"
      : `💬 <b>${formatNumber(stats.messages)}</b> messages · ${formatPercent(stats.share, 1)} of the chat · rank <b>#${stats.rank}</b> of ${stats.senders}`,
    `📅 ${days(stats.activeDays)} active · 🔥 streak ${days(stats.currentStreak)} (best ${days(stats.longestStreak)})`,
    `↩️ ${formatNumber(stats.replies)} replies · 🖼 ${formatNumber(stats.media)} media · ❤️ ${formatNumber(stats.reactionsReceived)} reactions received`,
    `🕐 first seen ${formatDate(stats.firstSeen, period.timezone)} · last seen ${stats.lastSeen ? formatDate(stats.lastSeen, period.timezone) : "—"}`,
  ].join("\n");
}
