// Runs the job table on its schedules, once per slot however many Pulse processes share the
// database. node-cron is only the heartbeat (every minute, or second for six-field crons);
// which slot is due comes from src/jobs/slots.ts, so time zones, DST days and clock jumps
// give one run per slot, never zero or two.
//
// Coordination: each run takes a session-level PostgreSQL advisory lock for its job on a
// connection reserved for the run (postgres.js pools connections, so the lock needs one
// connection of its own). An instance that does not get the lock records nothing. The lock
// goes when the run ends, or with the connection when a process dies, so no lease can go
// stale. A slot's row is unique on (job, scheduled_for): an instance that takes the lock
// after another finished the same slot sees the row and leaves it. On PGlite (one process
// per data directory) the same statements run and the lock is always granted.

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { type SQL, sql } from "drizzle-orm";
import { createTask } from "node-cron";
import type { Database, ReservedSession } from "../db/client.js";
import { isConnectionError } from "../ingest/writer.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import { CronExpressionError, type CronSlots, cronSlots } from "./slots.js";
import type { JobDefinition, JobDeps, JobResult, JobTrigger } from "./types.js";

/** Calls `tick` regularly; node-cron by default, the test's hand in tests. */
export interface Heartbeat {
  start(tick: () => void, everySecond: boolean): { stop(): void | Promise<void> };
}

export const nodeCronHeartbeat: Heartbeat = {
  start(tick, everySecond) {
    const task = createTask(everySecond ? "* * * * * *" : "* * * * *", () => tick(), {
      timezone: "UTC",
      noOverlap: false,
    });
    void task.start();
    return { stop: () => task.destroy() };
  },
};

export interface SchedulerDeps {
  database: Database;
  log: Logger;
  jobs: readonly JobDefinition[];
  /** What every job's run() receives. */
  jobDeps: JobDeps;
  metrics?: Metrics;
  /** Job name → cron from configuration, replacing the job file's default (MTPROTO_*_CRON). */
  crons?: Readonly<Record<string, string>>;
  heartbeat?: Heartbeat;
  now?: () => Date;
  /** This process in job_runs.instance; default hostname:pid:random. */
  instance?: string;
  /** Waits before retrying to record a finished run while the database is away. */
  retryDelay?: (attempt: number, signal: AbortSignal) => Promise<void>;
}

export type StartAttempt =
  | { status: "started"; runId: number; done: Promise<JobResult> }
  /** Running already, here or on another instance (`instance` when known). */
  | { status: "running"; instance?: string }
  /** This slot already has its run (another instance took it). */
  | { status: "done" }
  | { status: "disabled" }
  | { status: "stopping" };

export interface JobStatus {
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  runOnStart: boolean;
  catchUp: boolean;
  running: { instance: string | null; runId: number; startedAt: string; trigger: string } | null;
  lastRun: {
    runId: number;
    trigger: string;
    instance: string | null;
    scheduledFor: string | null;
    startedAt: string;
    finishedAt: string | null;
    durationMs: number | null;
    outcome: string;
    totals: Record<string, unknown>;
    error: string | null;
  } | null;
  nextRun: string | null;
}

export interface Scheduler {
  readonly instance: string;
  start(): Promise<void>;
  /** Stops the schedules, aborts running jobs' signal and waits for them. */
  stop(): Promise<void>;
  /** Starts every job whose slot has come (the heartbeat calls this; tests call it with their clock). */
  tick(): void;
  /** Starts a job now; "running" if it runs here or on another instance. Throws UnknownJobError. */
  trigger(name: string, trigger?: JobTrigger): Promise<StartAttempt>;
  /** Runs a job now and waits for it; "skipped" when it could not start. */
  runNow(name: string, trigger?: JobTrigger): Promise<JobResult>;
  /** Every job with its schedule, whether it runs and where, its last run and its next. */
  list(): Promise<JobStatus[]>;
  running(): string[];
  /** Resolves when no run started by this instance is in flight (tests). */
  idle(): Promise<void>;
}

