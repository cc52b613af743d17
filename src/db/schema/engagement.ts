import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";

/**
 * Per-message engagement snapshots from the hourly MTProto poll. Deltas are against the
 * message's previous snapshot (NULL for its first); rates are computed at capture time:
 * propagation_rate = forwards / age in hours, engagement_rate = (reactions + replies) / views × 100.
 */
export const messageEngagementTimeline = pgTable(
  "message_engagement_timeline",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    messageId: integer("message_id").notNull(),
    capturedAt: timestamp("captured_at", { withTimezone: true }).notNull(),
    messageDate: timestamp("message_date", { withTimezone: true }).notNull(),
    views: integer("views"),
    forwards: integer("forwards"),
    replies: integer("replies"),
    // Sum of the per-emoji counts, paid (Star) reactions excepted; they are in reactions_by_key.
    reactions: integer("reactions").notNull().default(0),
    reactionsByKey: jsonb("reactions_by_key").$type<Record<string, number>>().notNull().default({}),
    viewsDelta: integer("views_delta"),
    forwardsDelta: integer("forwards_delta"),
    repliesDelta: integer("replies_delta"),
    reactionsDelta: integer("reactions_delta"),
    ageHours: doublePrecision("age_hours").notNull(),
    propagationRate: doublePrecision("propagation_rate"),
    engagementRate: doublePrecision("engagement_rate"),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.messageId, t.capturedAt] }),
    index("engagement_chat_captured_idx").on(t.chatId, t.capturedAt),
  ],
);
