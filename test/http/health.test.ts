// /health answers anyone who can reach the port, so during an outage it says only that the
// database is unreachable; the error (host, port, user) goes to the log, and /metrics has
// a reachability gauge.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import pino from "pino";
import { type Pulse, startPulse } from "../../src/app.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { testConfig } from "../helpers/pulse.js";

let server: TestBotApiServer;
let database: Database;
let unreachable: Database;
let pulse: Pulse;
const logLines: string[] = [];

before(async () => {
  server = await TestBotApiServer.start();
  database = await (testEngines()[0] as { open(): Promise<Database> }).open();
  // A PostgreSQL nobody listens on: its real error names the host and port.
  unreachable = await openDatabase({ engine: "postgres", url: "postgres://pulse:hunter2@127.0.0.1:1/pulse" });
  let down = false;
  const flaky: Database = {
    ...database,
    ping: (timeoutMs) => (down ? unreachable.ping(timeoutMs) : database.ping(timeoutMs)),
  };
  const log = pino(
    { level: "warn" },
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  pulse = await startPulse(testConfig(server), { log, database: flaky, botInfo: server.botInfo });
  takeDown = () => {
    down = true;
  };
});
let takeDown = () => {};
after(async () => {
  await pulse.stop();
  await unreachable.close();
  await database.close();
  await server.close();
});

test("during an outage /health says unreachable and nothing more; the log and /metrics have the rest", async () => {
  const url = `http://127.0.0.1:${pulse.http.port}`;
  const healthy = await fetch(`${url}/health`);
  assert.equal(healthy.status, 200);
  assert.match(await (await fetch(`${url}/metrics`)).text(), /^pulse_database_reachable 1$/m);

  takeDown();
  const response = await fetch(`${url}/health`);
  assert.equal(response.status, 503);
  const text = await response.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  assert.equal(body.status, "degraded");
  assert.deepEqual(body.database, { engine: "pglite", reachable: false });
  for (const secret of ["127.0.0.1", ":1", "ECONNREFUSED", "hunter2", "pulse@"]) {
    assert.ok(!text.includes(secret), `/health must not show "${secret}": ${text}`);
  }
  assert.match(await (await fetch(`${url}/metrics`)).text(), /^pulse_database_reachable 0$/m);
  assert.ok(
    logLines.some((line) => line.includes("health check") && line.includes("ECONNREFUSED")),
    "the log keeps the error",
  );
});
