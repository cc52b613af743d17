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
import { runAlertsBench } from "./alerts.js";
import { runDeliveryBench } from "./delivery.js";
import { runImportBench, runImportCeilingBench } from "./import.js";
import { benchChatIds, HUNDRED_CHATS, ONE_GIANT_CHAT } from "./lib/dataset.js";
import { printTable } from "./lib/stats.js";
import { runLiveIngest } from "./live-ingest.js";
import { runMemoryBench } from "./memory.js";
import { runMtprotoBench } from "./mtproto.js";
import { runQueryBench } from "./queries.js";
import { runRecapBench } from "./recap.js";
import { runRecapRunBench } from "./recap-run.js";
import { runRenderBench } from "./render.js";
import { runSnapshotBench } from "./snapshots.js";
import { runStatsEndToEndBench } from "./stats-e2e.js";
import { runStatsViewsBench, type ViewTiming } from "./stats-views.js";
import { runViewsBench } from "./views.js";

// Optional filters: an engine (postgres | pglite) and/or suites
// (ingest | queries | e2e | render | import | import-ceiling | mtproto | snapshots | delivery | views | recap | recap-run | alerts | memory | stats-views).
const args = process.argv.slice(2);
const only = args.find((a) => a === "postgres" || a === "pglite");
const suites = new Set(args.filter((a) => a !== only));
const want = (suite: string) => suites.size === 0 || suites.has(suite);
// The target (5,000/s) with headroom, then twice that to show where the ceiling is.
const liveRates = (process.env.BENCH_RATES ?? "6000,12000").split(",").map(Number);
const liveSeconds = Number(process.env.BENCH_SECONDS ?? 20);

/** A PostgreSQL server to create benchmark databases in: BENCH_DATABASE_URL or a throwaway cluster. */
async function withPostgresServer<T>(run: (adminUrl: string) => Promise<T>): Promise<T> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return run(url);
  const script = join(import.meta.dirname, "..", "test", "helpers", "pg-cluster.sh");
  const out = execFileSync("bash", [script, "start"], { encoding: "utf8", env: { ...process.env, PG_DURABLE: "1" } });
  const clusterDir = /PG_CLUSTER_DIR=(\S+)/.exec(out)?.[1];
  const adminUrl = /TEST_DATABASE_URL=(\S+)/.exec(out)?.[1];
  if (!adminUrl || !clusterDir) throw new Error(`could not start a PostgreSQL cluster:\n${out}`);
  try {
    return await run(adminUrl);
  } finally {
    execFileSync("bash", [script, "stop", clusterDir]);
  }
}

function withPostgres<T>(run: (database: Database) => Promise<T>): Promise<T> {
  return withPostgresServer(async (adminUrl) => {
    const database = await openPostgres(adminUrl);
    try {
      return await run(database);
    } finally {
      await database.close();
    }
  });
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
  if (!want("ingest")) continue;
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

// Queries at 1M and 10M messages across 100 chats (PGlite: 1M; 10M would take the embedded
// engine most of an hour to generate), then /stats end to end on the 1M dataset.
const querySizes = (process.env.BENCH_QUERY_SIZES ?? "1000000,10000000").split(",").map(Number);
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("queries") && !want("e2e")) continue;
  for (const size of querySizes) {
    if (name === "pglite" && size > 1_000_000) continue;
    console.log(`\n▶ queries on ${name}: generating ${size.toLocaleString("en-US")} messages in 100 chats`);
    await withDatabase(async (database) => {
      const queries = await runQueryBench(database, size);
      results[`queries.${name}.${size}`] = queries;
      printTable(
        `query latency, ms (${name}, ${size.toLocaleString("en-US")} messages, generated in ${queries.generateSeconds} s)`,
        Object.entries(queries.queries).map(([query, t]) => ({ query, p50: t.p50, p95: t.p95 })),
      );
      if (want("e2e") && size === querySizes[0]) {
        const e2e = await runStatsEndToEndBench(database);
        results[`statsEndToEnd.${name}`] = e2e;
        printTable(`/stats end to end, command in → photo out (${name}), ms`, [e2e]);
      }
    });
  }
}

