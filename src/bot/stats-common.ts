// Pieces shared by the statistics features: resolving the chat a request is about, the
// period in its time zone, the inline keyboard and its callback data, sending the picture.
import { InlineKeyboard, InputFile } from "grammy";
import type { User } from "grammy/types";
import { getFirstActivity } from "../queries/activity.js";
import { type ChatInfo, getCandidateChatsForUser, getChatInfo } from "../queries/chats.js";
import { type Period, PeriodError, parsePeriod } from "../queries/period.js";
import type { PulseContext } from "./context.js";
import { privacyNotice } from "./features/membership.js";
import { buildChatStatsView, CHART_LABELS, CHARTS, type ChartName, type ChatStatsView } from "./views/chat-stats.js";

export const KEYBOARD_PERIODS = ["today", "7d", "30d", "90d", "365d", "all"] as const;
const PERIOD_LABELS: Record<string, string> = {
  today: "Today",
  "7d": "7d",
  "30d": "30d",
  "90d": "90d",
  "365d": "1y",
  all: "All",
};

/** Callback data: "s|<chat id>|<period key>|<chart>" (≤ 64 bytes, as Telegram requires). */
export function statsCallbackData(chatId: number, periodKey: string, chart: ChartName): string {
  return `s|${chatId}|${periodKey}|${chart}`;
}

export function parseStatsCallbackData(
  data: string,
): { chatId: number; periodKey: string; chart: ChartName } | undefined {
  const match = /^s\|(-?\d{1,16})\|([0-9a-z.-]{1,24})\|([a-z]{1,12})$/.exec(data);
  if (!match) return undefined;
  const chart = match[3] as ChartName;
  if (!CHARTS.includes(chart)) return undefined;
  return { chatId: Number(match[1]), periodKey: match[2] as string, chart };
}

export function statsKeyboard(chatId: number, periodKey: string, chart: ChartName): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const key of KEYBOARD_PERIODS) {
    const label = PERIOD_LABELS[key] ?? key;
    keyboard.text(key === periodKey ? `• ${label}` : label, statsCallbackData(chatId, key, chart));
  }
  keyboard.row();
  for (const name of CHARTS) {
    keyboard.text(
      name === chart ? `• ${CHART_LABELS[name]}` : CHART_LABELS[name],
      statsCallbackData(chatId, periodKey, name),
    );
    if (name === "hours") keyboard.row();
  }
  return keyboard;
}

/**
 * Loads a chat for a statistics request, or answers why there is nothing to show: unknown
 * chat, the bot cannot see messages (privacy mode), or nothing recorded yet.
 */
export async function chatForStats(
  ctx: PulseContext,
  chatId: number,
  answer: (text: string) => Promise<unknown>,
): Promise<ChatInfo | undefined> {
  const chat = await getChatInfo(ctx.deps.database, chatId);
  if (!chat && chatId !== ctx.chat?.id) {
    await answer("I have no records of that chat. Add me to it (as an administrator) and I'll start counting.");
    return undefined;
  }
  if (!chat?.hasActivity) {
    const blind = chat?.botStatus === "member" && !ctx.me.can_read_all_group_messages && chat.type !== "channel";
    await answer(
      blind
        ? privacyNotice(ctx.me.username).replace(/<\/?b>/g, "")
        : "Nothing recorded here yet: I count messages from the moment I was added. Check back after some conversation.",
    );
    return undefined;
  }
  return chat;
}

export function timezoneOf(ctx: PulseContext, chat: ChatInfo): string {
  return chat.timezone ?? ctx.deps.config.defaultTimezone;
}

/** Parses a period for a chat, answering the user with the specific problem if it is bad. */
export async function periodFor(
  ctx: PulseContext,
  chat: ChatInfo,
  text: string | undefined,
  answer: (text: string) => Promise<unknown>,
): Promise<Period | undefined> {
  try {
    const firstActivity =
      text?.trim().toLowerCase() === "all" ? await getFirstActivity(ctx.deps.database, chat.id) : null;
    return parsePeriod(text || undefined, timezoneOf(ctx, chat), ctx.deps.now(), { firstActivity });
  } catch (error) {
    if (error instanceof PeriodError) {
      await answer(error.message);
      return undefined;
    }
    throw error;
  }
}

/** When each chat's member count was last asked of Telegram, per running bot. */
const memberCountFetched = new WeakMap<object, Map<number, number>>();
const MEMBER_COUNT_TTL_MS = 10 * 60_000;

/**
 * Member count straight from Telegram (and stored), at most every ten minutes per chat;
 * in between, and when Telegram does not answer, the stored one. Button presses would
 * otherwise ask Telegram every time.
 */
export async function refreshMemberCount(ctx: PulseContext, chat: ChatInfo): Promise<number | null> {
  let fetched = memberCountFetched.get(ctx.deps);
  if (!fetched) {
    fetched = new Map();
    memberCountFetched.set(ctx.deps, fetched);
  }
  const now = ctx.deps.now().getTime();
  const last = fetched.get(chat.id);
  if (last !== undefined && now - last < MEMBER_COUNT_TTL_MS && chat.memberCount !== null) return chat.memberCount;
  try {
    const count = await ctx.api.getChatMemberCount(chat.id);
    fetched.set(chat.id, now);
    void ctx.deps.writer
      .write({ chats: [{ id: chat.id, type: chat.type as "supergroup", memberCount: count, seenAt: ctx.deps.now() }] })
      .catch(() => {});
    return count;
  } catch {
    return chat.memberCount;
  }
}

export async function buildAndRender(
  ctx: PulseContext,
  chat: ChatInfo,
  period: Period,
  chart: ChartName,
): Promise<{ view: ChatStatsView; photo: InputFile }> {
  const memberCount = await refreshMemberCount(ctx, chat);
  const view = await buildChatStatsView(ctx.deps.database, chat, period, chart, { memberCount });
  const png = await ctx.deps.renderer.render(view.chart, view.cacheKey);
  return { view, photo: new InputFile(png, `pulse-${chart}.png`) };
}

/** Sends a stats picture for a chat into the current chat. */
export async function sendChatStats(
  ctx: PulseContext,
  chat: ChatInfo,
  period: Period,
  chart: ChartName,
): Promise<void> {
  await ctx.replyWithChatAction("upload_photo").catch(() => {});
  const { view, photo } = await buildAndRender(ctx, chat, period, chart);
  await ctx.replyWithPhoto(photo, {
    caption: view.caption,
    parse_mode: "HTML",
    reply_markup: statsKeyboard(chat.id, period.key, chart),
  });
}

/** The chats a private /stats or /export may offer this user: candidates they administer (checked in parallel). */
export async function administeredChats(ctx: PulseContext & { from: User }) {
  const candidates = await getCandidateChatsForUser(ctx.deps.database, ctx.from.id);
  const checks = await Promise.all(
    candidates.map(async (chat) => ((await ctx.deps.admins.isAdmin(ctx.api, chat.id, ctx.from.id)) ? chat : undefined)),
  );
  return checks.filter((chat) => chat !== undefined);
}
