// Telegram's native statistics, where the account may read them (an admin account, and
// can_view_stats from discovery): stats.getBroadcastStats for channels and
// stats.getMegagroupStats for supergroups, sent to the chat's stats_dc (a STATS_MIGRATE_X
// answer redirects once), with every graph Telegram sends as a token loaded through
// stats.loadAsyncGraph. Stored as the day's snapshot (native_stats_snapshots), the headline
// values as daily metrics (chat_daily_snapshots, "native.*"), and every dated graph point
// in native_stats_points, so trends outlive Telegram's rolling window.
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import type { Database } from "../../db/client.js";
import { AbortedError, utcDay } from "./clock.js";
import { type CollectorContext, isRunFatal } from "./engagement.js";
import { describeError, rpcErrorName } from "./errors.js";
import { type ChatRef, inputChannelOf } from "./history.js";
import { toNumber } from "./records.js";
import type { CallOptions, SafeCaller } from "./safe-call.js";
import { type DailySnapshot, upsertDailySnapshots } from "./snapshots.js";
import { chatRefOf, listTrackedPeers, markStatsFetched } from "./tracked.js";

export interface NativeStatsTotals {
  chats: number;
  skipped: number;
  chatsFailed: number;
  graphs: number;
  graphErrors: number;
  points: number;
  failures: { chatId: number; error: string }[];
}

/** Errors saying the account may not read a chat's statistics (not an admin, too small…). */
const NO_ACCESS = new Set(["CHAT_ADMIN_REQUIRED", "BROADCAST_REQUIRED", "MEGAGROUP_REQUIRED", "STATS_UNAVAILABLE"]);

export async function collectNativeStats(
  context: CollectorContext,
  options: { signal?: AbortSignal },
): Promise<NativeStatsTotals> {
  const totals: NativeStatsTotals = {
    chats: 0,
    skipped: 0,
    chatsFailed: 0,
    graphs: 0,
    graphErrors: 0,
    points: 0,
    failures: [],
  };
  const peers = await listTrackedPeers(context.database.db);
  const pacer = context.safe.bulk(options.signal);
  for (const peer of peers) {
    if (options.signal?.aborted) throw new AbortedError();
    if (peer.canViewStats !== true || peer.peerType !== "channel" || peer.status === "inaccessible") {
      totals.skipped++;
      continue;
    }
    const ref = chatRefOf(peer);
    try {
      const result = await fetchNativeStats(context.safe, ref, peer.statsDc, options.signal);
      const now = new Date(context.clock.now());
      const points = await storeNativeStats(context.database, ref.chatId, result, now);
      await markStatsFetched(context.database.db, ref.chatId, now);
      totals.chats++;
      totals.graphs += result.graphCount;
      totals.graphErrors += result.graphErrors;
      totals.points += points;
    } catch (error) {
      if (isRunFatal(error)) throw error;
      const name = rpcErrorName(error);
      const now = new Date(context.clock.now());
      if (name && NO_ACCESS.has(name)) {
        // Not an error of the run: the account may simply not see this chat's statistics.
        await markStatsFetched(context.database.db, ref.chatId, now, false);
        totals.skipped++;
        continue;
      }
      totals.chatsFailed++;
      const message = describeError(error);
      totals.failures.push({ chatId: ref.chatId, error: message });
      context.log.warn({ chatId: ref.chatId, err: message }, "native statistics failed for one chat; continuing");
    }
    await pacer.step();
  }
  context.log.info({ ...totals, failures: totals.failures.length }, "native statistics collected");
  return totals;
}

export interface FetchedNativeStats {
  kind: "broadcast" | "megagroup";
  periodStart: Date | null;
  periodEnd: Date | null;
  summary: Record<string, unknown>;
  /** Graph name → Telegram's chart JSON (columns, types, names…) or { error }. */
  graphs: Record<string, unknown>;
  graphCount: number;
  graphErrors: number;
}

/** Sends requests to the chat's stats DC; a STATS_MIGRATE_X answer moves it (once per request). */
function statsDcCaller(safe: SafeCaller, statsDc: number | null, signal: AbortSignal | undefined) {
  let dc = statsDc;
  return async <R extends Api.AnyRequest>(request: R): Promise<R["__response"]> => {
    const options: CallOptions = { signal, ...(dc ? { dcId: dc } : {}) };
    try {
      return await safe.call(request, options);
    } catch (error) {
      const migrate = /^STATS_MIGRATE_(\d+)$/.exec(rpcErrorName(error) ?? "");
      if (!migrate) throw error;
      dc = Number(migrate[1]);
      return safe.call(request, { signal, dcId: dc });
    }
  };
}

const abs = (v: Api.TypeStatsAbsValueAndPrev) => ({ current: v.current, previous: v.previous });

