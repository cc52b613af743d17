// Every /stats view at a dataset shape: each chart of CHARTS × each period of the keyboard, as
// the whole getChatStatsView (all of the view's queries, as the bot builds it for a command or a
// button), plus /me (getMemberView: its default 7 days and 30 days) and all-time top senders.
// Runs each view against random chats of the shape (the one chat of the giant shape), for a
// number of iterations or a time budget per view, whichever ends first; beside wall times it
// records CPU time, this process's and (PostgreSQL on this host) the server backends', since
// other work on a shared host stretches wall times. `tsx bench/stats-views.ts [pglite]
// [giant] [messages]` runs it alone.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import type { Database } from "../src/db/client.js";
import { getFirstActivity } from "../src/queries/activity.js";
import { parsePeriod } from "../src/queries/period.js";
import { currentRange } from "../src/queries/range.js";
import { getTopSenders } from "../src/queries/senders.js";
import { CHARTS, getChatStatsView } from "../src/reports/chat-stats.js";
import { getMemberView } from "../src/reports/member.js";
import type { ReportDeps } from "../src/reports/types.js";
import {
  benchChatIds,
  benchUserId,
  type DatasetBuild,
  type DatasetShape,
  generateDataset,
  HUNDRED_CHATS,
  ONE_GIANT_CHAT,
} from "./lib/dataset.js";
import { summarize } from "./lib/stats.js";
import { BENCH_NOW } from "./queries.js";

/** The periods of the /stats keyboard. */
export const VIEW_PERIODS = ["today", "7d", "30d", "90d", "365d", "all"] as const;

export interface ViewTiming {
  view: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  /** This process's CPU time per run, mean (ms): PGlite's queries run here; PostgreSQL's in the server. */
  cpuMs: number;
  /** The PostgreSQL backends' CPU time per run, mean (ms); null on PGlite or a server elsewhere. */
  serverCpuMs: number | null;
}

export interface StatsViewsResult {
  build: DatasetBuild;
  views: ViewTiming[];
  /** The host's 1-minute load average before and after the runs. */
  loadAverage: { start: number; end: number };
}

type View = (chatId: number) => Promise<unknown>;

