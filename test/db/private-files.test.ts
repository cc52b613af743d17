// The embedded database's files are the owner's alone whatever the umask: with the usual
// 022, PGlite on its own leaves directories 755 and nearly every file 666.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { bulkLoad } from "../../src/ingest/bulk.js";
import { chatRecord, messageRecord } from "../helpers/records.js";

const dirs: string[] = [];
before(() => {
  // The test runner gives each file its own process, so this umask stays here.
  process.umask(0o022);
});
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every path under `dir` (and `dir` itself) whose mode is not 700 (directories) or 600 (files). */
function loosePaths(dir: string): string[] {
  const loose: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) loose.push(`${path} ${mode.toString(8)}`);
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (mode !== 0o600) {
      loose.push(`${path} ${mode.toString(8)}`);
    }
  };
  walk(dir);
  return loose;
}

function countFiles(dir: string): number {
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) files++;
  return files;
}

test("a new data directory is 700 and every file 600 while open and after closing, under umask 022", async () => {
  const parent = mkdtempSync(join(tmpdir(), "pulse-modes-"));
  dirs.push(parent);
  const dataDir = join(parent, "data");
  const database = await openDatabase({ engine: "pglite", dataDir });
  await runMigrations(database);
  // Writing creates relation files, WAL and rollup rows after the first open.
  const messages = Array.from({ length: 2_000 }, (_, i) =>
    messageRecord(-1001, i + 1, "2026-03-01T10:00:00Z", { text: `message ${i}`, textLength: 10 }),
  );
  await bulkLoad(
    database,
    (async function* () {
      yield { chats: [chatRecord(-1001)], messages };
    })(),
    { defaultTimezone: "UTC" },
  );
  await database.db.execute(sql`CREATE TABLE scratch AS SELECT * FROM messages`);
  assert.ok(countFiles(dataDir) > 500, "the database wrote its files");
  assert.deepEqual(loosePaths(dataDir), [], "modes while the database is open");
  assert.equal(lstatSync(join(dataDir, "pulse.pid")).mode & 0o777, 0o600);
  await database.close();
  assert.deepEqual(loosePaths(dataDir), [], "modes after closing");
});

test("a data directory left loose by an earlier version is tightened when it opens", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "pulse-modes-"));
  dirs.push(dataDir);
  const first = await openDatabase({ engine: "pglite", dataDir });
  await runMigrations(first);
  await first.close();
  // What PGlite alone left behind: directories 755, files 666.
  const loosen = (path: string) => {
    const stat = lstatSync(path);
    chmodSync(path, stat.isDirectory() ? 0o755 : 0o666);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) loosen(join(path, entry));
  };
  loosen(dataDir);
  mkdirSync(join(dataDir, "pglite", "extra"), { mode: 0o777 });
  writeFileSync(join(dataDir, "pglite", "extra", "note"), "x", { mode: 0o666 });
  chmodSync(join(dataDir, "pglite", "extra", "note"), 0o666);
  assert.ok(loosePaths(dataDir).length > 500);

  const database = await openDatabase({ engine: "pglite", dataDir });
  try {
    assert.deepEqual(loosePaths(dataDir), []);
    assert.equal((await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM messages`))[0]?.n, 0);
  } finally {
    await database.close();
  }
});

test("a data directory Pulse's user does not own is refused with what to do", () => {
  // As root (who may chmod anything) the check runs as an unprivileged user on a directory
  // root owns; otherwise on "/", which only root could change.
  const root = process.getuid?.() === 0;
  let target = "/";
  if (root) {
    target = mkdtempSync(join(tmpdir(), "pulse-owned-"));
    dirs.push(target);
    chmodSync(target, 0o755);
  }
  const before = lstatSync(target).mode;
  const script = `${root ? "process.setgid(65534); process.setuid(65534);" : ""}
    import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, "..", "..", "src", "db", "private-files.ts")).href)})
      .then((m) => m.makePrivateDir(${JSON.stringify(target)}))
      .then(() => console.log("no error"), (e) => console.log(e.message));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  assert.match(child.stdout, /must be private to the user Pulse runs as \(mode 700\).*chown.*DATA_DIR/);
  assert.equal(lstatSync(target).mode, before);
});
