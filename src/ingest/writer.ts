// The one batch writer every source writes through. Records are queued, merged and
// committed together (group commit); each caller's promise settles when the transaction
// holding its records commits, so "awaited" means "durable". A bounded queue makes callers
// wait when the database falls behind, instead of buffering without limit.

import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { mergeBatches } from "./merge.js";
import { refreshReactionCounts } from "./reaction-counts.js";
import { batchSize, type IngestBatch } from "./records.js";
import {
  insertMemberEvents,
  replaceReactionCounts,
  replaceUserReactions,
  upsertChats,
  upsertMessages,
  upsertUsers,
} from "./upserts.js";

export interface WriterOptions {
  flushMs: number;
  batchSize: number;
  queueLimit: number;
  defaultTimezone: string;
  /** Backoff while the database is unreachable. */
  retry?: { initialMs: number; maxMs: number };
}

interface Pending {
  batch: IngestBatch;
  size: number;
  queuedAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface WriterStatus {
  queued: number;
  inFlight: number;
  databaseReachable: boolean;
  lastError: string | undefined;
}

/** The database refused a batch's data (not a connectivity problem); retrying will not help. */
export class IngestRejectedError extends Error {
  override name = "IngestRejectedError";
}

export class WriterClosedError extends Error {
  override name = "WriterClosedError";
}

export class BatchWriter {
  private queue: Pending[] = [];
  private queuedRecords = 0;
  private inFlightRecords = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly flushing = new Set<Promise<void>>();
  private spaceWaiters: (() => void)[] = [];
  private closed = false;
  /** close() timed out: batches still retrying reject instead of trying again. */
  private abandoned = false;
  private reachable = true;
  private lastError: string | undefined;

  /**
   * One batch commits at a time, on both engines. Two at once on PostgreSQL lost edits from
   * the rollups: a batch's `previous` read (the stored text length an edit is measured
   * against) is taken at its statement's snapshot, so it missed a message that a concurrent
   * batch inserted and committed meanwhile. With offsets confirmed only after commit, live
   * ingest commits one 100-update batch at a time anyway.
   */
  private readonly concurrency = 1;

