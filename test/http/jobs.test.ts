// The job endpoints: off without CRON_SECRET, 401 with nothing else for a wrong or missing
// secret, the job list, and starting a job (202, 409 while it runs, 404 for a name nobody has).
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import { type Pulse, startPulse } from "../../src/app.js";
import { ConfigError, parseConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { type HttpServer, startHttpServer } from "../../src/http/server.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { createScheduler, type Heartbeat, type Scheduler } from "../../src/jobs/scheduler.js";
import type { JobDefinition, JobDeps, JobResult } from "../../src/jobs/types.js";
import { createMetrics } from "../../src/metrics.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { testConfig } from "../helpers/pulse.js";

const log = pino({ level: "silent" });
const SECRET = "0123456789abcdef0123456789abcdef";
const still: Heartbeat = { start: () => ({ stop() {} }) };

describe("job endpoints", () => {
  let database: Database;
  let writer: BatchWriter;
  let scheduler: Scheduler;
  let http: HttpServer;
  let release: (result: JobResult) => void = () => {};
  let url: string;

  before(async () => {
    database = await (testEngines()[0] as { open(): Promise<Database> }).open();
    const metrics = createMetrics();
    writer = new BatchWriter(
      database,
      { flushMs: 5, batchSize: 100, queueLimit: 1_000, defaultTimezone: "UTC" },
      log,
      metrics,
    );
    const jobs: JobDefinition[] = [
      {
        name: "test.gated",
        cron: "0 4 * * *",
        timezone: "Europe/Berlin",
        run: () =>
          new Promise<JobResult>((resolve) => {
            release = resolve;
          }),
      },
      { name: "test.off", cron: "0 * * * *", enabled: () => false, run: async () => ({ outcome: "ok", totals: {} }) },
    ];
    scheduler = createScheduler({
      database,
      log,
      jobs,
      jobDeps: { log } as unknown as JobDeps,
      heartbeat: still,
      instance: "web-1:42:abcdef",
    });
    await scheduler.start();
    http = await startHttpServer({ database, writer, metrics, log, cronSecret: SECRET, scheduler }, "127.0.0.1", 0);
    url = `http://127.0.0.1:${http.port}`;
  });
  after(async () => {
    release({ outcome: "ok", totals: {} });
    await scheduler.stop();
    await http.close();
    await writer.close();
    await database.close();
  });

  test("a missing or wrong secret gets 401 and the same body, whatever the path or job", async () => {
    const answers = await Promise.all([
      fetch(`${url}/internal/jobs`),
      fetch(`${url}/internal/jobs`, { headers: { "x-cron-secret": "wrong" } }),
      fetch(`${url}/internal/jobs`, { headers: { "x-cron-secret": `${SECRET}x` } }),
      fetch(`${url}/internal/jobs/test.gated/run`, { method: "POST" }),
      fetch(`${url}/internal/jobs/no.such.job/run`, { method: "POST", headers: { "x-cron-secret": SECRET.slice(1) } }),
    ]);
    for (const answer of answers) {
      assert.equal(answer.status, 401);
      assert.deepEqual(await answer.json(), { error: "unauthorized" });
    }
    assert.deepEqual((await database.rows(sql`SELECT count(*)::int AS n FROM job_runs`))[0], { n: 0 }, "nothing ran");
  });

  test("GET lists every job; POST starts one (202), refuses while it runs (409) and names unknown jobs 404", async () => {
    const headers = { "x-cron-secret": SECRET };
    const started = await fetch(`${url}/internal/jobs/test.gated/run`, { method: "POST", headers });
    assert.equal(started.status, 202);
    const body = (await started.json()) as { job: string; runId: number };
    assert.equal(body.job, "test.gated");
    assert.ok(Number.isInteger(body.runId));

    const again = await fetch(`${url}/internal/jobs/test.gated/run`, { method: "POST", headers });
    assert.equal(again.status, 409);
    assert.deepEqual(await again.json(), {
      error: "the job is running",
      job: "test.gated",
      instance: "web-1:42:abcdef",
    });

    const listed = await fetch(`${url}/internal/jobs`, { headers });
    assert.equal(listed.status, 200);
    const list = (await listed.json()) as {
      instance: string;
      jobs: { name: string; cron: string; timezone: string; enabled: boolean; running: { runId: number } | null }[];
    };
    assert.equal(list.instance, "web-1:42:abcdef");
    assert.deepEqual(
      list.jobs.map((j) => [j.name, j.cron, j.timezone, j.enabled, j.running?.runId ?? null]),
      [
        ["test.gated", "0 4 * * *", "Europe/Berlin", true, body.runId],
        ["test.off", "0 * * * *", "UTC", false, null],
      ],
    );

    const unknown = await fetch(`${url}/internal/jobs/no.such.job/run`, { method: "POST", headers });
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: "no such job", job: "no.such.job" });
    const off = await fetch(`${url}/internal/jobs/test.off/run`, { method: "POST", headers });
    assert.equal(off.status, 409);

    release({ outcome: "ok", totals: { chats: 3 } });
    await scheduler.idle();
    const after = (await (await fetch(`${url}/internal/jobs`, { headers })).json()) as {
      jobs: { name: string; running: unknown; lastRun: { runId: number; outcome: string; totals: unknown } | null }[];
    };
    const gated = after.jobs.find((j) => j.name === "test.gated");
    assert.equal(gated?.running, null);
    assert.deepEqual(
      { runId: gated?.lastRun?.runId, outcome: gated?.lastRun?.outcome, totals: gated?.lastRun?.totals },
      { runId: body.runId, outcome: "ok", totals: { chats: 3 } },
    );
  });

  test("a body over 1 KiB is refused with 413; wrong methods get 405", async () => {
    const headers = { "x-cron-secret": SECRET };
    const big = await fetch(`${url}/internal/jobs/test.gated/run`, {
      method: "POST",
      headers,
      body: "x".repeat(5_000),
    });
    assert.equal(big.status, 413);
    // Without a declared length (chunked), the limit holds while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/internal/jobs/test.gated/run`, { method: "POST", headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("y".repeat(512));
      req.end();
    });
    assert.equal(status, 413);
    assert.equal((await fetch(`${url}/internal/jobs`, { method: "DELETE", headers })).status, 405);
    assert.equal((await fetch(`${url}/internal/jobs/test.gated/run`, { headers })).status, 405);
  });
});

