// Read side of what the MTProto collector stores: Telegram's native statistics (latest
// snapshot, stitched graph series), daily chat metrics and a message's engagement timeline.
import { and, asc, desc, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { messageEngagementTimeline } from "../db/schema/engagement.js";
import { chatDailySnapshots, nativeStatsPoints, nativeStatsSnapshots } from "../db/schema/snapshots.js";

export interface ValueAndPrevious {
  current: number;
  previous: number;
}

export interface NativeStats {
  chatId: number;
  /** UTC day of the fetch. */
  date: string;
  kind: "broadcast" | "megagroup";
  periodStart: Date | null;
  periodEnd: Date | null;
  fetchedAt: Date;
  /** Broadcast: followers, viewsPerPost, sharesPerPost, reactionsPerPost, enabledNotifications, recentPosts…
   *  Megagroup: members, messages, viewers, posters, topPosters… (as Telegram names them). */
  summary: Record<string, unknown>;
  /** Names of the graphs stored with this snapshot (their chart JSON is in native_stats_snapshots.graphs). */
  graphs: string[];
}

/** The most recent native statistics fetched for a chat, or undefined if none were. */
export async function getLatestNativeStats(db: Db, chatId: number): Promise<NativeStats | undefined> {
  const [row] = await db
    .select()
    .from(nativeStatsSnapshots)
    .where(eq(nativeStatsSnapshots.chatId, chatId))
    .orderBy(desc(nativeStatsSnapshots.date), desc(nativeStatsSnapshots.fetchedAt))
    .limit(1);
  if (!row) return undefined;
  return {
    chatId: row.chatId,
    date: row.date,
    kind: row.kind as NativeStats["kind"],
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    fetchedAt: row.fetchedAt,
    summary: row.summary,
    graphs: Object.keys(row.graphs),
  };
}

export interface NativeSeriesParams {
  chatId: number;
  /** e.g. "followers", "growth", "interactions", "members", "messages". */
  graph: string;
  series?: string;
  from?: Date;
  to?: Date;
}

export interface SeriesPoint {
  series: string;
  at: Date;
  value: number;
}

/** A native statistics graph's points across every fetch, oldest first: trends beyond Telegram's window. */
export async function getNativeStatsSeries(db: Db, params: NativeSeriesParams): Promise<SeriesPoint[]> {
  const conditions = [eq(nativeStatsPoints.chatId, params.chatId), eq(nativeStatsPoints.graph, params.graph)];
  if (params.series) conditions.push(eq(nativeStatsPoints.series, params.series));
  if (params.from) conditions.push(gte(nativeStatsPoints.at, params.from));
  if (params.to) conditions.push(lte(nativeStatsPoints.at, params.to));
  return db
    .select({ series: nativeStatsPoints.series, at: nativeStatsPoints.at, value: nativeStatsPoints.value })
    .from(nativeStatsPoints)
    .where(and(...conditions))
    .orderBy(asc(nativeStatsPoints.at), asc(nativeStatsPoints.series));
}

export interface DailyMetricParams {
  chatId: number;
  /** member_count, admin_count, online_count, reactions_enabled, native.followers, native.views_per_post… */
  metric: string;
  /** YYYY-MM-DD (UTC), inclusive. */
  from?: string;
  to?: string;
}

export async function getDailyMetric(
  db: Db,
  params: DailyMetricParams,
): Promise<{ date: string; value: number | null; metadata: Record<string, unknown> }[]> {
  const conditions = [eq(chatDailySnapshots.chatId, params.chatId), eq(chatDailySnapshots.metric, params.metric)];
  if (params.from) conditions.push(gte(chatDailySnapshots.date, params.from));
  if (params.to) conditions.push(lte(chatDailySnapshots.date, params.to));
  return db
    .select({ date: chatDailySnapshots.date, value: chatDailySnapshots.value, metadata: chatDailySnapshots.metadata })
    .from(chatDailySnapshots)
    .where(and(...conditions))
    .orderBy(asc(chatDailySnapshots.date));
}

/** Every engagement snapshot of one message, oldest first. */
export async function getEngagementTimeline(db: Db, params: { chatId: number; messageId: number }) {
  return db
    .select()
    .from(messageEngagementTimeline)
    .where(
      and(
        eq(messageEngagementTimeline.chatId, params.chatId),
        eq(messageEngagementTimeline.messageId, params.messageId),
      ),
    )
    .orderBy(asc(messageEngagementTimeline.capturedAt));
}

export interface NativeHeadline {
  key: string;
  label: string;
  current: number;
  /** The value for the preceding period of the same length, as Telegram reports it. */
  previous: number | null;
}

const HEADLINES: [key: string, label: string][] = [
  ["followers", "Followers"],
  ["viewsPerPost", "Views per post"],
  ["sharesPerPost", "Shares per post"],
  ["reactionsPerPost", "Reactions per post"],
  ["members", "Members"],
  ["messages", "Messages"],
  ["viewers", "Viewers"],
  ["posters", "Posters"],
];

/**
 * The headline figures of a native statistics snapshot, in display order, for /stats:
 * value-and-previous pairs, and the share of followers with notifications enabled (%).
 */
export function nativeStatsHeadlines(stats: NativeStats): NativeHeadline[] {
  const out: NativeHeadline[] = [];
  for (const [key, label] of HEADLINES) {
    const value = stats.summary[key] as Partial<ValueAndPrevious> | undefined;
    if (typeof value?.current === "number") {
      out.push({
        key,
        label,
        current: value.current,
        previous: typeof value.previous === "number" ? value.previous : null,
      });
    }
  }
  const notifications = stats.summary.enabledNotifications as { part?: number; total?: number } | undefined;
  if (notifications?.total) {
    out.push({
      key: "notificationsEnabledPct",
      label: "Notifications enabled (%)",
      current: Math.round(((notifications.part ?? 0) / notifications.total) * 1000) / 10,
      previous: null,
    });
  }
  return out;
}
