import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import { pollEngagement } from "../../../src/collectors/mtproto/engagement.js";
import { engagementRow } from "../../../src/collectors/mtproto/snapshots.js";
import { getTrackedPeer, trackPeer } from "../../../src/collectors/mtproto/tracked.js";
import type { Database } from "../../../src/db/client.js";
import { getEngagementTimeline } from "../../../src/queries/native-stats.js";
import { testEngines } from "../../helpers/db.js";
import { botApiId, type FakeTelegram, reactions, rpcError } from "./fake-telegram.js";
import { type Harness, harness } from "./helpers.js";

let nextChannel = 4_000_000_000;
const NOW = "2026-03-10T12:00:00Z";
const nowSeconds = Date.parse(NOW) / 1000;

describe("engagement figures", () => {
  test("deltas against the previous snapshot, propagation and engagement rates", () => {
    const messageDate = new Date("2026-03-10T08:00:00Z");
    const capturedAt = new Date("2026-03-10T12:00:00Z");
    const first = engagementRow(
      -100,
      { messageId: 1, messageDate, views: 1_000, forwards: 8, replies: 15, reactions: 35, reactionsByKey: {} },
      capturedAt,
      undefined,
    );
    assert.equal(first.ageHours, 4);
    assert.equal(first.propagationRate, 2); // 8 forwards / 4 h
    assert.equal(first.engagementRate, 5); // (35 + 15) / 1000 × 100
    assert.equal(first.viewsDelta, null);
    const second = engagementRow(
      -100,
      { messageId: 1, messageDate, views: 1_500, forwards: 10, replies: 20, reactions: 40, reactionsByKey: {} },
      new Date("2026-03-10T13:00:00Z"),
      first,
    );
    assert.deepEqual(
      [
        second.viewsDelta,
        second.forwardsDelta,
        second.repliesDelta,
        second.reactionsDelta,
        second.propagationRate,
        second.engagementRate,
      ],
      [500, 2, 5, 5, 2, 4],
    );
    const noViews = engagementRow(-100, { ...first, views: 0 }, capturedAt, undefined);
    assert.equal(noViews.engagementRate, null);
  });
});

