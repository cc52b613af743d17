// `npm run migrate`: apply migrations to the configured database and exit.
import { openConfiguredDatabase } from "../app.js";
import { ConfigError, loadDotEnv, parseConfig } from "../config.js";
import { runMigrations } from "../db/migrate.js";

loadDotEnv();
try {
  // The token is not needed to migrate; a placeholder keeps the one config schema.
  const config = parseConfig({ BOT_TOKEN: "0:migrate-only-placeholder-token", ...process.env });
  const database = await openConfiguredDatabase(config);
  await runMigrations(database);
  await database.close();
  console.log(`migrations applied (${database.engine})`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
