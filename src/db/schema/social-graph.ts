import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per rebuild of a social-graph view (the views are tables that src/graph/refresh.ts
 * builds and swaps in; they are not part of this schema). A failed rebuild keeps its error
 * here; the view keeps serving the data of the last good one.
 */
export const viewRefreshes = pgTable(
  "view_refreshes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    view: text("view").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    // Readers had a previous build to read meanwhile (false for a view's first build).
    concurrent: boolean("concurrent").notNull(),
    // Rows in the view after the refresh; NULL when it failed.
    rows: bigint("rows", { mode: "number" }),
    success: boolean("success").notNull(),
    error: text("error"),
  },
  (t) => [index("view_refreshes_view_started_idx").on(t.view, t.startedAt)],
);
