import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import { type Database, openDatabase } from "../../src/db/client.js";
import { createScheduler, type Heartbeat, type SchedulerDeps, SchedulerError } from "../../src/jobs/scheduler.js";
import type { JobDefinition, JobDeps, JobResult, JobRunContext } from "../../src/jobs/types.js";
import { createMetrics } from "../../src/metrics.js";
import { openPostgres, testEngines } from "../helpers/db.js";

const log = pino({ level: "silent" });
const jobDeps = { log } as unknown as JobDeps;

/** A heartbeat that never beats: the test calls scheduler.tick() after moving its clock. */
const still: Heartbeat = { start: () => ({ stop() {} }) };

function clock(start: string) {
  let at = new Date(start);
  return {
    now: () => at,
    set(iso: string) {
      at = new Date(iso);
    },
    advance(ms: number) {
      at = new Date(at.getTime() + ms);
    },
  };
}

function deferred() {
  let resolve!: (result: JobResult) => void;
  const promise = new Promise<JobResult>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const MINUTE = 60_000;
const ok = async (): Promise<JobResult> => ({ outcome: "ok", totals: {} });

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
        slot: string | null;
        instance: string | null;
      }>(
        sql`SELECT trigger, outcome, totals, error, finished_at IS NOT NULL AS finished,
                   to_char(scheduled_for AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS slot, instance
            FROM job_runs WHERE job = ${job} ORDER BY id`,
      );

    const make = (jobs: JobDefinition[], extra: Partial<SchedulerDeps> = {}) =>
      createScheduler({ database, log, jobs, jobDeps, heartbeat: still, ...extra });

    test("a slot that comes due runs once with its scheduledFor, and every run is a job_runs row", async () => {
      const time = clock("2026-05-04T09:58:00Z");
      const seen: [string, string][] = [];
      let count = 0;
      const job: JobDefinition = {
        name: "test.count",
        cron: "0 * * * *",
        run: async (_deps, ctx) => {
          seen.push([ctx.trigger, ctx.scheduledFor.toISOString()]);
          return { outcome: "ok", totals: { chats: ++count } };
        },
      };
      const metrics = createMetrics();
      const scheduler = make([job], { now: time.now, instance: "host-a:1:aa", metrics });
      await scheduler.start();
      scheduler.tick();
      await scheduler.idle();
      assert.equal(count, 0, "nothing is due before 10:00");
      time.set("2026-05-04T10:00:00.020Z");
      scheduler.tick();
      scheduler.tick(); // a second beat in the same minute starts nothing
      await scheduler.idle();
      time.set("2026-05-04T10:30:00Z");
      await scheduler.runNow("test.count");
      await scheduler.stop();
      assert.deepEqual(seen, [
        ["schedule", "2026-05-04T10:00:00.000Z"],
        ["manual", "2026-05-04T10:30:00.000Z"],
      ]);
      assert.deepEqual(await runs("test.count"), [
        {
          trigger: "schedule",
          outcome: "ok",
          totals: { chats: 1 },
          error: null,
          finished: true,
          slot: "2026-05-04T10:00",
          instance: "host-a:1:aa",
        },
        {
          trigger: "manual",
          outcome: "ok",
          totals: { chats: 2 },
          error: null,
          finished: true,
          slot: "2026-05-04T10:30",
          instance: "host-a:1:aa",
        },
      ]);
      const text = await metrics.registry.metrics();
      assert.match(text, /pulse_job_runs_total\{job="test.count",outcome="ok"\} 2/);
      assert.match(text, /pulse_job_duration_seconds_count\{job="test.count"\} 2/);
      assert.match(text, /pulse_job_last_success_timestamp_seconds\{job="test.count"\} 1777890600/);
    });

    test("a daily 02:30 job in Berlin runs once a day across both DST changes; zones are respected", async () => {
      const slots: Record<string, string[]> = { berlin: [], kolkata: [], york: [] };
      const record =
        (key: string) =>
        async (_deps: JobDeps, ctx: JobRunContext): Promise<JobResult> => {
          slots[key]?.push(ctx.scheduledFor.toISOString());
          return { outcome: "ok", totals: {} };
        };
      const jobs: JobDefinition[] = [
        { name: "test.berlin", cron: "30 2 * * *", timezone: "Europe/Berlin", run: record("berlin") },
        { name: "test.kolkata", cron: "0 9 * * *", timezone: "Asia/Kolkata", run: record("kolkata") },
        { name: "test.york", cron: "30 1 * * *", timezone: "America/New_York", run: record("york") },
      ];
      for (const [from, to] of [
        ["2026-03-27T12:00:00Z", "2026-03-31T00:00:00Z"], // Berlin skips 02:00–03:00 on the 29th
        ["2026-10-23T12:00:00Z", "2026-10-27T00:00:00Z"], // Berlin repeats 02:00–03:00 on the 25th
        ["2026-10-31T12:00:00Z", "2026-11-03T00:00:00Z"], // New York repeats 01:00–02:00 on Nov 1st
      ] as const) {
        const time = clock(from);
        const scheduler = make(jobs, { now: time.now });
        await scheduler.start();
        while (time.now().toISOString() < to) {
          time.advance(5 * MINUTE);
          scheduler.tick();
          await scheduler.idle();
        }
        await scheduler.stop();
      }
      assert.deepEqual(slots.berlin, [
        "2026-03-28T01:30:00.000Z",
        "2026-03-29T01:30:00.000Z", // 02:30 does not exist: 03:30 CEST, once
        "2026-03-30T00:30:00.000Z",
        "2026-10-24T00:30:00.000Z",
        "2026-10-25T00:30:00.000Z", // 02:30 happens twice: the first, once
        "2026-10-26T01:30:00.000Z",
        "2026-11-01T01:30:00.000Z",
        "2026-11-02T01:30:00.000Z",
      ]);
      assert.deepEqual(slots.kolkata, [
        "2026-03-28T03:30:00.000Z",
        "2026-03-29T03:30:00.000Z",
        "2026-03-30T03:30:00.000Z",
        "2026-10-24T03:30:00.000Z",
        "2026-10-25T03:30:00.000Z",
        "2026-10-26T03:30:00.000Z",
        "2026-11-01T03:30:00.000Z",
        "2026-11-02T03:30:00.000Z",
      ]);
      assert.deepEqual(slots.york, [
        "2026-03-28T05:30:00.000Z",
        "2026-03-29T05:30:00.000Z",
        "2026-03-30T05:30:00.000Z",
        "2026-10-24T05:30:00.000Z",
        "2026-10-25T05:30:00.000Z",
        "2026-10-26T05:30:00.000Z",
        "2026-11-01T05:30:00.000Z", // 01:30 EDT, not again at 01:30 EST
        "2026-11-02T06:30:00.000Z",
      ]);
    });

    test("a clock jump over several slots runs the latest once", async () => {
      const time = clock("2026-05-04T10:01:00Z");
      const seen: string[] = [];
      const job: JobDefinition = {
        name: "test.jump",
        cron: "*/10 * * * *",
        run: async (_deps, ctx) => {
          seen.push(ctx.scheduledFor.toISOString());
          return { outcome: "ok", totals: {} };
        },
      };
      const scheduler = make([job], { now: time.now });
      await scheduler.start();
      time.set("2026-05-04T10:55:00Z");
      scheduler.tick();
      await scheduler.idle();
      time.set("2026-05-04T10:31:00Z"); // the clock goes back: nothing runs twice
      scheduler.tick();
      await scheduler.idle();
      time.set("2026-05-04T11:00:00Z");
      scheduler.tick();
      await scheduler.idle();
      await scheduler.stop();
      assert.deepEqual(seen, ["2026-05-04T10:50:00.000Z", "2026-05-04T11:00:00.000Z"]);
    });

    test("catch-up: the last missed slot runs once at start; nothing when no slot was missed", async () => {
      const seen: [string, string][] = [];
      const job = (name: string, catchUp: boolean): JobDefinition => ({
        name,
        cron: "0 3 * * *",
        catchUp,
        run: async (_deps, ctx) => {
          seen.push([name, `${ctx.trigger} ${ctx.scheduledFor.toISOString()}`]);
          return { outcome: "ok", totals: {} };
        },
      });
      // Last ran for May 1st; Pulse was down until May 4th 12:00: the 2nd, 3rd and 4th were missed.
      for (const name of ["test.catchup", "test.nocatchup", "test.uptodate"]) {
        await database.rows(
          sql`INSERT INTO job_runs (job, trigger, started_at, finished_at, scheduled_for, outcome)
              VALUES (${name}, 'schedule', '2026-05-01T03:00:01Z', '2026-05-01T03:00:05Z',
                      ${name === "test.uptodate" ? "2026-05-04T03:00:00Z" : "2026-05-01T03:00:00Z"}, 'ok')`,
        );
      }
      const time = clock("2026-05-04T12:00:00Z");
      const scheduler = make(
        [job("test.catchup", true), job("test.nocatchup", false), job("test.uptodate", true), job("test.new", true)],
        { now: time.now },
      );
      await scheduler.start();
      await scheduler.idle();
      time.set("2026-05-05T03:00:00Z");
      scheduler.tick();
      await scheduler.idle();
      await scheduler.stop();
      assert.deepEqual(seen.sort(), [
        ["test.catchup", "catch-up 2026-05-04T03:00:00.000Z"],
        ["test.catchup", "schedule 2026-05-05T03:00:00.000Z"],
        ["test.new", "schedule 2026-05-05T03:00:00.000Z"],
        ["test.nocatchup", "schedule 2026-05-05T03:00:00.000Z"],
        ["test.uptodate", "schedule 2026-05-05T03:00:00.000Z"],
      ]);
      assert.deepEqual(
        (await runs("test.catchup")).map((r) => [r.trigger, r.slot]),
        [
          ["schedule", "2026-05-01T03:00"],
          ["catch-up", "2026-05-04T03:00"],
          ["schedule", "2026-05-05T03:00"],
        ],
      );
    });

    test("a job never overlaps itself: a slot that comes while it runs is skipped and not recorded", async () => {
      const time = clock("2026-05-04T10:05:00Z");
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
      const scheduler = make([job], { now: time.now });
      await scheduler.start();
      time.set("2026-05-04T10:10:00Z");
      scheduler.tick();
      time.set("2026-05-04T10:20:00Z");
      scheduler.tick();
      const second = await scheduler.runNow("test.slow");
      assert.equal(second.outcome, "skipped");
      assert.deepEqual(scheduler.running(), ["test.slow"]);
      gate.resolve({ outcome: "ok", totals: {} });
      await scheduler.idle();
      await scheduler.stop();
      assert.equal(started, 1);
      assert.deepEqual(
        (await runs("test.slow")).map((r) => [r.outcome, r.slot]),
        [["ok", "2026-05-04T10:10"]],
      );
    });

    test("stop() aborts running jobs' signal and waits for them to finish", async () => {
      let finished = false;
      const job: JobDefinition = {
        name: "test.long",
        cron: "* * * * *",
        run: (_deps, { signal }) =>
          new Promise<JobResult>((resolve) => {
            signal.addEventListener("abort", () =>
              setImmediate(() => {
                finished = true;
                resolve({ outcome: "interrupted", totals: { pages: 3 }, error: "stopped" });
              }),
            );
          }),
      };
      const scheduler = make([job]);
      await scheduler.start();
      const attempt = await scheduler.trigger("test.long");
      assert.equal(attempt.status, "started");
      await scheduler.stop();
      assert.equal(finished, true, "stop() returned only after the job ended");
      assert.deepEqual(
        (await runs("test.long")).map((r) => [r.trigger, r.outcome, r.totals, r.error, r.finished]),
        [["manual", "interrupted", { pages: 3 }, "stopped", true]],
      );
      assert.equal((await scheduler.runNow("test.long")).outcome, "skipped");
    });

    test("errors and parked runs are recorded; runOnStart jobs run at start; runs left by a dead process are closed", async () => {
      await database.rows(
        sql`INSERT INTO job_runs (job, trigger, started_at, outcome, instance)
            VALUES ('test.crashed', 'schedule', now() - interval '1 hour', 'running', 'gone:1:00')`,
      );
      const jobs: JobDefinition[] = [
        { name: "test.crashed", cron: "0 0 * * *", run: ok },
        {
          name: "test.failing",
          cron: "0 0 * * *",
          run: async () => {
            throw new Error("no such chat");
          },
        },
        {
          name: "test.parked",
          cron: "0 0 * * *",
          runOnStart: true,
          run: async () => ({ outcome: "parked", totals: { requests: 1 }, error: "FLOOD_WAIT 4000 s" }),
        },
      ];
      const scheduler = make(jobs);
      await scheduler.start();
      await scheduler.idle();
      await scheduler.runNow("test.failing");
      await scheduler.stop();
      assert.deepEqual(
        (await runs("test.crashed")).map((r) => [r.outcome, r.finished]),
        [["interrupted", true]],
      );
      assert.deepEqual(
        (await runs("test.failing")).map((r) => [r.outcome, r.error]),
        [["error", "Error: no such chat"]],
      );
      assert.deepEqual(
        (await runs("test.parked")).map((r) => [r.trigger, r.outcome, r.error]),
        [["start", "parked", "FLOOD_WAIT 4000 s"]],
      );
    });

    test("a database outage during a run: the run fails, is recorded once the database is back, the next slot runs", async () => {
      const time = clock("2026-05-04T10:05:00Z");
      let down = false;
      const refused = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
      const flaky: Database = {
        ...database,
        rows: (query, executor) => (down ? refused() : database.rows(query, executor)),
      };
      let calls = 0;
      const job: JobDefinition = {
        name: "test.outage",
        cron: "*/10 * * * *",
        run: async () => {
          if (++calls === 1) {
            down = true;
            throw Object.assign(new Error("connection terminated"), { code: "08006" });
          }
          return { outcome: "ok", totals: { calls } };
        },
      };
      const delays: number[] = [];
      const scheduler = createScheduler({
        database: flaky,
        log,
        jobs: [job],
        jobDeps,
        heartbeat: still,
        now: time.now,
        retryDelay: async (attempt) => {
          delays.push(attempt);
          if (attempt === 2) down = false; // the database comes back after two failed tries
        },
      });
      await scheduler.start();
      time.set("2026-05-04T10:10:00Z");
      scheduler.tick();
      await scheduler.idle();
      assert.deepEqual(delays, [1, 2]);
      time.set("2026-05-04T10:20:00Z");
      scheduler.tick();
      await scheduler.idle();
      await scheduler.stop();
      assert.deepEqual(
        (await runs("test.outage")).map((r) => [r.slot, r.outcome, r.error, r.finished]),
        [
          ["2026-05-04T10:10", "error", "Error: connection terminated", true],
          ["2026-05-04T10:20", "ok", null, true],
        ],
      );
    });

    test("list() shows cron, zone, last run and next run; disabled jobs are listed but not run", async () => {
      const time = clock("2026-05-04T10:05:00Z");
      const jobs: JobDefinition[] = [
        { name: "test.listed", cron: "0 6 * * *", timezone: "Europe/Berlin", run: ok },
        { name: "test.off", cron: "* * * * *", enabled: () => false, run: ok },
      ];
      const scheduler = make(jobs, { now: time.now, instance: "host-b:2:bb" });
      await scheduler.start();
      await scheduler.runNow("test.listed");
      assert.equal((await scheduler.trigger("test.off")).status, "disabled");
      time.set("2026-05-04T10:08:00Z");
      scheduler.tick();
      await scheduler.idle();
      const listed = await scheduler.list();
      await scheduler.stop();
      const byName = Object.fromEntries(listed.map((j) => [j.name, j]));
      assert.deepEqual(byName["test.listed"], {
        name: "test.listed",
        cron: "0 6 * * *",
        timezone: "Europe/Berlin",
        enabled: true,
        runOnStart: false,
        catchUp: false,
        running: null,
        lastRun: {
          runId: byName["test.listed"]?.lastRun?.runId,
          trigger: "manual",
          instance: "host-b:2:bb",
          scheduledFor: "2026-05-04T10:05:00.000Z",
          startedAt: "2026-05-04T10:05:00.000Z",
          finishedAt: "2026-05-04T10:05:00.000Z",
          durationMs: 0,
          outcome: "ok",
          totals: {},
          error: null,
        },
        nextRun: "2026-05-05T04:00:00.000Z",
      });
      assert.equal(byName["test.off"]?.enabled, false);
      assert.equal(byName["test.off"]?.nextRun, null);
      assert.deepEqual(await runs("test.off"), []);
    });

    test("bad declarations are refused up front", () => {
      assert.throws(
        () => make([{ name: "x", cron: "every hour", run: ok }]),
        (error: unknown) =>
          error instanceof SchedulerError && /job x: "every hour" is not a valid cron expression/.test(error.message),
      );
      assert.throws(
        () => make([{ name: "x", cron: "0 * * * *", timezone: "Mars/Olympus", run: ok }]),
        /IANA time zone/,
      );
      assert.throws(
        () =>
          make([
            { name: "x", cron: "0 * * * *", run: ok },
            { name: "x", cron: "0 * * * *", run: ok },
          ]),
        /two jobs are called x/,
      );
      assert.throws(
        () => make([{ name: "x", cron: "0 * * * *", run: ok }], { crons: { x: "61 * * * *" } }),
        /"61 \* \* \* \*"/,
      );
    });

    test("unknown job names are refused by name", async () => {
      const scheduler = make([]);
      await assert.rejects(scheduler.trigger("nope"), /no job is called nope/);
    });
  });
}

