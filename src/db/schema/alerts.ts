import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** A chat's alert rules (see src/alerts/rules.ts for kinds and conditions). */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    kind: text("kind").notNull(), // threshold | anomaly | silence | viral-post
    condition: jsonb("condition").$type<Record<string, unknown>>().notNull(),
    severity: text("severity").notNull(), // info | warning | critical
    cooldownMinutes: integer("cooldown_minutes").notNull(),
    status: text("status").notNull().default("active"), // active | paused
    createdBy: bigint("created_by", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
    /** Evaluation state carried between runs: consecutive hits (dwell), the open episode. */
    state: jsonb("state").$type<Record<string, unknown>>().notNull().default({}),
    lastEvaluatedAt: timestamp("last_evaluated_at", { withTimezone: true }),
    /** Set by the one evaluation that wins the cooldown, so no instance repeats the DM. */
    lastFiredAt: timestamp("last_fired_at", { withTimezone: true }),
  },
  (t) => [index("alert_rules_chat_idx").on(t.chatId), index("alert_rules_active_idx").on(t.status, t.chatId)],
);

/** Every firing, resolution and test-fire, with the values that decided it. */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ruleId: bigint("rule_id", { mode: "number" }),
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    kind: text("kind").notNull(),
    severity: text("severity").notNull(),
    status: text("status").notNull(), // fired | escalated | resolved | test
    /** What makes this event unique for its rule (a window end, a post and level…). */
    dedupeKey: text("dedupe_key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    values: jsonb("values").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("alert_events_rule_dedupe_idx").on(t.ruleId, t.dedupeKey),
    index("alert_events_chat_at_idx").on(t.chatId, t.at),
  ],
);

/** Admins who asked for a chat's alerts (`/alerts on`). */
export const alertSubscriptions = pgTable(
  "alert_subscriptions",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    userId: bigint("user_id", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
    /** When the group was told this admin must start the bot to get alerts (told once). */
    namedUnreachableAt: timestamp("named_unreachable_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] })],
);

/** A recipient's own delivery preferences: quiet hours in their time zone, a daily cap. */
export const alertRecipients = pgTable("alert_recipients", {
  userId: bigint("user_id", { mode: "number" }).primaryKey(),
  /** Minutes after local midnight; both NULL: no quiet hours. */
  quietFrom: smallint("quiet_from"),
  quietTo: smallint("quiet_to"),
  timezone: text("timezone"),
  dailyCap: integer("daily_cap"),
});

/** One row per event and recipient: sent, held for quiet hours, folded into a summary, or why not sent. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    eventId: bigint("event_id", { mode: "number" }).notNull(),
    userId: bigint("user_id", { mode: "number" }).notNull(),
    status: text("status").notNull(), // sent | held | folded | blocked | capped | failed
    at: timestamp("at", { withTimezone: true }).notNull(),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index("alert_deliveries_user_at_idx").on(t.userId, t.at)],
);