// Every /stats view (each chart × each period, /me, all-time top senders) at both dataset
// shapes, 10M messages in 100 chats and 5M in one chat (PGlite: 1M of each; 0 skips a shape),
// then /stats end to end on each shape; one table of every view × shape at the end.
const statsViewRuns = [
  ["postgres", HUNDRED_CHATS, "BENCH_STATS_VIEWS_PG_100", 10_000_000],
  ["postgres", ONE_GIANT_CHAT, "BENCH_STATS_VIEWS_PG_GIANT", 5_000_000],
  ["pglite", HUNDRED_CHATS, "BENCH_STATS_VIEWS_PGLITE_100", 1_000_000],
  ["pglite", ONE_GIANT_CHAT, "BENCH_STATS_VIEWS_PGLITE_GIANT", 1_000_000],
] as const;
const viewColumns: { column: string; views: ViewTiming[] }[] = [];
for (const [name, shape, variable, defaultSize] of statsViewRuns) {
  if ((only && only !== name) || !want("stats-views")) continue;
  const size = Number(process.env[variable] ?? defaultSize);
  if (size === 0) continue;
  const label = `${name === "postgres" ? "PG" : "PGlite"} ${size / 1_000_000}M/${shape.chats}`;
  console.log(`\n▶ /stats views on ${name}: ${size.toLocaleString("en-US")} messages, ${shape.name}`);
  const withDatabase = name === "postgres" ? withPostgres : withPglite;
  await withDatabase(async (database) => {
    const run = await runStatsViewsBench(database, { messages: size, shape });
    results[`statsViews.${name}.${shape.chats}.${size}`] = run;
    viewColumns.push({ column: label, views: run.views });
    printTable(
      `/stats views, ms (${name}, ${shape.name}, ${size.toLocaleString("en-US")} messages, built in ${run.build.totalSeconds} s; load ${run.loadAverage.start} → ${run.loadAverage.end})`,
      run.views.map((v) => ({
        view: v.view,
        runs: v.runs,
        p50: v.p50,
        p95: v.p95,
        max: v.max,
        "cpu ms": v.cpuMs,
        "server cpu ms": v.serverCpuMs ?? "-",
      })),
    );
    if (process.env.BENCH_STATS_E2E !== "0") {
      // A failure here (e.g. a command left unanswered for 30 s) is reported, and the other
      // shapes still run.
      try {
        const e2e = await runStatsEndToEndBench(database, 60, { chatIds: benchChatIds(shape), budgetSeconds: 120 });
        results[`statsEndToEnd.${name}.${shape.chats}.${size}`] = e2e;
        printTable(`/stats end to end, command in → photo out (${label}), ms`, [e2e]);
      } catch (error) {
        results[`statsEndToEnd.${name}.${shape.chats}.${size}`] = { error: String(error) };
        console.log(`/stats end to end (${label}) failed: ${String(error)}`);
      }
    }
  });
}
if (viewColumns.length > 0) {
  printTable(
    "/stats views at both dataset shapes, p50 / p95 ms",
    (viewColumns[0]?.views ?? []).map((row, i) => ({
      view: row.view,
      ...Object.fromEntries(
        viewColumns.map(({ column, views }) => [column, `${views[i]?.p50 ?? "-"} / ${views[i]?.p95 ?? "-"}`]),
      ),
    })),
  );
}

if (want("render")) {
  console.log("\n▶ chart rendering in a worker thread");
  const render = await runRenderBench();
  results.render = render;
  const { eventLoopDelayP99Ms, ...kinds } = render;
  printTable(
    `chart render latency, ms (main event loop delay p99 while rendering: ${eventLoopDelayP99Ms} ms)`,
    Object.entries(kinds as Record<string, { p50: number; p95: number }>).map(([kind, t]) => ({
      chart: kind,
      p50: t.p50,
      p95: t.p95,
    })),
  );
}

// Resident memory of `npm start` left idle: PGlite's first start and a reopen, PostgreSQL.
if (want("memory")) {
  console.log("\n▶ memory: npm start against the Bot API stand-in, left idle");
  const memory =
    only === "pglite" ? await runMemoryBench({}) : await withPostgresServer((adminUrl) => runMemoryBench({ adminUrl }));
  results.memory = memory;
  printTable(
    "resident memory, MB",
    memory.map((m) => ({ ...m })),
  );
}

