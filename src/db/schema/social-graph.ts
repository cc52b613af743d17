import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per refresh of a social-graph materialized view (the views themselves are created
 * by a hand-written migration: drizzle's schema builder cannot express them). A failed
 * refresh keeps its error here; the view keeps serving the data of the last good one.
 */
export const viewRefreshes = pgTable(
  "view_refreshes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    view: text("view").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    // false: the first build of a view that held no data yet (CONCURRENTLY needs data).
    concurrent: boolean("concurrent").notNull(),
    // Rows in the view after the refresh; NULL when it failed.
    rows: bigint("rows", { mode: "number" }),
    success: boolean("success").notNull(),
    error: text("error"),
  },
  (t) => [index("view_refreshes_view_started_idx").on(t.view, t.startedAt)],
);
