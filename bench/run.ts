// `npm run bench`: every benchmark on PostgreSQL and on embedded PGlite, with generated data.
// PostgreSQL: BENCH_DATABASE_URL (a server you point it at; a fresh database is created in it),
// else a throwaway cluster started with test/helpers/pg-cluster.sh (needs the postgresql package).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, openDatabase } from "../src/db/client.js";
import { runMigrations } from "../src/db/migrate.js";
import { openPostgres } from "../test/helpers/db.js";
import { printTable } from "./lib/stats.js";
import { runLiveIngest } from "./live-ingest.js";

const only = process.argv[2]; // optional engine filter: postgres | pglite
// The target (5,000/s) with headroom, then twice that to show where the ceiling is.
const liveRates = (process.env.BENCH_RATES ?? "6000,12000").split(",").map(Number);
const liveSeconds = Number(process.env.BENCH_SECONDS ?? 20);

async function withPostgres<T>(run: (database: Database) => Promise<T>): Promise<T> {
  let url = process.env.BENCH_DATABASE_URL;
  let clusterDir: string | undefined;
  if (!url) {
    const script = join(import.meta.dirname, "..", "test", "helpers", "pg-cluster.sh");
    const out = execFileSync("bash", [script, "start"], { encoding: "utf8", env: { ...process.env, PG_DURABLE: "1" } });
    clusterDir = /PG_CLUSTER_DIR=(\S+)/.exec(out)?.[1];
    url = /TEST_DATABASE_URL=(\S+)/.exec(out)?.[1];
    if (!url || !clusterDir) throw new Error(`could not start a PostgreSQL cluster:\n${out}`);
  }
  const database = await openPostgres(url);
  try {
    return await run(database);
  } finally {
    await database.close();
    if (clusterDir)
      execFileSync("bash", [join(import.meta.dirname, "..", "test", "helpers", "pg-cluster.sh"), "stop", clusterDir]);
  }
}

async function withPglite<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-bench-"));
  const database = await openDatabase({ engine: "pglite", dataDir: dir });
  await runMigrations(database);
  try {
    return await run(database);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown> = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
};
const engines = [
  ["postgres", withPostgres],
  ["pglite", withPglite],
] as const;

for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  const rows = [];
  for (const rate of liveRates) {
    console.log(`\n▶ live ingest on ${name}: ${rate} updates/s offered for ${liveSeconds} s, 100 chats`);
    const live = await withDatabase((database) =>
      runLiveIngest(database, { rate, seconds: liveSeconds, chats: 100, users: 2_000 }),
    );
    results[`liveIngest.${name}.${rate}`] = live;
    rows.push({
      offered: live.offeredRate,
      "sustained/s": live.sustainedPerSecond,
      "p50 ms": live.latencyMs.p50,
      "p99 ms": live.latencyMs.p99,
      "max ms": live.latencyMs.max,
      "rss MB": live.peakRssMb,
      lost: live.lost,
      "counted twice": live.countedTwice,
      "replay/s": live.replayPerSecond,
    });
  }
  printTable(`live ingest through the bot (${name})`, rows);
}

mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
const file = join(import.meta.dirname, "results", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${file}`);
