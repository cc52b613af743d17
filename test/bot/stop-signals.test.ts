// Stopping Pulse the ways supervisors do, as a black box: `npm start` in its own process
// group against the test Bot API server, which (like Telegram) never sends an update again
// once a later offset was asked for. After each stop Pulse is started again until every
// update is confirmed; then what Telegram considers delivered must be stored exactly once.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type Database, openDatabase } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { createPostgresDatabase } from "../helpers/db.js";
import { waitFor } from "../helpers/pulse.js";
import {
  burst,
  CuttableProxy,
  groupAlive,
  type PulseProcess,
  startPulseProcess,
  tempDataDir,
} from "../helpers/pulse-process.js";

const TOTAL = 1_500;

interface Target {
  name: string;
  env: Record<string, string>;
  open(): Promise<Database>;
  /** Rows stored so far, read while Pulse runs (PostgreSQL only; PGlite is one process). */
  storedNow?: () => Promise<number>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = tempDataDir();
  return {
    name: "pglite",
    env: { DATA_DIR: dataDir },
    open: () => openDatabase({ engine: "pglite", dataDir }),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(adminUrl: string, url?: string): Promise<Target & { url: string }> {
  const created = await createPostgresDatabase(adminUrl);
  const reader = postgres(created.url, { max: 1, onnotice: () => {} });
  return {
    name: "postgres",
    url: created.url,
    env: { DATABASE_URL: url ?? created.url, DATA_DIR: tempDataDir() },
    open: () => openDatabase({ engine: "postgres", url: created.url }),
    storedNow: async () => {
      const exists = await reader`SELECT to_regclass('messages') IS NOT NULL AS ok`;
      if (!exists[0]?.ok) return 0;
      return Number((await reader`SELECT count(*)::int AS n FROM messages`)[0]?.n ?? 0);
    },
    async cleanup() {
      await reader.end();
      await created.drop();
    },
  };
}

const started: PulseProcess[] = [];

/** Starts Pulse and waits until it polls. */
async function start(server: TestBotApiServer, target: Target, how: "npm" | "node" = "npm"): Promise<PulseProcess> {
  const calls = server.getUpdatesCalls;
  const pulse = startPulseProcess(server, { SHUTDOWN_TIMEOUT_SECONDS: "4", WRITER_FLUSH_MS: "20", ...target.env }, how);
  started.push(pulse);
  await waitFor(() => server.getUpdatesCalls > calls || pulse.child.exitCode !== null, 60_000, "Pulse to poll");
  assert.equal(pulse.child.exitCode, null, `Pulse exited at start:\n${pulse.output()}`);
  return pulse;
}

/** Restarts Pulse until Telegram has nothing left for it, stops it, and counts. */
async function finishAndCount(server: TestBotApiServer, target: Target, lastId: number) {
  const pulse = await start(server, target);
  await server.waitUntilConfirmed(lastId, 60_000);
  pulse.signalGroup("SIGTERM");
  const exit = await pulse.exited;
  assert.equal(exit.code, 0, `clean exit after the rest:\n${pulse.output()}`);
  const database = await target.open();
  try {
    const [row] = await database.rows<{ messages: number; distinct: number; hourly: number; daily: number }>(sql`
      SELECT (SELECT count(*)::int FROM messages) AS messages,
             (SELECT count(DISTINCT text)::int FROM messages) AS distinct,
             (SELECT sum(messages)::int FROM chat_hourly_activity) AS hourly,
             (SELECT sum(messages)::int FROM chat_user_daily_activity) AS daily`);
    return row;
  } finally {
    await database.close();
  }
}

const exactlyOnce = { messages: TOTAL, distinct: TOTAL, hourly: TOTAL, daily: TOTAL };

describe("stopping Pulse the ways supervisors do", () => {
  let server: TestBotApiServer;
  before(async () => {
    server = await TestBotApiServer.start();
  });
  after(async () => {
    // A test that failed half-way must not leave a Pulse polling the shared server.
    for (const pulse of started) if (groupAlive(pulse.child.pid as number)) pulse.signalGroup("SIGKILL");
    await server.close();
  });

  test("SIGTERM to the process group of `npm start` mid-burst: one graceful stop, nothing lost", async () => {
    const target = await pgliteTarget();
    try {
      const pulse = await start(server, target);
      const ids = server.pushUpdates(burst(TOTAL));
      await waitFor(() => server.confirmedOffset > (ids[200] as number), 30_000, "the first commits");
      pulse.signalGroup("SIGTERM");
      const exit = await pulse.exited;
      assert.equal(exit.code, 0, pulse.output());
      // npm relays the signal: Pulse saw it twice and still stopped gracefully.
      assert.match(pulse.output(), /shutdown complete/);
      assert.doesNotMatch(pulse.output(), /exiting now/);
      assert.equal(groupAlive(pulse.child.pid as number), false, "no process of the group is left");
      assert.deepEqual(await finishAndCount(server, target, ids.at(-1) as number), exactlyOnce);
    } finally {
      await target.cleanup();
    }
  });

  test("SIGTERM to the npm process alone stops everything and frees the data directory", async () => {
    const target = await pgliteTarget();
    try {
      const pulse = await start(server, target);
      pulse.child.kill("SIGTERM");
      await pulse.exited;
      await waitFor(() => !groupAlive(pulse.child.pid as number), 15_000, "every process of the group to exit");
      // The embedded database's lock is free: the next start works.
      const ids = server.pushUpdates(burst(TOTAL));
      assert.deepEqual(await finishAndCount(server, target, ids.at(-1) as number), exactlyOnce);
    } finally {
      await target.cleanup();
    }
  });

  test("SIGKILL mid-burst on the embedded database loses nothing Telegram considers delivered", async () => {
    const target = await pgliteTarget();
    try {
      const pulse = await start(server, target, "node");
      const ids = server.pushUpdates(burst(TOTAL));
      await waitFor(() => server.confirmedOffset > (ids[300] as number), 30_000, "the first commits");
      pulse.signalGroup("SIGKILL");
      await pulse.exited;
      assert.ok(server.confirmedOffset <= (ids.at(-1) as number), "killed mid-burst");
      assert.deepEqual(await finishAndCount(server, target, ids.at(-1) as number), exactlyOnce);
    } finally {
      await target.cleanup();
    }
  });

  const adminUrl = process.env.TEST_DATABASE_URL;
  test("PostgreSQL: SIGKILL with writes stalled by a lock loses nothing", { skip: !adminUrl }, async () => {
    const target = await postgresTarget(adminUrl as string);
    const locker = postgres(target.url, { max: 1, onnotice: () => {} });
    try {
      const pulse = await start(server, target, "node");
      const ids = server.pushUpdates(burst(TOTAL));
      await waitFor(async () => ((await target.storedNow?.()) ?? 0) >= 200, 30_000, "the first commits");
      // Writes stall behind the lock while Telegram keeps offering updates.
      const locked = locker.begin(async (tx) => {
        await tx`LOCK TABLE messages IN SHARE MODE`;
        await new Promise((r) => setTimeout(r, 1_500));
        pulse.signalGroup("SIGKILL");
        await pulse.exited;
      });
      await locked;
      const stored = (await target.storedNow?.()) ?? 0;
      const confirmed = server.confirmedOffset - (ids[0] as number);
      assert.ok(confirmed <= stored, `confirmed ${confirmed} updates but stored only ${stored}`);
      assert.deepEqual(await finishAndCount(server, target, ids.at(-1) as number), exactlyOnce);
    } finally {
      await locker.end();
      await target.cleanup();
    }
  });

  test("PostgreSQL: a stop while the database is down ends in time and loses nothing", {
    skip: !adminUrl,
  }, async () => {
    const direct = new URL(adminUrl as string);
    const proxy = await CuttableProxy.start({ host: direct.hostname, port: Number(direct.port) });
    const created = await postgresTarget(adminUrl as string);
    const target = { ...created, env: { ...created.env, DATABASE_URL: proxy.urlFor(created.url) } };
    try {
      const pulse = await start(server, target, "node");
      const ids = server.pushUpdates(burst(TOTAL));
      await waitFor(async () => ((await target.storedNow?.()) ?? 0) >= 200, 30_000, "the first commits");
      proxy.cutOff();
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(
        pulse.child.exitCode,
        null,
        `Pulse must keep running while the database is away:\n${pulse.output()}`,
      );
      const stopAsked = Date.now();
      pulse.signalGroup("SIGTERM");
      const exit = await pulse.exited;
      const stopSeconds = (Date.now() - stopAsked) / 1000;
      // SHUTDOWN_TIMEOUT_SECONDS=4: well inside any supervisor's grace period.
      assert.ok(stopSeconds < 10, `stopped in ${stopSeconds} s`);
      assert.notEqual(exit.signal, "SIGKILL");
      const stored = (await target.storedNow?.()) ?? 0;
      const confirmed = server.confirmedOffset - (ids[0] as number);
      assert.ok(confirmed <= stored, `confirmed ${confirmed} updates but stored only ${stored}`);
      proxy.restore();
      assert.deepEqual(await finishAndCount(server, target, ids.at(-1) as number), exactlyOnce);
    } finally {
      await proxy.close();
      await target.cleanup();
    }
  });
});
