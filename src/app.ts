// Composition root: config → database → writer → bot → polling → http, and the one
// shutdown path that takes them down in reverse. main.ts, the tests and the benchmarks all
// start Pulse through here, so the path they exercise is the one that ships.
import { sql } from "drizzle-orm";
import { GrammyError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { registerCommands } from "./bot/commands.js";
import type { BotDeps } from "./bot/context.js";
import { stopImports } from "./bot/features/import.js";
import { stopSettings } from "./bot/features/settings.js";
import { createBot } from "./bot/index.js";
import { AdminCache } from "./bot/permissions.js";
import { type Polling, startPolling } from "./bot/polling.js";
import { UpdateWatermark } from "./bot/update-watermark.js";
import { type Notice, renderNotice } from "./collectors/mtproto/errors.js";
import { type MtprotoCollector, type MtprotoConfig, startMtproto } from "./collectors/mtproto/index.js";
import type { Config } from "./config.js";
import { type Database, openDatabase } from "./db/client.js";
import { runMigrations } from "./db/migrate.js";
import { createDelivery, type Delivery, type SendLimits } from "./delivery/index.js";
import { type HttpDeps, type HttpServer, startHttpServer } from "./http/server.js";
import { pickLocale, translator } from "./i18n/index.js";
import { BatchWriter } from "./ingest/writer.js";
import { evaluateAlertsJob } from "./jobs/evaluate-alerts.js";
import { createScheduler, type JobDefinition, type JobDeps, jobs, mtprotoCrons, type Scheduler } from "./jobs/index.js";
import type { Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { type ChartRenderer, createChartRenderer } from "./render/renderer.js";
import { ChatSettingsCache } from "./settings/chat-settings.js";

export interface Pulse {
  readonly database: Database;
  readonly writer: BatchWriter;
  readonly metrics: Metrics;
  readonly http: HttpServer;
  readonly polling: Polling;
  readonly renderer: ChartRenderer;
  readonly scheduler: Scheduler;
  readonly mtproto: MtprotoCollector | undefined;
  readonly delivery: Delivery;
  stop(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  botInfo?: UserFromGetMe;
  /** An already open database (tests share one); otherwise opened from config. */
  database?: Database;
  defaultMetrics?: boolean;
  /** The clock for periods ("today", "7d"); tests fix it. */
  now?: () => Date;
  /** The user-session collector's settings (parseMtprotoConfig); absent: the bot runs alone. */
  mtproto?: MtprotoConfig;
  /** The job table to schedule (default: src/jobs/registry.ts); tests pick theirs. */
  jobs?: readonly JobDefinition[];
  /** Telegram's sending limits unless given (tests shorten them). */
  sendLimits?: SendLimits;
}

export class StartupError extends Error {
  override name = "StartupError";
}

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ engine: "postgres", url: config.databaseUrl })
    : openDatabase({ engine: "pglite", dataDir: config.dataDir });
}

