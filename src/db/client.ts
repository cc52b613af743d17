// Opens the database: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise
// embedded PGlite in DATA_DIR. Both are typed as drizzle's PgDatabase so every query and
// the writer run unchanged on either engine.
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { lockDataDir } from "./data-dir-lock.js";
import { makePrivateDir, tightenTree } from "./private-files.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "postgres" | "pglite";

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Runs raw SQL and returns its rows as plain objects, on either engine. */
  rows<T extends Record<string, unknown>>(query: SQL, executor?: Pick<Db, "execute">): Promise<T[]>;
  /**
   * As rows, for a hot read whose text never varies (only its parameters do): on PostgreSQL
   * a prepared statement per connection, so it is parsed once and, after five runs, planned
   * once if the server finds a generic plan as good (measured on /me: 3.5 → 1.7 ms at p50).
   * Never for text built from data (a list of varying length), which would prepare a new
   * statement per shape on every connection. PGlite: the same as rows.
   */
  prepared<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection that can also COPY: bulk loads and the
   * live writer's group commits.
   * Commits when it resolves, rolls back when it throws. Options (PostgreSQL; PGlite runs
   * the statements one by one as they come):
   * - `prepare`: every statement run through `execute` is a prepared statement of its
   *   connection (see `prepared` for when that is right): only for callers whose statements'
   *   text never varies.
   * - `pipeline`: `execute` sends its statement at once and resolves at once, without rows;
   *   the statements run in the order sent, and the transaction waits for them all before it
   *   commits, failing with the first error. Only for callers that read no results: a batch
   *   of writes then costs one round trip instead of one per statement.
   */
  bulkTransaction<T>(work: (tx: BulkTransaction) => Promise<T>, options?: BulkOptions): Promise<T>;
  /**
   * Keeps one connection for the caller until release(): session state such as an advisory
   * lock lives on it (the pool would otherwise hand each statement any connection).
   * PGlite has one session, so it answers that one.
   */
  reserve(): Promise<ReservedSession>;
  close(): Promise<void>;
}

export interface BulkOptions {
  prepare?: boolean;
  pipeline?: boolean;
}

export interface ReservedSession {
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  release(): void;
}

/** A transaction that runs drizzle SQL (so the writer's statements work in it) and COPY. */
export interface BulkTransaction extends Pick<Db, "execute"> {
  /** COPY `table (columns)` FROM rows in COPY text format (see ingest/copy-text.ts). */
  copyFrom(table: string, columns: string, rows: readonly Uint8Array[]): Promise<void>;
}

/** Runs raw SQL on any executor (a database, a transaction) and answers its rows as plain objects. */
export async function queryRows<T>(executor: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  // postgres.js answers an Array subclass, PGlite an object with `rows`; callers get a plain array.
  return (Array.isArray(result) ? Array.from(result) : (result as { rows: T[] }).rows) as T[];
}

// Compiles drizzle SQL to text and parameters for the raw clients below.
const dialect = new PgDialect();

