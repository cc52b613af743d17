// Prometheus metrics. Each app instance owns its registry, so tests and benches can run
// several side by side without clashing on metric names.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: "pulse_" });
  return {
    registry,
    updates: new Counter({
      name: "pulse_updates_total",
      help: "Telegram updates received, by update type",
      labelNames: ["type"] as const,
      registers: [registry],
    }),
    ingestBatches: new Counter({
      name: "pulse_ingest_batches_total",
      help: "Batches committed by the writer, by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    ingestBatchSeconds: new Histogram({
      name: "pulse_ingest_batch_seconds",
      help: "Time to commit one writer batch",
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    ingestLatencySeconds: new Histogram({
      name: "pulse_ingest_latency_seconds",
      help: "Time from a record being queued to its batch being committed",
      buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    ingestRows: new Counter({
      name: "pulse_ingest_rows_total",
      help: "Records handed to the database by the writer, by table",
      labelNames: ["table"] as const,
      registers: [registry],
    }),
    writerQueue: new Gauge({
      name: "pulse_writer_queue_records",
      help: "Records waiting in the writer queue",
      registers: [registry],
    }),
    writerRetries: new Counter({
      name: "pulse_writer_retries_total",
      help: "Batch commits retried because the database was unreachable",
      registers: [registry],
    }),
    botApiErrors: new Counter({
      name: "pulse_bot_api_errors_total",
      help: "Failed Bot API calls, by method and error code",
      labelNames: ["method", "code"] as const,
      registers: [registry],
    }),
    databaseReachable: new Gauge({
      name: "pulse_database_reachable",
      help: "1 when the database answered (the last /health probe, the writer's last commit), else 0",
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "pulse_job_runs_total",
      help: "Finished job runs on this instance, by job and outcome",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    jobDurationSeconds: new Histogram({
      name: "pulse_job_duration_seconds",
      help: "Time from a job run's start to its end",
      labelNames: ["job"] as const,
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
    jobLastSuccess: new Gauge({
      name: "pulse_job_last_success_timestamp_seconds",
      help: "When a job last finished with outcome ok on this instance (Unix time)",
      labelNames: ["job"] as const,
      registers: [registry],
    }),
    handlerErrors: new Counter({
      name: "pulse_handler_errors_total",
      help: "Errors caught by the bot's error boundary",
      registers: [registry],
    }),
  };
}
