// `npm run migrate`: apply migrations to the configured database and exit.
import { openConfiguredDatabase } from "../app.js";
import { ConfigError, loadDotEnv, parseConfig } from "../config.js";
import { DataDirInUseError } from "../db/data-dir-lock.js";
import { runMigrations } from "../db/migrate.js";

loadDotEnv();
try {
  const config = parseConfig(process.env, { bot: false });
  const database = await openConfiguredDatabase(config);
  await runMigrations(database);
  await database.close();
  console.log(`migrations applied (${database.engine})`);
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
  process.exit(1);
}
