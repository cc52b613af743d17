// Long polling with @grammyjs/runner, plus the shutdown the runner does not do by itself.
// The runner confirms an update to Telegram (by asking for the next offset) before its
// handler has finished, and runner.stop() does not wait for handlers. So stopping here
// means: stop fetching, wait until every fetched update's handler has finished (and with
// it, its records are committed), then confirm the last offset so nothing is redelivered.
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { ALLOWED_UPDATES } from "../collectors/bot/collector.js";
import type { Logger } from "../logger.js";
import type { PulseContext } from "./context.js";

export interface Polling {
  /** Resolves when fetching stopped by itself (an unrecoverable error rejects it). */
  readonly done: Promise<void>;
  /** Updates fetched and not yet fully handled. */
  inFlight(): number;
  stop(options?: { drainTimeoutMs?: number }): Promise<{ unfinished: number }>;
}

export function startPolling(bot: Bot<PulseContext>, log: Logger, options: { concurrency: number }): Polling {
  let lastFetched: number | undefined;
  bot.api.config.use(async (prev, method, payload, signal) => {
    const response = await prev(method, payload, signal);
    if (method === "getUpdates" && response.ok) {
      const updates = response.result as Update[];
      const last = updates.at(-1);
      if (last) lastFetched = Math.max(lastFetched ?? 0, last.update_id);
    }
    return response;
  });

  const runner: RunnerHandle = run(bot, {
    runner: {
      fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: 30 },
      silent: true,
      // A 401 or 409 ends polling at once; anything else is retried for up to an hour.
      maxRetryTime: 60 * 60 * 1000,
    },
    sink: { concurrency: options.concurrency },
  });
  const done = (async () => {
    await runner.task();
  })();

  return {
    done,
    inFlight: () => runner.size(),
    async stop({ drainTimeoutMs = 30_000 } = {}) {
      if (runner.isRunning()) await runner.stop();
      const deadline = Date.now() + drainTimeoutMs;
      while (runner.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const unfinished = runner.size();
      if (unfinished > 0) {
        log.error({ unfinished }, "shutdown: updates still being handled after the drain timeout");
        return { unfinished };
      }
      if (lastFetched !== undefined) {
        // Confirm everything handled; a newly arrived update in the answer stays unconfirmed.
        await bot.api.getUpdates({ offset: lastFetched + 1, limit: 1, timeout: 0 }).catch((err: unknown) => {
          log.warn(
            { err: String(err) },
            "shutdown: could not confirm the last offset; those updates will be delivered again and deduplicated",
          );
        });
      }
      return { unfinished: 0 };
    },
  };
}
