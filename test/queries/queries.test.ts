// Every query against values worked out by hand on test/queries/dataset.ts, on each engine.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "../../src/db/client.js";
import { busiestHours, getHourOfWeekHeatmap, getMessageSummary, getTimeline } from "../../src/queries/activity.js";
import {
  getMedianFirstReplySeconds,
  getTopMessagesByReactions,
  getTopMessagesByReplies,
} from "../../src/queries/conversations.js";
import { getEngagement } from "../../src/queries/engagement.js";
import { computeStreaks, getMemberStats } from "../../src/queries/members.js";
import { parsePeriod } from "../../src/queries/period.js";
import { currentRange, previousRange } from "../../src/queries/range.js";
import { getReactionMix, getReactionsGiven } from "../../src/queries/reactions.js";
import { getTopSenders } from "../../src/queries/senders.js";
import { testEngines } from "../helpers/db.js";
import { CHANNEL, CHAT, loadDataset, NOW, TZ } from "./dataset.js";

const period = (key: string) => parsePeriod(key, TZ, NOW);
const range = (key: string) => currentRange(CHAT, period(key));

for (const engine of testEngines()) {
  describe(`queries on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      await loadDataset(database);
    });
    after(() => database.close());

    test("message summary over 7 days", async () => {
      const s = await getMessageSummary(database, range("7d"));
      assert.equal(s.messages, 8);
      assert.equal(s.textChars, 40);
      assert.equal(s.media, 1);
      assert.equal(s.replies, 3);
      assert.equal(s.forwards, 0);
      assert.equal(s.senders, 4);
      assert.equal(s.averageLength, 5);
      assert.equal(s.mediaShare, 1 / 8);
      assert.deepEqual(s.byKind, [
        { kind: "text", count: 7, share: 7 / 8 },
        { kind: "photo", count: 1, share: 1 / 8 },
      ]);
    });

    test("local day boundaries: today, yesterday and the 23-hour DST day", async () => {
      assert.equal((await getMessageSummary(database, range("today"))).messages, 2); // 7, 8
      assert.equal((await getMessageSummary(database, range("yesterday"))).messages, 2); // 5, 6
      // 2026-03-29 runs 23:00Z..22:00Z: message 1 (22:30Z on the 28th) is Saturday's.
      assert.equal((await getMessageSummary(database, range("2026-03-29"))).messages, 3);
      assert.equal((await getMessageSummary(database, range("2026-03-28"))).messages, 1);
    });

    test("daily timeline with active senders, zeros filled", async () => {
      const points = await getTimeline(database, range("7d"), "day");
      assert.deepEqual(points, [
        { bucket: "2026-03-25", messages: 0, activeUsers: 0 },
        { bucket: "2026-03-26", messages: 0, activeUsers: 0 },
        { bucket: "2026-03-27", messages: 0, activeUsers: 0 },
        { bucket: "2026-03-28", messages: 1, activeUsers: 1 },
        { bucket: "2026-03-29", messages: 3, activeUsers: 2 },
        { bucket: "2026-03-30", messages: 2, activeUsers: 2 },
        { bucket: "2026-03-31", messages: 2, activeUsers: 2 },
      ]);
    });

    test("hourly timeline of the DST day has 23 real hours", async () => {
      const points = await getTimeline(database, range("2026-03-29"), "hour");
      assert.equal(points.length, 23);
      assert.deepEqual(points.slice(0, 4), [
        { bucket: "2026-03-29 00:00", messages: 1, activeUsers: 1 },
        { bucket: "2026-03-29 01:00", messages: 1, activeUsers: 1 },
        { bucket: "2026-03-29 03:00", messages: 1, activeUsers: 1 },
        { bucket: "2026-03-29 04:00", messages: 0, activeUsers: 0 },
      ]);
      assert.equal(points.at(-1)?.bucket, "2026-03-29 23:00");
    });

    test("weekly timeline starts on Monday", async () => {
      const points = await getTimeline(database, range("30d"), "week");
      assert.deepEqual(points.slice(-2), [
        { bucket: "2026-03-23", messages: 4, activeUsers: 2 },
        { bucket: "2026-03-30", messages: 4, activeUsers: 4 },
      ]);
    });

    test("hour-of-week heatmap in local time", async () => {
      const grid = await getHourOfWeekHeatmap(database, range("7d"));
      const cells = grid.flatMap((row, dow) => row.flatMap((n, hour) => (n ? [[dow, hour, n]] : [])));
      assert.deepEqual(cells, [
        [0, 10, 2], // Monday 10:00: 5, 6
        [1, 9, 1], // Tuesday 09:00: 7
        [1, 10, 1], // Tuesday 10:00: 8
        [5, 23, 1], // Saturday 23:00: 1
        [6, 0, 1], // Sunday 00:00: 2
        [6, 1, 1], // Sunday 01:00: 3
        [6, 3, 1], // Sunday 03:00 (CEST): 4
      ]);
      assert.deepEqual(busiestHours(grid, 2), [
        { hour: 10, messages: 3 },
        { hour: 0, messages: 1 },
      ]);
    });

    test("top senders with shares; chats posting as themselves included", async () => {
      const top = await getTopSenders(database, range("7d"), 10);
      assert.deepEqual(top, [
        { senderId: 1, name: "Anna", messages: 4, share: 0.5 },
        { senderId: 2, name: "Bernd", messages: 2, share: 0.25 },
        { senderId: CHANNEL, name: "Club News", messages: 1, share: 0.125 },
        { senderId: 3, name: "Clara Zetkin", messages: 1, share: 0.125 },
      ]);
      assert.equal((await getTopSenders(database, range("7d"), 1)).length, 1);
    });

    test("engagement, joins, leaves and retention", async () => {
      const week = await getEngagement(database, range("7d"), previousRange(CHAT, period("7d")));
      assert.deepEqual(week, {
        members: 10,
        activeUsers: 3,
        engagedUsers: 0,
        engagementRate: 0.3,
        deepEngagementRate: 0,
        joined: 1,
        left: 1,
        retention: null,
      });
      // Monday's active people were Bernd and Clara; Sunday's Anna and Bernd: one of two came back.
      const monday = await getEngagement(database, range("yesterday"), previousRange(CHAT, period("yesterday")));
      assert.equal(monday.retention, 0.5);
      assert.equal(monday.activeUsers, 2);
    });

    test("top messages by reactions and by replies; median time to first reply", async () => {
      const byReactions = await getTopMessagesByReactions(database, range("7d"));
      assert.deepEqual(
        byReactions.map((m) => [m.messageId, m.count, m.senderName]),
        [
          [1, 4, "Anna"], // aggregate tier: 👍 3 + ❤ 1 (the visible per-user 👍 is part of it)
          [5, 2, "Clara Zetkin"], // per-user tier only: 🔥 × 2
        ],
      );
      const byReplies = await getTopMessagesByReplies(database, range("7d"));
      assert.deepEqual(
        byReplies.map((m) => [m.messageId, m.count]),
        [
          [1, 2],
          [3, 1],
        ],
      );
      // Message 1 answered after 1 h; message 3 after 31.5 h.
      assert.equal(await getMedianFirstReplySeconds(database, range("7d")), (3_600 + 113_400) / 2);
      assert.equal(await getMedianFirstReplySeconds(database, range("today")), null);
    });

    test("reaction mix received, and given by one person", async () => {
      assert.deepEqual(await getReactionMix(database, range("7d")), [
        { reaction: "👍", count: 3 },
        { reaction: "🔥", count: 2 },
        { reaction: "❤", count: 1 },
      ]);
      assert.deepEqual(await getReactionsGiven(database, range("7d"), 2), [
        { reaction: "👍", count: 1 },
        { reaction: "🔥", count: 1 },
      ]);
    });

    test("one member: share, rank, days, streaks, first and last seen, reactions received", async () => {
      const anna = await getMemberStats(database, range("7d"), 1, "2026-03-31");
      assert.deepEqual(anna, {
        userId: 1,
        messages: 4,
        share: 0.5,
        rank: 1,
        senders: 4,
        activeDays: 3,
        replies: 0,
        media: 0,
        currentStreak: 1,
        longestStreak: 2,
        firstSeen: new Date("2026-03-28T22:30:00Z"),
        lastSeen: new Date("2026-03-31T07:00:00Z"),
        reactionsReceived: 4,
      });
      const bernd = await getMemberStats(database, range("7d"), 2, "2026-03-31");
      assert.deepEqual([bernd.rank, bernd.currentStreak, bernd.longestStreak, bernd.media], [2, 2, 2, 1]);
      const nobody = await getMemberStats(database, range("7d"), 99, "2026-03-31");
      assert.deepEqual([nobody.messages, nobody.rank, nobody.firstSeen], [0, null, null]);
    });

    test("a chat with no data answers zeros, not errors", async () => {
      const empty = currentRange(-1001, period("30d"));
      assert.equal((await getMessageSummary(database, empty)).messages, 0);
      assert.equal((await getTopSenders(database, empty)).length, 0);
      assert.equal((await getTimeline(database, empty, "day")).length, 30);
      assert.equal((await getEngagement(database, empty, previousRange(-1001, period("30d")))).members, null);
    });
  });
}

describe("periods", () => {
  test("7d starts at local midnight six days ago and ends now; previous has equal length", () => {
    const p = parsePeriod("7d", TZ, NOW);
    assert.equal(p.start.toISOString(), "2026-03-24T23:00:00.000Z"); // CET midnight
    assert.equal(p.end.toISOString(), NOW.toISOString());
    assert.equal(p.previous.end.toISOString(), p.start.toISOString());
    assert.equal(p.end.getTime() - p.start.getTime(), p.previous.end.getTime() - p.previous.start.getTime());
    assert.deepEqual(
      [p.firstDay, p.lastDay, p.previous.firstDay, p.previous.lastDay],
      ["2026-03-25", "2026-03-31", "2026-03-18", "2026-03-24"],
    );
  });

  test("the DST day is 23 hours long; the autumn one 25", () => {
    const spring = parsePeriod("2026-03-29", TZ, NOW);
    assert.equal(spring.start.toISOString(), "2026-03-28T23:00:00.000Z");
    assert.equal(spring.end.toISOString(), "2026-03-29T22:00:00.000Z");
    const autumn = parsePeriod("2025-10-26", TZ, NOW);
    assert.equal((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000, 25);
  });

  test("bad periods get specific errors", () => {
    assert.throws(() => parsePeriod("fortnight", TZ, NOW), /Unknown period "fortnight"/);
    assert.throws(() => parsePeriod("2026-04-01", TZ, NOW), /in the future/);
    assert.throws(() => parsePeriod("2024-01-01..2026-01-01", TZ, NOW), /is 732 days; the longest is 366 days/);
    assert.throws(() => parsePeriod("2021-01-01..2022-01-02", TZ, NOW), /is 367 days; the longest is 366 days/);
    // Year 0 is a valid ISO date that PostgreSQL cannot store; nothing predates Telegram anyway.
    assert.throws(() => parsePeriod("0000-01-01", TZ, NOW), /Dates before 2013-08-14 are not supported/);
    assert.throws(() => parsePeriod("2013-08-13..2014-01-01", TZ, NOW), /Dates before 2013-08-14/);
    assert.throws(() => parsePeriod("10000-01-01", TZ, NOW), /Unknown period/);
    assert.throws(() => parsePeriod("2026-03-10..2026-03-01", TZ, NOW), /starts .* after it ends/);
    assert.throws(() => parsePeriod("2026-02-30", TZ, NOW), /not a valid date/);
  });

  test("a leap year's whole calendar (366 days) is one range; the first day Telegram existed is accepted", () => {
    const leap = parsePeriod("2020-01-01..2020-12-31", TZ, NOW);
    assert.equal(leap.firstDay, "2020-01-01");
    assert.equal(leap.lastDay, "2020-12-31");
    assert.equal(leap.interval, "month");
    assert.equal(parsePeriod("2013-08-14", TZ, NOW).start.toISOString(), "2013-08-13T22:00:00.000Z");
  });

  test("aliases and all", () => {
    assert.equal(parsePeriod("week", TZ, NOW).key, "7d");
    const all = parsePeriod("all", TZ, NOW, { firstActivity: new Date("2025-01-01T12:00:00Z") });
    assert.equal(all.firstDay, "2025-01-01");
    assert.equal(all.interval, "month");
  });

  test("streaks", () => {
    assert.deepEqual(computeStreaks(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05"], "2026-03-06"), {
      current: 1,
      longest: 3,
    });
    assert.deepEqual(computeStreaks(["2026-03-01"], "2026-03-06"), { current: 0, longest: 1 });
    assert.deepEqual(computeStreaks([], "2026-03-06"), { current: 0, longest: 0 });
  });
});
