// `npm run demo`: Pulse without a bot token or a server. Generates a realistic community as
// a Telegram Desktop export, imports it into a fresh embedded database, draws the /stats
// charts, the last week's recap card and its PDF report into ./out and prints what /stats
// and the recap would say.

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatNumber } from "../bot/format.js";
import { importExport } from "../collectors/tdesktop/importer.js";
import { loadDotEnv, parseConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { writeCommunityExport } from "../demo/index.js";
import { translator } from "../i18n/index.js";
import { upsertChats } from "../ingest/upserts.js";
import { getChatInfo } from "../queries/chats.js";
import { parsePeriod } from "../queries/period.js";
import { buildRecapPdf } from "../recap/pdf.js";
import { recapCaption, renderRecapCard } from "../render/recap-card.js";
import { createChartRenderer } from "../render/renderer.js";
import { CHARTS, type ChartName, getChatStatsView } from "../reports/chat-stats.js";
import { getRecapView } from "../reports/recap.js";
import { translateLines } from "../reports/types.js";
import { lastCompleteWeek } from "../reports/weeks.js";

const PERIOD_FOR: Record<ChartName, string> = {
  activity: "90d",
  hours: "90d",
  top: "30d",
  kinds: "30d",
  reactions: "30d",
};
const TIMEZONE = "Europe/Berlin";

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env, { bot: false });
  const out = resolve("out");
  const dataDir = join(config.dataDir, "demo");
  mkdirSync(out, { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });

  const exportPath = join(out, "demo-export.json");
  const end = new Date();
  end.setUTCHours(0, 0, 0, 0);
  console.log("1/3 Generating a community: 400 members, 120 days …");
  const generated = await writeCommunityExport(exportPath, { endDate: end, title: "Pulse Demo Community 🌍" });
  console.log(`    ${formatNumber(generated.messages)} messages, ${generated.members} members → ${exportPath}`);

  console.log("2/3 Importing it into an embedded database …");
  const database = await openDatabase({ engine: "pglite", dataDir });
  const renderer = createChartRenderer({ workers: 1 });
  try {
    await runMigrations(database);
    const summary = await importExport(database, exportPath, {
      storeText: true,
      defaultTimezone: TIMEZONE,
    });
    const chatId = summary.chats[0]?.id;
    if (chatId === undefined) throw new Error("the generated export has no chat");
    console.log(
      `    ${formatNumber(summary.imported)} messages in ${summary.seconds.toFixed(1)} s, ${summary.memberEvents} joins and leaves`,
    );

    // Exports carry no member count; the bot would ask Telegram. Use the generated one.
    await upsertChats(database.db, [{ id: chatId, type: "supergroup", memberCount: generated.members, seenAt: end }]);

    console.log(`3/3 Drawing the charts into ${out} …`);
    const chat = await getChatInfo(database, chatId);
    if (!chat) throw new Error("the imported chat is missing");
    // The generated history ends at `end`; "now" is the end of its last day.
    const now = new Date(end.getTime() - 1);
    const captions: string[] = [];
    for (const chart of CHARTS) {
      const period = parsePeriod(PERIOD_FOR[chart], TIMEZONE, now);
      const view = await getChatStatsView(
        { database, config: { defaultTimezone: TIMEZONE }, now: () => now },
        { chat, period, chart, locale: "en" },
      );
      const file = join(out, `stats-${chart}.png`);
      writeFileSync(file, await renderer.render(view.chart));
      console.log(`    ${file}`);
      if (chart === "activity" || chart === "top")
        // Plain text for a terminal: the caption's HTML tags dropped.
        captions.push(translateLines(translator("en"), view.caption).replace(/<[^>]+>/g, ""));
    }
    // The weekly recap of the last complete week, as the job would post it, and its PDF report.
    const reportDeps = { database, config: { ...config, defaultTimezone: TIMEZONE }, now: () => now, renderer };
    const week = lastCompleteWeek(now, TIMEZONE);
    const recap = await getRecapView(reportDeps, { chatId, week, locale: "en" });
    if (recap) {
      const t = translator("en");
      const card = await renderRecapCard(recap, t, renderer);
      const cardFile = join(out, "recap.png");
      writeFileSync(cardFile, card);
      const pdfFile = join(out, "recap.pdf");
      writeFileSync(pdfFile, await buildRecapPdf(reportDeps, { view: recap, card, t, locale: "en" }));
      console.log(`    ${cardFile}\n    ${pdfFile}`);
      captions.push(recapCaption(recap, t).replace(/<[^>]+>/g, ""));
    }
    console.log(`\nWhat /stats and the weekly recap say in the group:\n\n${captions.join("\n\n")}\n`);
    console.log(
      "Open the PNGs and recap.pdf in ./out to see the charts and the recap. To run Pulse for real: create a bot with @BotFather and `BOT_TOKEN=… npm start`.",
    );
  } finally {
    await renderer.close();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