  constructor(
    private readonly database: Database,
    private readonly options: WriterOptions,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {}

  /** Queues records and resolves once they are committed. Waits for room when the queue is full. */
  async write(batch: IngestBatch): Promise<void> {
    const size = batchSize(batch);
    if (size === 0) return;
    while (!this.closed && this.queuedRecords + this.inFlightRecords >= this.options.queueLimit) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    if (this.closed) throw new WriterClosedError("the writer is closed; the record was not stored");
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch, size, queuedAt: performance.now(), resolve, reject });
      this.queuedRecords += size;
      this.metrics?.writerQueue.set(this.queuedRecords + this.inFlightRecords);
      this.schedule();
    });
  }

  status(): WriterStatus {
    return {
      queued: this.queuedRecords,
      inFlight: this.inFlightRecords,
      databaseReachable: this.reachable,
      lastError: this.lastError,
    };
  }

  /**
   * Starts the pending flush now instead of when its timer fires. Polling calls it when it
   * cannot fetch newer updates until these commit: waiting then only adds latency.
   */
  expedite(): void {
    // After the current microtasks: the handlers of the batch just fetched queue their
    // records then, and they should go in this flush rather than wait for the next.
    setImmediate(() => {
      if (this.timer && this.flushing.size < this.concurrency) this.startFlush();
    });
  }

  /** Commits everything queued so far. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.flushing.size > 0) {
      if (this.queue.length > 0 && this.flushing.size < this.concurrency) this.startFlush();
      else await Promise.race(this.flushing);
    }
  }

  /**
   * Refuses new records, then commits what is queued. With `timeoutMs` (a stop while the
   * database is down), gives up after that long: callers still waiting are rejected with
   * WriterClosedError, and as their updates were never confirmed to Telegram, nothing is
   * lost. Resolves to the number of records given up.
   */
  async close(options: { timeoutMs?: number } = {}): Promise<{ abandoned: number }> {
    this.closed = true;
    for (const wake of this.spaceWaiters.splice(0)) wake();
    const flushed = this.flush().then(() => false);
    if (options.timeoutMs === undefined) {
      await flushed;
      return { abandoned: 0 };
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), options.timeoutMs);
    });
    const gaveUp = await Promise.race([flushed, timedOut]);
    clearTimeout(timer);
    if (!gaveUp) return { abandoned: 0 };
    const abandoned = this.queuedRecords + this.inFlightRecords;
    this.abandoned = true;
    for (const p of this.queue.splice(0)) p.reject(new WriterClosedError("shutdown: the database did not answer"));
    this.queuedRecords = 0;
    this.log.warn({ abandoned }, "shutdown: gave up records the database did not take; they were never confirmed");
    return { abandoned };
  }

  private schedule(): void {
    // A busy writer picks the queue up when a flush finishes.
    if (this.flushing.size >= this.concurrency) return;
    if (this.queuedRecords >= this.options.batchSize) {
      this.startFlush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.flushing.size < this.concurrency) this.startFlush();
      }, this.options.flushMs);
    }
  }

  private startFlush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const taken = this.take();
    if (taken.length === 0) return;
    const records = taken.reduce((sum, p) => sum + p.size, 0);
    const flush: Promise<void> = this.commitWithRetry(taken).finally(() => {
      this.inFlightRecords -= records;
      this.metrics?.writerQueue.set(this.queuedRecords + this.inFlightRecords);
      this.wakeWriters();
      this.flushing.delete(flush);
      // Whatever queued meanwhile has waited a whole commit already: send it now.
      if (this.queue.length > 0) this.startFlush();
    });
    this.flushing.add(flush);
  }

  private take(): Pending[] {
    const taken: Pending[] = [];
    let records = 0;
    while (this.queue.length > 0 && (taken.length === 0 || records < this.options.batchSize)) {
      const next = this.queue.shift() as Pending;
      taken.push(next);
      records += next.size;
    }
    this.queuedRecords -= records;
    this.inFlightRecords += records;
    return taken;
  }

  private async commitWithRetry(taken: Pending[]): Promise<void> {
    const retry = this.options.retry ?? { initialMs: 100, maxMs: 5_000 };
    let delay = retry.initialMs;
    for (;;) {
      try {
        await this.commit(taken.map((p) => p.batch));
        this.markReachable();
        const now = performance.now();
        for (const p of taken) {
          this.metrics?.ingestLatencySeconds.observe((now - p.queuedAt) / 1000);
          p.resolve();
        }
        return;
      } catch (error) {
        if (isConnectionError(error)) {
          // Keep the batch and try again: callers stay pending, so nothing is confirmed lost.
          this.markUnreachable(error);
          if (this.abandoned) {
            for (const p of taken) p.reject(new WriterClosedError("shutdown: the database did not answer"));
            return;
          }
          this.metrics?.writerRetries.inc();
          await sleep(delay);
          delay = Math.min(delay * 2, retry.maxMs);
          continue;
        }
        // The data itself was refused. Commit the callers' batches one by one so one bad
        // record cannot hold back the rest, and fail only the batch that is bad.
        this.metrics?.ingestBatches.inc({ outcome: "rejected" });
        if (taken.length === 1) {
          const rejected = new IngestRejectedError(databaseMessage(error), { cause: error });
          this.log.error({ err: rejected.message }, "ingest batch rejected by the database");
          taken[0]?.reject(rejected);
          return;
        }
        for (const p of taken) await this.commitWithRetry([p]);
        return;
      }
    }
  }

  private async commit(batches: IngestBatch[]): Promise<void> {
    const merged = mergeBatches(batches);
    const started = performance.now();
    await this.database.bulkTransaction(
      async (tx) => {
        await upsertChats(tx, merged.chats);
        await upsertUsers(tx, merged.users);
        await upsertMessages(tx, merged.messages, this.options.defaultTimezone);
        await insertMemberEvents(tx, merged.memberEvents);
        await replaceReactionCounts(tx, merged.reactionCounts);
        await replaceUserReactions(tx, merged.userReactions);
        // New messages may have had reactions stored before them; new reactions change counts.
        const touched = [...merged.messages, ...merged.reactionCounts, ...merged.userReactions].map((r) => ({
          c: r.chatId,
          m: r.messageId,
        }));
        if (touched.length > 0) {
          await refreshReactionCounts(
            tx,
            sql`SELECT c AS chat_id, m AS message_id FROM json_to_recordset(${JSON.stringify(touched)}::json) AS k(c bigint, m int)`,
            this.options.defaultTimezone,
          );
        }
        // The statements above have a fixed set of texts (the data travels as JSON), so they
        // are prepared; none of their results is read, so they go out together, one round trip.
      },
      { prepare: true, pipeline: true },
    );
    const m = this.metrics;
    if (m) {
      m.ingestBatchSeconds.observe((performance.now() - started) / 1000);
      m.ingestBatches.inc({ outcome: "committed" });
      m.ingestRows.inc({ table: "chats" }, merged.chats.length);
      m.ingestRows.inc({ table: "users" }, merged.users.length);
      m.ingestRows.inc({ table: "messages" }, merged.messages.length);
      m.ingestRows.inc({ table: "member_events" }, merged.memberEvents.length);
      m.ingestRows.inc({ table: "message_reactions" }, merged.reactionCounts.length + merged.userReactions.length);
    }
  }

  private wakeWriters(): void {
    while (this.spaceWaiters.length > 0 && this.queuedRecords + this.inFlightRecords < this.options.queueLimit) {
      this.spaceWaiters.shift()?.();
    }
  }

  private markReachable(): void {
    if (!this.reachable) this.log.info("database reachable again; writer resumed");
    this.reachable = true;
    this.lastError = undefined;
  }

  private markUnreachable(error: unknown): void {
    if (this.reachable)
      this.log.warn({ err: databaseMessage(error) }, "database unreachable; writer retrying with backoff");
    this.reachable = false;
    this.lastError = databaseMessage(error);
  }
}

/**
 * True when the failure is about reaching the database rather than the data: such batches
 * are retried as they are. SQLSTATE classes 08 (connection), 53 (resources), 57 (operator
 * intervention, e.g. shutdown) and 40 (serialization/deadlock) are worth retrying.
 */
export function isConnectionError(error: unknown): boolean {
  const e = unwrap(error);
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (code && /^(08|53|57|40)/.test(code)) return true;
  if (code && /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|CONNECT_TIMEOUT|CONNECTION_)/.test(code))
    return true;
  return false;
}

function unwrap(error: unknown): { code?: unknown } | undefined {
  let current: unknown = error;
  // drizzle wraps driver errors in DrizzleQueryError with the original as `cause`.
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown };
    if (typeof candidate.code === "string") return candidate;
    current = candidate.cause;
  }
  return undefined;
}

/** The driver's own message: drizzle's wrapper repeats the whole query and its parameters. */
function databaseMessage(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (!current.message.startsWith("Failed query")) return current.message;
    current = current.cause;
  }
  return error instanceof Error ? error.message.slice(0, 200) : String(error);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
