// Scheduled work is declared as data: a job is a name, a cron expression (UTC) and a run
// function. The scheduler records every run in job_runs.

export type JobOutcome = "ok" | "parked" | "skipped" | "error" | "interrupted";

export interface JobResult {
  outcome: JobOutcome;
  /** Counts worth keeping (stored as jsonb in job_runs.totals). */
  totals: Record<string, unknown>;
  /** Why a run was parked, skipped or failed; a sentence for people. */
  error?: string;
}

export interface JobContext {
  /** Aborted when the scheduler stops: long jobs stop between requests. */
  signal: AbortSignal;
  trigger: JobTrigger;
}

export type JobTrigger = "schedule" | "start" | "manual";

export interface JobDefinition {
  name: string;
  /** node-cron expression, evaluated in UTC ("0 * * * *": hourly at :00). */
  cron: string;
  run(context: JobContext): Promise<JobResult>;
  /** Also run once when the scheduler starts. */
  runOnStart?: boolean;
}
