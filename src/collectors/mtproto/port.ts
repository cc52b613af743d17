// What the scheduler's MTProto jobs may ask of the user-session collector. The collector
// exposes this port and never imports src/jobs: the jobs depend on the collector, not back.

export type MtprotoJobName = "engagement" | "discovery" | "native-stats" | "backfill";

/** The same shape as a job's result (src/jobs/types.ts JobResult), so a job can return it as is. */
export interface MtprotoRunResult {
  outcome: "ok" | "parked" | "skipped" | "error" | "interrupted";
  totals: Record<string, unknown>;
  error?: string;
}

export interface MtprotoJobsPort {
  /** Runs one unit of the collector's scheduled work; aborts between requests when `signal` does. */
  runJob(name: MtprotoJobName, signal: AbortSignal): Promise<MtprotoRunResult>;
}