const pgUrl = process.env.TEST_DATABASE_URL;
describe("two instances on one PostgreSQL database", { skip: pgUrl ? false : "TEST_DATABASE_URL unset" }, () => {
  let first: Database;
  let second: Database;
  before(async () => {
    first = await openPostgres(pgUrl ?? "");
    // A second pool on the same database: another Pulse process as far as the server can tell.
    const name = (await first.rows<{ db: string }>(sql`SELECT current_database() AS db`))[0]?.db ?? "";
    const url = new URL(pgUrl ?? "");
    url.pathname = `/${name}`;
    second = await openDatabase({ engine: "postgres", url: url.toString() });
  });
  after(async () => {
    await second.close();
    await first.close();
  });

  test("exactly one run per slot over many slots, whichever instance sees it first", async () => {
    const time = clock("2026-05-04T00:00:30Z");
    const ranOn: string[] = [];
    const job = (instance: string): JobDefinition => ({
      name: "shared.every-minute",
      cron: "* * * * *",
      run: async (deps) => {
        // Some real work on the database, so the two instances' runs overlap in time.
        await deps.database.rows(sql`SELECT pg_sleep(0.002)`);
        ranOn.push(instance);
        return { outcome: "ok", totals: {} };
      },
    });
    const a = createScheduler({
      database: first,
      log,
      jobs: [job("a")],
      jobDeps: { ...jobDeps, database: first },
      heartbeat: still,
      now: time.now,
      instance: "a",
    });
    const b = createScheduler({
      database: second,
      log,
      jobs: [job("b")],
      jobDeps: { ...jobDeps, database: second },
      heartbeat: still,
      now: time.now,
      instance: "b",
    });
    await Promise.all([a.start(), b.start()]);
    const slots = 60;
    for (let i = 0; i < slots; i++) {
      time.advance(MINUTE);
      // Alternate who beats first; sometimes the second beats only after the first finished.
      if (i % 3 === 2) {
        a.tick();
        await a.idle();
        b.tick();
      } else if (i % 2 === 0) {
        a.tick();
        b.tick();
      } else {
        b.tick();
        a.tick();
      }
      await Promise.all([a.idle(), b.idle()]);
    }
    await Promise.all([a.stop(), b.stop()]);
    const rows = await first.rows<{ slots: number; runs: number; instances: number }>(
      sql`SELECT count(DISTINCT scheduled_for)::int AS slots, count(*)::int AS runs, count(DISTINCT instance)::int AS instances
          FROM job_runs WHERE job = 'shared.every-minute'`,
    );
    assert.deepEqual(rows, [{ slots, runs: slots, instances: 2 }]);
    assert.equal(ranOn.length, slots);
  });

  test("a run on one instance blocks the other: 'running' with no row, listed with its instance, not marked interrupted", async () => {
    const gate = deferred();
    const job: JobDefinition = { name: "shared.slow", cron: "0 0 * * *", run: () => gate.promise };
    const a = createScheduler({ database: first, log, jobs: [job], jobDeps, heartbeat: still, instance: "a" });
    const b = createScheduler({ database: second, log, jobs: [job], jobDeps, heartbeat: still, instance: "b" });
    await a.start();
    const started = await a.trigger("shared.slow");
    assert.equal(started.status, "started");
    // b starts while a runs: a's row stays "running" because a holds the lock.
    await b.start();
    assert.deepEqual(
      await first.rows(sql`SELECT instance, outcome FROM job_runs WHERE job = 'shared.slow'`),
      [{ instance: "a", outcome: "running" }],
      "b's start-up left a's run alone",
    );
    assert.deepEqual(await b.trigger("shared.slow"), { status: "running" });
    const listed = (await b.list()).find((j) => j.name === "shared.slow");
    assert.equal(listed?.running?.instance, "a");
    gate.resolve({ outcome: "ok", totals: { done: 1 } });
    await a.idle();
    const after = (await b.list()).find((j) => j.name === "shared.slow");
    assert.equal(after?.running, null);
    assert.equal(after?.lastRun?.outcome, "ok");
    await Promise.all([a.stop(), b.stop()]);
    const rows = await first.rows<{ instance: string; outcome: string }>(
      sql`SELECT instance, outcome FROM job_runs WHERE job = 'shared.slow' ORDER BY id`,
    );
    assert.deepEqual(rows, [{ instance: "a", outcome: "ok" }]);
  });
});

