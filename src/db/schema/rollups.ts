import { bigint, date, index, integer, pgTable, primaryKey, timestamp } from "drizzle-orm/pg-core";

/**
 * Rollups maintained by the writer from rows it newly inserted, so re-delivered data never
 * counts twice. Hours are UTC hour starts; any whole-hour time zone can be derived from them.
 */
export const chatHourlyActivity = pgTable(
  "chat_hourly_activity",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    messages: integer("messages").notNull().default(0),
    textChars: bigint("text_chars", { mode: "number" }).notNull().default(0),
    media: integer("media").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    forwards: integer("forwards").notNull().default(0),
    serviceMessages: integer("service_messages").notNull().default(0),
    joins: integer("joins").notNull().default(0),
    leaves: integer("leaves").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.hour] })],
);

/** Per sender and day, the day taken in the chat's time zone at the time of writing. */
export const chatUserDailyActivity = pgTable(
  "chat_user_daily_activity",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    // The sender: a user id, or the sender chat's id for anonymous admins and channels.
    userId: bigint("user_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    messages: integer("messages").notNull().default(0),
    textChars: bigint("text_chars", { mode: "number" }).notNull().default(0),
    media: integer("media").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    forwards: integer("forwards").notNull().default(0),
    firstMessageAt: timestamp("first_message_at", { withTimezone: true }).notNull(),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull(),
  },
  // The index also INCLUDEs (user_id, messages): added by hand in migrations/0002, since
  // drizzle's index builder has no INCLUDE.
  (t) => [primaryKey({ columns: [t.chatId, t.userId, t.day] }), index("chat_user_daily_day_idx").on(t.chatId, t.day)],
);

/**
 * Distinct senders per chat and local day: the number of chat_user_daily_activity rows of
 * that day, kept alongside so daily timelines need not count them.
 */
export const chatDailyActivity = pgTable(
  "chat_daily_activity",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    activeSenders: integer("active_senders").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.day] })],
);