export async function startPulse(config: Config, options: StartOptions): Promise<Pulse> {
  const { log } = options;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  const ownsDatabase = !options.database;
  const database = options.database ?? (await openConfiguredDatabase(config));
  try {
    await runMigrations(database);
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
  log.info({ engine: database.engine }, "database ready");

  const writer = new BatchWriter(
    database,
    { ...config.writer, defaultTimezone: config.defaultTimezone },
    log.child({ module: "writer" }),
    metrics,
  );
  const renderer = createChartRenderer({ workers: 1 });
  const admins = new AdminCache(config.botOwnerIds);
  const now = options.now ?? (() => new Date());
  const watermark = new UpdateWatermark();
  const chatSettings = new ChatSettingsCache(database, config.defaultTimezone);
  // One sender for the bot and the jobs: createBot attaches it to the bot's Api.
  const delivery = createDelivery({
    database,
    log: log.child({ module: "delivery" }),
    metrics,
    now,
    ownerIds: config.botOwnerIds,
    limits: options.sendLimits,
  });
  const botDeps: BotDeps = {
    config,
    database,
    writer,
    log,
    metrics,
    renderer,
    admins,
    chatSettings,
    now,
    watermark,
    delivery,
  };
  const bot = createBot(botDeps, { botInfo: options.botInfo });
  try {
    // grammY retries getMe on network errors without end; say so while it does.
    const apiRoot = config.telegramApiRoot ?? "https://api.telegram.org";
    const waiting = setInterval(
      () => log.warn({ apiRoot }, "still trying to reach the Bot API (check the network and TELEGRAM_API_ROOT)"),
      15_000,
    );
    try {
      await bot.init();
    } finally {
      clearInterval(waiting);
    }
    const webhook = await bot.api.getWebhookInfo();
    if (webhook.url) {
      log.warn("a webhook was set for this bot; removing it so long polling can work");
      await bot.api.deleteWebhook();
    }
    await registerCommands(bot.api);
  } catch (error) {
    await renderer.close();
    if (ownsDatabase) await database.close();
    if (error instanceof GrammyError && error.error_code === 401) {
      throw new StartupError("BOT_TOKEN was rejected by Telegram (401 Unauthorized): check the token from @BotFather");
    }
    throw error;
  }
  log.info({ bot: bot.botInfo.username }, "bot ready");

  const polling = startPolling(bot, log.child({ module: "polling" }), {
    concurrency: config.runnerConcurrency,
    watermark,
    onBlocked: () => writer.expedite(),
  });
  const httpDeps: HttpDeps = {
    database,
    writer,
    metrics,
    log: log.child({ module: "http" }),
    inFlightUpdates: polling.inFlight,
    cronSecret: config.cronSecret,
  };
  const http = await startHttpServer(httpDeps, config.http.host, config.http.port);
  log.info(
    { port: http.port },
    `http server listening (/health, /metrics${config.cronSecret ? ", /internal/jobs" : ""})`,
  );

  // The user session starts after the bot is up: connecting can take a while, and a bad
  // session is reported to the owners instead of stopping Pulse.
  // Each owner reads it in the language their Telegram app last told Pulse (English if unseen).
  const notifyOwners = async (notice: Notice) => {
    for (const ownerId of config.botOwnerIds) {
      const [row] = await database
        .rows<{ language_code: string | null }>(sql`SELECT language_code FROM users WHERE id = ${ownerId}`)
        .catch(() => []);
      const locale = pickLocale(row?.language_code);
      await delivery.dm(ownerId, renderNotice(translator(locale), locale, notice));
    }
  };
  const mtproto = await startMtproto({
    config: options.mtproto,
    database,
    writer,
    log,
    registry: metrics.registry,
    storeMessageText: config.storeMessageText,
    notify: notifyOwners,
  });
  botDeps.mtproto = mtproto?.bot;
  // Every job gets the same dependencies; MTProto jobs find the collector's port in them
  // only when the user session runs (their enabled() is false otherwise).
  const jobDeps: JobDeps = {
    database,
    writer,
    log: log.child({ module: "jobs" }),
    metrics,
    api: bot.api,
    delivery,
    config,
    now,
    renderer,
    ...(mtproto ? { mtproto } : {}),
  };
  const scheduler = createScheduler({
    database,
    log: log.child({ module: "jobs" }),
    jobs: options.jobs ?? jobs,
    jobDeps,
    metrics,
    crons: {
      [evaluateAlertsJob.name]: config.alerts.cron,
      ...(options.mtproto ? mtprotoCrons(options.mtproto.cron) : {}),
    },
  });
  await scheduler.start();
  httpDeps.scheduler = scheduler;
  botDeps.jobs = scheduler;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info("shutting down: stopping fetches and finishing updates in flight");
      // Everything below fits in SHUTDOWN_TIMEOUT_SECONDS even while the database is down:
      // what is not committed by then was never confirmed, so giving up loses nothing.
      const budget = config.shutdownTimeoutMs;
      const deadline = Date.now() + budget;
      const { unfinished } = await polling.stop({ drainTimeoutMs: budget / 2 });
      // Imports sent to the bot run beside the updates: they stop between chunks and tell
      // their senders what was kept before the writer and the database go.
      await stopImports(botDeps, Math.max(1_000, (deadline - Date.now()) / 2));
      // A time zone's rollup rebuild under way is one transaction: let it commit.
      await stopSettings(botDeps, Math.max(1_000, (deadline - Date.now()) / 2));
      await scheduler.stop();
      await mtproto?.stop();
      await writer.close({ timeoutMs: Math.max(1_000, deadline - Date.now()) });
      await renderer.close();
      await http.close();
      if (ownsDatabase) await database.close();
      log.info({ unfinished }, "shutdown complete");
    })();
    return stopping;
  };
  polling.done.catch((error: unknown) => {
    const unauthorized = error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409);
    log.fatal(
      { err: error instanceof GrammyError ? error.description : String(error) },
      unauthorized
        ? "Telegram refused polling (401: token revoked, or 409: another instance is polling this bot)"
        : "polling stopped after repeated failures",
    );
    process.exitCode = 1;
    void stop();
  });
  return { database, writer, metrics, http, polling, renderer, scheduler, mtproto, delivery, stop };
}