export type DatabaseOptions =
  | { engine: "postgres"; url: string; maxConnections?: number }
  | { engine: "pglite"; dataDir?: string }; // no dataDir: in memory (tests)

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  // Each engine's driver is loaded only when used: PGlite's module is not needed by a bot on
  // PostgreSQL, nor postgres.js by one on PGlite (~6 MB of resident memory each, measured).
  if (options.engine === "postgres") {
    const [{ default: postgres }, { drizzle: drizzlePostgres }] = await Promise.all([
      import("postgres"),
      import("drizzle-orm/postgres-js"),
    ]);
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // int8 as JS number: Telegram ids and our counters stay below 2^53.
      types: {
        int8: {
          to: 20,
          from: [20],
          serialize: (value: number) => String(value),
          parse: (value: string) => Number(value),
        },
      },
      // JIT compiling costs 50–150 ms per statement and Pulse's statements are short; row
      // estimates for JSON and COPY inputs are guesses that can cross the JIT threshold.
      connection: { application_name: "pulse", TimeZone: "UTC", jit: "off" },
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    const bulkTransaction = <T>(work: (tx: BulkTransaction) => Promise<T>, options: BulkOptions = {}) =>
      client.begin(async (tx) => {
        const sent: Promise<unknown>[] = [];
        const result = await work({
          // The live writer prepares its statements: parsing and planning its CTEs anew was
          // a third of a live batch's commit (docs/benchmarks.md). postgres.js 3.4.9 can then
          // throw a TypeError when the connection drops mid-write, which
          // surviveClosedSocketWrites survives (test/bot/stop-signals.test.ts's outage).
          execute: ((query: SQL) => {
            const { sql: text, params } = dialect.sqlToQuery(query);
            const statement = tx.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
              prepare: options.prepare === true,
            });
            if (!options.pipeline) return statement;
            // then() sends it now, behind the statements sent before it on this connection.
            const answered = statement.then(() => undefined);
            answered.catch(() => {}); // reported by the Promise.all below, not as unhandled
            sent.push(answered);
            return Promise.resolve([]);
          }) as unknown as Db["execute"],
          async copyFrom(table, columns, rows) {
            const query = tx.unsafe(`COPY ${table} (${columns}) FROM STDIN`);
            // postgres.js 3.4 loses an error the server reports after the last row was sent
            // (a unique violation, say): the stream's final callback is never called and the
            // transaction hangs (porsager/postgres#1173). The query's own reject is still
            // called with the error, so it is caught there.
            const failed = new Promise<never>((_, reject) => {
              const pending = query as unknown as { reject: (error: unknown) => unknown };
              const original = pending.reject;
              pending.reject = (error) => {
                reject(error);
                return original(error);
              };
            });
            failed.catch(() => {});
            const stream = await query.writable();
            const written = new Promise<void>((resolve, reject) => {
              stream.once("error", reject);
              for (const part of rows) stream.write(part);
              stream.end(() => resolve());
            });
            await Promise.race([written, failed]);
          },
        });
        await Promise.all(sent);
        return result;
      }) as Promise<T>;
    const reserve = async (): Promise<ReservedSession> => {
      const connection = await client.reserve();
      return {
        async rows<T>(query: SQL) {
          const { sql: text, params } = dialect.sqlToQuery(query);
          return Array.from(await connection.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as T[];
        },
        release: () => connection.release(),
      };
    };
    const prepared = async <T>(query: SQL) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return Array.from(
        await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }),
      ) as T[];
    };
    return wrap(db, "postgres", bulkTransaction, reserve, () => client.end({ timeout: 5 }), prepared);
  }
  const [{ createPgliteInChild, hasPgliteDatabase, newPglite }, { drizzle: drizzlePglite }] = await Promise.all([
    import("./pglite-init.js"),
    import("drizzle-orm/pglite"),
  ]);
  let client: PGlite;
  let unlock = () => {};
  if (options.dataDir) {
    // Every stored message is in here: the owner's alone, whatever the umask.
    const dir = join(options.dataDir, "pglite");
    makePrivateDir(options.dataDir);
    makePrivateDir(dir);
    unlock = lockDataDir(options.dataDir);
    try {
      tightenTree(dir);
      // A new database is created and migrated in a child process, so initdb's memory is
      // not kept by this one (see pglite-init.ts).
      if (!hasPgliteDatabase(dir)) await createPgliteInChild(dir);
      client = await newPglite(dir);
    } catch (error) {
      unlock();
      throw error;
    }
  } else {
    client = await newPglite();
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const pglite = client;
  // PGlite's transaction() holds its lock, so nothing else interleaves with the bulk load.
  const bulkTransaction = <T>(work: (tx: BulkTransaction) => Promise<T>) =>
    pglite.transaction((tx) =>
      work({
        execute: ((query: SQL) => {
          const { sql: text, params } = dialect.sqlToQuery(query);
          return tx.query(text, params);
        }) as unknown as Db["execute"],
        async copyFrom(table, columns, rows) {
          // PGlite reads COPY input from a blob it exposes as /dev/blob.
          await tx.query(`COPY ${table} (${columns}) FROM '/dev/blob'`, [], {
            blob: new Blob(rows as Uint8Array<ArrayBuffer>[]),
          });
        },
      }),
    );
  const reserve = async (): Promise<ReservedSession> => ({
    rows: (query) => queryRows(db, query),
    release: () => {},
  });
  return wrap(db, "pglite", bulkTransaction, reserve, async () => {
    try {
      await client.close();
    } finally {
      unlock();
    }
  });
}

function wrap(
  db: Db,
  engine: Engine,
  bulkTransaction: Database["bulkTransaction"],
  reserve: Database["reserve"],
  close: () => Promise<void>,
  prepared?: <T>(query: SQL) => Promise<T[]>,
): Database {
  let closed = false;
  return {
    db,
    engine,
    rows: (query, executor = db) => queryRows(executor, query),
    prepared: prepared ?? ((query) => queryRows(db, query)),
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([db.execute(sql`select 1`), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    bulkTransaction,
    reserve,
    async close() {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

/**
 * postgres.js 3.4.9 can write to a connection whose socket is already gone (a query queued
 * in the moment the server drops the connection): its `nextWrite` then throws a TypeError
 * from a setImmediate callback, which would kill the process during a database outage
 * (seen in test/bot/stop-signals.test.ts). The connection is closed already and its queries
 * fail and are retried by their callers, so that one error is logged and survived; any
 * other uncaught error still ends the process. Installed by long-running entry points.
 */
export function surviveClosedSocketWrites(onSurvived: (error: Error) => void): void {
  process.on("uncaughtException", (error) => {
    const fromClosedSocket =
      error instanceof TypeError &&
      error.message.includes("reading 'write'") &&
      /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "");
    if (!fromClosedSocket) throw error;
    onSurvived(error);
  });
}
