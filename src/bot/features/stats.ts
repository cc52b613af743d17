// /stats, /top and /activity: a chat's numbers and a chart, with buttons that switch period
// and chart by editing the same message. In a group they show that group to its members;
// in private, /stats lists the chats the user administers. `/stats @user` (or as a reply)
// shows one member.
import { Composer, InlineKeyboard, InputMediaBuilder } from "grammy";
import type { Message, MessageEntity } from "grammy/types";
import { isOptedOut } from "../../ingest/optout.js";
import { findUserByUsername, getSenderNames } from "../../queries/names.js";
import { PeriodError, parsePeriod } from "../../queries/period.js";
import { CHARTS, type ChartName } from "../../reports/chat-stats.js";
import { getMemberView } from "../../reports/member.js";
import { translateLines } from "../../reports/types.js";
import { statsPeriodPicker, statsPicker, statsView } from "../callback-data.js";
import type { PulseContext } from "../context.js";
import {
  administeredChats,
  buildAndRender,
  chatForStats,
  localeOf,
  periodErrorText,
  periodFor,
  sendChatStats,
  statsKeyboard,
} from "../stats-common.js";

export const statsFeature = new Composer<PulseContext>();

const groups = statsFeature.chatType(["group", "supergroup"]);

groups.command("stats", async (ctx) => {
  const { period: periodText, member } = await parseMemberAndPeriod(ctx, ctx.match, ctx.msg);
  if (member === null) return; // an unknown @username, or several, was answered already
  if (member && (await isOptedOut(ctx.deps.database, member.id))) {
    await ctx.reply(ctx.t("stats-member-opted-out"));
    return;
  }
  const answer = (text: string) => ctx.reply(text);
  const chat = await chatForStats(ctx, ctx.chat.id, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, periodText, answer);
  if (!period) return;
  if (member) {
    const view = await getMemberView(ctx.deps, { chat, period, member, locale: await localeOf(ctx) });
    await ctx.reply(translateLines(ctx.t, view.lines, { html: true }), { parse_mode: "HTML" });
    return;
  }
  await sendChatStats(ctx, chat, period, "activity");
});

for (const [command, chart] of [
  ["top", "top"],
  ["activity", "hours"],
] as const) {
  groups.command(command, async (ctx) => {
    const answer = (text: string) => ctx.reply(text);
    const chat = await chatForStats(ctx, ctx.chat.id, answer);
    if (!chat) return;
    const period = await periodFor(ctx, chat, ctx.match, answer);
    if (!period) return;
    await sendChatStats(ctx, chat, period, chart);
  });
}

// In private: the chats this user administers, as buttons.
statsFeature.chatType("private").command("stats", async (ctx) => {
  const chats = await administeredChats(ctx);
  if (chats.length === 0) {
    await ctx.reply(ctx.t("stats-no-admin-chats", { command: "stats" }));
    return;
  }
  // A period given here ("/stats 30d") is checked now, in the default time zone, so a wrong one
  // is answered before a chat is picked; the buttons carry it and the pick checks it again in
  // the chosen chat's own zone.
  let periodKey: string | undefined;
  if (ctx.match.trim() !== "") {
    try {
      periodKey = parsePeriod(ctx.match, ctx.deps.config.defaultTimezone, ctx.deps.now()).key;
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      await ctx.reply(periodErrorText(ctx, error));
      return;
    }
  }
  const keyboard = new InlineKeyboard();
  for (const chat of chats) {
    const data =
      periodKey === undefined
        ? statsPicker.pack({ chatId: chat.id })
        : statsPeriodPicker.pack({ chatId: chat.id, period: periodKey });
    keyboard.text(chat.title.slice(0, 48), data).row();
  }
  await ctx.reply(ctx.t("stats-which-chat"), { reply_markup: keyboard });
});

async function showPickedChat(
  ctx: PulseContext,
  userId: number,
  chatId: number,
  periodKey: string | undefined,
): Promise<void> {
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, userId))) {
    await ctx.answerCallbackQuery({ text: ctx.t("stats-only-admins") });
    return;
  }
  await ctx.answerCallbackQuery();
  const answer = (text: string) => ctx.reply(text);
  const chat = await chatForStats(ctx, chatId, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, periodKey, answer);
  if (!period) return;
  await sendChatStats(ctx, chat, period, "activity");
}

statsFeature.callbackQuery(statsPicker.filter(), (ctx) =>
  showPickedChat(ctx, ctx.from.id, statsPicker.unpack(ctx.callbackQuery.data).chatId, undefined),
);
statsFeature.callbackQuery(statsPeriodPicker.filter(), (ctx) => {
  const { chatId, period } = statsPeriodPicker.unpack(ctx.callbackQuery.data);
  return showPickedChat(ctx, ctx.from.id, chatId, period);
});

