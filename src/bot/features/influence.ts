// /influence: a chat's top influencers and the chart of who replies to and reacts to whom.
// In a group it shows that group to its members; in private, the chats the user administers
// as buttons (as /stats does).
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { ChatInfo } from "../../queries/chats.js";
import type { PulseContext } from "../context.js";
import { administeredChats, chatForStats, timezoneOf } from "../stats-common.js";
import { buildInfluenceView } from "../views/influence.js";

export const influenceFeature = new Composer<PulseContext>();

const NOT_BUILT =
  "The influence network is built once a day, at 03:00 UTC, and its first build hasn't run yet. Try /influence again after it.";

async function sendInfluence(ctx: PulseContext, chat: ChatInfo): Promise<void> {
  const view = await buildInfluenceView(ctx.deps.database, chat, timezoneOf(ctx, chat));
  if (!view) {
    await ctx.reply(NOT_BUILT);
    return;
  }
  await ctx.replyWithChatAction("upload_photo").catch(() => {});
  const png = await ctx.deps.renderer.render(view.chart, view.cacheKey);
  await ctx.replyWithPhoto(new InputFile(png, "pulse-influence.png"), { caption: view.caption, parse_mode: "HTML" });
}

influenceFeature.chatType(["group", "supergroup"]).command("influence", async (ctx) => {
  const chat = await chatForStats(ctx, ctx.chat.id, (text) => ctx.reply(text));
  if (!chat) return;
  await sendInfluence(ctx, chat);
});

influenceFeature.chatType("private").command("influence", async (ctx) => {
  const chats = await administeredChats(ctx);
  if (chats.length === 0) {
    await ctx.reply(
      "I don't see a chat you administer. Add me to your group or channel as an administrator, then use /influence there or here.",
    );
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const chat of chats) keyboard.text(chat.title.slice(0, 48), `i|${chat.id}`).row();
  await ctx.reply("Influence in which chat?", { reply_markup: keyboard });
});

influenceFeature.callbackQuery(/^i\|(-?\d{1,16})$/, async (ctx) => {
  const chatId = Number(ctx.match[1]);
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, ctx.from.id))) {
    await ctx.answerCallbackQuery({ text: "Only that chat's administrators can see its influence network here." });
    return;
  }
  await ctx.answerCallbackQuery();
  const chat = await chatForStats(ctx, chatId, (text) => ctx.reply(text));
  if (!chat) return;
  await sendInfluence(ctx, chat);
});
