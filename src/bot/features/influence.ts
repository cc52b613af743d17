// /influence: a chat's top influencers and the chart of who replies to and reacts to whom.
// In a group it shows that group to its members; in private, the chats the user administers
// as buttons (as /stats does).
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { ChatInfo } from "../../queries/chats.js";
import { getInfluenceView, influenceCaption } from "../../reports/influence.js";
import { influencePicker } from "../callback-data.js";
import type { PulseContext } from "../context.js";
import { administeredChats, chatForStats, localeOf } from "../stats-common.js";

export const influenceFeature = new Composer<PulseContext>();

async function sendInfluence(ctx: PulseContext, chat: ChatInfo): Promise<void> {
  const view = await getInfluenceView(ctx.deps, { chat, locale: await localeOf(ctx) });
  if (!view) {
    await ctx.reply(ctx.t("influence-not-built"));
    return;
  }
  await ctx.replyWithChatAction("upload_photo").catch(() => {});
  const png = await ctx.deps.renderer.render(view.chart, view.cacheKey);
  await ctx.replyWithPhoto(new InputFile(png, "pulse-influence.png"), {
    caption: influenceCaption(ctx.t, view),
    parse_mode: "HTML",
  });
}

influenceFeature.chatType(["group", "supergroup"]).command("influence", async (ctx) => {
  const chat = await chatForStats(ctx, ctx.chat.id, (text) => ctx.reply(text));
  if (!chat) return;
  await sendInfluence(ctx, chat);
});

influenceFeature.chatType("private").command("influence", async (ctx) => {
  const chats = await administeredChats(ctx);
  if (chats.length === 0) {
    await ctx.reply(ctx.t("stats-no-admin-chats", { command: "influence" }));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const chat of chats) keyboard.text(chat.title.slice(0, 48), influencePicker.pack({ chatId: chat.id })).row();
  await ctx.reply(ctx.t("influence-which-chat"), { reply_markup: keyboard });
});

influenceFeature.callbackQuery(influencePicker.filter(), async (ctx) => {
  const { chatId } = influencePicker.unpack(ctx.callbackQuery.data);
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, ctx.from.id))) {
    await ctx.answerCallbackQuery({ text: ctx.t("influence-only-admins") });
    return;
  }
  await ctx.answerCallbackQuery();
  const chat = await chatForStats(ctx, chatId, (text) => ctx.reply(text));
  if (!chat) return;
  await sendInfluence(ctx, chat);
});
