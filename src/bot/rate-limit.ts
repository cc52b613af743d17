// Heavy commands (queries + a chart) are limited per user and per chat, so one person or
// one busy group cannot keep the renderer and the database busy for everyone.
import { limit } from "@grammyjs/ratelimiter";
import { Composer } from "grammy";
import type { PulseContext } from "./context.js";

const HEAVY_COMMANDS = /^\/(stats|top|activity|me|export)(@\w+)?(\s|$)/;

/** A command or button that runs queries or renders. */
export function isHeavyRequest(ctx: PulseContext): boolean {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return /^[spe]\|/.test(data);
  const text = ctx.message?.text;
  return text !== undefined && HEAVY_COMMANDS.test(text);
}

export function heavyCommandLimits(options: { perUserPerMinute: number; perChatPerMinute: number }) {
  const tooFast = async (ctx: PulseContext) => {
    const text = "Easy there — too many requests. Try again in a minute.";
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text }).catch(() => {});
    else await ctx.reply(text).catch(() => {});
  };
  const limits = new Composer<PulseContext>();
  limits.use(
    limit<PulseContext, never>({
      timeFrame: 60_000,
      limit: options.perUserPerMinute,
      keyGenerator: (ctx) => (ctx.from ? String(ctx.from.id) : undefined),
      keyPrefix: "user:",
      onLimitExceeded: (ctx) => void tooFast(ctx),
    }),
  );
  limits.use(
    limit<PulseContext, never>({
      timeFrame: 60_000,
      limit: options.perChatPerMinute,
      keyGenerator: (ctx) => (ctx.chat && ctx.chat.type !== "private" ? String(ctx.chat.id) : undefined),
      keyPrefix: "chat:",
      onLimitExceeded: (ctx) => void tooFast(ctx),
    }),
  );
  return limits;
}