export class SchedulerError extends Error {
  override name = "SchedulerError";
}

export class UnknownJobError extends SchedulerError {
  override name = "UnknownJobError";
}

/** First key of every Pulse job lock ("puls"); the second is hashtext(job name). */
const LOCK_CLASS = 0x70756c73;

interface Entry {
  job: JobDefinition;
  cron: string;
  timezone: string;
  slots: CronSlots;
  enabled: boolean;
  nextDue: Date | undefined;
}

interface Flight {
  runId: number | undefined;
  startedAt: Date;
  trigger: JobTrigger;
  promise: Promise<unknown>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { database, log, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const heartbeat = deps.heartbeat ?? nodeCronHeartbeat;
  const instance = deps.instance ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const retryDelay = deps.retryDelay ?? defaultRetryDelay;
  const entries = new Map<string, Entry>();
  for (const job of deps.jobs) {
    if (entries.has(job.name)) throw new SchedulerError(`two jobs are called ${job.name}`);
    const cron = deps.crons?.[job.name] ?? job.cron;
    const timezone = job.timezone ?? "UTC";
    if (!isZone(timezone)) throw new SchedulerError(`job ${job.name}: "${timezone}" is not an IANA time zone`);
    let slots: CronSlots;
    try {
      slots = cronSlots(cron, timezone);
    } catch (error) {
      if (error instanceof CronExpressionError) {
        throw new SchedulerError(`job ${job.name}: "${cron}" is not a valid cron expression`);
      }
      throw error;
    }
    entries.set(job.name, { job, cron, timezone, slots, enabled: false, nextDue: undefined });
  }
  const inFlight = new Map<string, Flight>();
  const controller = new AbortController();
  let beat: { stop(): void | Promise<void> } | undefined;
  let started = false;
  let stopped = false;

  const lockKey = (name: string) => sql`${LOCK_CLASS}::int4, hashtext(${name})`;

  async function tryLock(name: string): Promise<ReservedSession | undefined> {
    const session = await database.reserve();
    try {
      const [row] = await session.rows<{ locked: boolean }>(
        sql`SELECT pg_try_advisory_lock(${lockKey(name)}) AS locked`,
      );
      if (row?.locked) return session;
    } catch (error) {
      session.release();
      throw error;
    }
    session.release();
    return undefined;
  }

  async function unlock(name: string, session: ReservedSession): Promise<void> {
    try {
      await session.rows(sql`SELECT pg_advisory_unlock(${lockKey(name)})`);
    } catch (error) {
      // The connection is gone, and the server let go of the lock with it.
      log.debug({ job: name, err: String(error) }, "job lock released with its connection");
    } finally {
      session.release();
    }
  }

  /** Takes the lock, records the run and starts it; the run's promise settles in `done`. */
  async function attempt(entry: Entry, trigger: JobTrigger, scheduledFor: Date): Promise<StartAttempt> {
    const { job } = entry;
    if (stopped) return { status: "stopping" };
    if (!entry.enabled) return { status: "disabled" };
    const current = inFlight.get(job.name);
    if (current) {
      log.info({ job: job.name, trigger }, "job still running from its previous start; this run is skipped");
      return { status: "running", instance };
    }
    // Claimed before the first await, so two ticks of this process never both get here.
    let settle!: () => void;
    const flight: Flight = {
      runId: undefined,
      startedAt: now(),
      trigger,
      promise: new Promise<void>((resolve) => {
        settle = resolve;
      }),
    };
    inFlight.set(job.name, flight);
    let session: ReservedSession | undefined;
    try {
      session = await tryLock(job.name);
      if (!session) {
        log.debug({ job: job.name, trigger }, "another instance runs this job; not running it here");
        return { status: "running" };
      }
      if (stopped) {
        await unlock(job.name, session);
        session = undefined;
        return { status: "stopping" };
      }
      // Holding the lock, nobody else runs this job: rows still "running" are from a process that died.
      await session.rows(
        sql`UPDATE job_runs SET outcome = 'interrupted', finished_at = ${now().toISOString()}::timestamptz,
              error = 'the process running it stopped before the run finished'
            WHERE job = ${job.name} AND outcome = 'running'`,
      );
      const [row] = await session.rows<{ id: number }>(
        sql`INSERT INTO job_runs (job, trigger, started_at, scheduled_for, instance, outcome)
            VALUES (${job.name}, ${trigger}, ${flight.startedAt.toISOString()}::timestamptz, ${scheduledFor.toISOString()}::timestamptz, ${instance}, 'running')
            ON CONFLICT (job, scheduled_for) WHERE trigger IN ('schedule', 'catch-up') DO NOTHING
            RETURNING id`,
      );
      if (!row) {
        log.debug({ job: job.name, scheduledFor }, "this slot already ran on another instance");
        await unlock(job.name, session);
        session = undefined;
        return { status: "done" };
      }
      flight.runId = Number(row.id);
    } catch (error) {
      if (session) await unlock(job.name, session);
      inFlight.delete(job.name);
      settle();
      throw error;
    } finally {
      if (flight.runId === undefined && inFlight.get(job.name) === flight) {
        inFlight.delete(job.name);
        settle();
      }
    }
    const runId = flight.runId;
    const held = session;
    const done = execute(entry, trigger, scheduledFor, runId, flight.startedAt).finally(async () => {
      await unlock(job.name, held);
      inFlight.delete(job.name);
      settle();
    });
    return { status: "started", runId, done };
  }

  async function execute(
    entry: Entry,
    trigger: JobTrigger,
    scheduledFor: Date,
    runId: number,
    startedAt: Date,
  ): Promise<JobResult> {
    const { job } = entry;
    const runLog = log.child({ job: job.name, runId });
    runLog.info({ trigger, scheduledFor: scheduledFor.toISOString() }, "job started");
    let result: JobResult;
    try {
      result = await job.run(deps.jobDeps, { signal: controller.signal, trigger, scheduledFor, log: runLog });
    } catch (error) {
      result = {
        outcome: controller.signal.aborted ? "interrupted" : "error",
        totals: {},
        error: describe(error),
      };
    }
    const finishedAt = now();
    const ms = finishedAt.getTime() - startedAt.getTime();
    await recordFinish(runLog, runId, finishedAt, result);
    metrics?.jobRuns.inc({ job: job.name, outcome: result.outcome });
    metrics?.jobDurationSeconds.observe({ job: job.name }, ms / 1000);
    if (result.outcome === "ok") metrics?.jobLastSuccess.set({ job: job.name }, finishedAt.getTime() / 1000);
    const entryLog = {
      trigger,
      outcome: result.outcome,
      ms,
      totals: result.totals,
      ...(result.error ? { err: result.error } : {}),
    };
    if (result.outcome === "error") runLog.error(entryLog, "job failed");
    else if (result.outcome === "parked") runLog.warn(entryLog, "job parked");
    else runLog.info(entryLog, "job finished");
    return result;
  }

  /** Writes the outcome; while the database is unreachable, keeps trying until it answers. */
  async function recordFinish(runLog: Logger, runId: number, finishedAt: Date, result: JobResult): Promise<void> {
    const update: SQL = sql`UPDATE job_runs SET finished_at = ${finishedAt.toISOString()}::timestamptz, outcome = ${result.outcome},
        totals = ${JSON.stringify(result.totals)}::jsonb, error = ${result.error ?? null}
      WHERE id = ${runId}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await database.rows(update);
        if (attempt > 1) runLog.info({ attempts: attempt }, "job run recorded after the database came back");
        return;
      } catch (error) {
        if (!isConnectionError(error) || controller.signal.aborted) {
          runLog.error({ err: describe(error), outcome: result.outcome }, "could not record the end of a job run");
          return;
        }
        if (attempt === 1)
          runLog.warn({ err: describe(error) }, "database unreachable; recording the run when it is back");
        await retryDelay(attempt, controller.signal).catch(() => {});
      }
    }
  }

  function fire(entry: Entry, trigger: JobTrigger, scheduledFor: Date): void {
    attempt(entry, trigger, scheduledFor).catch((error: unknown) => {
      // Only the lock and job_runs bookkeeping get here (the database is unreachable).
      log.error({ job: entry.job.name, trigger, err: describe(error) }, "could not start a job run");
    });
  }

  function tick(): void {
    if (!started || stopped) return;
    const at = now();
    for (const entry of entries.values()) {
      const due = entry.nextDue;
      if (!entry.enabled || !due || at < due) continue;
      // Slots passed while the process slept or the clock jumped run once, for the latest.
      const slot = entry.slots.latestBetween(new Date(due.getTime() - 1), at) ?? due;
      entry.nextDue = entry.slots.next(at);
      fire(entry, "schedule", slot);
    }
  }

  async function catchUp(entry: Entry, at: Date): Promise<boolean> {
    const [row] = await database.rows<{ last: string | Date | null }>(
      sql`SELECT max(coalesce(scheduled_for, started_at)) AS last FROM job_runs
          WHERE job = ${entry.job.name} AND trigger IN ('schedule', 'catch-up')`,
    );
    // Never run before: nothing was missed yet (a fresh install waits for its first slot).
    if (!row?.last) return false;
    const missed = entry.slots.latestBetween(new Date(row.last), at);
    if (!missed) return false;
    log.info({ job: entry.job.name, slot: missed.toISOString() }, "catching up the slot missed while Pulse was down");
    fire(entry, "catch-up", missed);
    return true;
  }

  /** A job's latest finished run and latest running one: two index lookups, however long job_runs grows. */
  async function latestRuns(name: string): Promise<LatestRow[]> {
    const columns = sql`id, job, trigger, instance, scheduled_for, started_at, finished_at, outcome, totals, error`;
    return database.rows<LatestRow>(sql`
      (SELECT ${columns}, 'last' AS kind FROM job_runs WHERE job = ${name} AND outcome <> 'running'
       ORDER BY started_at DESC, id DESC LIMIT 1)
      UNION ALL
      (SELECT ${columns}, 'running' AS kind FROM job_runs WHERE job = ${name} AND outcome = 'running'
       ORDER BY started_at DESC, id DESC LIMIT 1)`);
  }

  /** Is a "running" row really running somewhere? Probes the job's lock. */
  async function heldElsewhere(name: string): Promise<boolean> {
    const session = await tryLock(name);
    if (!session) return true;
    await unlock(name, session);
    return false;
  }

  const scheduler: Scheduler = {
    instance,
    async start() {
      if (started) return;
      started = true;
      const at = now();
      for (const entry of entries.values()) {
        entry.enabled = entry.job.enabled?.(deps.jobDeps) ?? true;
        if (entry.enabled) entry.nextDue = entry.slots.next(at);
      }
      // Rows left "running" by a process that is gone: only those whose lock nobody holds.
      const stale = await database.rows<{ job: string }>(
        sql`SELECT DISTINCT job FROM job_runs WHERE outcome = 'running'`,
      );
      for (const { job } of stale) {
        const session = await tryLock(job);
        if (!session) continue;
        try {
          await session.rows(
            sql`UPDATE job_runs SET outcome = 'interrupted', finished_at = ${now().toISOString()}::timestamptz,
                  error = 'the process running it stopped before the run finished'
                WHERE job = ${job} AND outcome = 'running'`,
          );
        } finally {
          await unlock(job, session);
        }
      }
      const active = [...entries.values()].filter((e) => e.enabled);
      beat = heartbeat.start(
        tick,
        active.some((e) => e.cron.trim().split(/\s+/).length === 6),
      );
      for (const entry of active) {
        const caughtUp = entry.job.catchUp ? await catchUp(entry, at) : false;
        if (entry.job.runOnStart && !caughtUp) fire(entry, "start", at);
      }
      log.info(
        {
          instance,
          jobs: active.map((e) => `${e.job.name} (${e.cron}${e.timezone === "UTC" ? "" : ` ${e.timezone}`})`),
          disabled: [...entries.values()].filter((e) => !e.enabled).map((e) => e.job.name),
        },
        "scheduler started",
      );
    },
    async stop() {
      stopped = true;
      await beat?.stop();
      beat = undefined;
      controller.abort();
      await scheduler.idle();
    },
    tick,
    async trigger(name, trigger = "manual") {
      const entry = entries.get(name);
      if (!entry) throw new UnknownJobError(`no job is called ${name}`);
      if (!started) entry.enabled = entry.job.enabled?.(deps.jobDeps) ?? true;
      return attempt(entry, trigger, now());
    },
    async runNow(name, trigger = "manual") {
      const started = await scheduler.trigger(name, trigger);
      if (started.status === "started") return started.done;
      const reason = {
        running: "the previous run is still going",
        done: "this slot already ran",
        disabled: "the job is not enabled in this configuration",
        stopping: "the scheduler is stopping",
      }[started.status];
      return { outcome: "skipped", totals: {}, error: reason };
    },
    async list() {
      const out: JobStatus[] = [];
      for (const entry of entries.values()) {
        const rows = await latestRuns(entry.job.name);
        const last = rows.find((r) => r.kind === "last");
        const runningRow = rows.find((r) => r.kind === "running");
        const local = inFlight.get(entry.job.name);
        let running: JobStatus["running"] = null;
        if (local?.runId !== undefined) {
          running = { instance, runId: local.runId, startedAt: local.startedAt.toISOString(), trigger: local.trigger };
        } else if (runningRow && (await heldElsewhere(entry.job.name))) {
          running = {
            instance: runningRow.instance,
            runId: Number(runningRow.id),
            startedAt: iso(runningRow.started_at) ?? "",
            trigger: runningRow.trigger,
          };
        }
        const startedAt = last ? new Date(last.started_at) : undefined;
        const finishedAt = last?.finished_at ? new Date(last.finished_at) : undefined;
        out.push({
          name: entry.job.name,
          cron: entry.cron,
          timezone: entry.timezone,
          enabled: entry.enabled,
          runOnStart: entry.job.runOnStart === true,
          catchUp: entry.job.catchUp === true,
          running,
          lastRun: last
            ? {
                runId: Number(last.id),
                trigger: last.trigger,
                instance: last.instance,
                scheduledFor: iso(last.scheduled_for),
                startedAt: iso(last.started_at) ?? "",
                finishedAt: iso(last.finished_at),
                durationMs: startedAt && finishedAt ? finishedAt.getTime() - startedAt.getTime() : null,
                outcome: last.outcome,
                totals: typeof last.totals === "string" ? JSON.parse(last.totals) : last.totals,
                error: last.error,
              }
            : null,
          nextRun: entry.enabled ? ((entry.nextDue ?? entry.slots.next(now()))?.toISOString() ?? null) : null,
        });
      }
      return out;
    },
    running: () => [...inFlight.keys()],
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()].map((f) => f.promise));
    },
  };
  return scheduler;
}

interface RunRow extends Record<string, unknown> {
  id: number;
  job: string;
  trigger: string;
  instance: string | null;
  scheduled_for: string | Date | null;
  started_at: string | Date;
  finished_at: string | Date | null;
  outcome: string;
  totals: Record<string, unknown> | string;
  error: string | null;
}

type LatestRow = RunRow & { kind: "running" | "last" };

function iso(value: string | Date | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

function describe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
}

function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function defaultRetryDelay(attempt: number, signal: AbortSignal): Promise<void> {
  const ms = Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 6));
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
