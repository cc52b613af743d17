// Resident memory of Pulse as an operator runs it: `npm start` in its own process group
// against the stand-in Bot API server (own process), started, left idle, stopped. Per case:
// the Pulse process's peak (the kernel's high-water mark, VmHWM) and its settled RSS after
// the idle wait, and the peak of the whole process group sampled every 100 ms (npm, Pulse
// and, on a first PGlite start, the short-lived child that creates the database), since
// that sum is what must fit in a small server's memory.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPostgresDatabase } from "../test/helpers/db.js";
import { forkApiServer } from "./lib/api-server.js";

export interface MemoryCase {
  case: string;
  startSeconds: number;
  /** The Pulse process's own high-water mark, MB. */
  peakMb: number;
  /** The Pulse process after idling, MB. */
  settledMb: number;
  /** The whole process group's sampled peak, MB (npm and any database-creating child included). */
  groupPeakMb: number;
}

const root = join(import.meta.dirname, "..");
const IDLE_MS = Number(process.env.BENCH_MEMORY_IDLE_MS ?? 15_000);
const STARTED = "http server listening";

/** Field `name` of /proc/<pid>/status in MB, or 0 once the process is gone. */
function statusMb(pid: number, name: "VmRSS" | "VmHWM"): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${name}:`));
    return line ? Number.parseInt(line.slice(name.length + 1), 10) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes in process group `pgid`, each with its command line. */
function groupMembers(pgid: number): { pid: number; cmdline: string }[] {
  const members: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      members.push({
        pid: Number(entry),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " "),
      });
    } catch {
      // Gone between listing and reading.
    }
  }
  return members;
}

async function measureStart(name: string, env: Record<string, string>, apiRoot: string, token: string) {
  const started = performance.now();
  const child: ChildProcess = spawn("npm", ["start", "--silent"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      BOT_TOKEN: token,
      TELEGRAM_API_ROOT: apiRoot,
      HTTP_HOST: "127.0.0.1",
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  const pgid = child.pid as number;
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let groupPeakMb = 0;
  let pulsePid: number | undefined;
  const sample = () => {
    const members = groupMembers(pgid);
    groupPeakMb = Math.max(
      groupPeakMb,
      members.reduce((sum, m) => sum + statusMb(m.pid, "VmRSS"), 0),
    );
    pulsePid ??= members.find((m) => m.cmdline.includes("src/main.ts"))?.pid;
  };
  try {
    let exitCode: number | null | undefined;
    exited.then((code) => {
      exitCode = code;
    });
    while (!output.includes(STARTED)) {
      if (exitCode !== undefined) throw new Error(`Pulse exited with code ${exitCode} before it started:\n${output}`);
      if (performance.now() - started > 600_000) throw new Error(`Pulse did not start within 10 minutes:\n${output}`);
      sample();
      await sleep(100);
    }
    const startSeconds = Math.round((performance.now() - started) / 100) / 10;
    const idleUntil = performance.now() + IDLE_MS;
    while (performance.now() < idleUntil) {
      sample();
      await sleep(100);
    }
    if (pulsePid === undefined) throw new Error("the Pulse process was not found in its process group");
    const result: MemoryCase = {
      case: name,
      startSeconds,
      peakMb: Math.round(statusMb(pulsePid, "VmHWM")),
      settledMb: Math.round(statusMb(pulsePid, "VmRSS")),
      groupPeakMb: Math.round(groupPeakMb),
    };
    return result;
  } finally {
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      // Already gone.
    }
    await exited;
  }
}

/** PGlite's first start (creating DATA_DIR) and a reopen; PostgreSQL when `adminUrl` is given. */
export async function runMemoryBench(options: { adminUrl?: string }): Promise<MemoryCase[]> {
  const { child, ready } = await forkApiServer();
  const dataDir = mkdtempSync(join(tmpdir(), "pulse-bench-memory-"));
  const results: MemoryCase[] = [];
  try {
    results.push(await measureStart("pglite, first start", { DATA_DIR: dataDir }, ready.apiRoot, ready.token));
    results.push(await measureStart("pglite, reopen", { DATA_DIR: dataDir }, ready.apiRoot, ready.token));
    if (options.adminUrl) {
      const created = await createPostgresDatabase(options.adminUrl);
      try {
        results.push(
          await measureStart(
            "postgresql",
            { DATABASE_URL: created.url, DATA_DIR: dataDir },
            ready.apiRoot,
            ready.token,
          ),
        );
      } finally {
        await created.drop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    child.send({ cmd: "close" });
    child.kill();
  }
  return results;
}
