import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { runBackfill } from "../../../src/collectors/mtproto/backfill.js";
import { FloodWaitParkedError } from "../../../src/collectors/mtproto/errors.js";
import { getTrackedPeer, trackPeer } from "../../../src/collectors/mtproto/tracked.js";
import type { Database } from "../../../src/db/client.js";
import { testEngines } from "../../helpers/db.js";
import { botApiId, floodWait } from "./fake-telegram.js";
import { harness } from "./helpers.js";

let nextChannel = 3_000_000_000;

for (const engine of testEngines()) {
  describe(`backfill on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    async function setup(count: number, options: Parameters<typeof harness>[1] = {}) {
      // Each test follows only its own channel, with no park left by an earlier one.
      await database.rows(sql`UPDATE tracked_peers SET active = false`);
      await database.rows(sql`DELETE FROM mtproto_flood_blocks`);
      const id = nextChannel++;
      const h = await harness(database, options);
      const entry = h.telegram.addChannel(id, { username: `chan${id}` });
      h.telegram.addPosts(
        id,
        Array.from({ length: count }, (_, i) => i + 1),
        Math.floor(h.clock.now() / 1000) - 3600,
      );
      await trackPeer(
        database.db,
        {
          chatId: botApiId(id),
          kind: "channel",
          peerType: "channel",
          accessHash: entry.channel.accessHash?.toString() ?? null,
          title: entry.channel.title,
          username: entry.channel.username ?? null,
          addedBy: 1,
        },
        new Date(h.clock.now()),
      );
      return { h, id, chatId: botApiId(id) };
    }

    const count = async (chatId: number) =>
      (
        await database.rows<{ n: number; views: number }>(
          sql`SELECT count(*)::int AS n, sum(views)::int AS views FROM messages WHERE chat_id = ${chatId} AND source = 'mtproto'`,
        )
      )[0];

    test("the whole history, 100 per request, into messages with the bot's keys", async () => {
      const { h, chatId } = await setup(250);
      const totals = await runBackfill(h.context, { pagesPerRun: 100 });
      await h.writer.close();
      assert.equal(totals.messages, 250);
      assert.equal(totals.completed, 1);
      const requests = h.telegram
        .callsOf("messages.GetHistory")
        .map((c) => (c.request as Api.messages.GetHistory).offsetId);
      // Newest first: offset 0, then below the lowest id of each page; message 1 ends it.
      assert.deepEqual(requests, [0, 151, 51]);
      assert.deepEqual(await count(chatId), {
        n: 250,
        views: Array.from({ length: 250 }, (_, i) => (i + 1) * 10).reduce((a, b) => a + b),
      });
      const peer = await getTrackedPeer(database.db, chatId);
      assert.equal(peer?.backfillComplete, true);
      assert.equal(peer?.backfillOldestId, 1);
      assert.equal(peer?.backfillNewestId, 250);
      assert.equal(peer?.backfillMessages, 250);
      // The rollups count each message once.
      const [hourly] = await database.rows<{ n: number }>(
        sql`SELECT sum(messages)::int AS n FROM chat_hourly_activity WHERE chat_id = ${chatId}`,
      );
      assert.equal(hourly?.n, 250);
    });

    test("an interrupted backfill resumes from its stored cursor without duplicates", async () => {
      const { h, chatId } = await setup(320);
      // The third page fails (a network error); the first two are committed, the cursor after them.
      let calls = 0;
      h.telegram.on((request) => {
        if (request instanceof Api.messages.GetHistory && ++calls === 3) throw new Error("connection reset");
        return undefined;
      });
      const first = await runBackfill(h.context, { pagesPerRun: 100 });
      assert.equal(first.chatsFailed, 1);
      assert.match(first.failures[0]?.error ?? "", /connection reset/);
      const interrupted = await getTrackedPeer(database.db, chatId);
      assert.equal(interrupted?.backfillComplete, false);
      assert.equal(interrupted?.backfillOldestId, 121);
      assert.equal(interrupted?.backfillMessages, 200);
      assert.equal((await count(chatId))?.n, 200);

      // The next run starts below message 121 — not from the top again.
      const before = h.telegram.callsOf("messages.GetHistory").length;
      const second = await runBackfill(h.context, { pagesPerRun: 100 });
      await h.writer.close();
      const offsets = h.telegram
        .callsOf("messages.GetHistory")
        .slice(before)
        .map((c) => (c.request as Api.messages.GetHistory).offsetId);
      assert.equal(offsets[0], 121);
      assert.equal(second.completed, 1);
      assert.equal((await count(chatId))?.n, 320);
      assert.equal((await getTrackedPeer(database.db, chatId))?.backfillMessages, 320);
    });

    test("the run budget bounds requests; the next run continues", async () => {
      const { h, chatId } = await setup(500);
      const first = await runBackfill(h.context, { pagesPerRun: 2 });
      assert.equal(first.pages, 2);
      assert.equal(first.incomplete, 1);
      const second = await runBackfill(h.context, { pagesPerRun: 10 });
      await h.writer.close();
      assert.equal(second.completed, 1);
      assert.equal((await count(chatId))?.n, 500);
    });

    test("a FLOOD_WAIT below the threshold is sat out; above it the run is parked with the cursor kept", async () => {
      const { h, chatId } = await setup(300);
      h.telegram.failNext("messages.GetHistory", (r) => floodWait(r, 30));
      const sleptBefore = h.clock.sleeps.length;
      await runBackfill(h.context, { pagesPerRun: 1 });
      assert.ok(h.clock.sleeps.slice(sleptBefore).includes(30_000));
      assert.equal((await getTrackedPeer(database.db, chatId))?.backfillOldestId, 201);

      h.telegram.failNext("messages.GetHistory", (r) => floodWait(r, 4_000));
      await assert.rejects(runBackfill(h.context, { pagesPerRun: 10 }), FloodWaitParkedError);
      const parked = await getTrackedPeer(database.db, chatId);
      assert.equal(parked?.backfillOldestId, 201);
      assert.equal(parked?.lastError, null, "a parked run is not the chat's fault");
      await h.writer.close();
    });

    test("after completion, new messages are caught up (at most hourly)", async () => {
      const { h, id, chatId } = await setup(120);
      await runBackfill(h.context, { pagesPerRun: 10 });
      h.telegram.addPosts(id, [121, 122, 123], Math.floor(h.clock.now() / 1000));
      const calls = h.telegram.callsOf("messages.GetHistory").length;
      // Within the hour: nothing to do, no request.
      await runBackfill(h.context, { pagesPerRun: 10 });
      assert.equal(h.telegram.callsOf("messages.GetHistory").length, calls);
      h.clock.advance(3_600_000);
      const totals = await runBackfill(h.context, { pagesPerRun: 10 });
      await h.writer.close();
      assert.equal(totals.caughtUp, 1);
      const request = h.telegram.callsOf("messages.GetHistory").at(-1)?.request as Api.messages.GetHistory;
      assert.equal(request.minId, 120);
      assert.equal((await count(chatId))?.n, 123);
      assert.equal((await getTrackedPeer(database.db, chatId))?.backfillNewestId, 123);
    });
  });
}
