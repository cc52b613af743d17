// The XLSX beside /export's CSV files: a button under the last CSV sends the same three
// tables (daily activity, activity per member, messages) as one workbook, a sheet each.
// Offered rather than always sent, so an admin who works with CSV gets no extra file.
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { getDailyActivityRows, getMemberActivityRows, getMessageRows } from "../../queries/export.js";
import { currentRange } from "../../queries/range.js";
import { periodLabel } from "../../reports/chat-stats.js";
import { escapeHtml, translateMessage } from "../../reports/types.js";
import { callbackData, field } from "../callback-data.js";
import type { PulseContext } from "../context.js";
import { chatForStats, periodFor } from "../stats-common.js";
import { DAILY_COLUMNS, MEMBER_COLUMNS, MESSAGE_COLUMNS } from "./export.js";

/** The workbook button: the chat and the period of the export it belongs to. */
export const exportWorkbook = callbackData(
  "xw",
  { chatId: field.int(), period: field.text(/[0-9a-z.-]{1,24}/) },
  { rateLimit: "heavy" },
);

export function workbookButton(ctx: PulseContext, chatId: number, periodKey: string): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("export-workbook-button"), exportWorkbook.pack({ chatId, period: periodKey }));
}

export const exportWorkbookFeature = new Composer<PulseContext>();

exportWorkbookFeature.callbackQuery(exportWorkbook.filter(), async (ctx) => {
  const { chatId, period: periodKey } = exportWorkbook.unpack(ctx.callbackQuery.data);
  // Per-member data again: the same fresh admin check as /export itself.
  if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, ctx.from.id, { fresh: true }))) {
    await ctx.answerCallbackQuery({ text: ctx.t("export-only-admins-there"), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const answer = (text: string) => ctx.api.sendMessage(ctx.from.id, text);
  const chat = await chatForStats(ctx, chatId, answer);
  if (!chat) return;
  const period = await periodFor(ctx, chat, periodKey, answer);
  if (!period) return;
  const range = currentRange(chat.id, period);
  const [daily, members, messages] = await Promise.all([
    getDailyActivityRows(ctx.deps.database, range),
    getMemberActivityRows(ctx.deps.database, range),
    getMessageRows(ctx.deps.database, range),
  ]);
  // exceljs loads on the first workbook asked for, not with the bot.
  const { toXlsx } = await import("../../render/xlsx.js");
  const workbook = await toXlsx([
    { name: ctx.t("export-file-daily"), columns: DAILY_COLUMNS, rows: daily },
    { name: ctx.t("export-file-members"), columns: MEMBER_COLUMNS, rows: members },
    { name: ctx.t("export-file-messages"), columns: MESSAGE_COLUMNS, rows: messages },
  ]);
  const slug = `${chat.id}-${period.key.replaceAll("..", "_")}`;
  await ctx.api.sendDocument(ctx.from.id, new InputFile(workbook, `pulse-${slug}.xlsx`), {
    caption: ctx.t("export-caption", {
      label: ctx.t("export-file-workbook"),
      title: escapeHtml(chat.title),
      period: translateMessage(ctx.t, periodLabel(period), { html: true }),
      timezone: escapeHtml(period.timezone),
    }),
    parse_mode: "HTML",
  });
});
