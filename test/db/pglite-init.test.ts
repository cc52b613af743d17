import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../src/db/client.js";
import { DataDirInUseError } from "../../src/db/data-dir-lock.js";
import { migrationsFolder } from "../../src/db/migrate.js";
import { createPgliteInChild, hasPgliteDatabase, loaderFlags } from "../../src/db/pglite-init.js";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pulse-init-"));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const journal = () =>
  (JSON.parse(readFileSync(join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as { entries: unknown[] })
    .entries.length;

test("a first start creates the database in a child process, migrated and private, and opens it here", async () => {
  const dataDir = freshDir();
  const dir = join(dataDir, "pglite");
  const database = await openDatabase({ engine: "pglite", dataDir });
  try {
    assert.equal(hasPgliteDatabase(dir), true);
    // Every migration was applied before this process opened the directory.
    const [applied] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    assert.equal(applied?.n, journal());
    // The schema works: a row written here is read back.
    await database.db.execute(sql`insert into chats (id, type, title) values (-1001, 'supergroup', 'Init')`);
    const [chat] = await database.rows<{ title: string }>(sql`select title from chats where id = -1001`);
    assert.equal(chat?.title, "Init");
    // The data directory's lock is this process's for the whole time, the child's work included.
    assert.equal(readFileSync(join(dataDir, "pulse.pid"), "utf8"), String(process.pid));
    await assert.rejects(openDatabase({ engine: "pglite", dataDir }), DataDirInUseError);
    // The child's files are the owner's alone, as this process's are.
    assert.equal(statSync(join(dir, "PG_VERSION")).mode & 0o077, 0);
    // The memory settings for one session are in force.
    const [buffers] = await database.rows<{ setting: string }>(
      sql`select current_setting('shared_buffers') as setting`,
    );
    assert.equal(buffers?.setting, "16MB");
  } finally {
    await database.close();
  }
  assert.equal(existsSync(join(dataDir, "pulse.pid")), false);

  // Reopening keeps what was written and creates nothing anew.
  const reopened = await openDatabase({ engine: "pglite", dataDir });
  try {
    const [chat] = await reopened.rows<{ title: string }>(sql`select title from chats where id = -1001`);
    assert.equal(chat?.title, "Init");
  } finally {
    await reopened.close();
  }
});

test("a child that cannot create the database fails with its reason", async () => {
  const dataDir = freshDir();
  // A file where the database's directory should be: initdb cannot create it.
  const blocked = join(dataDir, "not-a-dir");
  writeFileSync(blocked, "x");
  await assert.rejects(
    createPgliteInChild(join(blocked, "pglite")),
    /creating the embedded database in .* failed: the child process exited with code 1/,
  );
});

test("only the module loader's flags are passed on to the child", () => {
  assert.deepEqual(
    loaderFlags(["--import", "tsx", "--test", "--inspect=9229", "--require=a.cjs", "--conditions", "dev", "--import"]),
    ["--import", "tsx", "--require=a.cjs", "--conditions", "dev"],
  );
});
