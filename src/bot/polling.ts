// Long polling with @grammyjs/runner, confirming to Telegram only what is stored.
// Left alone, the runner asks for the next offset as soon as a batch arrives, before its
// handlers have run: a crash then loses every update in flight. Here the runner fetches
// through an adapter that always sends the watermark's offset (the lowest update not yet
// committed), drops the updates Telegram sends again because they are still below it, and
// waits for a commit instead of spinning when Telegram has nothing newer to show.
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { ALLOWED_UPDATES } from "../collectors/bot/collector.js";
import type { Logger } from "../logger.js";
import type { PulseContext } from "./context.js";
import { UpdateWatermark } from "./update-watermark.js";

export interface Polling {
  /** Resolves when fetching stopped by itself (an unrecoverable error rejects it). */
  readonly done: Promise<void>;
  /** Updates fetched whose handlers have not finished. */
  inFlight(): number;
  /** Updates fetched whose records are not committed yet (what a kill would leave to Telegram). */
  unconfirmed(): number;
  /**
   * Stops fetching and waits up to `drainTimeoutMs` for handlers, then confirms everything
   * stored. What is still unfinished stays unconfirmed: Telegram delivers it again.
   */
  stop(options?: { drainTimeoutMs?: number }): Promise<{ unfinished: number }>;
}

/** getUpdates' largest `limit`. */
const MAX_UPDATES_PER_FETCH = 100;

export interface PollingOptions {
  concurrency: number;
  /** Shared with the collector, which settles an update as soon as its records commit. */
  watermark?: UpdateWatermark;
  /** Called when fetching waits for commits: the writer should not sit on its flush timer. */
  onBlocked?: () => void;
}

export function startPolling(bot: Bot<PulseContext>, log: Logger, options: PollingOptions): Polling {
  const watermark = options.watermark ?? new UpdateWatermark();

  const getUpdates = async (
    args: { offset: number; limit: number; timeout: number },
    signal: AbortSignal,
  ): Promise<Update[]> => {
    for (;;) {
      // Telegram answers with the first 100 updates from the offset: when 100 ids past it
      // are fetched already, nothing newer can come until the watermark moves.
      if (watermark.span() >= MAX_UPDATES_PER_FETCH) {
        options.onBlocked?.();
        await watermark.settled(1_000, signal);
        if (signal.aborted) return [];
        continue;
      }
      const offset = watermark.offset();
      const updates = await bot.api.getUpdates(
        { ...args, offset, allowed_updates: [...ALLOWED_UPDATES] },
        signal as unknown as Parameters<typeof bot.api.getUpdates>[1],
      );
      const fresh = updates.filter((update) => watermark.take(update.update_id));
      if (fresh.length > 0 || updates.length === 0 || signal.aborted) return fresh;
      // Telegram answered only with updates still below the watermark: newer ones come
      // once a commit moves it. If it moved while we asked, ask again at once. The wait is
      // short because an update without records settles only when its handler ends.
      if (watermark.offset() !== offset) continue;
      options.onBlocked?.();
      await watermark.settled(1_000, signal);
    }
  };

  const runner = run(
    {
      init: () => bot.init(),
      // The runner types its signal with a polyfill's AbortSignal; on Node it is the built-in one.
      api: { getUpdates: (args, signal) => getUpdates(args, signal as unknown as AbortSignal) },
      handleUpdate: async (update: Update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          watermark.settle(update.update_id);
        }
      },
      errorHandler: (error: unknown) => bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]),
    },
    {
      runner: {
        fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 },
        silent: true,
        // A 401 or 409 ends polling at once; anything else is retried for up to an hour.
        maxRetryTime: 60 * 60 * 1000,
      },
      sink: { concurrency: options.concurrency },
    },
  );
  const done = (async () => {
    await runner.task();
  })();

  return {
    done,
    inFlight: () => runner.size(),
    unconfirmed: () => watermark.pending,
    async stop({ drainTimeoutMs = 20_000 } = {}) {
      if (runner.isRunning()) await runner.stop().catch(() => {});
      const deadline = Date.now() + drainTimeoutMs;
      while (runner.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const unfinished = runner.size();
      if (unfinished > 0) {
        log.warn(
          { unfinished, unconfirmed: watermark.pending },
          "shutdown: updates still being handled after the drain timeout; they stay unconfirmed and Telegram delivers them again",
        );
      }
      const offset = watermark.offset();
      if (offset !== undefined) {
        // Confirms everything below the watermark; an update in this answer stays unconfirmed.
        await bot.api.getUpdates({ offset, limit: 1, timeout: 0 }).catch((err: unknown) => {
          log.warn(
            { err: String(err) },
            "shutdown: could not confirm the last offset; those updates will be delivered again and deduplicated",
          );
        });
      }
      return { unfinished };
    },
  };
}
