// Scheduled work is declared as data: a job is a name, a cron expression (in its time zone,
// UTC by default) and a run function that gets everything it needs from JobDeps. The
// scheduler records every run in job_runs and makes sure only one instance runs it.
import type { Api } from "grammy";
import type { MtprotoJobsPort } from "../collectors/mtproto/port.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Delivery } from "../delivery/sender.js";
import type { BatchWriter } from "../ingest/writer.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { ChartRenderer } from "../render/renderer.js";

export type { MtprotoJobsPort } from "../collectors/mtproto/port.js";

export type JobOutcome = "ok" | "parked" | "skipped" | "error" | "interrupted";

export interface JobResult {
  outcome: JobOutcome;
  /** Counts worth keeping (stored as jsonb in job_runs.totals). */
  totals: Record<string, unknown>;
  /** Why a run was parked, skipped or failed; a sentence for people. */
  error?: string;
}

/** Built once in src/app.ts and handed to every job. */
export interface JobDeps {
  database: Database;
  writer: BatchWriter;
  log: Logger;
  metrics: Metrics;
  /** grammY bot.api (auto-retry on 429 and the send limits already installed). */
  api: Api;
  /** How jobs send messages: limits, typed outcomes, remembered 403s (src/delivery). */
  delivery: Delivery;
  config: Config;
  now: () => Date;
  renderer: ChartRenderer;
  /** The user-session collector's functions, when it runs. */
  mtproto?: MtprotoJobsPort;
}

export type JobTrigger = "schedule" | "start" | "catch-up" | "manual";

export interface JobRunContext {
  /** Aborted on shutdown: long jobs stop between units of work. */
  signal: AbortSignal;
  trigger: JobTrigger;
  /** The slot this run covers (a manual or start run: the moment it was asked for). */
  scheduledFor: Date;
  /** Child logger for this run (job name and run id bound). */
  log: Logger;
}

/** @deprecated the old name of JobRunContext. */
export type JobContext = JobRunContext;

export interface JobDefinition {
  name: string;
  /** node-cron expression (five or six fields), evaluated in `timezone`. */
  cron: string;
  /** IANA time zone of the cron expression; default UTC. */
  timezone?: string;
  /** Also run once when the scheduler starts. */
  runOnStart?: boolean;
  /** Run once at start when the last slot was missed while every instance was down. */
  catchUp?: boolean;
  /** false: not scheduled in this configuration (e.g. MTProto jobs without a session). */
  enabled?(deps: JobDeps): boolean;
  run(deps: JobDeps, ctx: JobRunContext): Promise<JobResult>;
}
