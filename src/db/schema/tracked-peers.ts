import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The MTProto follow list: chats the user-session collector reads, with what it needs to
 * address them again (access hash) and where each one's history backfill stands.
 */
export const trackedPeers = pgTable(
  "tracked_peers",
  {
    // Bot API form (-100… for channels and supergroups), the key every table shares.
    chatId: bigint("chat_id", { mode: "number" }).primaryKey(),
    peerType: text("peer_type").notNull(), // channel | chat
    kind: text("kind").notNull(), // channel | supergroup | group
    // int64 as a decimal string: access hashes use the whole signed range.
    accessHash: text("access_hash"),
    title: text("title"),
    username: text("username"),
    active: boolean("active").notNull().default(true),
    origin: text("origin").notNull().default("command"), // command | linked
    linkedFromChatId: bigint("linked_from_chat_id", { mode: "number" }),
    addedBy: bigint("added_by", { mode: "number" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().default(sql`now()`),
    untrackedAt: timestamp("untracked_at", { withTimezone: true }),
    status: text("status").notNull().default("ok"), // ok | inaccessible
    lastError: text("last_error"),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    // Backfill walks from the newest message down: the next page starts below oldest_id.
    backfillOldestId: integer("backfill_oldest_id"),
    backfillNewestId: integer("backfill_newest_id"),
    backfillComplete: boolean("backfill_complete").notNull().default(false),
    backfillMessages: bigint("backfill_messages", { mode: "number" }).notNull().default(0),
    backfillUpdatedAt: timestamp("backfill_updated_at", { withTimezone: true }),
    backfillCompletedAt: timestamp("backfill_completed_at", { withTimezone: true }),
    caughtUpAt: timestamp("caught_up_at", { withTimezone: true }),
    // Metadata discovery (channels.getFullChannel).
    linkedChatId: bigint("linked_chat_id", { mode: "number" }),
    canViewStats: boolean("can_view_stats"),
    statsDc: integer("stats_dc"),
    reactionsMode: text("reactions_mode"), // all | some | none
    discoveredAt: timestamp("discovered_at", { withTimezone: true }),
    polledAt: timestamp("polled_at", { withTimezone: true }),
    statsAt: timestamp("stats_at", { withTimezone: true }),
  },
  (t) => [index("tracked_peers_active_idx").on(t.active)],
);