export async function fetchNativeStats(
  safe: SafeCaller,
  ref: ChatRef,
  statsDc: number | null,
  signal?: AbortSignal,
): Promise<FetchedNativeStats> {
  const channel = inputChannelOf(ref);
  const onStatsDc = statsDcCaller(safe, statsDc, signal);
  const rawGraphs: Record<string, Api.TypeStatsGraph> = {};
  let kind: FetchedNativeStats["kind"];
  let summary: Record<string, unknown>;
  let period: Api.TypeStatsDateRangeDays;
  if (ref.kind === "channel") {
    kind = "broadcast";
    const s = await onStatsDc(new Api.stats.GetBroadcastStats({ channel, dark: false }));
    period = s.period;
    summary = {
      followers: abs(s.followers),
      viewsPerPost: abs(s.viewsPerPost),
      sharesPerPost: abs(s.sharesPerPost),
      reactionsPerPost: abs(s.reactionsPerPost),
      viewsPerStory: abs(s.viewsPerStory),
      sharesPerStory: abs(s.sharesPerStory),
      reactionsPerStory: abs(s.reactionsPerStory),
      enabledNotifications: { part: s.enabledNotifications.part, total: s.enabledNotifications.total },
      recentPosts: s.recentPostsInteractions
        .filter((p): p is Api.PostInteractionCountersMessage => p instanceof Api.PostInteractionCountersMessage)
        .map((p) => ({ messageId: p.msgId, views: p.views, forwards: p.forwards, reactions: p.reactions })),
    };
    Object.assign(rawGraphs, {
      growth: s.growthGraph,
      followers: s.followersGraph,
      mute: s.muteGraph,
      topHours: s.topHoursGraph,
      interactions: s.interactionsGraph,
      ivInteractions: s.ivInteractionsGraph,
      viewsBySource: s.viewsBySourceGraph,
      newFollowersBySource: s.newFollowersBySourceGraph,
      languages: s.languagesGraph,
      reactionsByEmotion: s.reactionsByEmotionGraph,
      storyInteractions: s.storyInteractionsGraph,
      storyReactionsByEmotion: s.storyReactionsByEmotionGraph,
    });
  } else {
    kind = "megagroup";
    const s = await onStatsDc(new Api.stats.GetMegagroupStats({ channel, dark: false }));
    period = s.period;
    summary = {
      members: abs(s.members),
      messages: abs(s.messages),
      viewers: abs(s.viewers),
      posters: abs(s.posters),
      topPosters: s.topPosters.map((p) => ({ userId: toNumber(p.userId), messages: p.messages, avgChars: p.avgChars })),
      topAdmins: s.topAdmins.map((a) => ({
        userId: toNumber(a.userId),
        deleted: a.deleted,
        kicked: a.kicked,
        banned: a.banned,
      })),
      topInviters: s.topInviters.map((i) => ({ userId: toNumber(i.userId), invitations: i.invitations })),
    };
    Object.assign(rawGraphs, {
      growth: s.growthGraph,
      members: s.membersGraph,
      newMembersBySource: s.newMembersBySourceGraph,
      languages: s.languagesGraph,
      messages: s.messagesGraph,
      actions: s.actionsGraph,
      topHours: s.topHoursGraph,
      weekdays: s.weekdaysGraph,
    });
  }
  const graphs: Record<string, unknown> = {};
  let graphErrors = 0;
  for (const [name, graph] of Object.entries(rawGraphs)) {
    let loaded: Api.TypeStatsGraph | undefined = graph;
    if (loaded instanceof Api.StatsGraphAsync) {
      try {
        loaded = await onStatsDc(new Api.stats.LoadAsyncGraph({ token: loaded.token }));
      } catch (error) {
        if (isRunFatal(error)) throw error;
        graphs[name] = { error: describeError(error) };
        graphErrors++;
        continue;
      }
    }
    if (loaded instanceof Api.StatsGraph) {
      try {
        graphs[name] = JSON.parse(loaded.json.data) as unknown;
      } catch {
        graphs[name] = { error: "unreadable graph JSON" };
        graphErrors++;
      }
    } else if (loaded instanceof Api.StatsGraphError) {
      graphs[name] = { error: loaded.error };
      graphErrors++;
    }
  }
  return {
    kind,
    periodStart: period.minDate ? new Date(period.minDate * 1000) : null,
    periodEnd: period.maxDate ? new Date(period.maxDate * 1000) : null,
    summary,
    graphs,
    graphCount: Object.keys(graphs).length,
    graphErrors,
  };
}

