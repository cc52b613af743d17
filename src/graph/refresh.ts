// Refreshes the social-graph materialized views (migration 0007) in dependency order and logs
// each refresh in view_refreshes. A view that holds no data yet gets a plain REFRESH (its
// first build: CONCURRENTLY refuses an unpopulated view); afterwards CONCURRENTLY, so
// /influence and /export keep reading the previous data while the new one is computed.
// A failed refresh rolls back on its own, so the view keeps its last good data.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { viewRefreshes } from "../db/schema/social-graph.js";

/** In the order they must be refreshed: top_influencers reads the two before it. */
export const SOCIAL_GRAPH_VIEWS = ["message_social_graph", "channel_influence_network", "top_influencers"] as const;
export type SocialGraphView = (typeof SOCIAL_GRAPH_VIEWS)[number];

/**
 * work_mem for the refresh statements: with PostgreSQL's default 4 MB the aggregates and
 * joins spill to disk (measured at 1M messages: 30–40% slower than 64 MB; 256 MB gained
 * nothing more at 3M). Modest enough for the embedded engine in the bot's own process.
 */
export const REFRESH_WORK_MEM = "64MB";

export interface ViewRefresh {
  view: SocialGraphView;
  startedAt: Date;
  durationMs: number;
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
}

/** Which of the views hold data (have been built at least once). */
export async function populatedViews(database: Database): Promise<Set<string>> {
  const rows = await database.rows<{ name: string }>(sql`
    SELECT matviewname AS name FROM pg_matviews WHERE schemaname = current_schema() AND ispopulated`);
  return new Set(rows.map((row) => row.name));
}

/**
 * Refreshes every view, one after the other, and records each attempt. A failure is logged
 * with its error and the next view is still refreshed (top_influencers then builds on the
 * last good data of the one that failed). Resolves with what happened to each view it reached.
 */
export async function refreshSocialGraph(database: Database, options: RefreshOptions = {}): Promise<ViewRefresh[]> {
  const now = options.now ?? (() => new Date());
  const monotonic = options.monotonic ?? (() => performance.now());
  const workMem = options.workMem ?? REFRESH_WORK_MEM;
  const results: ViewRefresh[] = [];
  for (const view of SOCIAL_GRAPH_VIEWS) {
    if (options.signal?.aborted) break;
    const concurrent = (await populatedViews(database)).has(view);
    const startedAt = now();
    const start = monotonic();
    let rows: number | null = null;
    let error: string | null = null;
    try {
      await database.db.transaction(async (tx) => {
        // The refresh sorts and hashes a few hundred MB at 10M messages; with the default 4 MB
        // it spills to disk and takes half again as long. For this transaction only.
        await tx.execute(sql`SELECT set_config('work_mem', ${workMem}, true)`);
        const stop = await cancelOnAbort(database, tx, options.signal);
        try {
          // The view names come from the constant above, never from input.
          await tx.execute(sql.raw(`REFRESH MATERIALIZED VIEW ${concurrent ? "CONCURRENTLY " : ""}"${view}"`));
        } finally {
          stop();
        }
      });
      const [count] = await database.rows<{ n: number }>(sql.raw(`SELECT count(*)::float8 AS n FROM "${view}"`));
      rows = count?.n ?? 0;
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
