import { sql } from "drizzle-orm";
import { date, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Daily counters for the account's sensitive actions (DMs, joins); a UTC day per row. */
export const mtprotoQuotas = pgTable(
  "mtproto_quotas",
  {
    kind: text("kind").notNull(), // dm | join
    day: date("day", { mode: "string" }).notNull(),
    used: integer("used").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.kind, t.day] })],
);

/** FLOOD_WAITs too long to sit out: the method is parked until `until`, across restarts. */
export const mtprotoFloodBlocks = pgTable("mtproto_flood_blocks", {
  method: text("method").primaryKey(),
  until: timestamp("until", { withTimezone: true }).notNull(),
  seconds: integer("seconds").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
});
