// Keeps the social-graph views up to date and logs each refresh in view_refreshes. Two ways:
//
// * Incremental (most nights): the triggers of migration 0017 record in graph_changes which
//   messages a write may have changed; the refresh takes those rows and, in one transaction,
//   deletes and recomputes the rows of just those messages in message_social_graph, and of
//   their chats in channel_influence_network and top_influencers. A day's changes are a small
//   share of history, so this costs a fraction of a full build (docs/benchmarks.md).
// * Full: each view is a table whose rows are computed into a new table next to it (queries in
//   ./definitions.ts), then indexed and swapped in by name, so readers (/influence, /export)
//   keep reading the previous table for the whole build and wait only for the swap itself.
//   For the first build, when asked for (row 0, 0 of graph_changes: a member opted out or
//   back in, or a full build did not finish), when changes are a large share of the graph (a
//   big import), and once a week: that keeps PGlite's tables, which have no autovacuum,
//   compact, and puts right anything written past the triggers (a hand-made fix in SQL, say).
//   REFRESH MATERIALIZED VIEW CONCURRENTLY, used before, also kept readers reading but compared
//   the new rows with the old ones row by row, a fifth more CPU at 10M messages; a plain
//   REFRESH locks readers out for the whole build (docs/social-graph.md#refresh).
// A failed refresh of either kind leaves the old data untouched and the changes recorded.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { viewRefreshes } from "../db/schema/social-graph.js";
import { type PartFilter, VIEW_DEFINITIONS } from "./definitions.js";

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
/** A full rebuild instead of an incremental one when changes exceed this share of the graph's rows. */
export const FULL_REBUILD_SHARE = 0.25;
/** Days after which the next refresh is a full rebuild, whatever changed. */
export const FULL_REBUILD_DAYS = 7;
/** A lock wait that ran into lock_timeout. */
const LOCK_NOT_AVAILABLE = "55P03";

export interface ViewRefresh {
  view: SocialGraphView;
  startedAt: Date;
  durationMs: number;
  /** Readers had the previous build to read during this one (false for a first build). */
  concurrent: boolean;
  /** full: built anew and swapped in; incremental: the changed messages and their chats only. */
  mode: RefreshMode;
  /** Digest of the view's query (see definitionDigest). */
  definition: string;
  /** Rows after the refresh; null when it failed. */
  rows: number | null;
  success: boolean;
  error: string | null;
}

export type RefreshMode = "full" | "incremental";

