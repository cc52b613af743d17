// /export [period]: CSV files for a chat's administrators — daily activity, per-member
// activity, and messages with their engagement — plus the chat's network (who replies to,
// reacts to and forwards whom; all time, from the daily social-graph build) as a CSV edge
// list and GEXF. Files always go to the admin's private chat: they hold per-member data that
// not every member of a group should receive.

import type { Api } from "grammy";
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { ChatInfo } from "../../queries/chats.js";
import {
  getDailyActivityRows,
  getMemberActivityRows,
  getMessageRows,
  MAX_EXPORT_MESSAGES,
} from "../../queries/export.js";
import { getNetworkEdges, getSocialGraphStatus } from "../../queries/influence.js";
import { type Period, PeriodError, parsePeriod } from "../../queries/period.js";
import { currentRange } from "../../queries/range.js";
import { toCsv } from "../../render/csv.js";
import { periodLabel } from "../../reports/chat-stats.js";
import { formatDateTime } from "../../reports/format.js";
import { escapeHtml, translateMessage } from "../../reports/types.js";
import { exportPicker } from "../callback-data.js";
import type { PulseContext } from "../context.js";
import { administeredChats, chatForStats, localeOf, periodErrorText, periodFor } from "../stats-common.js";
import { exportWorkbookFeature, workbookButton } from "./export-workbook.js";

export const exportFeature = new Composer<PulseContext>();
// The XLSX workbook offered under the CSV files (its button and handler).
exportFeature.use(exportWorkbookFeature);

exportFeature.chatType(["group", "supergroup"]).command("export", async (ctx) => {
  // Exports hand out per-member data: ask Telegram now rather than trust the cache.
  if (!(await ctx.deps.admins.isAdmin(ctx.api, ctx.chat.id, ctx.from.id, { fresh: true }))) {
    await ctx.reply(ctx.t("export-only-admins"));
    return;
  }
  const answer = (text: string) => ctx.reply(text);
  const chat = await chatForStats(ctx, ctx.chat.id, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, ctx.match, answer);
  if (!period) return;
  try {
    await sendExport(ctx, ctx.api, ctx.from.id, chat, period);
    await ctx.reply(ctx.t("export-sent"));
  } catch (error) {
    if ((error as { error_code?: number }).error_code === 403) {
      await ctx.reply(ctx.t("export-cant-message", { bot: ctx.me.username }));
      return;
    }
    throw error;
  }
});

exportFeature.chatType("private").command("export", async (ctx) => {
  const chats = await administeredChats(ctx);
  if (chats.length === 0) {
    await ctx.reply(ctx.t("export-no-admin-chats"));
    return;
  }
  // Checked now, in the default time zone, so a bad date is answered before a chat is picked;
  // the button carries its canonical key ("30D" → 30d, "2026-03-01 2026-03-31" → a range with
  // ".."), as the group command reads them, and checks it again in the chosen chat's own zone.
  let period: string;
  try {
    period = parsePeriod(ctx.match.trim() || "30d", ctx.deps.config.defaultTimezone, ctx.deps.now()).key;
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    await ctx.reply(periodErrorText(ctx, error));
    return;
  }
  const keyboard = new InlineKeyboard();
  for (const chat of chats)
    keyboard.text(chat.title.slice(0, 48), exportPicker.pack({ chatId: chat.id, period })).row();
  await ctx.reply(ctx.t("export-which-chat"), { reply_markup: keyboard });
});

exportFeature.callbackQuery(exportPicker.filter(), async (ctx) => {
  const { chatId, period: periodKey } = exportPicker.unpack(ctx.callbackQuery.data);
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, ctx.from.id, { fresh: true }))) {
    await ctx.answerCallbackQuery({ text: ctx.t("export-only-admins-there") });
    return;
  }
  await ctx.answerCallbackQuery();
  const answer = (text: string) => ctx.reply(text);
  const chat = await chatForStats(ctx, chatId, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, periodKey, answer);
  if (!period) return;
  await sendExport(ctx, ctx.api, ctx.from.id, chat, period);
});

