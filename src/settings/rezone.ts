// After /settings changes a chat's time zone, its per-member and per-day rollups (local days)
// are recounted in the new zone in the background, with the same rebuild as
// `npm run rollups -- rebuild --chat ID`. The rebuild locks the rollup tables against writes
// for its one transaction and reads the zone after taking the lock, so live ingest meanwhile
// is counted exactly once and the last zone chosen is the one the rollups end up in.
import type { Database } from "../db/client.js";
import { type ChatRebuild, rebuildRollups } from "../ingest/rebuild-rollups.js";
import type { Logger } from "../logger.js";
import { clearRollupsPending } from "./chat-settings.js";

export type RezoneOutcome = { ok: true; result: ChatRebuild } | { ok: false; error: unknown };

export class RebuildsStoppedError extends Error {
  override name = "RebuildsStoppedError";
}

/**
 * One rebuild per chat at a time, in the order asked. A request made while another for the
 * same chat waits to start joins it (that one will read the newest zone anyway); a request
 * made while one runs gets its own run after it, since the running one may have read the
 * zone before the change.
 */
export class RollupRebuilds {
  /** The last run of each chat (queued or running), settled, never rejecting. */
  private readonly tails = new Map<number, Promise<void>>();
  /** A run that has not started yet, per chat: later requests join it. */
  private readonly waiting = new Map<number, Promise<RezoneOutcome>>();
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly defaultTimezone: string,
    private readonly log: Logger,
  ) {}

  /** Whether a rebuild of the chat is queued or running. */
  busy(chatId: number): boolean {
    return this.tails.has(chatId);
  }

  /** Schedules a rebuild of the chat's rollups; resolves with what it did or why it failed. */
  request(chatId: number): Promise<RezoneOutcome> {
    if (this.stopped) return Promise.resolve({ ok: false, error: new RebuildsStoppedError("Pulse is shutting down") });
    const joined = this.waiting.get(chatId);
    if (joined) return joined;
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const run = previous.then(() => {
      this.waiting.delete(chatId);
      return this.run(chatId);
    });
    this.waiting.set(chatId, run);
    const tail = run.then(() => {});
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return run;
  }

  /**
   * Takes no more requests and waits for the rebuilds under way (each is one transaction:
   * one cut short by the timeout is rolled back when the database closes, and the chat keeps
   * its rollups in the old zone until it is rebuilt again).
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    const pending = [...this.tails.values()];
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async run(chatId: number): Promise<RezoneOutcome> {
    const started = performance.now();
    try {
      const [result] = await rebuildRollups(this.database, { chatId, defaultTimezone: this.defaultTimezone });
      if (!result) throw new Error(`chat ${chatId} was not rebuilt`);
      await clearRollupsPending(this.database, chatId, result.timezone, this.defaultTimezone);
      this.log.info(
        { chatId, timezone: result.timezone, changed: result.changed, ms: Math.round(performance.now() - started) },
        "rollups rebuilt in the chat's time zone",
      );
      return { ok: true, result };
    } catch (error) {
      this.log.error({ err: error, chatId }, "rebuilding a chat's rollups in its new time zone failed");
      return { ok: false, error };
    }
  }
}
