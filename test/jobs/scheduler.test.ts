import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { type CronEngine, createScheduler, SchedulerError } from "../../src/jobs/scheduler.js";
import type { JobContext, JobDefinition, JobResult } from "../../src/jobs/types.js";
import { testEngines } from "../helpers/db.js";

const log = pino({ level: "silent" });

/** A cron engine the test fires by hand. */
function manualCron() {
  const tasks = new Map<string, { expression: string; fire: () => void; stopped: boolean }>();
  const engine: CronEngine = {
    schedule(expression, fire, name) {
      const task = { expression, fire, stopped: false };
      tasks.set(name, task);
      return {
        stop: () => {
          task.stopped = true;
        },
      };
    },
  };
  return { engine, tasks, tick: (name: string) => tasks.get(name)?.fire() };
}

function deferred() {
  let resolve!: (result: JobResult) => void;
  const promise = new Promise<JobResult>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

for (const engine of testEngines()) {
  describe(`scheduler on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    const runs = (job: string) =>
      database.rows<{
        trigger: string;
        outcome: string;
        totals: Record<string, unknown>;
        error: string | null;
        finished: boolean;
      }>(
        sql`SELECT trigger, outcome, totals, error, finished_at IS NOT NULL AS finished FROM job_runs WHERE job = ${job} ORDER BY id`,
      );

    test("each run is a job_runs row with its outcome and totals; cron ticks run jobs in UTC", async () => {
      const cron = manualCron();
      let count = 0;
      const job: JobDefinition = {
        name: "test.count",
        cron: "0 * * * *",
        run: async () => ({ outcome: "ok", totals: { chats: ++count, messages: 10 } }),
      };
      const scheduler = createScheduler({ database, log, jobs: [job], cron: cron.engine });
      await scheduler.start();
      assert.equal(cron.tasks.get("test.count")?.expression, "0 * * * *");
      cron.tick("test.count");
      await settle();
      await scheduler.runNow("test.count");
      await scheduler.stop();
      assert.deepEqual(await runs("test.count"), [
        { trigger: "schedule", outcome: "ok", totals: { chats: 1, messages: 10 }, error: null, finished: true },
        { trigger: "manual", outcome: "ok", totals: { chats: 2, messages: 10 }, error: null, finished: true },
      ]);
      assert.equal(cron.tasks.get("test.count")?.stopped, true);
    });

    test("a job never overlaps itself", async () => {
      const cron = manualCron();
      const gate = deferred();
      let started = 0;
      const job: JobDefinition = {
        name: "test.slow",
        cron: "*/10 * * * *",
        run: () => {
          started++;
          return gate.promise;
        },
      };
      const scheduler = createScheduler({ database, log, jobs: [job], cron: cron.engine });
      await scheduler.start();
      const first = scheduler.runNow("test.slow");
      await settle();
      cron.tick("test.slow");
      const second = await scheduler.runNow("test.slow");
      assert.equal(second.outcome, "skipped");
      assert.deepEqual(scheduler.running(), ["test.slow"]);
      gate.resolve({ outcome: "ok", totals: {} });
      assert.equal((await first).outcome, "ok");
      await scheduler.stop();
      assert.equal(started, 1);
      assert.deepEqual(
        (await runs("test.slow")).map((r) => r.outcome),
        ["ok"],
      );
    });

    test("stop() aborts running jobs' signal and waits for them to finish", async () => {
      const cron = manualCron();
      let finished = false;
      const job: JobDefinition = {
        name: "test.long",
        cron: "* * * * *",
        run: ({ signal }: JobContext) =>
          new Promise<JobResult>((resolve) => {
            signal.addEventListener("abort", () =>
              setTimeout(() => {
                finished = true;
                resolve({ outcome: "interrupted", totals: { pages: 3 }, error: "stopped" });
              }, 30),
            );
          }),
      };
      const scheduler = createScheduler({ database, log, jobs: [job], cron: cron.engine });
      await scheduler.start();
      void scheduler.runNow("test.long");
      await settle();
      await scheduler.stop();
      assert.equal(finished, true, "stop() returned only after the job ended");
      assert.deepEqual(await runs("test.long"), [
        { trigger: "manual", outcome: "interrupted", totals: { pages: 3 }, error: "stopped", finished: true },
      ]);
      assert.equal((await scheduler.runNow("test.long")).outcome, "skipped");
    });

    test("errors and parked runs are recorded; runOnStart jobs run at start; stale runs are closed", async () => {
      await database.rows(
        sql`INSERT INTO job_runs (job, trigger, started_at, outcome) VALUES ('test.crashed', 'schedule', now() - interval '1 hour', 'running')`,
      );
      const cron = manualCron();
      const jobs: JobDefinition[] = [
        { name: "test.crashed", cron: "0 0 * * *", run: async () => ({ outcome: "ok", totals: {} }) },
        {
          name: "test.failing",
          cron: "0 0 * * *",
          run: async () => {
            throw new Error("database went away");
          },
        },
        {
          name: "test.parked",
          cron: "0 0 * * *",
          runOnStart: true,
          run: async () => ({ outcome: "parked", totals: { requests: 1 }, error: "FLOOD_WAIT 4000 s" }),
        },
      ];
      const scheduler = createScheduler({ database, log, jobs, cron: cron.engine });
      await scheduler.start();
      await settle();
      await scheduler.runNow("test.failing");
      await scheduler.stop();
      assert.deepEqual(
        (await runs("test.crashed")).map((r) => [r.outcome, r.finished]),
        [["interrupted", true]],
      );
      assert.deepEqual(
        (await runs("test.failing")).map((r) => [r.outcome, r.error]),
        [["error", "Error: database went away"]],
      );
      assert.deepEqual(
        (await runs("test.parked")).map((r) => [r.trigger, r.outcome, r.error]),
        [["start", "parked", "FLOOD_WAIT 4000 s"]],
      );
    });

    test("bad declarations are refused up front", () => {
      const run = async () => ({ outcome: "ok" as const, totals: {} });
      assert.throws(
        () => createScheduler({ database, log, jobs: [{ name: "x", cron: "every hour", run }] }),
        (error: unknown) =>
          error instanceof SchedulerError && /job x: "every hour" is not a valid cron expression/.test(error.message),
      );
      assert.throws(
        () =>
          createScheduler({
            database,
            log,
            jobs: [
              { name: "x", cron: "0 * * * *", run },
              { name: "x", cron: "0 * * * *", run },
            ],
          }),
        /two jobs are called x/,
      );
    });
  });
}

describe("job table and cron engine", () => {
  test("the MTProto job table calls the collector with the scheduler's signal", async () => {
    const { mtprotoJobs } = await import("../../src/jobs/mtproto.js");
    const calls: [string, boolean][] = [];
    const jobs = mtprotoJobs(
      {
        runJob: async (name, signal) => {
          calls.push([name, signal instanceof AbortSignal]);
          return { outcome: "ok", totals: {} };
        },
      },
      { engagement: "0 * * * *", discovery: "20 3 * * *", nativeStats: "40 3 * * *", backfill: "*/10 * * * *" },
    );
    const controller = new AbortController();
    for (const job of jobs) await job.run({ signal: controller.signal, trigger: "manual" });
    assert.deepEqual(calls, [
      ["discovery", true],
      ["engagement", true],
      ["native-stats", true],
      ["backfill", true],
    ]);
  });

  test("node-cron schedules and stops a UTC task", async () => {
    const { nodeCronEngine } = await import("../../src/jobs/scheduler.js");
    let fired = 0;
    const task = nodeCronEngine.schedule("0 0 1 1 *", () => fired++, "test.yearly");
    await task.stop();
    assert.equal(fired, 0);
  });
});
