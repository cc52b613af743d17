// What a chat's settings change for its statistics: who may ask (statsAccess) and where the
// charts go (chartsTo). The gate sits before the rate limiter, so refused requests do not use
// up the chat's allowance; the chart helper is the one call the statistics features make
// instead of replying with a photo.

import type { InlineKeyboard, InputFile, Middleware } from "grammy";
import type { PulseContext } from "../context.js";
import { RATE_LIMIT_WINDOW_MS, SlidingWindowLimiter } from "../rate-limit.js";

/**
 * In a group whose statistics are for administrators only, lets only administrators (and
 * anonymous ones, who write as the group) through. A refused button press is always answered;
 * a refused command gets one refusal per person and minute, so a burst is not echoed.
 */
export function statsAccessGate(clock?: () => number): Middleware<PulseContext> {
  const warned = new SlidingWindowLimiter(1, RATE_LIMIT_WINDOW_MS, clock);
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat || (chat.type !== "group" && chat.type !== "supergroup")) return next();
    const settings = await ctx.deps.chatSettings.get(chat.id);
    if (settings?.statsAccess !== "admins") return next();
    if (ctx.senderChat?.id === chat.id) return next();
    if (ctx.from && (await ctx.deps.admins.isAdmin(ctx.api, chat.id, ctx.from.id))) return next();
    const text = ctx.t("settings-stats-admins-only");
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text, show_alert: true }).catch(() => {});
      return;
    }
    if (!warned.take(`${chat.id}:${ctx.from?.id}`)) return;
    const messageId = ctx.msg?.message_id;
    await ctx
      .reply(text, messageId ? { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } } : {})
      .catch(() => {});
  };
}

export interface ChartOptions {
  caption?: string;
  parse_mode?: "HTML";
  reply_markup?: InlineKeyboard;
}

/**
 * Sends a chart asked for in this chat where the chat's settings want it: into the chat, or
 * (chartsTo = private) to the asker's private chat, with a short note in the group. Someone
 * who never started the bot (or blocked it) cannot be written to; the group is told how to fix that.
 * The buttons go along privately only to administrators, the only ones whose presses a
 * private statistics view accepts.
 */
export async function replyWithChart(ctx: PulseContext, photo: InputFile, options: ChartOptions): Promise<void> {
  const chat = ctx.chat;
  const asker = ctx.from;
  const inGroup = chat && (chat.type === "group" || chat.type === "supergroup");
  // Anonymous admins write as the group: there is no private chat to send to.
  if (!inGroup || !asker || ctx.senderChat || (await ctx.deps.chatSettings.get(chat.id))?.chartsTo !== "private") {
    await ctx.replyWithPhoto(photo, options);
    return;
  }
  const admin = await ctx.deps.admins.isAdmin(ctx.api, chat.id, asker.id).catch(() => false);
  const { reply_markup, ...rest } = options;
  const replyTo = ctx.msg?.message_id
    ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } }
    : {};
  // Through the delivery module: it remembers someone who never started the bot (or blocked
  // it) and does not try again until they write to the bot.
  const sent = await ctx.deps.delivery.sendPhoto(
    asker.id,
    photo,
    admin && reply_markup ? { ...rest, reply_markup } : rest,
  );
  if (!sent.ok) {
    if (sent.reason === "blocked" || sent.reason === "chat_gone") {
      await ctx.reply(ctx.t("settings-charts-start-bot", { bot: ctx.me.username }), replyTo);
      return;
    }
    throw new Error(`private chart not sent: ${sent.description}`);
  }
  await ctx.reply(ctx.t("settings-charts-sent-privately"), replyTo).catch(() => {});
}
