import { sql } from "drizzle-orm";
import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** One row per Telegram chat Pulse knows of, whichever source saw it first. */
export const chats = pgTable("chats", {
  id: bigint("id", { mode: "number" }).primaryKey(),
  type: text("type").notNull(), // private | group | supergroup | channel
  title: text("title"),
  username: text("username"),
  isForum: boolean("is_forum").notNull().default(false),
  linkedChatId: bigint("linked_chat_id", { mode: "number" }),
  migratedToChatId: bigint("migrated_to_chat_id", { mode: "number" }),
  // The bot's own membership, from my_chat_member: member | administrator | left | kicked.
  botStatus: text("bot_status"),
  memberCount: integer("member_count"),
  // NULL means DEFAULT_TIMEZONE; rollup days are computed in this zone.
  timezone: text("timezone"),
  locale: text("locale"),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().default(sql`now()`),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().default(sql`now()`),
  lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
});
