import { bigint, bigserial, index, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * Joins, leaves, kicks and bans. A join can be seen twice (chat_member update and the
 * new_chat_members service message): the unique key folds both into one event.
 */
export const memberEvents = pgTable(
  "member_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    userId: bigint("user_id", { mode: "number" }).notNull(),
    kind: text("kind").notNull(), // join | leave | kick | ban
    method: text("method"), // self | added | link | request | folder
    actorId: bigint("actor_id", { mode: "number" }),
    inviteLink: text("invite_link"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    source: text("source").notNull(), // chat_member | service_message | mtproto | export
  },
  (t) => [
    unique("member_events_key").on(t.chatId, t.userId, t.kind, t.occurredAt),
    index("member_events_chat_time_idx").on(t.chatId, t.occurredAt),
  ],
);