export async function runStatsViewsBench(
  database: Database,
  options: { messages: number; shape: DatasetShape; iterations?: number; secondsPerView?: number },
): Promise<StatsViewsResult> {
  const { shape } = options;
  const iterations = options.iterations ?? Number(process.env.BENCH_STATS_VIEW_ITERATIONS ?? 100);
  // A view that takes seconds is not run 100 times: the budget stops it (at 3 runs at least;
  // the table says how many it had).
  const budgetMs = (options.secondsPerView ?? Number(process.env.BENCH_STATS_VIEW_SECONDS ?? 10)) * 1000;
  const build = await generateDataset(database, options.messages, BENCH_NOW, shape);
  console.log(
    `  built in ${build.totalSeconds} s: messages ${build.messagesSeconds} s, reactions ${build.reactionsSeconds} s, indexes ${build.indexesSeconds} s, rollups (rebuildRollups) ${build.rollupsSeconds} s, member windows ${build.windowsSeconds} s, VACUUM ANALYZE ${build.vacuumSeconds} s; load ${round1(loadavg()[0] ?? 0)}`,
  );
  const deps: ReportDeps = { database, config: { defaultTimezone: "UTC" }, now: () => BENCH_NOW };
  const chats = benchChatIds(shape);
  // A member who types /me is picked as messages are: the more someone writes, the likelier.
  const member = (chatId: number) => {
    const rank = Math.floor(Math.random() ** 4 * shape.usersPerChat);
    return { id: benchUserId(shape, chats.indexOf(chatId), rank), name: `Member ${rank}` };
  };
  // As the bot parses a period: "all" starts at the chat's first activity, which it looks up.
  const period = async (chatId: number, key: string) =>
    parsePeriod(key, "UTC", BENCH_NOW, {
      firstActivity: key === "all" ? await getFirstActivity(database, chatId) : null,
    });

  const views: [string, View][] = [];
  for (const chart of CHARTS) {
    for (const key of VIEW_PERIODS) {
      views.push([
        `${chart} ${key}`,
        async (chatId) =>
          getChatStatsView(deps, { chat: chatId, period: await period(chatId, key), chart, locale: "en" }),
      ]);
    }
  }
  for (const key of ["7d", "30d"]) {
    views.push([
      `/me ${key}`,
      async (chatId) =>
        getMemberView(deps, { chat: chatId, period: await period(chatId, key), member: member(chatId), locale: "en" }),
    ]);
  }
  views.push([
    "top senders all time",
    async (chatId) => getTopSenders(database, currentRange(chatId, await period(chatId, "all")), 10),
  ]);

  const loadStart = loadavg()[0] ?? 0;
  const results: ViewTiming[] = [];
  for (const [name, view] of views) {
    // Warm-up (plans, caches): once, and twice more when that was quick.
    const warm = performance.now();
    await view(chats[0] as number);
    if (performance.now() - warm < 500) for (let i = 1; i < 3; i++) await view(chats[i % chats.length] as number);
    const times: number[] = [];
    const backendsBefore = await backendCpu(database);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const minimum = Math.min(iterations, 3);
    while (times.length < iterations && (times.length < minimum || performance.now() - started < budgetMs)) {
      const chatId = chats[Math.floor(Math.random() * chats.length)] as number;
      const t = performance.now();
      await view(chatId);
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const backendsAfter = await backendCpu(database);
    const s = summarize(times);
    results.push({
      view: name,
      runs: times.length,
      p50: round(s.p50),
      p95: round(s.p95),
      max: round(s.max),
      cpuMs: round((cpu.user + cpu.system) / 1000 / times.length),
      serverCpuMs:
        backendsBefore && backendsAfter ? round(cpuDelta(backendsBefore, backendsAfter) / times.length) : null,
    });
  }
  return {
    build,
    views: results,
    loadAverage: { start: round1(loadStart), end: round1(loadavg()[0] ?? 0) },
  };
}

/**
 * CPU time (ms) of each PostgreSQL backend serving this database, read from /proc: null on
 * PGlite, or when the server is not on this host (or not readable).
 */
async function backendCpu(database: Database): Promise<Map<number, number> | null> {
  if (database.engine !== "postgres") return null;
  const rows = await database.rows<{ pid: number }>(
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
  );
  const ticksPerMs = 100 / 1000; // USER_HZ: 100 on Linux
  const cpu = new Map<number, number>();
  try {
    for (const { pid } of rows) {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerMs);
    }
  } catch {
    return null;
  }
  return cpu;
}

/** CPU used between two readings; backends that started in between count from zero. */
function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

const round = (value: number) => Math.round(value * 100) / 100;
const round1 = (value: number) => Math.round(value * 10) / 10;

// Alone: `tsx bench/stats-views.ts [pglite] [giant] [messages]` (100 chats unless giant) against BENCH_DATABASE_URL
// (a fresh database is created in it) or PGlite in a temporary directory.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const shape = args.includes("giant") ? ONE_GIANT_CHAT : HUNDRED_CHATS;
  const messages = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const { openDatabase } = await import("../src/db/client.js");
  const { runMigrations } = await import("../src/db/migrate.js");
  const { openPostgres } = await import("../test/helpers/db.js");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { printTable } = await import("./lib/stats.js");
  const pglite = args.includes("pglite") || !process.env.BENCH_DATABASE_URL;
  const dir = pglite ? mkdtempSync(join(tmpdir(), "pulse-bench-")) : undefined;
  const database = dir
    ? await openDatabase({ engine: "pglite", dataDir: dir })
    : await openPostgres(process.env.BENCH_DATABASE_URL as string);
  if (dir) await runMigrations(database);
  try {
    const result = await runStatsViewsBench(database, { messages, shape });
    console.log(result.build);
    printTable(`/stats views, ms (${shape.name}, load ${result.loadAverage.start} → ${result.loadAverage.end})`, [
      ...result.views.map((v) => ({ ...v, serverCpuMs: v.serverCpuMs ?? "–" })),
    ]);
  } finally {
    await database.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
