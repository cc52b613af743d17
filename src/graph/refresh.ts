// Rebuilds the social-graph views in dependency order and logs each rebuild in
// view_refreshes. Each view is a table: its rows are computed into a new table next to it
// (queries in ./definitions.ts), which is then indexed and swapped in by name, so readers
// (/influence, /export) keep reading the previous table for the whole build and wait only
// for the swap itself. REFRESH MATERIALIZED VIEW CONCURRENTLY, used before, also kept readers
// reading but compared the new rows with the old ones row by row, a fifth more CPU at 10M
// messages; a plain REFRESH locks readers out for the whole build (docs/social-graph.md#refresh).
// A failed build leaves the old table untouched, so the view keeps its last good data.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { viewRefreshes } from "../db/schema/social-graph.js";
import { VIEW_DEFINITIONS } from "./definitions.js";

/** In the order they must be refreshed: top_influencers reads the two before it. */
export const SOCIAL_GRAPH_VIEWS = ["message_social_graph", "channel_influence_network", "top_influencers"] as const;
export type SocialGraphView = (typeof SOCIAL_GRAPH_VIEWS)[number];

/**
 * work_mem for the refresh statements: with PostgreSQL's default 4 MB the aggregates and
 * joins spill to disk (measured at 1M messages: 30–40% slower than 64 MB; 256 MB gained
 * nothing more at 3M). Modest enough for the embedded engine in the bot's own process.
 */
export const REFRESH_WORK_MEM = "64MB";

/**
 * The swap waits at most this long for readers under way, per attempt (readers arriving
 * meanwhile queue behind it, so it is short), and gives up after SWAP_ATTEMPTS: the rebuild
 * then fails and the view keeps its data.
 */
export const SWAP_LOCK_TIMEOUT = "2s";
export const SWAP_ATTEMPTS = 10;
/**
 * message_social_graph and top_influencers are built in this many parts at once (by chat), on
 * as many connections: one query uses one core, and the refresh has the night to itself.
 */
export const REFRESH_PARTS = 2;
/** A lock wait that ran into lock_timeout. */
const LOCK_NOT_AVAILABLE = "55P03";

export interface ViewRefresh {
  view: SocialGraphView;
  startedAt: Date;
  durationMs: number;
  /** Readers had the previous build to read during this one (false for a first build). */
  concurrent: boolean;
  /** Rows after the refresh; null when it failed. */
  rows: number | null;
  success: boolean;
  error: string | null;
}

export interface RefreshOptions {
  /** The wall clock for started_at; durations come from a monotonic clock. */
  now?: () => Date;
  /** Checked between views: a shutdown stops before the next view, never in the middle of one. */
  signal?: AbortSignal;
  /** Monotonic milliseconds (tests may pass their own). */
  monotonic?: () => number;
  /** work_mem for the refresh statements (default: see REFRESH_WORK_MEM). */
  workMem?: string;
  /** lock_timeout of each attempt to swap a new build in (default: SWAP_LOCK_TIMEOUT). */
  swapLockTimeout?: string;
  /** Attempts to swap before the rebuild fails (default: SWAP_ATTEMPTS). */
  swapAttempts?: number;
  /** Parts a large view is built in at once (default: REFRESH_PARTS on PostgreSQL, 1 on PGlite). */
  parts?: number;
}

/** Which of the views hold data: a view's table exists once its first build has committed. */
export async function populatedViews(database: Database): Promise<Set<string>> {
  const rows = await database.rows<{ name: string }>(sql`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()
      AND tablename IN (${sql.join(
        SOCIAL_GRAPH_VIEWS.map((view) => sql`${view}`),
        sql`, `,
      )})`);
  return new Set(rows.map((row) => row.name));
}

/**
 * Rebuilds every view, one after the other, and records each attempt. A failure is logged
 * with its error and the next view is still rebuilt (top_influencers then builds on the last
 * good data of the one that failed). Resolves with what happened to each view it reached.
 */
export async function refreshSocialGraph(database: Database, options: RefreshOptions = {}): Promise<ViewRefresh[]> {
  const now = options.now ?? (() => new Date());
  const monotonic = options.monotonic ?? (() => performance.now());
  const results: ViewRefresh[] = [];
  for (const view of SOCIAL_GRAPH_VIEWS) {
    if (options.signal?.aborted) break;
    // Whether readers had a previous build to read meanwhile (false for the first one).
    const concurrent = (await populatedViews(database)).has(view);
    const startedAt = now();
    const start = monotonic();
    let rows: number | null = null;
    let error: string | null = null;
    try {
      rows = await rebuild(database, view, options);
    } catch (caught) {
      error = describeError(caught);
    }
    const result: ViewRefresh = {
      view,
      startedAt,
      durationMs: Math.max(0, Math.round(monotonic() - start)),
      concurrent,
      rows,
      success: error === null,
      error,
    };
    await database.db.insert(viewRefreshes).values(result);
    results.push(result);
  }
  return results;
}

/**
 * One view: its rows go into "<view>__next", a table no reader knows, in parts that run at
 * once on their own connections (PostgreSQL; PGlite has one); then, in one transaction, its
 * indexes are built and it takes the view's names. Until that commits, readers see the old
 * table. A build that fails or is cancelled drops its table; one left by a crash is dropped by
 * the next build. Answers the new row count.
 */