describe("job table", () => {
  test("MTProto jobs run only with the collector's port, and call it with the run's signal", async () => {
    const { jobs } = await import("../../src/jobs/registry.js");
    const mtproto = jobs.filter((j) => j.name.startsWith("mtproto."));
    assert.deepEqual(
      mtproto.map((j) => j.name),
      ["mtproto.discovery", "mtproto.engagement", "mtproto.native-stats", "mtproto.backfill"],
    );
    const calls: [string, boolean][] = [];
    const port: JobDeps["mtproto"] = {
      runJob: async (name, signal) => {
        calls.push([name, signal.aborted]);
        return { outcome: "ok", totals: { name } };
      },
    };
    const withPort = { ...jobDeps, mtproto: port };
    const controller = new AbortController();
    for (const job of mtproto) {
      assert.equal(job.enabled?.(jobDeps), false, `${job.name} is off without a session`);
      assert.equal(job.enabled?.(withPort), true);
      const ctx: JobRunContext = { signal: controller.signal, trigger: "manual", scheduledFor: new Date(), log };
      await job.run(withPort, ctx);
    }
    assert.deepEqual(calls, [
      ["discovery", false],
      ["engagement", false],
      ["native-stats", false],
      ["backfill", false],
    ]);
  });

  test("MTPROTO_*_CRON replace the job files' crons", async () => {
    const { mtprotoCrons } = await import("../../src/jobs/mtproto.js");
    const { jobs } = await import("../../src/jobs/registry.js");
    const crons = mtprotoCrons({
      engagement: "5 * * * *",
      discovery: "1 1 * * *",
      nativeStats: "2 2 * * *",
      backfill: "*/3 * * * *",
    });
    const [pglite] = testEngines();
    const database = await (pglite as NonNullable<typeof pglite>).open();
    try {
      const scheduler = createScheduler({ database, log, jobs, jobDeps, crons, heartbeat: still });
      const listed = (await scheduler.list()).filter((j) => j.name.startsWith("mtproto."));
      assert.deepEqual(
        listed.map((j) => [j.name, j.cron, j.enabled]),
        [
          ["mtproto.discovery", "1 1 * * *", false],
          ["mtproto.engagement", "5 * * * *", false],
          ["mtproto.native-stats", "2 2 * * *", false],
          ["mtproto.backfill", "*/3 * * * *", false],
        ],
      );
      assert.equal(scheduler.instance.split(":").length, 3, "hostname:pid:random");
    } finally {
      await database.close();
    }
  });

  test("the node-cron heartbeat starts and stops", async () => {
    const { nodeCronHeartbeat } = await import("../../src/jobs/scheduler.js");
    let beats = 0;
    const beat = nodeCronHeartbeat.start(() => beats++, false);
    await beat.stop();
    assert.equal(beats, 0);
  });
});
