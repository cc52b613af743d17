// Shared wiring for the MTProto tests: a SafeCaller over a fake Telegram, a real batch
// writer, a manual clock and a silent logger.
import pino from "pino";
import { Registry } from "prom-client";
import { ManualClock } from "../../../src/collectors/mtproto/clock.js";
import type { CollectorContext } from "../../../src/collectors/mtproto/engagement.js";
import {
  DatabaseSafeCallStore,
  SafeCaller,
  type SafeCallerOptions,
  type SafeCallStore,
} from "../../../src/collectors/mtproto/safe-call.js";
import type { Database } from "../../../src/db/client.js";
import { BatchWriter } from "../../../src/ingest/writer.js";
import { FakeTelegram, fakeClient } from "./fake-telegram.js";

export const silent = pino({ level: "silent" });

export const SAFE_OPTIONS: SafeCallerOptions = {
  requestsPerSecond: 4,
  burst: 4,
  floodWaitMaxSeconds: 120,
  floodMaxRetries: 3,
  bulkPauseEvery: 0,
  bulkPauseSeconds: 0,
  dailyDmQuota: 20,
  dailyJoinQuota: 2,
};

export interface Harness {
  telegram: FakeTelegram;
  clock: ManualClock;
  safe: SafeCaller;
  registry: Registry;
  writer: BatchWriter;
  context: CollectorContext;
}

/** `database` may be undefined for tests that touch no table (pass a MemorySafeCallStore then). */
export async function harness(
  database: Database | undefined,
  options: { start?: string; safe?: Partial<SafeCallerOptions>; store?: SafeCallStore; telegram?: FakeTelegram } = {},
): Promise<Harness> {
  const telegram = options.telegram ?? new FakeTelegram();
  const clock = new ManualClock(Date.parse(options.start ?? "2026-03-10T12:00:00Z"));
  const registry = new Registry();
  const safe = await SafeCaller.create({
    client: fakeClient(telegram),
    options: { ...SAFE_OPTIONS, ...options.safe },
    store: options.store ?? new DatabaseSafeCallStore(database as Database),
    registry,
    clock,
    log: silent,
  });
  const db = database ?? ({ engine: "pglite" } as Database);
  const writer = new BatchWriter(
    db,
    { flushMs: 2, batchSize: 1000, queueLimit: 20_000, defaultTimezone: "UTC" },
    silent,
  );
  return {
    telegram,
    clock,
    safe,
    registry,
    writer,
    context: { safe, database: db, writer, clock, log: silent, storeText: true },
  };
}

/** Metric value by name and labels, from a prom-client registry. */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metrics = await registry.getMetricsAsJSON();
  const metric = metrics.find((m) => m.name === name);
  if (!metric) return 0;
  return (metric.values as { value: number; labels: Record<string, string | number> }[])
    .filter((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l))
    .reduce((sum, v) => sum + v.value, 0);
}