async function rebuild(database: Database, view: SocialGraphView, options: RefreshOptions): Promise<number> {
  const definition = VIEW_DEFINITIONS[view];
  const next = `${view}__next`;
  const parts = definition.parts ? (options.parts ?? (database.engine === "postgres" ? REFRESH_PARTS : 1)) : 1;
  // The names come from the constants in this module and ./definitions.ts, never from input.
  const raw = (executor: Pick<Tx, "execute">, statement: string) => executor.execute(sql.raw(statement));
  const settings = async (tx: Tx) => {
    // The build sorts and hashes a few hundred MB at 10M messages; with the default 4 MB it
    // spills to disk and takes half again as long. JIT compilation took seconds per query
    // (3.7 s of inlining and optimising in top_influencers' plan) and won less back.
    await tx.execute(sql`SELECT set_config('work_mem', ${options.workMem ?? REFRESH_WORK_MEM}, true)`);
    await tx.execute(sql`SELECT set_config('jit', 'off', true)`);
  };
  // Each step in a transaction of its own, cancelled on PostgreSQL when a shutdown comes.
  const step = <T>(work: (tx: Tx) => Promise<T>) =>
    database.db.transaction(async (tx) => {
      // A shutdown between two steps: the next one would not be cancelled, so it never starts.
      if (options.signal?.aborted) throw new Error("rebuild cancelled by shutdown");
      await settings(tx);
      const stop = await cancelOnAbort(database, tx, options.signal);
      try {
        return await work(tx);
      } finally {
        stop();
      }
    });
  await step(async (tx) => {
    await raw(tx, `DROP TABLE IF EXISTS "${next}"`);
    await raw(tx, `CREATE TABLE "${next}" AS ${definition.query(() => "true")} WITH NO DATA`);
  });
  try {
    const filled = await Promise.allSettled(
      Array.from({ length: parts }, (_, k) =>
        step((tx) =>
          raw(
            tx,
            `INSERT INTO "${next}" ${definition.query((column) => (parts === 1 ? "true" : `abs(${column} % ${parts}) = ${k}`))}`,
          ),
        ),
      ),
    );
    const failed = filled.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    return await step(async (tx) => {
      for (const index of definition.indexes) {
        await raw(
          tx,
          `CREATE ${index.unique ? "UNIQUE " : ""}INDEX "${next}_${index.suffix}" ON "${next}" (${index.columns.map((column) => `"${column}"`).join(", ")})`,
        );
      }
      // Readers' plans (and top_influencers' build) need statistics from the first query on.
      await raw(tx, `ANALYZE "${next}"`);
      const [count] = await database.rows<{ n: number }>(sql.raw(`SELECT count(*)::float8 AS n FROM "${next}"`), tx);
      await swap(
        tx,
        view,
        next,
        definition.indexes.map((index) => index.suffix),
        options,
      );
      return count?.n ?? 0;
    });
  } catch (caught) {
    await raw(database.db, `DROP TABLE IF EXISTS "${next}"`).catch(() => {});
    throw caught;
  }
}

type Tx = Parameters<Parameters<Database["db"]["transaction"]>[0]>[0];

/**
 * The swap takes an ACCESS EXCLUSIVE lock on the old table, so it waits for reads under way
 * and new reads queue behind it. It asks for the lock with a short timeout and tries again
 * (each attempt in a savepoint), so a long read, an export say, delays the swap rather than
 * every reader behind it; readers queued at the moment of the swap go on to the new table.
 */
async function swap(tx: Tx, view: string, next: string, suffixes: string[], options: RefreshOptions): Promise<void> {
  const attempts = options.swapAttempts ?? SWAP_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      await tx.transaction(async (savepoint) => {
        const run = (statement: string) => savepoint.execute(sql.raw(statement));
        await savepoint.execute(
          sql`SELECT set_config('lock_timeout', ${options.swapLockTimeout ?? SWAP_LOCK_TIMEOUT}, true)`,
        );
        await run(`DROP TABLE IF EXISTS "${view}"`);
        await run(`ALTER TABLE "${next}" RENAME TO "${view}"`);
        for (const suffix of suffixes) await run(`ALTER INDEX "${next}_${suffix}" RENAME TO "${view}_${suffix}"`);
      });
      return;
    } catch (caught) {
      if (attempt >= attempts || sqlState(caught) !== LOCK_NOT_AVAILABLE) throw caught;
    }
  }
}

/**
 * A refresh at 10M messages runs for minutes: on PostgreSQL a shutdown cancels it (from another
 * connection) rather than wait, and the view keeps its previous data. PGlite runs one statement
 * at a time in this process, so there the refresh finishes first.
 */
async function cancelOnAbort(
  database: Database,
  tx: Pick<Database["db"], "execute">,
  signal: AbortSignal | undefined,
): Promise<() => void> {
  if (!signal || database.engine !== "postgres") return () => {};
  const [backend] = await database.rows<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`, tx);
  if (!backend) return () => {};
  const cancel = () => {
    database.db.execute(sql`SELECT pg_cancel_backend(${backend.pid})`).catch(() => {});
  };
  signal.addEventListener("abort", cancel, { once: true });
  return () => signal.removeEventListener("abort", cancel);
}

/** The database's own message: drizzle wraps it in "Failed query: …" with the real one as cause. */
function describeError(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** The SQLSTATE of a database error (drizzle wraps the driver's error as its cause). */
function sqlState(error: unknown): string | undefined {
  let current = error;
  while (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return undefined;
}
