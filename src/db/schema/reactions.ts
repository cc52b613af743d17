import { bigint, index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

/**
 * Reactions in two tiers: the aggregate tier (user_id NULL) holds Telegram's anonymous
 * per-emoji counts; the per-user tier holds one row per visible reactor and reaction
 * (user_id is a user id, or a chat id for reactions sent on behalf of a chat).
 */
export const messageReactions = pgTable(
  "message_reactions",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    messageId: integer("message_id").notNull(),
    // "👍", "custom:<document id>" or "paid"
    reaction: text("reaction").notNull(),
    userId: bigint("user_id", { mode: "number" }),
    count: integer("count").notNull().default(1),
    date: timestamp("date", { withTimezone: true }),
    source: text("source").notNull(),
  },
  (t) => [
    unique("message_reactions_key").on(t.chatId, t.messageId, t.reaction, t.userId).nullsNotDistinct(),
    index("message_reactions_user_idx").on(t.chatId, t.userId),
  ],
);

/**
 * When each reaction state (a message's aggregate counts, actor_id NULL, or one actor's
 * reactions on it) was last replaced. Reactions arrive as whole states; remembering their
 * date lets a replayed older state be ignored, even when the newer one removed everything.
 */
export const messageReactionStates = pgTable(
  "message_reaction_states",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    messageId: integer("message_id").notNull(),
    actorId: bigint("actor_id", { mode: "number" }),
    date: timestamp("date", { withTimezone: true }).notNull(),
  },
  (t) => [unique("message_reaction_states_key").on(t.chatId, t.messageId, t.actorId).nullsNotDistinct()],
);
