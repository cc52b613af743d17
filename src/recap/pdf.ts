// The /recap pdf report's content: the recap card, the /stats charts for the recap's week and
// for the 30 days it ends, and the week's member table, all in one language. Built from the
// same view models as everything else (getRecapView, getChatStatsView, the export's member
// rows) and drawn by src/render/pdf-report.ts.
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Locale, Translate } from "../i18n/index.js";
import { getMemberActivityRows } from "../queries/export.js";
import { addDays, localDate } from "../queries/period.js";
import { currentRange } from "../queries/range.js";
import type { PdfChart, PdfReport } from "../render/pdf-report.js";
import type { ChartRenderer } from "../render/renderer.js";
import { type ChartName, getChatStatsView, periodBetween } from "../reports/chat-stats.js";
import { formatInteger } from "../reports/format.js";
import type { RecapView } from "../reports/recap.js";
import { formatWeekRange } from "./format.js";

export interface RecapPdfDeps {
  database: Database;
  config: Config;
  now: () => Date;
  renderer: Pick<ChartRenderer, "render">;
}

/** Days in the "month" section, ending with the recap's last day (or today, for a week under way). */
export const MONTH_DAYS = 30;

export async function buildRecapPdf(
  deps: RecapPdfDeps,
  params: { view: RecapView; card: Buffer; t: Translate; locale: Locale },
): Promise<Buffer> {
  // canvas and the PDF writer load on the first /recap pdf, not with the bot.
  const { renderPdfReport } = await import("../render/pdf-report.js");
  return renderPdfReport(await recapPdfContent(deps, params));
}

export async function recapPdfContent(
  deps: RecapPdfDeps,
  params: { view: RecapView; card: Buffer; t: Translate; locale: Locale },
): Promise<PdfReport> {
  const { view, card, t, locale } = params;
  const { week } = view;
  const today = localDate(deps.now(), week.timezone);
  const last = week.end < today ? week.end : today;
  const monthFrom = addDays(last, -(MONTH_DAYS - 1));

  const chart = async (from: string, to: string, name: ChartName): Promise<PdfChart> => {
    const stats = await getChatStatsView(deps, { chat: view.chatId, period: { from, to }, chart: name, locale });
    return { title: t(`recap-pdf-chart-${name}`), png: await deps.renderer.render(stats.chart, stats.cacheKey) };
  };
  // Channels have no members to rank: their month shows the hours instead of the top senders.
  const monthSecond: ChartName = view.isChannel ? "hours" : "top";
  const [weekActivity, weekHours, monthActivity, monthOther] = await Promise.all([
    chart(week.start, last, "activity"),
    chart(week.start, last, "hours"),
    chart(monthFrom, last, "activity"),
    chart(monthFrom, last, monthSecond),
  ]);

  const period = periodBetween(week.start, last, week.timezone, deps.now());
  const members = await getMemberActivityRows(deps.database, currentRange(view.chatId, period));
  const number = (n: number) => formatInteger(n, locale);
  const range = formatWeekRange(week, locale);
  return {
    title: view.title,
    subtitle: t(view.partial ? "recap-pdf-subtitle-partial" : "recap-pdf-subtitle", { week: week.isoWeek, range }),
    footer: t("recap-pdf-footer", { timezone: week.timezone }),
    pageLabel: (page, pages) => t("recap-pdf-page", { page, pages }),
    card,
    sections: [
      { heading: t("recap-pdf-week-heading", { range }), charts: [weekActivity, weekHours] },
      {
        heading: t("recap-pdf-month-heading", {
          days: MONTH_DAYS,
          range: formatWeekRange({ start: monthFrom, end: last }, locale),
        }),
        charts: [monthActivity, monthOther],
      },
    ],
    table: {
      heading: t("recap-pdf-members-heading", { n: members.length }),
      columns: [
        { label: t("recap-pdf-col-member"), align: "left", width: 0.4 },
        { label: t("recap-pdf-col-messages"), align: "right", width: 0.15 },
        { label: t("recap-pdf-col-active-days"), align: "right", width: 0.15 },
        { label: t("recap-pdf-col-replies"), align: "right", width: 0.15 },
        { label: t("recap-pdf-col-media"), align: "right", width: 0.15 },
      ],
      rows: members.map((m) => [
        m.username ? `${m.name ?? ""} @${m.username}`.trim() : (m.name ?? String(m.sender_id)),
        number(m.messages),
        number(m.active_days),
        number(m.replies),
        number(m.media),
      ]),
      empty: t("recap-pdf-no-members"),
    },
  };
}
