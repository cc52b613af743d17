// Import throughput: a generated Telegram Desktop export (the demo community, scaled up)
// imported by `importExport`, the code behind `npm run import`, in a process of its own, so
// its peak resident memory is the importer's and not the generator's. The same file is then
// imported again: a replay must add nothing and count nothing twice.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { writeCommunityExport } from "../src/demo/index.js";
import type { CeilingChildResult } from "./lib/import-ceiling-child.js";

export type ImportTarget = { engine: "postgres"; adminUrl: string } | { engine: "pglite" };

export interface ImportChildResult {
  messages: number;
  importSeconds: number;
  imported: number;
  peakRssMb: number;
  replaySeconds: number;
  replayImported: number;
  /** Rollup totals that changed on the replay (0: nothing counted twice). */
  countedTwice: number;
}

export async function runImportBench(target: ImportTarget, messages: number) {
  const dir = mkdtempSync(join(tmpdir(), "pulse-import-bench-"));
  try {
    const path = join(dir, "result.json");
    const generated = await writeCommunityExport(path, {
      messages,
      members: Math.max(400, Math.round(messages / 150)),
      days: 365,
      seed: 7,
    });
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "lib", "import-child.ts"), path, join(dir, "pglite")],
      {
        encoding: "utf8",
        env: { ...process.env, BENCH_IMPORT_TARGET: JSON.stringify(target) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const result = JSON.parse(out.trim().split("\n").at(-1) as string) as ImportChildResult;
    return {
      messages: result.messages,
      fileMb: Math.round(generated.bytes / 1024 / 1024),
      importSeconds: round(result.importSeconds),
      messagesPerSecond: Math.round(result.messages / result.importSeconds),
      peakRssMb: result.peakRssMb,
      replayPerSecond: Math.round(result.messages / result.replaySeconds),
      replayImported: result.replayImported,
      countedTwice: result.countedTwice,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;

export interface CeilingRun {
  run: number;
  importSeconds: number;
  copySeconds: number;
  /** Importer time / COPY time. */
  ratio: number;
  /** COPY time / importer time, percent: how close the importer comes to the ceiling. */
  percentOfCeiling: number;
  importPerSecond: number;
  copyPerSecond: number;
  /** CPU seconds of the importer's process (its worker thread included) and of the COPY client. */
  importCpu: number;
  copyCpu: number;
  /** CPU seconds of the PostgreSQL server (every process of the cluster) during each. */
  importServerCpu: number | null;
  copyServerCpu: number | null;
  /** The machine's 1-minute load average at the start of the pair. */
  load: number;
}

/**
 * The importer against the physical limit: the same generated export imported into a fresh
 * database, and COPY of exactly the rows that import stored (every table it filled, rollups
 * included, dumped after the first import) into another fresh database with the same schema
 * and indexes. Each side runs in a process of its own; the two take turns, in alternating
 * order, `runs` times.
 */
export async function runImportCeilingBench(adminUrl: string, messages: number, runs: number) {
  const dir = mkdtempSync(join(tmpdir(), "pulse-import-ceiling-"));
  try {
    const path = join(dir, "result.json");
    const generated = await writeCommunityExport(path, {
      messages,
      members: Math.max(400, Math.round(messages / 150)),
      days: 365,
      seed: 7,
    });
    const dump = join(dir, "dump");
    mkdirSync(dump);
    const side = (args: string[]) => {
      const out = execFileSync(
        process.execPath,
        ["--import", "tsx", join(import.meta.dirname, "lib", "import-ceiling-child.ts"), ...args],
        { encoding: "utf8", env: { ...process.env, BENCH_ADMIN_URL: adminUrl }, stdio: ["ignore", "pipe", "inherit"] },
      );
      return JSON.parse(out.trim().split("\n").at(-1) as string) as CeilingChildResult;
    };
    // The first import also dumps what it stored: that is what every COPY run loads.
    const first = side(["import", path, dump]);
    const tables = first.rows;
    const results: CeilingRun[] = [];
    for (let run = 1; run <= runs; run++) {
      const load = loadavg()[0] as number;
      let imported: ReturnType<typeof side>;
      let copied: ReturnType<typeof side>;
      if (run % 2 === 1) {
        imported = run === 1 ? first : side(["import", path]);
        copied = side(["copy", dump]);
      } else {
        copied = side(["copy", dump]);
        imported = side(["import", path]);
      }
      for (const [table, count] of Object.entries(tables)) {
        if (imported.rows[table] !== count || copied.rows[table] !== count) {
          throw new Error(
            `${table}: the first import stored ${count} rows, this run ${imported.rows[table]} imported and ${copied.rows[table]} copied`,
          );
        }
      }
      results.push({
        run,
        importSeconds: round2(imported.seconds),
        copySeconds: round2(copied.seconds),
        ratio: round2(imported.seconds / copied.seconds),
        percentOfCeiling: Math.round((copied.seconds / imported.seconds) * 100),
        importPerSecond: Math.round(imported.messages / imported.seconds),
        copyPerSecond: Math.round(copied.messages / copied.seconds),
        importCpu: round2(imported.cpuSeconds),
        copyCpu: round2(copied.cpuSeconds),
        importServerCpu: imported.serverCpuSeconds === null ? null : round2(imported.serverCpuSeconds),
        copyServerCpu: copied.serverCpuSeconds === null ? null : round2(copied.serverCpuSeconds),
        load: round2(load),
      });
    }
    const median = (pick: (r: CeilingRun) => number) => {
      const sorted = results.map(pick).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] as number;
    };
    return {
      messages: first.messages,
      fileMb: Math.round(generated.bytes / 1024 / 1024),
      tables,
      runs: results,
      medianImportSeconds: median((r) => r.importSeconds),
      medianCopySeconds: median((r) => r.copySeconds),
      medianPercentOfCeiling: median((r) => r.percentOfCeiling),
      loadAverage: loadavg().map(round2),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;
