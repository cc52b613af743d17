// One process at a time in an embedded database directory. PGlite runs PostgreSQL in
// single-user mode inside the process and does not stop a second process from opening the
// same directory; two writers there (`npm start` and `npm run import` side by side, say)
// would corrupt it. A lock file with the owner's pid prevents that; a lock left behind by a
// process that no longer runs (killed, crashed) is taken over.
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

/** Directories this process holds, to tell its own lock from one left by an earlier process with the same pid. */
const held = new Set<string>();

/** Takes the directory's lock; answers the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, "pulse.pid");
  if (held.has(path)) throw new DataDirInUseError(`${dir} is already open in this process`);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx", mode: 0o600 });
      held.add(path);
      return () => {
        held.delete(path);
        try {
          if (readFileSync(path, "utf8") === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const owner = Number.parseInt(readFileSync(path, "utf8"), 10);
      // Our own pid here means a previous process with the same pid (a restarted container).
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new DataDirInUseError(
          `the embedded database in ${dir} is in use by another Pulse process (pid ${owner}). Stop it first, or use PostgreSQL (DATABASE_URL) to run the bot and an import at the same time.`,
        );
      }
      unlinkSync(path);
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