export const DAILY_COLUMNS = [
  "day",
  "messages",
  "active_senders",
  "text_chars",
  "media",
  "replies",
  "forwards",
  "joins",
  "leaves",
];
export const MEMBER_COLUMNS = [
  "sender_id",
  "name",
  "username",
  "messages",
  "active_days",
  "text_chars",
  "media",
  "replies",
  "first_message_at",
  "last_message_at",
];
export const MESSAGE_COLUMNS = [
  "message_id",
  "date",
  "sender_id",
  "kind",
  "text_length",
  "thread_id",
  "reply_to_message_id",
  "forward_origin",
  "replies_received",
  "reactions",
  "views",
  "forwards",
];

async function sendExport(ctx: PulseContext, api: Api, userId: number, chat: ChatInfo, period: Period): Promise<void> {
  const range = currentRange(chat.id, period);
  const [daily, members, messages, edges, graph] = await Promise.all([
    getDailyActivityRows(ctx.deps.database, range),
    getMemberActivityRows(ctx.deps.database, range),
    getMessageRows(ctx.deps.database, range),
    getNetworkEdges(ctx.deps.database, chat.id),
    getSocialGraphStatus(ctx.deps.database),
  ]);
  const slug = `${chat.id}-${period.key.replaceAll("..", "_")}`;
  const messagesLabel =
    messages.length >= MAX_EXPORT_MESSAGES
      ? ctx.t("export-file-messages-capped", { n: MAX_EXPORT_MESSAGES })
      : ctx.t("export-file-messages");
  const files: [string, string, string][] = [
    [`daily-activity-${slug}.csv`, toCsv(daily, DAILY_COLUMNS), ctx.t("export-file-daily")],
    [`members-${slug}.csv`, toCsv(members, MEMBER_COLUMNS), ctx.t("export-file-members")],
    [`messages-${slug}.csv`, toCsv(messages, MESSAGE_COLUMNS), messagesLabel],
  ];
  const periodText = translateMessage(ctx.t, periodLabel(period), { html: true });
  for (const [name, csv, label] of files) {
    await api.sendDocument(userId, new InputFile(Buffer.from(csv, "utf8"), name), {
      caption: ctx.t("export-caption", {
        label,
        title: escapeHtml(chat.title),
        period: periodText,
        timezone: escapeHtml(period.timezone),
      }),
      parse_mode: "HTML",
      ...(name === files.at(-1)?.[0] ? { reply_markup: workbookButton(ctx, chat.id, period.key) } : {}),
    });
  }
  // The network comes from the daily build and covers all time, whatever the period.
  if (!edges) {
    await api.sendMessage(userId, ctx.t("export-network-later"));
    return;
  }
  // In the zone the files' periods are read in, as /influence gives it.
  const asOf = graph.refreshedAt
    ? ctx.t("influence-as-of-time", {
        time: formatDateTime(graph.refreshedAt, period.timezone, await localeOf(ctx)),
        timezone: period.timezone,
      })
    : ctx.t("export-last-build");
  // Nobody interacted here as of the last build (a chat newer than it, say): say so rather
  // than send two files with nothing in them.
  if (edges.length === 0) {
    await api.sendMessage(userId, ctx.t("export-network-none", { asOf }));
    return;
  }
  // graphology loads on the first network export, not with the bot.
  const { networkCsv, networkGexf, networkPairs } = await import("../../render/network-export.js");
  const pairs = networkPairs(edges);
  const network: [string, string, string][] = [
    [`network-edges-${chat.id}.csv`, networkCsv(pairs), ctx.t("export-network-edges")],
    [
      `network-${chat.id}.gexf`,
      networkGexf(pairs, ctx.t("export-network-title", { title: chat.title, asOf })),
      ctx.t("export-network-gexf"),
    ],
  ];
  for (const [name, body, label] of network) {
    await api.sendDocument(userId, new InputFile(Buffer.from(body, "utf8"), name), {
      caption: ctx.t("export-network-caption", { label, title: escapeHtml(chat.title), asOf: escapeHtml(asOf) }),
      parse_mode: "HTML",
    });
  }
}
