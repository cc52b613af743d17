// Reply stats and the first-reply histogram kept by the writer, whatever order the history
// arrives in: newest first (as the user session reads it), replies before the messages they
// answer, an earlier reply found after a later one, replays. Checked against a recount from
// the stored messages, and the medians read from the histogram against exact ones.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import type { MessageRecord } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import {
  EXACT_REPLY_TIMES,
  getMedianFirstReplySeconds,
  histogramMedian,
  replyBucketSeconds,
} from "../../src/queries/conversations.js";
import { parsePeriod } from "../../src/queries/period.js";
import { currentRange } from "../../src/queries/range.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, messageRecord } from "../helpers/records.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";

const ZONE = "Europe/Berlin";
const CHAT = -1007;
const OTHER = -1008;
const START = Date.parse("2026-03-27T00:00:00Z"); // across Europe's switch to summer time

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A conversation: ids in time order, a third of the messages replying to one of the 30 before. */
function conversation(chatId: number, count: number, seed: number): MessageRecord[] {
  const next = random(seed);
  let at = START;
  return Array.from({ length: count }, (_, i) => {
    at += Math.floor(next() * 900_000);
    const id = i + 1;
    const kind = next() < 0.05 ? "command" : next() < 0.05 ? "service" : "text";
    return messageRecord(chatId, id, new Date(at).toISOString(), {
      kind,
      userId: 1 + Math.floor(next() * 6),
      replyToMessageId: id > 1 && next() < 0.35 ? Math.max(1, id - 1 - Math.floor(next() * 30)) : null,
    });
  });
}

for (const engine of testEngines()) {
  describe(`reply stats on ${engine.name}`, () => {
    let database: Database;
    let writer: BatchWriter;
    const write = (messages: MessageRecord[]) => writer.write({ messages });
    before(async () => {
      database = await engine.open();
      writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 25, queueLimit: 10_000, defaultTimezone: ZONE },
        pino({ level: "silent" }),
      );
      await writer.write({ chats: [chatRecord(CHAT), chatRecord(OTHER)] });
    });
    after(async () => {
      await writer.close();
      await database.close();
    });

    test("history written newest first, in batches, then replayed: the same stats as a recount", async () => {
      const messages = conversation(CHAT, 600, 1);
      for (let end = messages.length; end > 0; end -= 25)
        await write(messages.slice(Math.max(0, end - 25), end).reverse());
      await writer.flush();
      const stored = await storedRollups(database, CHAT);
      assert.deepEqual(stored, await recountedRollups(database, CHAT, ZONE));
      assert.ok(stored.replyStats.length > 100, `replied messages: ${stored.replyStats.length}`);
      assert.ok(stored.replyTimes.length > 20, `histogram cells: ${stored.replyTimes.length}`);
      // Nothing moves when the same history comes again in another order.
      await write([...messages].sort(() => 0.5 - random(2)()));
      await writer.flush();
      assert.deepEqual(await storedRollups(database, CHAT), stored);
      // The other chat has nothing.
      const other = await storedRollups(database, OTHER);
      assert.deepEqual([other.replyStats, other.replyTimes], [[], []]);
    });

    test("a reply before the message it answers, then an earlier reply: the first reply moves, and the histogram with it", async () => {
      const question = messageRecord(OTHER, 10, "2026-03-29T10:00:00Z", { userId: 1 });
      const late = messageRecord(OTHER, 12, "2026-03-29T10:05:00Z", { userId: 2, replyToMessageId: 10 });
      const own = messageRecord(OTHER, 11, "2026-03-29T10:00:30Z", { userId: 1, replyToMessageId: 10 });
      const early = messageRecord(OTHER, 13, "2026-03-29T10:00:42Z", { userId: 3, replyToMessageId: 10 });
      await write([late]);
      await writer.flush();
      assert.deepEqual((await storedRollups(database, OTHER)).replyStats, [], "no stats without the message");
      await write([question, own]);
      await writer.flush();
      let stored = await storedRollups(database, OTHER);
      assert.deepEqual(
        stored.replyStats.map((r) => [r.message_id, r.replies, r.first_reply_seconds]),
        [[10, 2, 300]], // the author's own reply is a reply, not an answer
      );
      assert.deepEqual(stored.replyTimes, [{ day: "2026-03-29", bucket: 60 + 32, replies: 1 }]);
      await write([early]);
      await writer.flush();
      stored = await storedRollups(database, OTHER);
      assert.deepEqual(
        stored.replyStats.map((r) => [r.message_id, r.replies, r.first_reply_seconds]),
        [[10, 3, 42]],
      );
      assert.deepEqual(stored.replyTimes, [{ day: "2026-03-29", bucket: 42, replies: 1 }]);
      assert.deepEqual(stored, await recountedRollups(database, OTHER, ZONE));
      const range = currentRange(OTHER, parsePeriod("2026-03-29", ZONE, new Date("2026-03-30T00:00:00Z")));
      assert.equal(await getMedianFirstReplySeconds(database, range), 42);
    });

    test("past a thousand first replies the median comes from the histogram, within 2.5 % of the exact one", async () => {
      const busy = -1009;
      await writer.write({ chats: [chatRecord(busy)] });
      const messages = conversation(busy, 6_000, 3);
      for (let i = 0; i < messages.length; i += 500) await write(messages.slice(i, i + 500));
      await writer.flush();
      const range = currentRange(busy, parsePeriod("2026-03-01..2026-05-31", ZONE, new Date("2026-06-01T00:00:00Z")));
      const [row] = await database.rows<{ n: number; exact: number }>(sql`
        SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply_seconds)::float8 AS exact
        FROM message_reply_stats WHERE chat_id = ${busy} AND first_reply_seconds IS NOT NULL`);
      assert.ok(row && row.n > EXACT_REPLY_TIMES, `first replies: ${row?.n}`);
      const median = await getMedianFirstReplySeconds(database, range);
      assert.ok(median !== null && Math.abs(median - row.exact) / row.exact < 0.025, `${median} against ${row.exact}`);
      assert.deepEqual(await storedRollups(database, busy), await recountedRollups(database, busy, ZONE));
    });
  });
}

test("histogram medians: seconds below a minute exactly, then the middle of 5 % buckets", () => {
  assert.equal(histogramMedian([]), null);
  assert.equal(histogramMedian([{ bucket: 42, replies: 1 }]), 42);
  assert.equal(
    histogramMedian([
      { bucket: 10, replies: 1 },
      { bucket: 20, replies: 1 },
    ]),
    15,
  );
  assert.equal(
    histogramMedian([
      { bucket: 30, replies: 2 },
      { bucket: 5, replies: 1 },
      { bucket: 100, replies: 0 },
    ]),
    30,
  );
  // Bucket 60 spans 60–63 s; its middle is 60 × √1.05.
  assert.equal(replyBucketSeconds(60), 60 * Math.sqrt(1.05));
  assert.ok(Math.abs(replyBucketSeconds(60 + 32) - 300) / 300 < 0.03);
});
