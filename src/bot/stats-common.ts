// Pieces shared by the statistics features: resolving the chat a request is about, the
// period in its time zone, the language to answer in, the inline keyboard, sending the picture.
// The numbers, captions and chart specs come from src/reports; this file only asks and sends.
import { InlineKeyboard, InputFile } from "grammy";
import type { User } from "grammy/types";
import { type Locale, pickLocale } from "../i18n/index.js";
import { getFirstActivity } from "../queries/activity.js";
import { type ChatInfo, getCandidateChatsForUser, getChatInfo } from "../queries/chats.js";
import { type Period, PeriodError, parsePeriod } from "../queries/period.js";
import { CHARTS, type ChartName, type ChatStatsView, captionText, getChatStatsView } from "../reports/chat-stats.js";
import { statsView } from "./callback-data.js";
import type { PulseContext } from "./context.js";
import { replyWithChart } from "./settings/access.js";

export const KEYBOARD_PERIODS = ["today", "7d", "30d", "90d", "365d", "all"] as const;

/** The language this update is answered in (the chat's choice, else the person's), for reports and Intl. */
export async function localeOf(ctx: PulseContext): Promise<Locale> {
  return pickLocale(await ctx.i18n.getLocale());
}

export function statsKeyboard(ctx: PulseContext, chatId: number, periodKey: string, chart: ChartName): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const selected = (label: string, on: boolean) => (on ? ctx.t("stats-button-selected", { label }) : label);
  for (const key of KEYBOARD_PERIODS) {
    keyboard.text(
      selected(ctx.t(`stats-button-${key}`), key === periodKey),
      statsView.pack({ chatId, period: key, chart }),
    );
  }
  keyboard.row();
  for (const name of CHARTS) {
    keyboard.text(
      selected(ctx.t(`stats-chart-${name}`), name === chart),
      statsView.pack({ chatId, period: periodKey, chart: name }),
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
    await answer(ctx.t("stats-unknown-chat"));
    return undefined;
  }
  if (!chat?.hasActivity) {
    const blind = chat?.botStatus === "member" && !ctx.me.can_read_all_group_messages && chat.type !== "channel";
    await answer(blind ? ctx.t("stats-privacy-mode", { bot: ctx.me.username }) : ctx.t("stats-nothing-recorded"));
    return undefined;
  }
  return chat;
}

export function timezoneOf(ctx: PulseContext, chat: ChatInfo): string {
  return chat.timezone ?? ctx.deps.config.defaultTimezone;
}

/** Parses a period for a chat, answering the user with the specific problem, translated, if it is bad. */
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
      await answer(periodErrorText(ctx, error));
      return undefined;
    }
    throw error;
  }
}

export function periodErrorText(ctx: PulseContext, error: PeriodError): string {
  return ctx.t(error.key, error.args);
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

/** The /stats view in this update's language, its caption translated, its chart drawn (or taken from the cache). */
export async function buildAndRender(
  ctx: PulseContext,
  chat: ChatInfo,
  period: Period,
  chart: ChartName,
): Promise<{ view: ChatStatsView; caption: string; photo: InputFile }> {
  const memberCount = await refreshMemberCount(ctx, chat);
  const locale = await localeOf(ctx);
  const view = await getChatStatsView(ctx.deps, { chat, period, chart, locale, memberCount });
  const png = await ctx.deps.renderer.render(view.chart, view.cacheKey);
  return { view, caption: captionText(ctx.t, view), photo: new InputFile(png, `pulse-${chart}.png`) };
}

/** Sends a stats picture for a chat into the current chat, or privately to the asker (/settings). */
export async function sendChatStats(
  ctx: PulseContext,
  chat: ChatInfo,
  period: Period,
  chart: ChartName,
): Promise<void> {
  await ctx.replyWithChatAction("upload_photo").catch(() => {});
  const { caption, photo } = await buildAndRender(ctx, chat, period, chart);
  await replyWithChart(ctx, photo, {
    caption,
    parse_mode: "HTML",
    reply_markup: statsKeyboard(ctx, chat.id, period.key, chart),
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
