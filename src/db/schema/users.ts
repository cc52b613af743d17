import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Telegram users seen as senders, reactors or members. */
export const users = pgTable(
  "users",
  {
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
    // Why the bot cannot DM this user, as Telegram last said (src/delivery): blocked | not_started
    // | deactivated; NULL = no refusal known. Cleared when the user next talks to the bot.
    dmStatus: text("dm_status"),
    dmStatusAt: timestamp("dm_status_at", { withTimezone: true }),
  },
  (t) => [
    check("users_dm_status_check", sql`${t.dmStatus} in ('blocked', 'not_started', 'deactivated')`),
    // The few members who opted out: rankings leave them out by an anti-join against this
    // small index instead of a look-up per ranked sender.
    index("users_opted_out_idx").on(t.id).where(sql`${t.optedOut}`),
  ],
);
