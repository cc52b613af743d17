import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { bulkLoad } from "../../src/ingest/bulk.js";
import type { IngestBatch } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, joinEvent, messageRecord } from "../helpers/records.js";

async function* batchesOf(list: IngestBatch[]) {
  for (const batch of list) yield batch;
}

for (const engine of testEngines()) {
  describe(`bulk load on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(() => database.close());

    const snapshot = async (chat: number) => ({
      messages: (await database.rows(sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${chat}`))[0],
      hourly:
        await database.rows(sql`SELECT to_char(hour AT TIME ZONE 'UTC', 'DD HH24') AS h, messages, text_chars, media, replies, joins
                                      FROM chat_hourly_activity WHERE chat_id = ${chat} ORDER BY hour`),
      daily: await database.rows(
        sql`SELECT user_id, day, messages FROM chat_user_daily_activity WHERE chat_id = ${chat} ORDER BY user_id, day`,
      ),
    });

    const history = (chat: number, from: number, to: number): IngestBatch => ({
      chats: [chatRecord(chat)],
      users: [
        { id: 1, isBot: false, firstName: "Ann" },
        { id: 2, isBot: false, firstName: "Bo" },
      ],
      messages: Array.from({ length: to - from + 1 }, (_, i) => {
        const id = from + i;
        return messageRecord(chat, id, new Date(Date.UTC(2026, 0, 1, 9) + id * 20 * 60_000).toISOString(), {
          userId: 1 + (id % 2),
          kind: id % 5 === 0 ? "photo" : "text",
          replyToMessageId: id % 3 === 0 ? id - 1 : null,
          source: "export",
        });
      }),
    });

    test("fills history around what the bot already stored, rollups equal a live ingest of the same data", async () => {
      const imported = -1001100000001;
      const live = -1001100000002;
      // The bot saw messages 40–60 of `imported` live.
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
        pino({ level: "silent" }),
      );
      await writer.write({
        ...history(imported, 40, 60),
        messages: history(imported, 40, 60).messages?.map((m) => ({ ...m, source: "bot" as const })),
      });
      // The reference: everything through the live writer.
      await writer.write(history(live, 1, 100));
      await writer.close();

      const totals = await bulkLoad(
        database,
        batchesOf([
          history(imported, 1, 30),
          history(imported, 31, 70),
          { ...history(imported, 71, 100), memberEvents: [joinEvent(imported, 2, "2026-01-01T09:30:00Z")] },
        ]),
        { defaultTimezone: "UTC", chunkMessages: 40 },
      );
      assert.deepEqual([totals.messagesSeen, totals.messagesInserted, totals.chunks], [100, 79, 2]);
      const a = await snapshot(imported);
      const b = await snapshot(live);
      assert.deepEqual(a.messages, { n: 100 });
      assert.deepEqual(a.daily, b.daily);
      assert.deepEqual(
        a.hourly.map((h) => ({ ...h, joins: 0 })),
        b.hourly,
      );
      assert.equal(
        a.hourly.reduce((sum, h) => sum + (h.joins as number), 0),
        1,
      );

      // Importing the same file again changes nothing.
      const again = await bulkLoad(database, batchesOf([history(imported, 1, 100)]), { defaultTimezone: "UTC" });
      assert.equal(again.messagesInserted, 0);
      assert.deepEqual(await snapshot(imported), a);
    });

    test("reaction states: a replay changes nothing, a newer state replaces, an older one is ignored", async () => {
      const chat = -1001100000005;
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 2, 12, minute));
      const withReactions = (userReactions: IngestBatch["userReactions"], counts: IngestBatch["reactionCounts"]) => ({
        ...history(chat, 1, 10),
        userReactions,
        reactionCounts: counts,
      });
      const reactions = async () =>
        database.rows(sql`SELECT message_id, reaction, user_id, count FROM message_reactions
                          WHERE chat_id = ${chat} ORDER BY message_id, user_id NULLS FIRST, reaction`);
      const first = withReactions(
        [
          { chatId: chat, messageId: 3, actorId: 1, reactions: ["👍", "🔥"], date: at(5), source: "export" },
          { chatId: chat, messageId: 4, actorId: 2, reactions: ["😂"], date: at(5), source: "export" },
        ],
        [{ chatId: chat, messageId: 3, counts: [{ reaction: "👍", count: 4 }], date: at(5), source: "export" }],
      );
      const stored = [
        { message_id: 3, reaction: "👍", user_id: null, count: 4 },
        { message_id: 3, reaction: "👍", user_id: 1, count: 1 },
        { message_id: 3, reaction: "🔥", user_id: 1, count: 1 },
        { message_id: 4, reaction: "😂", user_id: 2, count: 1 },
      ];
      await bulkLoad(database, batchesOf([first]), { defaultTimezone: "UTC" });
      assert.deepEqual(await reactions(), stored);

      const replay = await bulkLoad(database, batchesOf([first]), { defaultTimezone: "UTC" });
      assert.deepEqual([replay.messagesInserted, replay.mergedChunks], [0, 1]);
      assert.deepEqual(await reactions(), stored);

      await bulkLoad(
        database,
        batchesOf([
          withReactions(
            [
              // Newer: actor 1 took 🔥 back. Older: actor 2's state from before is ignored.
              { chatId: chat, messageId: 3, actorId: 1, reactions: ["👍"], date: at(9), source: "export" },
              { chatId: chat, messageId: 4, actorId: 2, reactions: ["👎"], date: at(1), source: "export" },
            ],
            [{ chatId: chat, messageId: 3, counts: [{ reaction: "👍", count: 6 }], date: at(9), source: "export" }],
          ),
        ]),
        { defaultTimezone: "UTC" },
      );
      assert.deepEqual(await reactions(), [
        { message_id: 3, reaction: "👍", user_id: null, count: 6 },
        { message_id: 3, reaction: "👍", user_id: 1, count: 1 },
        { message_id: 4, reaction: "😂", user_id: 2, count: 1 },
      ]);
    });

    test("a chunk that collides with itself on a unique key while copying is merged instead", async () => {
      const chat = -1001100000006;
      // Messages 5–10 twice in one chunk: the direct COPY fails on the primary key.
      const totals = await bulkLoad(database, batchesOf([history(chat, 1, 10), history(chat, 5, 15)]), {
        defaultTimezone: "UTC",
      });
      assert.deepEqual([totals.messagesSeen, totals.messagesInserted, totals.mergedChunks], [21, 15, 1]);
      const s = await snapshot(chat);
      assert.deepEqual(s.messages, { n: 15 });
      assert.equal(
        s.daily.reduce((sum, d) => sum + (d.messages as number), 0),
        15,
      );
    });

    test("a dry run counts and stores nothing", async () => {
      const chat = -1001100000003;
      const totals = await bulkLoad(database, batchesOf([history(chat, 1, 50)]), {
        defaultTimezone: "UTC",
        dryRun: true,
        chunkMessages: 20,
      });
      assert.deepEqual([totals.messagesSeen, totals.messagesInserted], [50, 50]);
      const s = await snapshot(chat);
      assert.deepEqual([s.messages, s.hourly.length, s.daily.length], [{ n: 0 }, 0, 0]);
    });

    test("a failure mid-way keeps whole committed chunks and loses nothing on a re-run", async () => {
      const chat = -1001100000004;
      async function* failing() {
        yield history(chat, 1, 30);
        yield history(chat, 31, 60);
        yield history(chat, 61, 90);
        throw new Error("the export is truncated");
      }
      await assert.rejects(bulkLoad(database, failing(), { defaultTimezone: "UTC", chunkMessages: 50 }), /truncated/);
      // Chunk 1 (messages 1–60) committed; chunk 2 (61–90) was rolled back with the error.
      assert.deepEqual((await snapshot(chat)).messages, { n: 60 });
      await bulkLoad(database, batchesOf([history(chat, 1, 100)]), { defaultTimezone: "UTC" });
      const s = await snapshot(chat);
      assert.deepEqual(s.messages, { n: 100 });
      assert.equal(
        s.daily.reduce((sum, d) => sum + (d.messages as number), 0),
        100,
      );
    });
  });
}