describe("through startPulse", () => {
  let server: TestBotApiServer;
  let database: Database;
  let pulse: Pulse;
  before(async () => {
    server = await TestBotApiServer.start();
    database = await (testEngines()[0] as { open(): Promise<Database> }).open();
  });
  after(async () => {
    await pulse?.stop();
    await database.close();
    await server.close();
  });

  test("a bot-only install schedules the registry's jobs and lists them; MTProto jobs are listed as off", async () => {
    pulse = await startPulse(testConfig(server, { CRON_SECRET: SECRET }), {
      log,
      database,
      botInfo: server.botInfo,
    });
    const url = `http://127.0.0.1:${pulse.http.port}`;
    const answer = await fetch(`${url}/internal/jobs`, { headers: { "x-cron-secret": SECRET } });
    assert.equal(answer.status, 200);
    const { jobs } = (await answer.json()) as { jobs: { name: string; enabled: boolean; nextRun: string | null }[] };
    const { jobs: registry } = await import("../../src/jobs/registry.js");
    assert.deepEqual(
      jobs.map((j) => j.name),
      registry.map((j) => j.name),
    );
    for (const job of jobs) {
      const mtproto = job.name.startsWith("mtproto.");
      assert.equal(job.enabled, !mtproto, job.name);
      assert.equal(job.nextRun === null, mtproto, job.name);
    }
  });

  test("without CRON_SECRET the endpoints do not exist", async () => {
    const other = await startPulse(testConfig(server, { HTTP_PORT: "0" }), {
      log,
      database,
      botInfo: server.botInfo,
    });
    try {
      const answer = await fetch(`http://127.0.0.1:${other.http.port}/internal/jobs`, {
        headers: { "x-cron-secret": SECRET },
      });
      assert.equal(answer.status, 404);
    } finally {
      await other.stop();
    }
  });

  test("a short CRON_SECRET stops start-up naming the variable", () => {
    assert.throws(
      () => parseConfig({ BOT_TOKEN: "123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CRON_SECRET: "short" }),
      (error: unknown) =>
        error instanceof ConfigError && /CRON_SECRET: expected at least 24 characters/.test(error.message),
    );
  });
});
