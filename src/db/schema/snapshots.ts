import { sql } from "drizzle-orm";
import { bigint, date, doublePrecision, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One value per chat, day (UTC) and metric: member counts, reactions enabled, native stats
 * headline figures… A day's row is upserted while the day lasts; past days are never rewritten.
 */
export const chatDailySnapshots = pgTable(
  "chat_daily_snapshots",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    date: date("date", { mode: "string" }).notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    source: text("source").notNull(),
    capturedAt: timestamp("captured_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.date, t.metric] }),
    index("chat_daily_snapshots_metric_idx").on(t.chatId, t.metric, t.date),
  ],
);

/**
 * Telegram's native statistics (stats.getBroadcastStats / getMegagroupStats) as fetched on
 * one day: headline values and every graph's JSON. Telegram keeps a rolling window only.
 */
export const nativeStatsSnapshots = pgTable(
  "native_stats_snapshots",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    date: date("date", { mode: "string" }).notNull(),
    kind: text("kind").notNull(), // broadcast | megagroup
    periodStart: timestamp("period_start", { withTimezone: true }),
    periodEnd: timestamp("period_end", { withTimezone: true }),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
    graphs: jsonb("graphs").$type<Record<string, unknown>>().notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.date, t.kind] })],
);

/**
 * The dated points of native statistics graphs, stitched across fetches: each fetch upserts
 * the points it carries, so a series grows beyond Telegram's window one fetch at a time.
 */
export const nativeStatsPoints = pgTable(
  "native_stats_points",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    graph: text("graph").notNull(),
    series: text("series").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    value: doublePrecision("value").notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.graph, t.series, t.at] })],
);
