// CPU time of a PostgreSQL server running on this machine, for benchmarks that compare
// how much work the database did.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import postgres from "postgres";

/**
 * CPU seconds used so far by the PostgreSQL cluster behind `adminUrl`: the postmaster, its
 * live children and the children it has reaped, read from /proc. Null when the server is not
 * on this machine (a remote BENCH_DATABASE_URL).
 */
export async function serverCpuMeter(adminUrl: string): Promise<() => number | null> {
  const client = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [row] = await client<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  try {
    return serverCpuMeterOf(row?.pid);
  } finally {
    await client.end();
  }
}

/**
 * The same, for the server of a backend (pg_backend_pid() of a connection to it), read while
 * that backend lives.
 */
export function serverCpuMeterOf(backendPid: number | undefined): () => number | null {
  const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = (pid: number | string) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, "utf8");
      return text
        .slice(text.lastIndexOf(")") + 2)
        .split(" ")
        .map(Number);
    } catch {
      return undefined;
    }
  };
  // Fields after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
  const postmaster = backendPid === undefined ? undefined : stat(backendPid)?.[1];
  if (postmaster === undefined || stat(postmaster) === undefined) return () => null;
  return () => {
    const own = stat(postmaster);
    if (!own) return null;
    let total = (own[11] as number) + (own[12] as number) + (own[13] as number) + (own[14] as number);
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const child = stat(entry);
      if (child && child[1] === postmaster) total += (child[11] as number) + (child[12] as number);
    }
    return total / ticks;
  };
}
