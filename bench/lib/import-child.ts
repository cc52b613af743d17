// The import benchmark's own process: imports the file twice into a fresh database and prints
// one JSON line (ImportChildResult). Peak RSS is this process's, worker thread included.
import { sql } from "drizzle-orm";
import { importExport } from "../../src/collectors/tdesktop/importer.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { openPostgres } from "../../test/helpers/db.js";
import type { ImportChildResult, ImportTarget } from "../import.js";

const [path, pgliteDir] = process.argv.slice(2) as [string, string];
const target = JSON.parse(process.env.BENCH_IMPORT_TARGET as string) as ImportTarget;

let database: Database;
if (target.engine === "postgres") {
  database = await openPostgres(target.adminUrl);
} else {
  database = await openDatabase({ engine: "pglite", dataDir: pgliteDir });
  await runMigrations(database);
}

/** Everything a replay could wrongly add to. */
async function totals(): Promise<number[]> {
  const [row] = await database.rows<Record<string, number>>(sql`SELECT
    (SELECT count(*) FROM messages)::int AS messages,
    (SELECT count(*) FROM message_reactions)::int AS reactions,
    (SELECT count(*) FROM member_events)::int AS member_events,
    (SELECT coalesce(sum(messages), 0) FROM chat_hourly_activity)::int AS hourly,
    (SELECT coalesce(sum(joins + leaves), 0) FROM chat_hourly_activity)::int AS joins_leaves,
    (SELECT coalesce(sum(messages), 0) FROM chat_user_daily_activity)::int AS daily,
    (SELECT coalesce(sum(active_senders), 0) FROM chat_daily_activity)::int AS active`);
  return Object.values(row as Record<string, number>);
}

const options = { storeText: true, defaultTimezone: "UTC" };
try {
  const first = await importExport(database, path, options);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const before = await totals();
  const replay = await importExport(database, path, options);
  const after = await totals();
  const result: ImportChildResult = {
    messages: first.messagesRead,
    importSeconds: first.seconds,
    imported: first.imported,
    peakRssMb,
    replaySeconds: replay.seconds,
    replayImported: replay.imported,
    countedTwice: after.reduce((sum, value, i) => sum + Math.abs(value - (before[i] as number)), 0),
  };
  console.log(JSON.stringify(result));
} finally {
  await database.close();
}
