// One side of the import-vs-COPY comparison, in a process of its own, on a fresh migrated
// database; prints one JSON line (CeilingChildResult).
//   import <result.json> [dumpDir]: importExport, as `npm run import` runs it; with dumpDir,
//     then writes every table it filled to dumpDir/<table>.copy (COPY … TO STDOUT) and the
//     table order to dumpDir/tables.json.
//   copy <dumpDir>: COPY of those files into their tables, one table after the other, each
//     in its own transaction, as `psql \copy` does. Same schema, so the same indexes.
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { importExport } from "../../src/collectors/tdesktop/importer.js";
import { openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { createPostgresDatabase } from "../../test/helpers/db.js";
import { serverCpuMeter } from "./server-cpu.js";

/** Filled by triggers on other tables (migration 0017: the social graph's change log). */
const FILLED_BY_TRIGGERS = new Set(["graph_changes"]);

export interface CeilingChildResult {
  seconds: number;
  messages: number;
  /** This process's CPU (user + system, worker thread included), seconds. */
  cpuSeconds: number;
  /** CPU seconds of the PostgreSQL cluster meanwhile (null: the server is not on this machine). */
  serverCpuSeconds: number | null;
  /** Rows per table written (import) or copied (copy). */
  rows: Record<string, number>;
}

const [mode, arg, dumpDir] = process.argv.slice(2) as [string, string, string | undefined];
const adminUrl = process.env.BENCH_ADMIN_URL as string;

const created = await createPostgresDatabase(adminUrl);
const database = await openDatabase({ engine: "postgres", url: created.url });
const client = postgres(created.url, { max: 1, onnotice: () => {} });
try {
  await runMigrations(database);
  const serverCpu = await serverCpuMeter(adminUrl);
  const serverBefore = serverCpu();
  const cpuBefore = process.cpuUsage();
  let seconds: number;
  let messages: number;
  if (mode === "import") {
    const summary = await importExport(database, arg, { storeText: true, defaultTimezone: "UTC" });
    seconds = summary.seconds;
    messages = summary.messagesRead;
  } else {
    const tables = JSON.parse(readFileSync(join(arg, "tables.json"), "utf8")) as string[];
    messages = Number(JSON.parse(readFileSync(join(arg, "messages.json"), "utf8")));
    const started = performance.now();
    for (const table of tables) {
      const writable = await client.unsafe(`COPY ${table} FROM STDIN`).writable();
      await pipeline(createReadStream(join(arg, `${table}.copy`), { highWaterMark: 1024 * 1024 }), writable);
    }
    seconds = (performance.now() - started) / 1000;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverCpu();
  const rows = await tableRows(client);
  if (mode === "import" && dumpDir) {
    // Tables the schema's triggers fill are not copied: the COPY of messages and reactions
    // fills them again, as the import did (same schema, same triggers).
    const tables = Object.keys(rows).filter((table) => !FILLED_BY_TRIGGERS.has(table));
    for (const table of tables) {
      // A connection of its own per table: after a COPY TO, postgres.js 3.4 can leave the
      // connection's socket paused, and the next query on it hangs (porsager/postgres#499).
      const reader = postgres(created.url, { max: 1, onnotice: () => {} });
      const readable = await reader.unsafe(`COPY ${table} TO STDOUT`).readable();
      await pipeline(readable, createWriteStream(join(dumpDir, `${table}.copy`)));
      await reader.end({ timeout: 1 });
    }
    writeFileSync(join(dumpDir, "tables.json"), JSON.stringify(tables));
    writeFileSync(join(dumpDir, "messages.json"), JSON.stringify(messages));
  }
  const result: CeilingChildResult = {
    seconds,
    messages,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    serverCpuSeconds: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore,
    rows,
  };
  console.log(JSON.stringify(result));
} finally {
  await client.end();
  await database.close();
  await created.drop();
}

/** The tables of the schema that hold rows, with their counts, in name order. */
async function tableRows(sql: postgres.Sql): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`;
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${name}`);
    if (row && row.n > 0) rows[name] = row.n;
  }
  return rows;
}