for (const engine of testEngines()) {
  describe(`engagement polling on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    async function follow(h: Harness, telegram: FakeTelegram, id: number, broadcast = true) {
      const entry = telegram.addChannel(id, { broadcast, megagroup: !broadcast });
      await trackPeer(
        database.db,
        {
          chatId: botApiId(id),
          kind: broadcast ? "channel" : "supergroup",
          peerType: "channel",
          accessHash: entry.channel.accessHash?.toString() ?? null,
          title: entry.channel.title,
          username: null,
          addedBy: 1,
        },
        new Date(h.clock.now()),
      );
      return entry;
    }

    async function fresh() {
      await database.rows(sql`UPDATE tracked_peers SET active = false`);
      await database.rows(sql`DELETE FROM mtproto_flood_blocks`);
      return harness(database, { start: NOW });
    }

    test("views, forwards, comments and both reaction tiers, with deltas an hour later", async () => {
      const h = await fresh();
      const id = nextChannel++;
      const chatId = botApiId(id);
      const entry = await follow(h, h.telegram, id);
      const post = (views: number, forwards: number, comments: number, thumbs: number) =>
        new Api.Message({
          id: 10,
          peerId: new Api.PeerChannel({ channelId: returnBigInt(id) }),
          date: nowSeconds - 4 * 3600,
          message: "launch",
          post: true,
          views,
          forwards,
          replies: new Api.MessageReplies({ replies: comments, repliesPts: 1, comments: true }),
          reactions: reactions(
            [
              ["👍", thumbs],
              ["❤", 5],
              ["paid", 100],
            ],
            [{ user: 601, reaction: "❤", date: nowSeconds - 600 }],
          ),
        });
      entry.messages.push(post(1_000, 8, 15, 30));
      const first = await pollEngagement(h.context, { windowHours: 24 });
      assert.equal(first.chats, 1);
      assert.equal(first.snapshots, 1);

      h.clock.set("2026-03-10T13:00:00Z");
      entry.messages.splice(0, 1, post(1_500, 10, 20, 35));
      await pollEngagement(h.context, { windowHours: 24 });
      await h.writer.close();

      const timeline = await getEngagementTimeline(database.db, { chatId, messageId: 10 });
      assert.equal(timeline.length, 2);
      const [a, b] = timeline;
      assert.deepEqual(
        [
          a?.views,
          a?.forwards,
          a?.replies,
          a?.reactions,
          a?.viewsDelta,
          a?.ageHours,
          a?.propagationRate,
          a?.engagementRate,
        ],
        [1_000, 8, 15, 35, null, 4, 2, 5],
      );
      assert.deepEqual(a?.reactionsByKey, { "👍": 30, "❤": 5, paid: 100 });
      assert.deepEqual(
        [
          b?.viewsDelta,
          b?.forwardsDelta,
          b?.repliesDelta,
          b?.reactionsDelta,
          b?.ageHours,
          b?.propagationRate,
          b?.engagementRate,
        ],
        [500, 2, 5, 5, 5, 2, 4],
      );
      // Fresher counters on the message row, and both reaction tiers.
      const [row] = await database.rows(
        sql`SELECT views, forwards, replies FROM messages WHERE chat_id = ${chatId} AND message_id = 10`,
      );
      assert.deepEqual(row, { views: 1_500, forwards: 10, replies: 20 });
      const tiers = await database.rows(
        sql`SELECT reaction, user_id, count FROM message_reactions WHERE chat_id = ${chatId} ORDER BY user_id NULLS FIRST, reaction`,
      );
      assert.deepEqual(tiers, [
        { reaction: "paid", user_id: null, count: 100 },
        { reaction: "❤", user_id: null, count: 5 },
        { reaction: "👍", user_id: null, count: 35 },
        { reaction: "❤", user_id: 601, count: 1 },
      ]);
    });

    test("only the window is read, 100 messages per request", async () => {
      const h = await fresh();
      const id = nextChannel++;
      await follow(h, h.telegram, id);
      // A post every 10 minutes for 41 hours: 144 of them in the last 24 h.
      h.telegram.addPosts(
        id,
        Array.from({ length: 250 }, (_, i) => i + 1),
        nowSeconds - 60,
        () => ({}),
        600,
      );
      const totals = await pollEngagement(h.context, { windowHours: 24 });
      await h.writer.close();
      assert.equal(totals.messages, 144);
      assert.equal(totals.snapshots, 144);
      // Two pages of 100: the second crosses the window's start, so no third is asked for.
      const requests = h.telegram
        .callsOf("messages.GetHistory")
        .map((c) => (c.request as Api.messages.GetHistory).limit);
      assert.deepEqual(requests, [100, 100]);
    });

    test("a private chat fails alone: the others are polled, it is marked and skipped next time", async () => {
      const h = await fresh();
      const good = nextChannel++;
      const bad = nextChannel++;
      await follow(h, h.telegram, bad);
      await follow(h, h.telegram, good);
      h.telegram.addPosts(good, [1, 2, 3], nowSeconds - 60);
      h.telegram.on((request) => {
        if (
          request instanceof Api.messages.GetHistory &&
          (request.peer as Api.InputPeerChannel).channelId.toString() === String(bad)
        ) {
          throw rpcError(request, 400, "CHANNEL_PRIVATE");
        }
        return undefined;
      });
      const totals = await pollEngagement(h.context, { windowHours: 24 });
      assert.equal(totals.chats, 1);
      assert.equal(totals.chatsFailed, 1);
      assert.equal(totals.snapshots, 3);
      assert.deepEqual(totals.failures, [{ chatId: botApiId(bad), error: "CHANNEL_PRIVATE (400)" }]);
      const marked = await getTrackedPeer(database.db, botApiId(bad));
      assert.equal(marked?.status, "inaccessible");
      assert.equal(marked?.lastError, "CHANNEL_PRIVATE (400)");
      const calls = h.telegram.callsOf("messages.GetHistory").length;
      await pollEngagement(h.context, { windowHours: 24 });
      await h.writer.close();
      assert.equal(h.telegram.callsOf("messages.GetHistory").length, calls + 1, "the private chat is not asked again");
    });
  });
}