export interface RefreshOptions {
  /** full forces a full rebuild; by default a refresh is incremental whenever it can be (see above). */
  mode?: "auto" | "full";
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
 * Brings every view up to date, incrementally when it can (see the top of this module), and
 * records each view's refresh. In a full rebuild a failure is logged with its error and the
 * next view is still rebuilt (top_influencers then builds on the last good data of the one
 * that failed). Resolves with what happened to each view it reached.
 */
export async function refreshSocialGraph(database: Database, options: RefreshOptions = {}): Promise<ViewRefresh[]> {
  const now = options.now ?? (() => new Date());
  if (options.signal?.aborted) return [];
  // The first view's start: the clock is read once per view (the bench reads CPU with it).
  const startedAt = now();
  if (options.mode !== "full" && (await canRefreshIncrementally(database, startedAt))) {
    const results = await refreshIncrementally(database, startedAt, options);
    // null: a full rebuild was asked for while this one started; it follows now.
    if (results) return results;
  }
  return rebuildAll(database, startedAt, options);
}

/**
 * A digest of what a view's rows are computed by: a version that computes them differently
 * builds the view anew instead of mixing its rows with the old version's.
 */
export function definitionDigest(view: SocialGraphView): string {
  const definition = VIEW_DEFINITIONS[view];
  return createHash("sha256")
    .update(definition.query((column) => column))
    .update(definition.changed?.("targets") ?? "")
    .update(JSON.stringify(definition.indexes))
    .digest("hex")
    .slice(0, 16);
}

/**
 * Whether the views can be brought up to date from graph_changes: all built, no full rebuild
 * asked for or due, and changes few enough that recomputing them message by message is the
 * cheaper way.
 */
async function canRefreshIncrementally(database: Database, at: Date): Promise<boolean> {
  if ((await populatedViews(database)).size < SOCIAL_GRAPH_VIEWS.length) return false;
  const built = await database.rows<{ view: string; definition: string | null }>(sql`
    SELECT DISTINCT ON (view) view, definition FROM view_refreshes WHERE success ORDER BY view, id DESC`);
  const current = new Map(built.map((row) => [row.view, row.definition]));
  if (SOCIAL_GRAPH_VIEWS.some((view) => current.get(view) !== definitionDigest(view))) return false;
  const [state] = await database.rows<{ asked: boolean; changes: number; graph: number | null; full: Date | null }>(sql`
    SELECT EXISTS (SELECT 1 FROM graph_changes WHERE chat_id = 0 AND message_id = 0) AS asked,
           (SELECT count(*)::float8 FROM graph_changes) AS changes,
           (SELECT rows::float8 FROM view_refreshes WHERE view = 'message_social_graph' AND success
             ORDER BY id DESC LIMIT 1) AS graph,
           (SELECT max(started_at) FROM view_refreshes WHERE view = 'top_influencers' AND success AND mode = 'full') AS full`);
  if (!state || state.asked || state.full === null || state.graph === null) return false;
  if (at.getTime() - new Date(state.full).getTime() >= FULL_REBUILD_DAYS * 86_400_000) return false;
  return state.changes <= Math.max(1000, state.graph * FULL_REBUILD_SHARE);
}

/** Every view built anew, one after the other (see rebuild). */
async function rebuildAll(database: Database, firstStartedAt: Date, options: RefreshOptions): Promise<ViewRefresh[]> {
  const now = options.now ?? (() => new Date());
  const monotonic = options.monotonic ?? (() => performance.now());
  // The changes recorded so far are all in what this build reads; what is written from here on
  // is recorded anew. Until the build has swapped in all three views, row (0, 0) asks the next
  // refresh to build again, even if this process dies on the way.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM graph_changes`);
    await tx.execute(sql`INSERT INTO graph_changes (chat_id, message_id) VALUES (0, 0)`);
  });
  const results: ViewRefresh[] = [];
  for (const view of SOCIAL_GRAPH_VIEWS) {
    if (options.signal?.aborted) break;
    // Whether readers had a previous build to read meanwhile (false for the first one).
    const concurrent = (await populatedViews(database)).has(view);
    const startedAt = results.length === 0 ? firstStartedAt : now();
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
      mode: "full",
      definition: definitionDigest(view),
      rows,
      success: error === null,
      error,
    };
    await database.db.insert(viewRefreshes).values(result);
    results.push(result);
  }
  if (results.length === SOCIAL_GRAPH_VIEWS.length && results.every((result) => result.success)) {
    // One request settled: one asked for by an opt-out during the build stays for the next.
    await database.db.execute(sql`
      DELETE FROM graph_changes WHERE ctid = (SELECT ctid FROM graph_changes WHERE chat_id = 0 AND message_id = 0 LIMIT 1)`);
  }
  return results;
}

/** Temporary tables of an incremental refresh: the changed messages, and their chats. */
const TARGETS = "pulse_graph_targets";
const CHATS = "pulse_graph_chats";

/**
 * One transaction: takes the recorded changes, deletes and recomputes the rows of the changed
 * messages in message_social_graph, then the rows of their chats in channel_influence_network
 * and top_influencers (a chat's ranks and distinct interactors change with any of its
 * messages). Readers see the old rows until it commits; a failure rolls it all back and
 * leaves the changes for the next refresh. Answers null, changing nothing, when the changes
 * ask for a full rebuild after all (an opt-out recorded since the check).
 */