// Telegram Desktop import: memory must stay flat from 100k to 1M messages.
const importSizes = (process.env.BENCH_IMPORT_SIZES ?? "100000,1000000").split(",").map(Number);
for (const name of ["postgres", "pglite"] as const) {
  if (only && only !== name) continue;
  if (!want("import")) continue;
  const rows = [];
  for (const size of importSizes) {
    console.log(
      `\n▶ import on ${name}: generating and importing a ${size.toLocaleString("en-US")}-message export, twice`,
    );
    const result =
      name === "postgres"
        ? await withPostgresServer((adminUrl) => runImportBench({ engine: "postgres", adminUrl }, size))
        : await runImportBench({ engine: "pglite" }, size);
    results[`import.${name}.${size}`] = result;
    rows.push(result);
  }
  printTable(`Telegram Desktop import (${name})`, rows);
}

// The importer against COPY of exactly the rows it stored, taking turns (PostgreSQL: the
// ceiling is PostgreSQL's own loading speed).
if ((want("import") || want("import-ceiling")) && only !== "pglite") {
  const size = Number(process.env.BENCH_CEILING_MESSAGES ?? 1_000_000);
  const runs = Number(process.env.BENCH_CEILING_RUNS ?? 3);
  console.log(`\n▶ import against the COPY ceiling: ${size.toLocaleString("en-US")} messages, ${runs} runs of each`);
  const ceiling = await withPostgresServer((adminUrl) => runImportCeilingBench(adminUrl, size, runs));
  results.importCeiling = ceiling;
  printTable(
    `import vs COPY of the rows it stored (postgres, ${ceiling.messages.toLocaleString("en-US")} messages, ${ceiling.fileMb} MB; ${Object.keys(ceiling.tables).length} tables)`,
    ceiling.runs.map((r) => ({
      run: r.run,
      "import s": r.importSeconds,
      "COPY s": r.copySeconds,
      ratio: r.ratio,
      "% of ceiling": r.percentOfCeiling,
      "import msg/s": r.importPerSecond,
      "COPY msg/s": r.copyPerSecond,
      "import cpu s": r.importCpu,
      "COPY cpu s": r.copyCpu,
      "server cpu s (import)": r.importServerCpu ?? "-",
      "server cpu s (COPY)": r.copyServerCpu ?? "-",
      load: r.load,
    })),
  );
  console.log(
    `median: import ${ceiling.medianImportSeconds} s, COPY ${ceiling.medianCopySeconds} s, ${ceiling.medianPercentOfCeiling} % of the ceiling; load average ${ceiling.loadAverage.join(" ")}`,
  );
}

// MTProto backfill into the database (request rate taken out) and the limiter's real rate.
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("mtproto")) continue;
  console.log(`\n▶ MTProto backfill on ${name}`);
  const mtproto = await withDatabase((database) =>
    runMtprotoBench(database, { messages: name === "pglite" ? 50_000 : 200_000 }),
  );
  results[`mtproto.${name}`] = mtproto;
  printTable(
    `MTProto backfill (${name})`,
    mtproto.backfill.map((b) => ({
      variant: b.variant,
      messages: b.messages,
      "records/s": b.recordsPerSecond,
      "replay/s": b.replayRecordsPerSecond,
      lost: b.lost,
      "counted twice": b.countedTwice,
    })),
  );
  printTable(
    "MTProto limiter (requests/s)",
    mtproto.limiter.map((l) => ({ ...l }) as Record<string, string | number>),
  );
}

// Daily snapshots of 1,000 chats through the Bot API stand-in, which answers 429 above 30 calls/s.
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("snapshots")) continue;
  console.log(`\n▶ daily snapshots on ${name}: 1,000 chats`);
  const snapshots = await withDatabase((database) => runSnapshotBench(database, { chats: 1_000, messagesPerChat: 50 }));
  results[`snapshots.${name}`] = snapshots;
  printTable(`daily snapshots, 1,000 chats (${name})`, [{ ...snapshots }]);
}

// Sending at Telegram's limits: 1,000 groups at once, a busy group and a person's DMs, against a
// stand-in that answers 429 as a strict Telegram would.
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("delivery")) continue;
  console.log(`\n▶ delivery on ${name}: 1,000 groups at once (10 more to one group, 10 DMs), then 300 one by one`);
  const delivery = await withDatabase((database) => runDeliveryBench(database, { chats: 1_000, oneByOne: 300 }));
  results[`delivery.${name}`] = delivery;
  printTable(`delivery at Telegram's limits (${name})`, [{ ...delivery }]);
}

