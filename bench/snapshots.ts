// Daily snapshots for 1,000 chats against the bench's Bot API stand-in, which answers 429 as
// Telegram does once more than 30 calls arrive within a second. The job runs through the real
// bot.api (auto-retry installed, as app.ts builds it) at its default pace; the figures are its
// duration, its achieved call rate, the busiest second the stand-in saw and how many 429s it
// sent (the target: none). Then the hourly re-run, where every chat is already done.
// With BENCH_SNAPSHOT_MESSAGES=N, 100 of the chats are the query benchmark's (N messages over
// the year around the snapshot day, with their rollups), to see whether a large database
// slows the job down; the other chats keep their small day.
import { sql } from "drizzle-orm";
import pino from "pino";
import { createBot } from "../src/bot/index.js";
import { AdminCache } from "../src/bot/permissions.js";
import { UpdateWatermark } from "../src/bot/update-watermark.js";
import { parseConfig } from "../src/config.js";
import type { Database } from "../src/db/client.js";
import { createDelivery } from "../src/delivery/index.js";
import { BatchWriter } from "../src/ingest/writer.js";
import { createMetrics } from "../src/metrics.js";
import { createChartRenderer } from "../src/render/renderer.js";
import { ChatSettingsCache } from "../src/settings/chat-settings.js";
import { SNAPSHOT_REQUESTS_PER_SECOND, takeDailySnapshots } from "../src/snapshots/daily.js";
import { forkApiServer } from "./lib/api-server.js";
import { BENCH_CHATS, generateDataset } from "./lib/dataset.js";
import { now } from "./lib/stats.js";
import { BENCH_NOW } from "./queries.js";

const ZONES = ["UTC", "Europe/Berlin", "Asia/Tokyo", "America/New_York", "Asia/Kolkata"];
/** Telegram's overall limit for a bot, as the stand-in enforces it. */
const TELEGRAM_LIMIT_PER_SECOND = 30;

export interface SnapshotBenchResult {
  chats: number;
  messages: number;
  /** Messages of the 100 large chats (BENCH_SNAPSHOT_MESSAGES), all in the database before the job runs. */
  datasetMessages: number;
  datasetSeconds: number;
  requestsPerSecondSetting: number;
  seconds: number;
  achievedCallsPerSecond: number;
  peakCallsInOneSecond: number;
  tooManyRequests: number;
  snapshotted: number;
  failed: number;
  rowsWritten: number;
  rerunSeconds: number;
}

export async function runSnapshotBench(
  database: Database,
  options: { chats: number; messagesPerChat: number; datasetMessages?: number },
): Promise<SnapshotBenchResult> {
  const datasetMessages = options.datasetMessages ?? Number(process.env.BENCH_SNAPSHOT_MESSAGES ?? 0);
  const datasetStarted = now();
  // Its 100 chats (UTC, bot an administrator) are snapshotted with the others: 1,000 in all.
  if (datasetMessages > 0) await generateDataset(database, datasetMessages, BENCH_NOW);
  const datasetSeconds = Number(((now() - datasetStarted) / 1000).toFixed(1));
  const ownChats = datasetMessages > 0 ? options.chats - BENCH_CHATS : options.chats;
  const { child, ready, nextMessage } = await forkApiServer();
  child.send({ cmd: "memberCounts", limitPerSecond: TELEGRAM_LIMIT_PER_SECOND });
  await nextMessage("memberCountsReady");

  const config = parseConfig({ BOT_TOKEN: ready.token, TELEGRAM_API_ROOT: ready.apiRoot, LOG_LEVEL: "silent" });
  const log = pino({ level: "silent" });
  const metrics = createMetrics();
  const writer = new BatchWriter(database, { ...config.writer, defaultTimezone: config.defaultTimezone }, log, metrics);
  const renderer = createChartRenderer({ workers: 1 });
  try {
    // The bot's own Api: the same auto-retry and error counting the job gets in app.ts.
    const bot = createBot(
      {
        config,
        database,
        writer,
        log,
        metrics,
        chatSettings: new ChatSettingsCache(database, config.defaultTimezone),
        renderer,
        admins: new AdminCache([]),
        now: () => new Date(),
        delivery: createDelivery({ database, log, metrics, now: () => new Date(), ownerIds: [] }),
        watermark: new UpdateWatermark(),
      },
      { botInfo: ready.botInfo },
    );

    // Supergroups in five zones (1,000 with the large chats), each with a day of messages from a
    // few dozen people.
    const at = new Date("2026-03-11T23:10:00Z");
    const dayStart = Date.parse("2026-03-10T00:00:00Z");
    const chatIds = Array.from({ length: ownChats }, (_, i) => -1_003_000_000_000 - i);
    await writer.write({
      chats: chatIds.map((id) => ({
        id,
        type: "supergroup" as const,
        title: `Snapshot chat ${id}`,
        botStatus: "administrator",
        seenAt: new Date(dayStart),
      })),
    });
    await writer.flush();
    for (const [i, id] of chatIds.entries()) {
      await database.rows(sql`UPDATE chats SET timezone = ${ZONES[i % ZONES.length]} WHERE id = ${id}`);
    }
    let messages = 0;
    for (const id of chatIds) {
      await writer.write({
        messages: Array.from({ length: options.messagesPerChat }, (_, n) => ({
          chatId: id,
          messageId: n + 1,
          threadId: null,
          userId: 10_000 + (n % 40),
          senderChatId: null,
          // Spread over 48 hours, so every zone's ended day has some.
          date: new Date(dayStart + Math.floor((n / options.messagesPerChat) * 48 * 3_600_000)),
          editDate: null,
          kind: "text" as const,
          textLength: 20,
          text: "a benchmark message",
          replyToMessageId: null,
          forwardOrigin: null,
          forwardFromId: null,
          forwardFromName: null,
          forwardFromMessageId: null,
          forwardDate: null,
          isAutomaticForward: false,
          mediaGroupId: null,
          serviceAction: null,
          views: null,
          forwards: null,
          replies: null,
          source: "bot" as const,
        })),
      });
      messages += options.messagesPerChat;
    }
    await writer.flush();

    const deps = { database, api: bot.api, config };
    const started = now();
    const totals = await takeDailySnapshots(deps, { at, log });
    const seconds = (now() - started) / 1000;
    const rerunStarted = now();
    const rerun = await takeDailySnapshots(deps, { at, log });
    const rerunSeconds = (now() - rerunStarted) / 1000;
    if (rerun.snapshotted !== 0) throw new Error(`the re-run took ${rerun.snapshotted} snapshots again`);

    child.send({ cmd: "memberCountStatus" });
    const server = await nextMessage<{ calls: number; tooMany: number; peakPerSecond: number }>("memberCountStatus");
    const [written] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM chat_daily_snapshots`);
    return {
      chats: options.chats,
      messages: messages + datasetMessages,
      datasetMessages,
      datasetSeconds,
      requestsPerSecondSetting: SNAPSHOT_REQUESTS_PER_SECOND,
      seconds: Number(seconds.toFixed(1)),
      achievedCallsPerSecond: Number((server.calls / seconds).toFixed(1)),
      peakCallsInOneSecond: server.peakPerSecond,
      tooManyRequests: server.tooMany,
      snapshotted: totals.snapshotted,
      failed: totals.failedCount,
      rowsWritten: written?.n ?? 0,
      rerunSeconds: Number(rerunSeconds.toFixed(2)),
    };
  } finally {
    await writer.close();
    await renderer.close();
    child.send({ cmd: "close" });
  }
}
