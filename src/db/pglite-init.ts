// Creating an embedded database runs PostgreSQL's initdb as a second WebAssembly instance
// next to the server's. WebAssembly memory only grows, and the process keeps what initdb and
// the first migrations touched: a bot that created its DATA_DIR idled at 857 MB (peak
// 1,023 MB), one that reopened it at 385 MB. So a new database is created and migrated in a
// short-lived child process, whose memory the system takes back when it exits; the caller
// then opens the finished directory like any other start.
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { migrationsFolder } from "./migrate.js";
import { PrivateNodeFS } from "./private-files.js";

/**
 * PGlite's own start parameters with PostgreSQL's memory settings for a one-session bot.
 * initdb writes shared_buffers = 128MB, and PGlite allocates all of it inside the WebAssembly
 * memory at start: 128 MB of the process's resident memory for a cache whose pages the
 * operating system caches again below. 16MB keeps an idle bot ~130 MB smaller (measured)
 * without slowing its queries or an import (bench/memory.ts, docs/benchmarks.md "Memory").
 * One session, so no room for a hundred connections' bookkeeping either.
 */
export const PGLITE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  "-c",
  "shared_buffers=16MB",
  "-c",
  "max_connections=2",
];

/** A PGlite on `dir` (made private, see private-files.ts), or in memory without one; ready. */
export async function newPglite(dir?: string): Promise<PGlite> {
  const startParams = [...PGLITE_START_PARAMS];
  // The same settings for initdb, which also writes them to postgresql.conf; its trial runs
  // then stay small too (the creating process peaked at 733 instead of 794 MB).
  const initDbStartParams = ["-c", "shared_buffers=16MB", "-c", "max_connections=2"];
  const options = { startParams, initDbStartParams };
  const client = dir ? new PGlite({ ...options, fs: new PrivateNodeFS(dir) }) : new PGlite(options);
  await client.waitReady;
  return client;
}

/** Whether `dir` holds a database already (PostgreSQL's own marker of an initialised cluster). */
export function hasPgliteDatabase(dir: string): boolean {
  return existsSync(join(dir, "PG_VERSION"));
}

/**
 * Creates and migrates the embedded database in `dir` in a child process. The caller holds
 * the data directory's lock (data-dir-lock.ts) for the whole time, so nothing else opens it.
 */
export function createPgliteInChild(dir: string): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    // The loader flags (tsx when run from source) and nothing else: not --test, --inspect…
    // WebAssembly compiled by Liftoff alone: optimising PGlite's 9 MB module costs the
    // creating process a hundred MB and, for a run this short, more time than it saves
    // (peak 733 → 630 MB, 26 → 13 s, measured).
    const flags = ["--liftoff-only", ...loaderFlags(process.execArgv)];
    const child = spawn(process.execPath, [...flags, self, dir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const why = signal ? `was ended by ${signal}` : `exited with code ${code}`;
      reject(new Error(`creating the embedded database in ${dir} failed: the child process ${why}\n${stderr.trim()}`));
    });
  });
}

const LOADER_FLAGS = new Set([
  "--import",
  "--require",
  "-r",
  "--loader",
  "--experimental-loader",
  "--conditions",
  "-C",
]);

/** The flags in `execArgv` that decide how modules load, with their values. */
export function loaderFlags(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] as string;
    const name = flag.split("=", 1)[0] as string;
    if (!LOADER_FLAGS.has(name)) continue;
    if (flag.includes("=")) kept.push(flag);
    else if (i + 1 < execArgv.length) kept.push(flag, execArgv[++i] as string);
  }
  return kept;
}

function realPath(path: string | undefined): string | undefined {
  try {
    return path === undefined ? undefined : realpathSync(path);
  } catch {
    return undefined;
  }
}

async function createAndMigrate(dir: string): Promise<void> {
  const client = await newPglite(dir);
  try {
    await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder() });
  } finally {
    await client.close();
  }
}

// Run as a program (the child), not imported. Compared as real paths: the module's URL has
// symbolic links resolved, argv[1] need not.
if (fileURLToPath(import.meta.url) === realPath(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: pglite-init <directory>");
    process.exit(2);
  }
  createAndMigrate(dir).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
