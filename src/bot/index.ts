// Builds the bot: API transformers (retry, error metrics), dependencies on the context,
// then the collector and the features, in the order they must see updates.
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, type BotError, type Composer, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { collector } from "../collectors/bot/collector.js";
import { deliveryContact } from "../delivery/contact.js";
import { createI18n, pickLocale } from "../i18n/index.js";
import { mayBeAnswered } from "./answerable.js";
import type { BotDeps, PulseContext } from "./context.js";
import { alertsFeature } from "./features/alerts.js";
import { exportFeature } from "./features/export.js";
import { helpFeature } from "./features/help.js";
import { importFeature } from "./features/import.js";
import { influenceFeature } from "./features/influence.js";
import { meFeature } from "./features/me.js";
import { membershipFeature } from "./features/membership.js";
import { optoutFeature } from "./features/optout.js";
import { recapFeature } from "./features/recap.js";
import { settingsFeature } from "./features/settings.js";
import { statsFeature } from "./features/stats.js";
import { trackFeature } from "./features/track.js";
import { unhandledFeature } from "./features/unhandled.js";
import { AdminCheckUnavailable } from "./permissions.js";
import { answerEveryCallbackQuery, heavyCommandLimits, isHeavyRequest, translate } from "./rate-limit.js";
import { statsAccessGate } from "./settings/access.js";

/**
 * The features that answer people, in the order they see an update (the first to handle it
 * wins). A new feature is its Composer here plus its commands in src/bot/commands.ts; the
 * last handler, which answers stray button presses, is installed after all of them. They see
 * only the updates `mayBeAnswered` lets through (commands, buttons, private chats, replies
 * to the bot).
 */
export const FEATURES: readonly Composer<PulseContext>[] = [
  statsFeature,
  meFeature,
  exportFeature,
  recapFeature,
  influenceFeature,
  trackFeature,
  optoutFeature,
  importFeature,
  settingsFeature,
  alertsFeature,
  helpFeature,
];

export interface CreateBotOptions {
  /** Skips getMe at start-up; tests pass a fixed one. */
  botInfo?: UserFromGetMe;
}

export function createBot(deps: BotDeps, options: CreateBotOptions = {}): Bot<PulseContext> {
  const { config, metrics, log } = deps;
  const bot = new Bot<PulseContext>(config.botToken, {
    botInfo: options.botInfo,
    client: {
      apiRoot: config.telegramApiRoot,
      // getUpdates holds for up to 30 s; anything else that hangs this long is dead.
      timeoutSeconds: 60,
    },
  });

  // Installed first so it sees every failed attempt, including the ones auto-retry repeats.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      if (!response.ok) metrics.botApiErrors.inc({ method, code: String(response.error_code) });
      return response;
    } catch (error) {
      if (!signal?.aborted) metrics.botApiErrors.inc({ method, code: "network" });
      throw error;
    }
  });
  // Inside auto-retry: every attempt, a retry after a 429 included, waits for Telegram's
  // limits, so retries cannot pile on top of the messages already going out.
  deps.delivery.attach(bot.api);
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: config.apiRetry.maxAttempts,
      maxDelaySeconds: config.apiRetry.maxDelaySeconds,
      rethrowInternalServerErrors: false,
      // Network failures are not bounded by maxRetryAttempts in auto-retry; getUpdates has the
      // runner's own retry loop, and a failed send is better reported than retried forever.
      rethrowHttpErrors: true,
    }),
  );

  bot.use((ctx, next) => {
    ctx.deps = deps;
    return next();
  });
  // Before everything else, so even a press whose handler fails is answered.
  bot.use(answerEveryCallbackQuery);
  bot.use(collector);
  // Private updates say whether the bot may DM their sender again (or no longer).
  bot.use(deliveryContact);
  bot.use(membershipFeature);
  // After ingest, only updates that may be answered go on: they alone pay for choosing a
  // language and for the features' filters.
  const answerable = bot.filter(mayBeAnswered);
  answerable.use(createI18n<PulseContext>(negotiateLocale).middleware());
  // A feature that fails is logged with its update and answered here; what follows the
  // boundary (nothing today) would still run.
  const features = answerable.errorBoundary((error) => reportFailure(error, { answerButton: true }));
  // Queries and charts are limited per user and per chat; ordinary messages never count.
  // Chats that keep statistics to their admins refuse the others first, before the limits count them.
  features.filter(isHeavyRequest).use(statsAccessGate());
  features.filter(isHeavyRequest).use(heavyCommandLimits(config.rateLimits));
  for (const feature of FEATURES) features.use(feature);
  features.use(unhandledFeature);

  // Failures before the features (ingest, choosing a language): a press is already answered
  // by answerEveryCallbackQuery on its way out.
  bot.catch((error) => reportFailure(error, { answerButton: false }));

  async function reportFailure(error: BotError<PulseContext>, options: { answerButton: boolean }): Promise<void> {
    metrics.handlerErrors.inc();
    const { ctx } = error;
    // Telegram not answering getChatMember is not a bug: the user is told to retry, not "no".
    const unavailable = error.error instanceof AdminCheckUnavailable;
    if (unavailable) log.warn({ err: error.error.cause, updateId: ctx.update.update_id }, "admin check failed");
    else log.error({ err: describe(error), updateId: ctx.update.update_id }, "update handler failed");
    const answer = translate(ctx, unavailable ? (error.error as AdminCheckUnavailable).key : "error-generic");
    if (ctx.callbackQuery && options.answerButton) {
      await ctx.answerCallbackQuery({ text: answer.slice(0, 200) }).catch(() => {});
      return;
    }
    // Only a person who asked something gets an answer; ingest failures stay in the logs.
    const text = ctx.message?.text;
    if (ctx.chat && text?.startsWith("/")) await ctx.reply(answer).catch(() => {});
  }
  log.debug({ apiRoot: config.telegramApiRoot ?? "https://api.telegram.org" }, "bot created");
  return bot;
}

/** The chat's language when an admin chose one (/settings), else the person's own. */
async function negotiateLocale(ctx: PulseContext) {
  const chatId = ctx.chat?.id;
  if (chatId !== undefined && ctx.chat?.type !== "private") {
    const chosen = (await ctx.deps.chatSettings.get(chatId))?.locale;
    if (chosen) return chosen;
  }
  return pickLocale(ctx.from?.language_code);
}

function describe(error: BotError): unknown {
  const inner = error.error;
  if (inner instanceof GrammyError)
    return { method: inner.method, code: inner.error_code, description: inner.description };
  if (inner instanceof HttpError) return { message: inner.message };
  return inner;
}
