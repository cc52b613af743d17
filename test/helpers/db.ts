// Test databases: embedded PGlite always, and real PostgreSQL when TEST_DATABASE_URL points
// at a server (CI starts a throwaway cluster). Each open() gives a fresh, migrated database.
import postgres from "postgres";
import { type Database, openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";

export interface TestEngine {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
  /** A fresh database without any migration applied (migration tests apply their own). */
  openEmpty(): Promise<Database>;
}

let counter = 0;

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [
    { name: "pglite", open: openPglite, openEmpty: () => openDatabase({ engine: "pglite" }) },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) engines.push({ name: "postgres", open: () => openPostgres(url), openEmpty: () => openPostgres(url, false) });
  return engines;
}

async function openPglite(): Promise<Database> {
  const database = await openDatabase({ engine: "pglite" });
  await runMigrations(database);
  return database;
}

/** A uniquely named, empty database on the server, by URL (a Pulse process may open it itself). */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pulse_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** Creates a uniquely named database on the server, and drops it again on close(). */
export async function openPostgres(adminUrl: string, migrate = true): Promise<Database> {
  const created = await createPostgresDatabase(adminUrl);
  const database = await openDatabase({ engine: "postgres", url: created.url });
  if (migrate) await runMigrations(database);
  return {
    ...database,
    async close() {
      await database.close();
      await created.drop();
    },
  };
}
