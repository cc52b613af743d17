// Runs the job table on its cron schedules (UTC). Every run is a job_runs row (started,
// finished, outcome, totals, error); a job never overlaps itself (a tick that finds its
// previous run still going is skipped); stop() stops the schedules, asks running jobs to
// stop (their signal aborts) and waits for them.
import { eq, sql } from "drizzle-orm";
import { createTask, validate } from "node-cron";
import type { Database } from "../db/client.js";
import { jobRuns } from "../db/schema/jobs.js";
import type { Logger } from "../logger.js";
import type { JobDefinition, JobResult, JobTrigger } from "./types.js";

/** Fires `fire` on a cron expression; node-cron by default, a hand-driven fake in tests. */
export interface CronEngine {
  schedule(expression: string, fire: () => void, name: string): { stop(): void | Promise<void> };
}

export const nodeCronEngine: CronEngine = {
  schedule(expression, fire, name) {
    const task = createTask(expression, () => fire(), { timezone: "UTC", name, noOverlap: false });
    void task.start();
    return { stop: () => task.destroy() };
  },
};

export interface SchedulerDeps {
  database: Database;
  log: Logger;
  jobs: readonly JobDefinition[];
  cron?: CronEngine;
  now?: () => Date;
}

export interface Scheduler {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs a job now (recorded like a scheduled run); "skipped" if it is already running. */
  runNow(name: string, trigger?: JobTrigger): Promise<JobResult>;
  running(): string[];
}

export class SchedulerError extends Error {
  override name = "SchedulerError";
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { database, log } = deps;
  const now = deps.now ?? (() => new Date());
  const engine = deps.cron ?? nodeCronEngine;
  const byName = new Map<string, JobDefinition>();
  for (const job of deps.jobs) {
    if (byName.has(job.name)) throw new SchedulerError(`two jobs are called ${job.name}`);
    if (!validate(job.cron)) throw new SchedulerError(`job ${job.name}: "${job.cron}" is not a valid cron expression`);
    byName.set(job.name, job);
  }
  const inFlight = new Map<string, Promise<JobResult>>();
  const tasks: { stop(): void | Promise<void> }[] = [];
  const controller = new AbortController();
  let started = false;
  let stopped = false;

  async function record(job: JobDefinition, trigger: JobTrigger): Promise<JobResult> {
    const startedAt = now();
    const [row] = await database.db
      .insert(jobRuns)
      .values({ job: job.name, trigger, startedAt, outcome: "running" })
      .returning({ id: jobRuns.id });
    let result: JobResult;
    try {
      result = await job.run({ signal: controller.signal, trigger });
    } catch (error) {
      result = {
        outcome: controller.signal.aborted ? "interrupted" : "error",
        totals: {},
        error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 1000) : String(error).slice(0, 1000),
      };
    }
    const finishedAt = now();
    if (row) {
      await database.db
        .update(jobRuns)
        .set({ finishedAt, outcome: result.outcome, totals: result.totals, error: result.error ?? null })
        .where(eq(jobRuns.id, row.id));
    }
    const entry = {
      job: job.name,
      trigger,
      outcome: result.outcome,
      ms: finishedAt.getTime() - startedAt.getTime(),
      totals: result.totals,
      ...(result.error ? { err: result.error } : {}),
    };
    if (result.outcome === "error") log.error(entry, "job failed");
    else if (result.outcome === "parked") log.warn(entry, "job parked");
    else log.info(entry, "job finished");
    return result;
  }

  function runNow(name: string, trigger: JobTrigger = "manual"): Promise<JobResult> {
    const job = byName.get(name);
    if (!job) return Promise.reject(new SchedulerError(`no job is called ${name}`));
    if (stopped) return Promise.resolve({ outcome: "skipped", totals: {}, error: "the scheduler is stopping" });
    const current = inFlight.get(name);
    if (current) {
      log.warn({ job: name, trigger }, "job still running from its previous start; this run is skipped");
      return Promise.resolve({ outcome: "skipped", totals: {}, error: "the previous run is still going" });
    }
    const run = record(job, trigger).finally(() => inFlight.delete(name));
    inFlight.set(name, run);
    return run;
  }

  const fire = (name: string, trigger: JobTrigger) => {
    runNow(name, trigger).catch((error: unknown) => {
      // Only the job_runs bookkeeping can get here (the database is unreachable).
      log.error({ job: name, err: String(error) }, "could not record a job run");
    });
  };

  return {
    async start() {
      if (started) return;
      started = true;
      // Runs cut short by a crash are still "running": say what happened to them.
      await database.db
        .update(jobRuns)
        .set({ outcome: "interrupted", finishedAt: now(), error: "Pulse stopped before the run finished" })
        .where(sql`${jobRuns.outcome} = 'running'`);
      for (const job of byName.values()) {
        tasks.push(engine.schedule(job.cron, () => fire(job.name, "schedule"), job.name));
      }
      for (const job of byName.values()) if (job.runOnStart) fire(job.name, "start");
      log.info({ jobs: [...byName.values()].map((j) => `${j.name} (${j.cron})`) }, "scheduler started");
    },
    async stop() {
      stopped = true;
      await Promise.all(tasks.splice(0).map((task) => task.stop()));
      controller.abort();
      await Promise.allSettled([...inFlight.values()]);
    },
    runNow,
    running: () => [...inFlight.keys()],
  };
}
