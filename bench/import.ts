// Import throughput: a generated Telegram Desktop export (the demo community, scaled up)
// imported by `importExport`, the code behind `npm run import`, in a process of its own, so
// its peak resident memory is the importer's and not the generator's. The same file is then
// imported again: a replay must add nothing and count nothing twice.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeCommunityExport } from "../src/demo/index.js";

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
