import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The messages whose row in the social graph may have changed since the last refresh: every
 * write to messages, message_reactions and users records them here through the triggers of
 * migration 0017 (the targets of replies, forwards and reactions, the message itself where it
 * matters), whichever path wrote. The daily refresh takes the rows it finds and rebuilds
 * just those messages and their chats (src/graph/refresh.ts). The row (0, 0) asks for a full
 * rebuild: a member opted out or back in, the views were never built, or a full rebuild is
 * under way and has not finished. Append-only between refreshes, no key: duplicates cost less
 * to drop at the refresh than to prevent on every write.
 */
export const graphChanges = pgTable("graph_changes", {
  chatId: bigint("chat_id", { mode: "number" }).notNull(),
  messageId: integer("message_id").notNull(),
});

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
    // full: built anew and swapped in; incremental: only the changed messages and their chats.
    mode: text("mode").notNull().default("full"),
    // A digest of the view's query as built (src/graph/definitions.ts): a version whose query
    // differs rebuilds it in full rather than mixing old rows with new ones.
    definition: text("definition"),
    // Rows in the view after the refresh; NULL when it failed.
    rows: bigint("rows", { mode: "number" }),
    success: boolean("success").notNull(),
    error: text("error"),
  },
  (t) => [index("view_refreshes_view_started_idx").on(t.view, t.startedAt)],
);
