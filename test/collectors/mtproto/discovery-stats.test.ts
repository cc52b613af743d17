import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import { discoverMetadata } from "../../../src/collectors/mtproto/discovery.js";
import { collectNativeStats, graphPoints } from "../../../src/collectors/mtproto/native-stats.js";
import { getTrackedPeer, listTrackedPeers, trackPeer } from "../../../src/collectors/mtproto/tracked.js";
import type { Database } from "../../../src/db/client.js";
import {
  getDailyMetric,
  getLatestNativeStats,
  getNativeStatsSeries,
  nativeStatsHeadlines,
} from "../../../src/queries/native-stats.js";
import { testEngines } from "../../helpers/db.js";
import { botApiId, rpcError } from "./fake-telegram.js";
import { harness } from "./helpers.js";

let nextChannel = 5_000_000_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

const abs = (current: number, previous: number) => new Api.StatsAbsValueAndPrev({ current, previous });
const chart = (days: string[], values: number[], name = "Followers") =>
  new Api.StatsGraph({
    json: new Api.DataJSON({
      data: JSON.stringify({
        columns: [
          ["x", ...days.map(day)],
          ["y0", ...values],
        ],
        types: { x: "x", y0: "line" },
        names: { y0: name },
      }),
    }),
  });

function broadcastStats(days: string[], followers: number[], asyncToken: string) {
  const empty = new Api.StatsGraphError({ error: "not enough data" });
  return new Api.stats.BroadcastStats({
    period: new Api.StatsDateRangeDays({
      minDate: day(days[0] as string) / 1000,
      maxDate: day(days.at(-1) as string) / 1000,
    }),
    followers: abs(followers.at(-1) as number, followers[0] as number),
    viewsPerPost: abs(850, 800),
    sharesPerPost: abs(12, 10),
    reactionsPerPost: abs(40, 35),
    viewsPerStory: abs(0, 0),
    sharesPerStory: abs(0, 0),
    reactionsPerStory: abs(0, 0),
    enabledNotifications: new Api.StatsPercentValue({ part: 250, total: 1000 }),
    growthGraph: new Api.StatsGraphAsync({ token: asyncToken }),
    followersGraph: chart(days, followers),
    muteGraph: empty,
    topHoursGraph: new Api.StatsGraph({
      json: new Api.DataJSON({
        data: JSON.stringify({
          columns: [
            ["x", 0, 1, 2],
            ["y0", 5, 6, 7],
          ],
          names: { y0: "Views" },
        }),
      }),
    }),
    interactionsGraph: empty,
    ivInteractionsGraph: empty,
    viewsBySourceGraph: empty,
    newFollowersBySourceGraph: empty,
    languagesGraph: empty,
    reactionsByEmotionGraph: empty,
    storyInteractionsGraph: empty,
    storyReactionsByEmotionGraph: empty,
    recentPostsInteractions: [
      new Api.PostInteractionCountersMessage({ msgId: 10, views: 900, forwards: 9, reactions: 30 }),
    ],
  });
}

describe("native statistics graphs", () => {
  test("dated series become points; hour-of-day charts do not", () => {
    assert.deepEqual(
      graphPoints(JSON.parse(chart(["2026-03-01", "2026-03-02"], [10, 12]).json.data)).map((p) => [
        p.series,
        p.at.toISOString(),
        p.value,
      ]),
      [
        ["Followers", "2026-03-01T00:00:00.000Z", 10],
        ["Followers", "2026-03-02T00:00:00.000Z", 12],
      ],
    );
    assert.deepEqual(
      graphPoints({
        columns: [
          ["x", 0, 1],
          ["y0", 1, 2],
        ],
      }),
      [],
    );
    assert.deepEqual(graphPoints({ error: "x" }), []);
  });
});

