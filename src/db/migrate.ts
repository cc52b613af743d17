// Applies the committed drizzle-kit migrations; the same files serve PostgreSQL and PGlite.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client.js";

/** Finds migrations/ by walking up from this file, so it works from src/ and from dist/src/. */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "migrations");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error("migrations/ not found next to the application");
}

/** `folder`: another copy of the migrations (tests apply a prefix of them to older data). */
export async function runMigrations(database: Database, folder = migrationsFolder()): Promise<void> {
  const config = { migrationsFolder: folder };
  if (database.engine === "postgres") {
    await migratePostgres(database.db as unknown as PostgresJsDatabase, config);
  } else {
    await migratePglite(database.db as unknown as PgliteDatabase, config);
  }
}
