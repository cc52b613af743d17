// /recap: the weekly recap card on demand. In a group: this week so far, `/recap last`, or
// `/recap 2026-11-02` (the week holding that day); `pdf` anywhere in the arguments sends the
// PDF report instead. In private, the chats the user administers are offered as buttons.
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { Locale } from "../../i18n/index.js";
import { getFirstActivity } from "../../queries/activity.js";
import { localDate } from "../../queries/period.js";
import { fetchChatPhoto } from "../../recap/chat-photo.js";
import { formatLongDay, formatWeekRange } from "../../recap/format.js";
import { buildRecapPdf } from "../../recap/pdf.js";
import {
  decodeWeekChoice,
  encodeWeekChoice,
  parseRecapRequest,
  type RecapRequest,
  resolveWeek,
  weekProblem,
} from "../../recap/request.js";
import { recapCaption, renderRecapCard } from "../../render/recap-card.js";
import { getRecapView } from "../../reports/recap.js";
import { callbackData, field } from "../callback-data.js";
import type { PulseContext } from "../context.js";
import { replyWithChart } from "../settings/access.js";
import { administeredChats, chatForStats, localeOf, timezoneOf } from "../stats-common.js";

export const recapFeature = new Composer<PulseContext>();

/** Private /recap: the chat picked, with the week and format the command asked for. */
export const recapPicker = callbackData(
  "rc",
  { chatId: field.int(), week: field.text(/now|last|\d{8}/), format: field.oneOf(["card", "pdf"] as const) },
  { rateLimit: "heavy" },
);

recapFeature.chatType(["group", "supergroup"]).command("recap", async (ctx) => {
  const request = await parsedOrAnswered(ctx, ctx.match);
  if (request) await sendRecap(ctx, ctx.chat.id, request, (text) => ctx.reply(text));
});

recapFeature.chatType("private").command("recap", async (ctx) => {
  const request = await parsedOrAnswered(ctx, ctx.match);
  if (!request) return;
  const chats = await administeredChats(ctx);
  if (chats.length === 0) {
    await ctx.reply(ctx.t("recap-bot-no-admin-chats"));
    return;
  }
  const keyboard = new InlineKeyboard();
  const week = encodeWeekChoice(request.week);
  for (const chat of chats) {
    keyboard.text(chat.title.slice(0, 48), recapPicker.pack({ chatId: chat.id, week, format: request.format })).row();
  }
  await ctx.reply(ctx.t("recap-bot-pick-chat"), { reply_markup: keyboard });
});

recapFeature.callbackQuery(recapPicker.filter(), async (ctx) => {
  const { chatId, week, format } = recapPicker.unpack(ctx.callbackQuery.data);
  const choice = decodeWeekChoice(week);
  if (!choice) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
    return;
  }
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, ctx.from.id))) {
    await ctx.answerCallbackQuery({ text: ctx.t("recap-bot-not-admin"), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await sendRecap(ctx, chatId, { week: choice, format }, (text) => ctx.reply(text));
});

async function parsedOrAnswered(ctx: PulseContext, args: string): Promise<RecapRequest | undefined> {
  const request = parseRecapRequest(args);
  if (!("error" in request)) return request;
  await ctx.reply(
    ctx.t(request.error === "bad-date" ? "recap-bot-bad-date" : "recap-bot-bad-argument", { input: request.input }),
  );
  return undefined;
}

/**
 * Builds and sends the recap of `chatId` for the requested week into the current chat, or
 * answers why it cannot: unknown chat, nothing recorded, a week not begun, a week before
 * the first data, a week with nothing in it.
 */
async function sendRecap(
  ctx: PulseContext,
  chatId: number,
  request: RecapRequest,
  answer: (text: string) => Promise<unknown>,
): Promise<void> {
  const { deps } = ctx;
  const chat = await chatForStats(ctx, chatId, answer);
  if (!chat) return;
  const timezone = timezoneOf(ctx, chat);
  const now = deps.now();
  const locale: Locale = await localeOf(ctx);
  const week = resolveWeek(request.week, now, timezone);
  const range = formatWeekRange(week, locale);
  const first = await getFirstActivity(deps.database, chat.id);
  const problem = weekProblem(week, now, first);
  if (problem === "future") {
    await answer(ctx.t("recap-bot-future-week", { range }));
    return;
  }
  if (problem === "before-data" && first) {
    await answer(ctx.t("recap-bot-before-data", { range, first: formatLongDay(localDate(first, timezone), locale) }));
    return;
  }
  await ctx.replyWithChatAction(request.format === "pdf" ? "upload_document" : "upload_photo").catch(() => {});
  const view = await getRecapView(deps, { chatId: chat.id, week, locale });
  if (!view) {
    await answer(ctx.t("recap-bot-empty-week", { range }));
    return;
  }
  const files = { apiRoot: deps.config.telegramApiRoot, botToken: deps.config.botToken };
  const photo = await fetchChatPhoto(ctx.api, files, chat.id);
  if (photo) view.photo = photo;
  const card = await renderRecapCard(view, ctx.t);
  if (request.format === "card") {
    await replyWithChart(ctx, new InputFile(card, `pulse-recap-${week.start}.png`), {
      caption: recapCaption(view, ctx.t),
      parse_mode: "HTML",
    });
    return;
  }
  const pdf = await buildRecapPdf(deps, { view, card, t: ctx.t, locale });
  await ctx.replyWithDocument(new InputFile(pdf, `pulse-recap-${chat.id}-${week.start}.pdf`), {
    caption: ctx.t("recap-bot-pdf-caption", { week: week.isoWeek, range }),
  });
}
