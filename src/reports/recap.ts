// The weekly recap as an output-neutral view model: numbers, series and message snippets for
// one chat and one week (Monday–Sunday, local). The weekly job, /recap, the PDF and the demo
// all build it here and render it with src/render/recap-card.ts; nothing here knows grammY.
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Locale } from "../i18n/index.js";
import { getFirstActivity } from "../queries/activity.js";
import { addDays, localDate } from "../queries/period.js";
import {
  getRecapActivity,
  getRecapChannel,
  getRecapChat,
  getRecapMessages,
  getRecapPodium,
  type RecapTopMessage,
} from "../queries/recap.js";
import type { Week } from "./weeks.js";

export interface ReportDeps {
  database: Database;
  config: Config;
  now: () => Date;
}

export interface RecapParams {
  chatId: number;
  week: Week;
  locale: Locale;
}

/** Below this many messages in the previous week a change in % means little: shown as "new". */
export const MIN_PREVIOUS_FOR_CHANGE = 20;
/** A week with fewer messages than this gets the gentle card: no podium pressure, no trend lecture. */
export const QUIET_WEEK_MESSAGES = 20;
/** Weeks in the trend, the recap's own week last. */
export const TREND_WEEKS = 8;

export interface RecapPerson {
  /** A user id, or a chat id for channels and anonymous admins posting as the chat. */
  senderId: number;
  name: string;
  messages: number;
}

export interface RecapNewcomer extends RecapPerson {
  joinedAt: Date;
}

export interface RecapMessage {
  messageId: number;
  date: Date;
  senderName: string | null;
  kind: string;
  /** The text's start, whitespace collapsed; null for media without a caption or a stored text. */
  snippet: string | null;
  /** Reactions or replies, depending on which list the message tops. */
  count: number;
  /** https://t.me/<username>/<id> for public chats, https://t.me/c/<id>/<id> for other supergroups and channels. */
  link: string | null;
}

export interface RecapDay {
  /** Local day, YYYY-MM-DD. */
  day: string;
  messages: number;
  activeMembers: number;
}

export interface RecapTrendPoint {
  /** The week's local Monday. */
  weekStart: string;
  isoWeek: number;
  messages: number;
  activeMembers: number;
}

/** What the user session measures and a bot alone cannot; a channel card names what is missing. */
export type ChannelMissing = "views" | "forwards" | "subscribers";

export interface RecapChannel {
  posts: number;
  /** Average views per post, over posts whose counter is known; null without the user session's data. */
  viewsPerPost: number | null;
  forwards: number | null;
  reactions: number;
  /** Engagement rate by reach: (reactions + forwards) per view, as a fraction; null without views. */
  err: number | null;
  subscribers: number | null;
  subscriberChange: number | null;
  topPost: (RecapMessage & { views: number | null; reactions: number }) | null;
  missing: ChannelMissing[];
}

export interface RecapView {
  chatId: number;
  chatType: string;
  isChannel: boolean;
  title: string;
  username: string | null;
  /** The chat's photo (JPEG or PNG bytes); the caller that fetched it from Telegram sets it. */
  photo?: Buffer;
  locale: Locale;
  timezone: string;
  week: Week;
  /** True while the week is still under way (a /recap of "this week so far"). */
  partial: boolean;
  generatedAt: Date;
  /** Few messages: the card is drawn gently, without podium and change. */
  quiet: boolean;
  messages: number;
  previousMessages: number;
  /** Fractional change against the previous week; null when it had < MIN_PREVIOUS_FOR_CHANGE messages ("new"). */
  messagesChange: number | null;
  activeMembers: number;
  previousActiveMembers: number;
  /** Member count at the week's end, when known (chats.member_count or the latest snapshot). */
  memberCount: number | null;
  /** activeMembers / memberCount, when the member count is known. */
  activeShare: number | null;
  newcomers: number;
  leavers: number;
  reactions: number;
  replies: number;
  /** Seven local days, Monday first. */
  days: RecapDay[];
  /** Messages per local weekday (0 = Monday) and hour: 7 rows of 24. */
  heatmap: number[][];
  /** The busiest local weekday (0 = Monday) and hour; null without messages. */
  busiest: { weekday: number; hour: number; messages: number } | null;
  /** Top three contributors; members who opted out never appear. */
  podium: RecapPerson[];
  /** The newcomer of the week: joined this week, wrote the most. */
  newcomer: RecapNewcomer | null;
  topReacted: RecapMessage | null;
  topReplied: RecapMessage | null;
  /** TREND_WEEKS weeks, oldest first, this week last. */
  trend: RecapTrendPoint[];
  /** For channels only. */
  channel: RecapChannel | null;
}

