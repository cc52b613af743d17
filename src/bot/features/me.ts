// /me: your own numbers — in a group for that group, in private for every group you write in.
import { Composer } from "grammy";
import { isOptedOut } from "../../ingest/optout.js";
import { getMemberChatsView, getMemberView } from "../../reports/member.js";
import { translateLines } from "../../reports/types.js";
import type { PulseContext } from "../context.js";
import { chatForStats, localeOf, periodFor } from "../stats-common.js";

export const meFeature = new Composer<PulseContext>();

meFeature.chatType(["group", "supergroup"]).command("me", async (ctx) => {
  if (ctx.msg.sender_chat) {
    await ctx.reply(ctx.t("me-anonymous"));
    return;
  }
  if (await isOptedOut(ctx.deps.database, ctx.from.id)) {
    await ctx.reply(ctx.t("me-opted-out"));
    return;
  }
  const answer = (text: string) => ctx.reply(text);
  // "/me @anna": the person meant someone else's numbers, which /stats @anna shows.
  const someone = /^@\w{1,32}$/.exec(ctx.match.trim())?.[0];
  if (someone) {
    await ctx.reply(ctx.t("me-someone-else", { who: someone }));
    return;
  }
  const chat = await chatForStats(ctx, ctx.chat.id, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, ctx.match, answer);
  if (!period) return;
  const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ");
  const view = await getMemberView(ctx.deps, {
    chat,
    period,
    member: { id: ctx.from.id, name },
    locale: await localeOf(ctx),
  });
  await ctx.reply(translateLines(ctx.t, view.lines, { html: true }), { parse_mode: "HTML" });
});

meFeature.chatType("private").command("me", async (ctx) => {
  if (await isOptedOut(ctx.deps.database, ctx.from.id)) {
    await ctx.reply(ctx.t("me-opted-out"));
    return;
  }
  const view = await getMemberChatsView(ctx.deps, { userId: ctx.from.id, locale: await localeOf(ctx) });
  if (view.chats.length === 0) {
    await ctx.reply(ctx.t("me-never-wrote"));
    return;
  }
  await ctx.reply(translateLines(ctx.t, view.lines, { html: true }), { parse_mode: "HTML" });
});
