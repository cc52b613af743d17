import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openDatabase } from "../../src/db/client.js";
import { DataDirInUseError } from "../../src/db/data-dir-lock.js";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pulse-lock-"));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test("a data directory held by another running process is refused, naming that process", async () => {
  const dir = freshDir();
  // The test runner's parent is a running process that is not this one.
  writeFileSync(join(dir, "pulse.pid"), String(process.ppid));
  await assert.rejects(
    openDatabase({ engine: "pglite", dataDir: dir }),
    (error: unknown) =>
      error instanceof DataDirInUseError &&
      error.message.includes(`pid ${process.ppid}`) &&
      error.message.includes("DATABASE_URL"),
  );
  // The other process's lock is left alone.
  assert.equal(readFileSync(join(dir, "pulse.pid"), "utf8"), String(process.ppid));
});

test("a lock left by a process that has exited is taken over, and released on close", async () => {
  const dir = freshDir();
  const exited = spawnSync(process.execPath, ["-e", ""]).pid as number;
  writeFileSync(join(dir, "pulse.pid"), String(exited));
  const database = await openDatabase({ engine: "pglite", dataDir: dir });
  try {
    assert.equal(readFileSync(join(dir, "pulse.pid"), "utf8"), String(process.pid));
    // Opening the same directory twice in one process is refused too.
    await assert.rejects(openDatabase({ engine: "pglite", dataDir: dir }), DataDirInUseError);
  } finally {
    await database.close();
  }
  assert.equal(existsSync(join(dir, "pulse.pid")), false);
});
