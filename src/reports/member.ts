// One member's numbers: in one chat for a period (/stats @user, /me in a group), or across
// every group they write in (/me in private). Numbers and message keys, never a bot context.
import type { Locale } from "../i18n/index.js";
import { type ChatInfo, getChatInfo } from "../queries/chats.js";
import { getChatsOfUser, getMemberStats, type MemberStats } from "../queries/members.js";
import { localDate, type Period, parsePeriod } from "../queries/period.js";
import { currentRange } from "../queries/range.js";
import { type PeriodParam, periodBetween, periodLabel, UnknownChatError } from "./chat-stats.js";
import { formatDate, formatPercent } from "./format.js";
import { type Message, message, type ReportDeps } from "./types.js";

export interface MemberParams {
  chat: ChatInfo | number;
  period: PeriodParam;
  member: { id: number; name: string };
  locale: Locale;
}

export interface MemberView {
  chat: { id: number; title: string };
  member: { id: number; name: string };
  period: Period;
  stats: MemberStats;
  /** One message per line; translate with translateLines (HTML). */
  lines: Message[];
}

export async function getMemberView(deps: ReportDeps, params: MemberParams): Promise<MemberView> {
  const now = deps.now();
  const { member, locale } = params;
  const statsOf = (chatId: number, period: Period) =>
    getMemberStats(deps.database, currentRange(chatId, period), member.id, localDate(now, period.timezone));
  const chatOf = async () => {
    const chat = typeof params.chat === "number" ? await getChatInfo(deps.database, params.chat) : params.chat;
    if (!chat) throw new UnknownChatError(`chat ${String(params.chat)} is not recorded`);
    return chat;
  };
  let chat: Awaited<ReturnType<typeof chatOf>>;
  let period: Period;
  let stats: MemberStats;
  if ("key" in params.period) {
    // A named period does not depend on the chat's settings: its numbers are read meanwhile.
    period = params.period;
    const chatId = typeof params.chat === "number" ? params.chat : params.chat.id;
    [chat, stats] = await Promise.all([chatOf(), statsOf(chatId, period)]);
  } else {
    chat = await chatOf();
    const timezone = chat.timezone ?? deps.config.defaultTimezone;
    period = periodBetween(params.period.from, params.period.to, timezone, now);
    stats = await statsOf(chat.id, period);
  }
  const lines: Message[] = [
    message("member-title", { name: member.name, chat: chat.title, period: periodLabel(period) }),
  ];
  if (stats.firstSeen === null) {
    lines.push(message("member-never-seen"));
  } else {
    lines.push(
      stats.rank === null
        ? message("member-no-messages")
        : message("member-messages", {
            count: stats.messages,
            share: formatPercent(stats.share, locale, 1),
            rank: stats.rank,
            senders: stats.senders,
          }),
      message("member-days", {
        active: stats.activeDays,
        streak: stats.currentStreak,
        best: stats.longestStreak,
      }),
      message("member-interactions", {
        replies: stats.replies,
        media: stats.media,
        reactions: stats.reactionsReceived,
      }),
      message("member-seen", {
        first: formatDate(stats.firstSeen, period.timezone, locale),
        last: stats.lastSeen ? formatDate(stats.lastSeen, period.timezone, locale) : "—",
      }),
    );
  }
  return { chat: { id: chat.id, title: chat.title }, member, period, stats, lines };
}

export interface MemberChatsParams {
  userId: number;
  locale: Locale;
  /** At most this many chats, most recent first (default 15). */
  limit?: number;
}

export interface MemberChatsView {
  chats: { chatId: number; title: string; stats: MemberStats }[];
  /** Empty when the member wrote in no group Pulse is in. */
  lines: Message[];
}

/** The member's last 30 days in each group they write in (private /me). */
export async function getMemberChatsView(deps: ReportDeps, params: MemberChatsParams): Promise<MemberChatsView> {
  const chats = await getChatsOfUser(deps.database, params.userId);
  if (chats.length === 0) return { chats: [], lines: [] };
  const now = deps.now();
  // The list already carries each chat's title and time zone; the chats' stats are
  // independent, so they are fetched concurrently and listed in the list's order.
  const rows = await Promise.all(
    chats.slice(0, params.limit ?? 15).map(async (chat) => {
      const timezone = chat.timezone ?? deps.config.defaultTimezone;
      const period = parsePeriod("30d", timezone, now);
      const stats = await getMemberStats(
        deps.database,
        currentRange(chat.chatId, period),
        params.userId,
        localDate(now, timezone),
      );
      return { chatId: chat.chatId, title: chat.title, stats };
    }),
  );
  const lines = [
    message("me-private-title"),
    ...rows.map(({ title, stats }) =>
      message("me-private-line", {
        chat: title,
        rank:
          stats.rank === null
            ? message("me-private-no-messages")
            : message("me-private-rank", { count: stats.messages, rank: stats.rank, senders: stats.senders }),
        streak: stats.currentStreak,
        best: stats.longestStreak,
      }),
    ),
  ];
  return { chats: rows, lines };
}