/** Telegram chart JSON: columns [["x", t…], ["y0", v…]…], names { y0: "Followers" }. */
export function graphPoints(graph: unknown): { series: string; at: Date; value: number }[] {
  if (!graph || typeof graph !== "object") return [];
  const { columns, names } = graph as { columns?: unknown; names?: Record<string, string> };
  if (!Array.isArray(columns)) return [];
  const x = columns.find((c): c is unknown[] => Array.isArray(c) && c[0] === "x");
  if (!x) return [];
  const times = x.slice(1).map(Number);
  // Only graphs over dates are series (top hours and weekdays are over hours and days of week).
  if (times.length === 0 || !times.every((t) => Number.isFinite(t) && t > 946_684_800_000)) return [];
  const points: { series: string; at: Date; value: number }[] = [];
  for (const column of columns) {
    if (!Array.isArray(column) || column[0] === "x" || typeof column[0] !== "string") continue;
    const key = column[0];
    const series = names?.[key] ?? key;
    column.slice(1).forEach((value, i) => {
      const at = times[i];
      if (at !== undefined && typeof value === "number" && Number.isFinite(value))
        points.push({ series, at: new Date(at), value });
    });
  }
  return points;
}

const HEADLINES: Record<string, (s: Record<string, unknown>) => number | undefined> = {
  "native.followers": (s) => (s.followers as { current?: number } | undefined)?.current,
  "native.views_per_post": (s) => (s.viewsPerPost as { current?: number } | undefined)?.current,
  "native.shares_per_post": (s) => (s.sharesPerPost as { current?: number } | undefined)?.current,
  "native.reactions_per_post": (s) => (s.reactionsPerPost as { current?: number } | undefined)?.current,
  "native.notifications_enabled_pct": (s) => {
    const n = s.enabledNotifications as { part?: number; total?: number } | undefined;
    return n?.total ? ((n.part ?? 0) / n.total) * 100 : undefined;
  },
  "native.members": (s) => (s.members as { current?: number } | undefined)?.current,
  "native.messages": (s) => (s.messages as { current?: number } | undefined)?.current,
  "native.viewers": (s) => (s.viewers as { current?: number } | undefined)?.current,
  "native.posters": (s) => (s.posters as { current?: number } | undefined)?.current,
};

/** Stores one fetch: the day's snapshot, the headline metrics and the graphs' dated points. */
export async function storeNativeStats(
  database: Database,
  chatId: number,
  stats: FetchedNativeStats,
  fetchedAt: Date,
): Promise<number> {
  const day = utcDay(fetchedAt.getTime());
  await database.rows(sql`
    INSERT INTO native_stats_snapshots (chat_id, date, kind, period_start, period_end, summary, graphs, fetched_at)
    VALUES (${chatId}, ${day}::date, ${stats.kind}, ${stats.periodStart?.toISOString() ?? null}::timestamptz,
      ${stats.periodEnd?.toISOString() ?? null}::timestamptz, ${JSON.stringify(stats.summary)}::jsonb,
      ${JSON.stringify(stats.graphs)}::jsonb, ${fetchedAt.toISOString()}::timestamptz)
    ON CONFLICT (chat_id, date, kind) DO UPDATE SET
      period_start = excluded.period_start, period_end = excluded.period_end, summary = excluded.summary,
      graphs = excluded.graphs, fetched_at = excluded.fetched_at`);
  const headlines: DailySnapshot[] = [];
  for (const [metric, read] of Object.entries(HEADLINES)) {
    const value = read(stats.summary);
    if (value !== undefined && Number.isFinite(value)) {
      headlines.push({ chatId, date: day, metric, value, source: "native_stats" });
    }
  }
  await upsertDailySnapshots(database, headlines, fetchedAt);
  // One row per key: a graph may name two series alike, and one statement may not upsert a row twice.
  const unique = new Map<string, { graph: string; series: string; at: string; value: number }>();
  for (const [graph, data] of Object.entries(stats.graphs)) {
    for (const p of graphPoints(data)) {
      const at = p.at.toISOString();
      unique.set(`${graph}\u0000${p.series}\u0000${at}`, { graph, series: p.series, at, value: p.value });
    }
  }
  const points = [...unique.values()];
  if (points.length === 0) return 0;
  await database.rows(sql`
    INSERT INTO native_stats_points AS p (chat_id, graph, series, at, value, fetched_at)
    SELECT ${chatId}, graph, series, at, value, ${fetchedAt.toISOString()}::timestamptz
    FROM json_to_recordset(${JSON.stringify(points)}::json) AS r(graph text, series text, at timestamptz, value float8)
    ON CONFLICT (chat_id, graph, series, at) DO UPDATE SET value = excluded.value, fetched_at = excluded.fetched_at
    WHERE excluded.fetched_at >= p.fetched_at`);
  return points.length;
}