// The weekly recap of one chat of 1M messages: every query and the card, per recap.
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("recap")) continue;
  console.log(`\n▶ weekly recap on ${name}: one chat of 1,000,000 messages`);
  const recap = await withDatabase((database) => runRecapBench(database, 1_000_000));
  results[`recap.${name}`] = recap;
  printTable(`weekly recap, ms (${name}, 1,000,000 messages in one chat, generated in ${recap.generateSeconds} s)`, [
    { part: "queries (getRecapView)", p50: recap.queries.p50, p95: recap.queries.p95 },
    { part: "card + caption", p50: recap.render.p50, p95: recap.render.p95 },
    { part: "total", p50: recap.total.p50, p95: recap.total.p95 },
  ]);
}

// A weekly recap run: N groups (1,000 by default) due at once, posted by one manual run of the
// job through delivery to a stand-in that answers 429 above Telegram's limits.
const recapRunChats = Number(process.env.BENCH_RECAP_CHATS ?? 1_000);
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("recap-run")) continue;
  console.log(`\n▶ weekly recap run on ${name}: ${recapRunChats} groups due at once, 40 messages each`);
  const run = await withDatabase((database) =>
    runRecapRunBench(database, { chats: recapRunChats, messagesPerChat: 40 }),
  );
  results[`recap-run.${name}`] = run;
  printTable(`weekly recap run, ${recapRunChats} groups (${name})`, [{ ...run }]);
}

// Refresh of the three social-graph views at 1M and 10M messages in 100 chats (PGlite: 1M): the
// first build, the daily (incremental) refresh after a day of new messages, and a full rebuild
// of the same data (weekly, or after an opt-out).
const viewSizes = (process.env.BENCH_VIEW_SIZES ?? "1000000,10000000").split(",").map(Number);
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("views")) continue;
  for (const size of viewSizes) {
    if (name === "pglite" && size > 1_000_000) continue;
    console.log(`\n▶ social-graph views on ${name}: ${size.toLocaleString("en-US")} messages in 100 chats`);
    const views = await withDatabase((database) => runViewsBench(database, size));
    results[`views.${name}.${size}`] = views;
    printTable(
      `social-graph view refresh, ms (${name}, ${size.toLocaleString("en-US")} messages, generated in ${views.generateSeconds} s; daily: ${views.dailyAfterNewDay.mode}, ${views.dailyAfterNewDay.addedMessages.toLocaleString("en-US")} new messages, ${views.dailyAfterNewDay.changesRecorded.toLocaleString("en-US")} changes recorded)`,
      Object.keys(views.firstBuild.views).map((view) => ({
        view,
        "first build ms": views.firstBuild.views[view]?.ms ?? 0,
        "first build db CPU s": views.firstBuild.views[view]?.cpuSeconds ?? "?",
        "daily ms": views.dailyAfterNewDay.views[view]?.ms ?? 0,
        "daily db CPU s": views.dailyAfterNewDay.views[view]?.cpuSeconds ?? "?",
        "full rebuild ms": views.weeklyFullRebuild.views[view]?.ms ?? 0,
        "full rebuild db CPU s": views.weeklyFullRebuild.views[view]?.cpuSeconds ?? "?",
        load: views.dailyAfterNewDay.views[view]?.load ?? "?",
        rows: views.dailyAfterNewDay.views[view]?.rows ?? 0,
      })),
    );
  }
}

// Alert evaluation: 10,000 rules over 1,000 chats whose rollups hold 10M messages.
for (const [name, withDatabase] of engines) {
  if (only && only !== name) continue;
  if (!want("alerts")) continue;
  console.log(`\n▶ alert evaluation on ${name}: 10,000 rules over 1,000 chats, 10M messages in rollups`);
  const alerts = await withDatabase((database) => runAlertsBench(database));
  results[`alerts.${name}`] = alerts;
  printTable(`alert evaluation, ms (${name}, generated in ${alerts.generateSeconds} s)`, [
    {
      rules: alerts.rules,
      chats: alerts.chats,
      "hourly rows": alerts.hourlyRows,
      p50: alerts.evaluationMs.p50,
      p95: alerts.evaluationMs.p95,
      max: alerts.evaluationMs.max,
      queries: alerts.queriesPerEvaluation,
      fired: alerts.firedFirstTwoRuns,
      "cpu p50": alerts.processCpuMs.p50,
      load: alerts.loadAverage,
    },
  ]);
}

mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
const file = join(import.meta.dirname, "results", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nresults written to ${file}`);