async function refreshIncrementally(
  database: Database,
  firstStartedAt: Date,
  options: RefreshOptions,
): Promise<ViewRefresh[] | null> {
  const now = options.now ?? (() => new Date());
  const monotonic = options.monotonic ?? (() => performance.now());
  const raw = (executor: Pick<Tx, "execute">, statement: string) => executor.execute(sql.raw(statement));
  const timings: { view: SocialGraphView; startedAt: Date; durationMs: number; rows: number }[] = [];
  let error: string | null = null;
  let startedAt = firstStartedAt;
  let start = monotonic();
  let current: SocialGraphView = SOCIAL_GRAPH_VIEWS[0];
  try {
    const settled = await database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('work_mem', ${options.workMem ?? REFRESH_WORK_MEM}, true)`);
      await tx.execute(sql`SELECT set_config('jit', 'off', true)`);
      const stop = await cancelOnAbort(database, tx, options.signal);
      try {
        // The changes committed by now, taken; writes committing meanwhile leave theirs for next time.
        await raw(
          tx,
          `CREATE TEMP TABLE "${TARGETS}" ON COMMIT DROP AS
           WITH "taken" AS (DELETE FROM "graph_changes" RETURNING "chat_id", "message_id")
           SELECT DISTINCT "chat_id", "message_id" FROM "taken"`,
        );
        const [asked] = await database.rows<{ n: number }>(
          sql.raw(`SELECT count(*)::int AS n FROM "${TARGETS}" WHERE "chat_id" = 0 AND "message_id" = 0`),
          tx,
        );
        if ((asked?.n ?? 0) > 0) return false;
        await raw(tx, `CREATE TEMP TABLE "${CHATS}" ON COMMIT DROP AS SELECT DISTINCT "chat_id" FROM "${TARGETS}"`);
        await raw(tx, `ANALYZE "${TARGETS}", "${CHATS}"`);
        const inChats: PartFilter = (column) => `${column} IN (SELECT "chat_id" FROM "${CHATS}")`;
        for (const view of SOCIAL_GRAPH_VIEWS) {
          current = view;
          if (view !== SOCIAL_GRAPH_VIEWS[0]) {
            startedAt = now();
            start = monotonic();
          }
          const definition = VIEW_DEFINITIONS[view];
          if (view === "message_social_graph" && definition.changed) {
            await raw(
              tx,
              `DELETE FROM "${view}" g USING "${TARGETS}" t WHERE g."chat_id" = t."chat_id" AND g."message_id" = t."message_id"`,
            );
            await raw(tx, `INSERT INTO "${view}" ${definition.changed(TARGETS)}`);
          } else {
            const chatColumn = view === "channel_influence_network" ? "target_chat_id" : "chat_id";
            await raw(tx, `DELETE FROM "${view}" WHERE ${inChats(`"${chatColumn}"`)}`);
            await raw(tx, `INSERT INTO "${view}" ${definition.query(inChats)}`);
          }
          const [count] = await database.rows<{ n: number }>(
            sql.raw(`SELECT count(*)::float8 AS n FROM "${view}"`),
            tx,
          );
          timings.push({
            view,
            startedAt,
            durationMs: Math.max(0, Math.round(monotonic() - start)),
            rows: count?.n ?? 0,
          });
        }
        return true;
      } finally {
        stop();
      }
    });
    if (!settled) return null;
  } catch (caught) {
    error = describeError(caught);
  }
  const results: ViewRefresh[] =
    error === null
      ? timings.map((timing) => ({
          ...timing,
          concurrent: true,
          mode: "incremental",
          definition: definitionDigest(timing.view),
          success: true,
          error: null,
        }))
      : [
          // Rolled back: the views before the one that failed are unchanged too.
          {
            view: current,
            startedAt,
            durationMs: Math.max(0, Math.round(monotonic() - start)),
            concurrent: true,
            mode: "incremental",
            definition: definitionDigest(current),
            rows: null,
            success: false,
            error,
          },
        ];
  await database.db.insert(viewRefreshes).values(results);
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
