import { sql } from "drizzle-orm";
import { bigint, boolean, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Telegram users seen as senders, reactors or members. */
export const users = pgTable("users", {
  id: bigint("id", { mode: "number" }).primaryKey(),
  isBot: boolean("is_bot").notNull().default(false),
  firstName: text("first_name"),
  lastName: text("last_name"),
  username: text("username"),
  languageCode: text("language_code"),
  // A user who opted out is kept only as an id; names and texts are not stored.
  optedOut: boolean("opted_out").notNull().default(false),
  firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().default(sql`now()`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
});
