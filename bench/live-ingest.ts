// Live ingest through the real bot: the Bot API server (own process) offers a steady load of
// message updates; the bot long-polls them with the runner, and every handler waits for its
// own commit as in production. Measured: sustained updates/s, offer→commit latency (which
// includes long polling, handling and the group commit), resident memory; then the same
// updates are delivered again and nothing may change.
import { sql } from "drizzle-orm";
import pino from "pino";
import { createBot } from "../src/bot/index.js";
import { AdminCache } from "../src/bot/permissions.js";
import { startPolling } from "../src/bot/polling.js";
import { UpdateWatermark } from "../src/bot/update-watermark.js";
import { parseConfig } from "../src/config.js";
import type { Database } from "../src/db/client.js";
import { createDelivery } from "../src/delivery/index.js";
import type { IngestBatch } from "../src/ingest/records.js";
import { BatchWriter } from "../src/ingest/writer.js";
import { createMetrics } from "../src/metrics.js";
import { createChartRenderer } from "../src/render/renderer.js";
import { ChatSettingsCache } from "../src/settings/chat-settings.js";
import { forkApiServer } from "./lib/api-server.js";
import { now, sampleRss, summarize } from "./lib/stats.js";

export interface LiveIngestOptions {
  rate: number;
  seconds: number;
  chats: number;
  users: number;
}

/** Records, per committed message, how long ago the server offered it. */
class TimedWriter extends BatchWriter {
  latencies: number[] = [];
  committed = 0;
  lastCommitAt = 0;
  override async write(batch: IngestBatch): Promise<void> {
    await super.write(batch);
    const at = now();
    for (const m of batch.messages ?? []) {
      const offeredAt = Number(m.text?.split(" ", 1)[0]);
      if (Number.isFinite(offeredAt)) this.latencies.push(at - offeredAt);
      this.committed++;
    }
    this.lastCommitAt = at;
  }
}

export async function runLiveIngest(database: Database, options: LiveIngestOptions) {
  const { child, ready, nextMessage } = await forkApiServer();

  const config = parseConfig({ BOT_TOKEN: ready.token, TELEGRAM_API_ROOT: ready.apiRoot, LOG_LEVEL: "silent" });
  const log = pino({ level: "silent" });
  const metrics = createMetrics();
  const writer = new TimedWriter(database, { ...config.writer, defaultTimezone: config.defaultTimezone }, log, metrics);
  const renderer = createChartRenderer({ workers: 1 });
  const admins = new AdminCache([]);
  // Wired as app.ts does: offsets are confirmed only below the lowest uncommitted update.
  const watermark = new UpdateWatermark();
  const bot = createBot(
    {
      config,
      database,
      writer,
      log,
      metrics,
      renderer,
      admins,
      chatSettings: new ChatSettingsCache(database, config.defaultTimezone),
      now: () => new Date(),
      delivery: createDelivery({ database, log, metrics, now: () => new Date(), ownerIds: [] }),
      watermark,
    },
    { botInfo: ready.botInfo },
  );
  const polling = startPolling(bot, log, {
    concurrency: config.runnerConcurrency,
    watermark,
    onBlocked: () => writer.expedite(),
  });

  const total = options.rate * options.seconds;
  const waitForCommits = async (count: number) => {
    while (writer.committed < count) await new Promise((r) => setTimeout(r, 5));
  };

  // Warm-up: JIT, connection pool, first pages of the tables.
  child.send({
    cmd: "load",
    rate: 2_000,
    seconds: 1,
    chats: options.chats,
    users: options.users,
    firstMessageId: 10_000_000,
  });
  await nextMessage("loaded");
  await waitForCommits(2_000);
  // A running bot's tables have statistics: autovacuum analyzes a table within a minute of
  // a tenth of it changing. This database is seconds old and was never analyzed, and the
  // writer's prepared statements would keep generic plans made for empty tables (a scan of
  // a chat's messages per probed message instead of a primary-key read) until it is.
  await database.rows(sql`ANALYZE`);
  writer.latencies = [];
  writer.committed = 0;

  const rss = sampleRss();
  const started = now();
  child.send({ cmd: "load", ...options, firstMessageId: 1 });
  await nextMessage("loaded");
  await waitForCommits(total);
  const elapsed = (writer.lastCommitAt - started) / 1000;
  const peakRssMb = rss.stop();
  const latency = summarize(writer.latencies);

  const counts = async () =>
    (
      await database.rows<{ messages: number; hourly: number; daily: number }>(sql`
        SELECT (SELECT count(*)::int FROM messages WHERE message_id < 10000000) AS messages,
               (SELECT sum(messages)::int FROM chat_hourly_activity) AS hourly,
               (SELECT sum(messages)::int FROM chat_user_daily_activity) AS daily`)
    )[0];
  const afterLoad = await counts();

  // The same updates delivered again (as after a lost offset): nothing may change.
  writer.committed = 0;
  const replayStarted = now();
  child.send({ cmd: "replay", count: total, chats: options.chats, users: options.users, firstMessageId: 1 });
  await nextMessage("loaded");
  await waitForCommits(total);
  const replaySeconds = (writer.lastCommitAt - replayStarted) / 1000;
  const afterReplay = await counts();

  await polling.stop();
  await writer.close();
  await renderer.close();
  child.send({ cmd: "close" });

  return {
    offeredRate: options.rate,
    updates: total,
    sustainedPerSecond: Math.round(total / elapsed),
    latencyMs: { p50: round(latency.p50), p95: round(latency.p95), p99: round(latency.p99), max: round(latency.max) },
    peakRssMb,
    stored: afterLoad,
    replayPerSecond: Math.round(total / replaySeconds),
    unchangedAfterReplay: JSON.stringify(afterLoad) === JSON.stringify(afterReplay),
    lost: total - (afterLoad?.messages ?? 0),
    // warm-up rows (2,000) are in the rollups too
    countedTwice: (afterReplay?.hourly ?? 0) - (afterLoad?.hourly ?? 0),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
