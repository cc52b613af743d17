// /me: your own numbers — in a group for that group, in private for every group you write in.
import { Composer } from "grammy";
import { isOptedOut } from "../../ingest/optout.js";
import { getChatsOfUser, getMemberStats } from "../../queries/members.js";
import { localDate, parsePeriod } from "../../queries/period.js";
import { currentRange } from "../../queries/range.js";
import type { PulseContext } from "../context.js";
import { escapeHtml, formatNumber } from "../format.js";
import { chatForStats, periodFor } from "../stats-common.js";
import { buildMemberStatsText } from "../views/member-stats.js";

export const meFeature = new Composer<PulseContext>();

const OPTED_OUT =
  "You opted out, so I don't count you and have no numbers of yours to show. Send /optin to be counted again.";

meFeature.chatType(["group", "supergroup"]).command("me", async (ctx) => {
  if (ctx.msg.sender_chat) {
    await ctx.reply("You're posting anonymously, so I can't tell who you are. Use /me from your own account.");
    return;
  }
  if (await isOptedOut(ctx.deps.database, ctx.from.id)) {
    await ctx.reply(OPTED_OUT);
    return;
  }
  const answer = (text: string) => ctx.reply(text);
  const chat = await chatForStats(ctx, ctx.chat.id, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, ctx.match, answer);
  if (!period) return;
  const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ");
  const text = await buildMemberStatsText(ctx.deps.database, chat, period, { id: ctx.from.id, name }, ctx.deps.now());
  await ctx.reply(text, { parse_mode: "HTML" });
});

meFeature.chatType("private").command("me", async (ctx) => {
  if (await isOptedOut(ctx.deps.database, ctx.from.id)) {
    await ctx.reply(OPTED_OUT);
    return;
  }
  const chats = await getChatsOfUser(ctx.deps.database, ctx.from.id);
  if (chats.length === 0) {
    await ctx.reply("I haven't seen you write in any group I'm in yet.");
    return;
  }
  // The list already carries each chat's title and timezone; the chats' stats are independent,
  // so they are fetched concurrently and printed in the list's order.
  const now = ctx.deps.now();
  const userId = ctx.from.id;
  const rows = await Promise.all(
    chats.slice(0, 15).map(async (chat) => {
      // As timezoneOf in stats-common: the chat's own setting, else the bot's default.
      const tz = chat.timezone ?? ctx.deps.config.defaultTimezone;
      const period = parsePeriod("30d", tz, now);
      const stats = await getMemberStats(
        ctx.deps.database,
        currentRange(chat.chatId, period),
        userId,
        localDate(now, tz),
      );
      const rank =
        stats.rank === null
          ? "no messages"
          : `${formatNumber(stats.messages)} messages, #${stats.rank} of ${stats.senders}`;
      return `• <b>${escapeHtml(chat.title)}</b>: ${rank} · streak ${stats.currentStreak} (best ${stats.longestStreak})`;
    }),
  );
  const lines = ["<b>You, last 30 days</b>", ...rows];
  await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
});