// Period and chart buttons: re-validate everything, since callback data comes from the client.
statsFeature.callbackQuery(statsView.filter(), async (ctx) => {
  const data = statsView.unpack(ctx.callbackQuery.data);
  const message = ctx.callbackQuery.message;
  if (!CHARTS.includes(data.chart as ChartName)) {
    await ctx.answerCallbackQuery({ text: ctx.t("stats-button-invalid") });
    return;
  }
  const request = { chatId: data.chatId, periodKey: data.period, chart: data.chart as ChartName };
  if (!message) {
    await ctx.answerCallbackQuery({ text: ctx.t("stats-view-expired") });
    return;
  }
  if (message.chat.type === "private") {
    if (!(await ctx.deps.admins.isAdmin(ctx.api, request.chatId, ctx.from.id))) {
      await ctx.answerCallbackQuery({ text: ctx.t("stats-only-admins") });
      return;
    }
  } else if (message.chat.id !== request.chatId) {
    await ctx.answerCallbackQuery({ text: ctx.t("stats-button-other-chat") });
    return;
  }
  let problem: string | undefined;
  const answer = async (text: string) => {
    problem = text;
  };
  const chat = await chatForStats(ctx, request.chatId, answer);
  const period = chat ? await periodFor(ctx, chat, request.periodKey, answer) : undefined;
  if (!chat || !period) {
    await ctx.answerCallbackQuery({ text: (problem ?? ctx.t("stats-nothing-to-show")).slice(0, 200) });
    return;
  }
  const { caption, photo } = await buildAndRender(ctx, chat, period, request.chart);
  try {
    await ctx.editMessageMedia(InputMediaBuilder.photo(photo, { caption, parse_mode: "HTML" }), {
      reply_markup: statsKeyboard(ctx, chat.id, period.key, request.chart),
    });
    await ctx.answerCallbackQuery();
  } catch (error) {
    const description = (error as { description?: string }).description ?? "";
    if (/not modified/i.test(description)) {
      await ctx.answerCallbackQuery({ text: ctx.t("stats-already-showing") });
    } else if (/not found|can't be edited/i.test(description)) {
      await ctx.answerCallbackQuery({ text: ctx.t("stats-view-expired") });
    } else {
      throw error;
    }
  }
});

/**
 * Splits "/stats @anna 30d" into a member and a period. The member comes from an @username,
 * a mention of someone without a username, or the message replied to. Returns member null
 * after telling the user an @username is unknown or that they named more than one.
 */
async function parseMemberAndPeriod(
  ctx: PulseContext,
  args: string,
  message: Message,
): Promise<{ period: string | undefined; member: { id: number; name: string } | undefined | null }> {
  const words = args.split(/\s+/).filter(Boolean);
  const usernames = words.filter((w) => w.startsWith("@"));
  const period = words.filter((w) => !w.startsWith("@")).join(" ") || undefined;
  const mention = (message.entities ?? []).find(
    (e): e is MessageEntity.TextMentionMessageEntity => e.type === "text_mention",
  );
  // One member per answer: a second name would be dropped without a word.
  if (usernames.length + (mention ? 1 : 0) > 1) {
    await ctx.reply(ctx.t("stats-one-member"));
    return { period, member: null };
  }
  if (mention)
    return {
      period: stripMentionText(args, message, mention),
      member: { id: mention.user.id, name: mention.user.first_name },
    };
  if (usernames.length > 0) {
    const username = usernames[0] as string;
    const user = await findUserByUsername(ctx.deps.database, message.chat.id, username);
    if (!user) {
      await ctx.reply(ctx.t("stats-unknown-member", { username }));
      return { period, member: null };
    }
    return { period, member: { id: user.id, name: user.name } };
  }
  const replied = message.reply_to_message;
  // In forum topics every message "replies" to the topic's first message: that is not a choice of member.
  if (replied && !replied.forum_topic_created && replied.from && !replied.from.is_bot && !replied.sender_chat) {
    const names = await getSenderNames(ctx.deps.database, [replied.from.id]);
    return { period, member: { id: replied.from.id, name: names.get(replied.from.id) ?? replied.from.first_name } };
  }
  return { period, member: undefined };
}

function stripMentionText(args: string, message: Message, mention: MessageEntity): string | undefined {
  const text = message.text ?? "";
  const mentioned = text.slice(mention.offset, mention.offset + mention.length);
  const rest = args.replace(mentioned, " ").trim();
  return rest || undefined;
}