/**
 * Builds the recap of one chat's week; undefined when the chat is unknown or the week holds
 * nothing to show (no messages, no posts, no joins or leaves): an empty week posts nothing.
 */
export async function getRecapView(deps: ReportDeps, params: RecapParams): Promise<RecapView | undefined> {
  const { database } = deps;
  const { chatId, week, locale } = params;
  const chat = await getRecapChat(database, chatId, week.end);
  if (!chat) return undefined;
  const now = deps.now();
  const partial = week.endsAt > now;
  const isChannel = chat.type === "channel";

  const [activity, firstActivity] = await Promise.all([
    getRecapActivity(database, chatId, week, TREND_WEEKS),
    getFirstActivity(database, chatId),
  ]);
  if (activity.messages === 0 && activity.joins === 0 && activity.leaves === 0) return undefined;
  // A channel's own numbers replace the people and the top messages of a group.
  const [podium, messages, channel] = isChannel
    ? [undefined, undefined, await getRecapChannel(database, chatId, week)]
    : await Promise.all([getRecapPodium(database, chatId, week), getRecapMessages(database, chatId, week), undefined]);
  const top = messages ?? { reactions: channel?.reactions ?? 0, reacted: null, replied: null };

  const link = (messageId: number) => messageLink(chat, messageId);
  const toMessage = (m: RecapTopMessage | null | undefined): RecapMessage | null =>
    m
      ? {
          messageId: m.messageId,
          date: m.date,
          senderName: m.senderName,
          kind: m.kind,
          snippet: snippet(m.text),
          count: m.count,
          link: link(m.messageId),
        }
      : null;

  const memberCount = chat.memberCount;
  const quiet = activity.messages < QUIET_WEEK_MESSAGES;
  return {
    chatId,
    chatType: chat.type,
    isChannel,
    title: chat.title,
    username: chat.username,
    locale,
    timezone: week.timezone,
    week,
    partial,
    generatedAt: now,
    quiet,
    messages: activity.messages,
    previousMessages: activity.previousMessages,
    messagesChange:
      activity.previousMessages >= MIN_PREVIOUS_FOR_CHANGE
        ? (activity.messages - activity.previousMessages) / activity.previousMessages
        : null,
    activeMembers: activity.activeMembers,
    previousActiveMembers: activity.previousActiveMembers,
    memberCount: memberCount && memberCount > 0 ? memberCount : null,
    activeShare: memberCount && memberCount > 0 ? Math.min(1, activity.activeMembers / memberCount) : null,
    newcomers: activity.joins,
    leavers: activity.leaves,
    reactions: top.reactions,
    replies: activity.replies,
    days: activity.days,
    heatmap: activity.heatmap,
    busiest: activity.busiest,
    podium: podium?.top ?? [],
    newcomer: podium?.newcomer ?? null,
    topReacted: toMessage(top.reacted),
    topReplied: toMessage(top.replied),
    trend: recordedTrend(activity.trend, firstActivity, week.timezone),
    channel: channel
      ? {
          ...channel,
          topPost: channel.topPost
            ? {
                ...(toMessage(channel.topPost) as RecapMessage),
                views: channel.topPost.views,
                reactions: channel.topPost.reactions,
              }
            : null,
        }
      : null,
  };
}

/**
 * A message's t.me link: public chats by username; supergroups and channels without one by
 * the internal form (members only); basic groups have no message links.
 */
export function messageLink(
  chat: { id: number; type: string; username: string | null },
  messageId: number,
): string | null {
  if (chat.username) return `https://t.me/${chat.username}/${messageId}`;
  const id = String(chat.id);
  if ((chat.type === "supergroup" || chat.type === "channel") && id.startsWith("-100")) {
    return `https://t.me/c/${id.slice(4)}/${messageId}`;
  }
  return null;
}

const SNIPPET_CHARS = 90;

/** A message's opening words on one line, cut at a word where possible, in code points. */
export function snippet(text: string | null | undefined, max = SNIPPET_CHARS): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return null;
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The trend from the first week Pulse has anything of the chat: weeks before it were not
 * quiet, they were not recorded, and drawn as zeros they made every new chat's line climb
 * from nothing. The recap's own week always stays.
 */
export function recordedTrend(
  trend: RecapTrendPoint[],
  firstActivity: Date | null,
  timezone: string,
): RecapTrendPoint[] {
  if (!firstActivity) return trend.slice(-1);
  const firstDay = localDate(firstActivity, timezone);
  const from = trend.findIndex((point) => addDays(point.weekStart, 6) >= firstDay);
  return trend.slice(from === -1 ? -1 : Math.min(from, trend.length - 1));
}