for (const engine of testEngines()) {
  describe(`discovery and native statistics on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    test("discovery: linked discussion group, reactions, counts → chats, tracked_peers, daily snapshots", async () => {
      await database.rows(sql`UPDATE tracked_peers SET active = false`);
      const h = await harness(database, { start: "2026-03-10T03:20:00Z" });
      const id = nextChannel++;
      const groupId = nextChannel++;
      const group = new Api.Channel({
        id: returnBigInt(groupId),
        accessHash: returnBigInt(77),
        title: "News chat",
        photo: new Api.ChatPhotoEmpty(),
        date: 0,
        megagroup: true,
      });
      const entry = h.telegram.addChannel(
        id,
        { username: `news${id}`, participantsCount: 1200 },
        {
          participantsCount: 1234,
          adminsCount: 3,
          onlineCount: 55,
          linkedChatId: returnBigInt(groupId),
          canViewStats: true,
          statsDc: 4,
          availableReactions: new Api.ChatReactionsSome({
            reactions: [new Api.ReactionEmoji({ emoticon: "👍" }), new Api.ReactionEmoji({ emoticon: "🔥" })],
          }),
        },
      );
      entry.extraChats.push(group);
      await trackPeer(
        database.db,
        {
          chatId: botApiId(id),
          kind: "channel",
          peerType: "channel",
          accessHash: entry.channel.accessHash?.toString() ?? null,
          title: "x",
          username: null,
          addedBy: 1,
        },
        new Date(h.clock.now()),
      );
      const totals = await discoverMetadata(h.context, { trackDiscussionGroups: true });
      await h.writer.close();
      assert.deepEqual(
        [totals.chats, totals.linkedGroupsFound, totals.linkedGroupsTracked, totals.statsAvailable],
        [1, 1, 1, 1],
      );

      const chats = await database.rows(
        sql`SELECT id, type, linked_chat_id, member_count FROM chats WHERE id IN (${botApiId(id)}, ${botApiId(groupId)}) ORDER BY id DESC`,
      );
      assert.deepEqual(chats, [
        { id: botApiId(id), type: "channel", linked_chat_id: botApiId(groupId), member_count: 1234 },
        { id: botApiId(groupId), type: "supergroup", linked_chat_id: botApiId(id), member_count: null },
      ]);
      const peer = await getTrackedPeer(database.db, botApiId(id));
      assert.deepEqual(
        [peer?.linkedChatId, peer?.canViewStats, peer?.statsDc, peer?.reactionsMode, peer?.username],
        [botApiId(groupId), true, 4, "some", `news${id}`],
      );
      // The discussion group is followed automatically, so its comments are collected.
      const linked = await getTrackedPeer(database.db, botApiId(groupId));
      assert.deepEqual(
        [linked?.origin, linked?.linkedFromChatId, linked?.kind, linked?.accessHash],
        ["linked", botApiId(id), "supergroup", "77"],
      );

      const snapshots = await database.rows(
        sql`SELECT metric, value, metadata FROM chat_daily_snapshots WHERE chat_id = ${botApiId(id)} ORDER BY metric`,
      );
      assert.deepEqual(snapshots, [
        { metric: "admin_count", value: 3, metadata: {} },
        { metric: "member_count", value: 1234, metadata: {} },
        { metric: "online_count", value: 55, metadata: {} },
        { metric: "reactions_enabled", value: 1, metadata: { mode: "some", reactions: ["👍", "🔥"] } },
      ]);
      // Run again the same day: still one row per metric (idempotent).
      const again = await harness(database, { start: "2026-03-10T15:00:00Z", telegram: h.telegram });
      await discoverMetadata(again.context, { trackDiscussionGroups: true });
      await again.writer.close();
      const [n] = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM chat_daily_snapshots WHERE chat_id = ${botApiId(id)}`,
      );
      assert.equal(n?.n, 4);
      assert.equal((await listTrackedPeers(database.db)).filter((p) => p.chatId === botApiId(groupId)).length, 1);
    });

    test("native statistics: on stats_dc, async graphs loaded, dated snapshots that outlive Telegram's window", async () => {
      await database.rows(sql`UPDATE tracked_peers SET active = false`);
      const h = await harness(database, { start: "2026-03-10T03:40:00Z" });
      const id = nextChannel++;
      const entry = h.telegram.addChannel(id, { username: `stats${id}` });
      await trackPeer(
        database.db,
        {
          chatId: botApiId(id),
          kind: "channel",
          peerType: "channel",
          accessHash: entry.channel.accessHash?.toString() ?? null,
          title: "Stats",
          username: null,
          addedBy: 1,
        },
        new Date(h.clock.now()),
      );
      await database.rows(
        sql`UPDATE tracked_peers SET can_view_stats = true, stats_dc = 4 WHERE chat_id = ${botApiId(id)}`,
      );
      let window = ["2026-03-07", "2026-03-08", "2026-03-09"];
      let followers = [100, 110, 125];
      h.telegram.on((request, dcId) => {
        if (request instanceof Api.stats.GetBroadcastStats) {
          // The main DC redirects, as Telegram does for chats whose statistics live elsewhere.
          if (dcId !== 4) throw rpcError(request, 400, "STATS_MIGRATE_4");
          return broadcastStats(window, followers, "growth-token");
        }
        if (request instanceof Api.stats.LoadAsyncGraph) {
          assert.equal(request.token, "growth-token");
          assert.equal(dcId, 4);
          return chart(window, [1, 2, 3], "Joined");
        }
        return undefined;
      });
      await database.rows(sql`UPDATE tracked_peers SET stats_dc = NULL WHERE chat_id = ${botApiId(id)}`);
      const first = await collectNativeStats(h.context, {});
      assert.deepEqual([first.chats, first.graphErrors], [1, 9]);
      assert.ok(h.telegram.callsOf("stats.GetBroadcastStats").some((c) => c.dcId === 4));

      const latest = await getLatestNativeStats(database.db, botApiId(id));
      assert.equal(latest?.kind, "broadcast");
      assert.equal(latest?.date, "2026-03-10");
      assert.deepEqual(latest?.summary.followers, { current: 125, previous: 100 });
      assert.ok(latest?.graphs.includes("growth"));
      assert.deepEqual(latest ? nativeStatsHeadlines(latest).map((h) => [h.label, h.current, h.previous]) : [], [
        ["Followers", 125, 100],
        ["Views per post", 850, 800],
        ["Shares per post", 12, 10],
        ["Reactions per post", 40, 35],
        ["Notifications enabled (%)", 25, null],
      ]);
      assert.deepEqual(
        (await getDailyMetric(database.db, { chatId: botApiId(id), metric: "native.notifications_enabled_pct" })).map(
          (r) => r.value,
        ),
        [25],
      );

      // Days later Telegram's window has moved on; the stored series keeps the old days.
      h.clock.set("2026-03-12T03:40:00Z");
      window = ["2026-03-09", "2026-03-10", "2026-03-11"];
      followers = [126, 140, 150];
      await collectNativeStats(h.context, {});
      const series = await getNativeStatsSeries(database.db, { chatId: botApiId(id), graph: "followers" });
      assert.deepEqual(
        series.map((p) => [p.at.toISOString().slice(0, 10), p.value]),
        [
          ["2026-03-07", 100],
          ["2026-03-08", 110],
          ["2026-03-09", 126],
          ["2026-03-10", 140],
          ["2026-03-11", 150],
        ],
      );
      const snapshots = await database.rows<{ date: string }>(
        sql`SELECT date::text AS date FROM native_stats_snapshots WHERE chat_id = ${botApiId(id)} ORDER BY date`,
      );
      assert.deepEqual(
        snapshots.map((s) => s.date),
        ["2026-03-10", "2026-03-12"],
      );
      assert.deepEqual(
        (await getDailyMetric(database.db, { chatId: botApiId(id), metric: "native.followers" })).map((r) => [
          r.date,
          r.value,
        ]),
        [
          ["2026-03-10", 125],
          ["2026-03-12", 150],
        ],
      );
    });

    test("native statistics the account may not read are skipped, not failed", async () => {
      await database.rows(sql`UPDATE tracked_peers SET active = false`);
      const h = await harness(database, { start: "2026-03-10T03:40:00Z" });
      const id = nextChannel++;
      const entry = h.telegram.addChannel(id);
      await trackPeer(
        database.db,
        {
          chatId: botApiId(id),
          kind: "channel",
          peerType: "channel",
          accessHash: entry.channel.accessHash?.toString() ?? null,
          title: "x",
          username: null,
          addedBy: 1,
        },
        new Date(h.clock.now()),
      );
      await database.rows(sql`UPDATE tracked_peers SET can_view_stats = true WHERE chat_id = ${botApiId(id)}`);
      h.telegram.failNext("stats.GetBroadcastStats", (r) => rpcError(r, 400, "CHAT_ADMIN_REQUIRED"));
      const totals = await collectNativeStats(h.context, {});
      assert.deepEqual([totals.chats, totals.skipped, totals.chatsFailed], [0, 1, 0]);
      assert.equal((await getTrackedPeer(database.db, botApiId(id)))?.canViewStats, false);
    });
  });
}
