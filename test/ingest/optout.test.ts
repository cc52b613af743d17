// What opting out does to stored data, on every write path: the live writer, the bulk
// loader's fast (COPY) and merge paths, and erasure. Chat-level rollups must not move.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { bulkLoad } from "../../src/ingest/bulk.js";
import { eraseMember, isOptedOut, optIn, optOut } from "../../src/ingest/optout.js";
import { rebuildRollups } from "../../src/ingest/rebuild-rollups.js";
import type { IngestBatch } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, messageRecord } from "../helpers/records.js";

async function* batchesOf(list: IngestBatch[]) {
  for (const batch of list) yield batch;
}

const HIDDEN = 1;
const OTHER = 2;

/** Six messages: odd ids by the member who opts out, even ids by another; id 6 forwards one of hers. */
function conversation(chat: number, from = 1): IngestBatch {
  return {
    chats: [chatRecord(chat)],
    users: [
      { id: HIDDEN, isBot: false, firstName: "Hanna", username: "hanna" },
      { id: OTHER, isBot: false, firstName: "Otto" },
    ],
    messages: Array.from({ length: 6 }, (_, i) => {
      const id = from + i;
      return messageRecord(chat, id, new Date(Date.UTC(2026, 0, 1, 9, id)).toISOString(), {
        userId: id % 2 === 1 ? HIDDEN : OTHER,
        text: `text ${id}`,
        textLength: 6,
        ...(id === from + 5 ? { forwardOrigin: "user", forwardFromId: HIDDEN, forwardFromName: "Hanna" } : {}),
        source: "export",
      });
    }),
  };
}

for (const engine of testEngines()) {
  describe(`opting out on ${engine.name}`, () => {
    let database: Database;
    let writer: BatchWriter;
    before(async () => {
      database = await engine.open();
      writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
        pino({ level: "silent" }),
      );
    });
    after(async () => {
      await writer.close();
      await database.close();
    });

    const stored = (chat: number) =>
      database.rows<{ message_id: number; text: string | null; forward_from_name: string | null }>(
        sql`SELECT message_id, text, forward_from_name FROM messages WHERE chat_id = ${chat} ORDER BY message_id`,
      );
    const perMember = (chat: number) =>
      database.rows<{ user_id: number; messages: number }>(
        sql`SELECT user_id, sum(messages)::int AS messages FROM chat_user_daily_activity
            WHERE chat_id = ${chat} GROUP BY user_id ORDER BY user_id`,
      );
    const chatLevel = async (chat: number) =>
      (
        await database.rows<{ messages: number; chars: number; active: number }>(sql`
          SELECT (SELECT sum(messages)::int FROM chat_hourly_activity WHERE chat_id = ${chat}) AS messages,
                 (SELECT sum(text_chars)::int FROM chat_hourly_activity WHERE chat_id = ${chat}) AS chars,
                 (SELECT sum(active_senders)::int FROM chat_daily_activity WHERE chat_id = ${chat}) AS active`)
      )[0];
    const hidden = { message_id: 0, text: null, forward_from_name: null };
    const expectedRows = (from: number) =>
      Array.from({ length: 6 }, (_, i) => {
        const id = from + i;
        if (id % 2 === 1) return { ...hidden, message_id: id };
        return { message_id: id, text: `text ${id}`, forward_from_name: null };
      });

    test("before opting out everything is stored; after it, no text and no per-member row on every path", async () => {
      // Stored before she opts out: her text, her name on the forward, her per-member row.
      await writer.write(conversation(-1001, 1));
      assert.equal((await stored(-1001))[0]?.text, "text 1");
      assert.equal((await stored(-1001))[5]?.forward_from_name, "Hanna");

      assert.deepEqual(await optOut(database, { userId: HIDDEN, username: "hanna" }), { already: false });
      assert.equal(await isOptedOut(database, HIDDEN), true);
      const [user] = await database.rows(sql`SELECT first_name, username, opted_out FROM users WHERE id = ${HIDDEN}`);
      assert.deepEqual(user, { first_name: null, username: "hanna", opted_out: true });

      // Live writer.
      await writer.write(conversation(-1002, 1));
      // Bulk fast path (a chat with nothing stored) and merge path (a chat with rows already there).
      await bulkLoad(database, batchesOf([conversation(-1003, 1)]), { defaultTimezone: "UTC" });
      await writer.write({
        chats: [chatRecord(-1004)],
        // One message of the chunk is stored already, so the chunk goes the merge path.
        messages: [
          messageRecord(-1004, 4, new Date(Date.UTC(2026, 0, 1, 9, 4)).toISOString(), {
            userId: OTHER,
            text: "text 4",
            textLength: 6,
          }),
        ],
      });
      const merged = await bulkLoad(database, batchesOf([conversation(-1004, 1)]), { defaultTimezone: "UTC" });
      assert.equal(merged.mergedChunks, 1);

      for (const chat of [-1002, -1003]) {
        assert.deepEqual(await stored(chat), expectedRows(1), `chat ${chat}`);
        assert.deepEqual(await perMember(chat), [{ user_id: OTHER, messages: 3 }], `chat ${chat}`);
        assert.deepEqual(await chatLevel(chat), { messages: 6, chars: 36, active: 1 }, `chat ${chat}`);
      }
      assert.deepEqual(await stored(-1004), expectedRows(1));
      assert.deepEqual(await perMember(-1004), [{ user_id: OTHER, messages: 3 }]);
      // The names in a batch do not bring hers back.
      const [after] = await database.rows(sql`SELECT first_name FROM users WHERE id = ${HIDDEN}`);
      assert.deepEqual(after, { first_name: null });
      // An edit of her earlier message does not store its new text either.
      await writer.write({
        messages: [
          messageRecord(-1001, 1, "2026-01-01T09:01:00Z", {
            userId: HIDDEN,
            text: "edited",
            textLength: 6,
            editDate: new Date("2026-01-01T10:00:00Z"),
          }),
        ],
      });
      assert.equal((await stored(-1001))[0]?.text, null);
      assert.deepEqual(await optOut(database, { userId: HIDDEN, username: null }), { already: true });
    });

    /** What a rebuild of every chat's rollups from messages would change: nothing, if the writer's rules hold. */
    const rebuildChanges = async () =>
      (await rebuildRollups(database, { defaultTimezone: "UTC", dryRun: true })).map((chat) => [
        chat.chatId,
        chat.changed,
      ]);

    test("a rebuild of the rollups keeps what she had before opting out and leaves out what she wrote after", async () => {
      const chats = [-1001, -1002, -1003, -1004];
      assert.deepEqual(
        (await rebuildChanges()).filter(([, changed]) => changed !== 0),
        [],
        "live rollups are what a rebuild computes",
      );
      const before = await Promise.all(chats.map(async (chat) => [await perMember(chat), await chatLevel(chat)]));
      await rebuildRollups(database, { defaultTimezone: "UTC" });
      assert.deepEqual(
        await Promise.all(chats.map(async (chat) => [await perMember(chat), await chatLevel(chat)])),
        before,
      );
      // A time zone change recounts the chat's local days: her earlier messages still count for her.
      await database.db.execute(sql`UPDATE chats SET timezone = 'Asia/Tokyo' WHERE id = -1001`);
      await rebuildRollups(database, { chatId: -1001, defaultTimezone: "UTC" });
      assert.deepEqual(await perMember(-1001), [
        { user_id: HIDDEN, messages: 3 },
        { user_id: OTHER, messages: 3 },
      ]);
      assert.deepEqual(await chatLevel(-1001), before[0]?.[1]);
      await database.db.execute(sql`UPDATE chats SET timezone = NULL WHERE id = -1001`);
      await rebuildRollups(database, { chatId: -1001, defaultTimezone: "UTC" });
    });

    test("erasure clears her texts and per-member rows everywhere and leaves chat-level numbers as they were", async () => {
      const chats = [-1001, -1002, -1003, -1004];
      const before = await Promise.all(chats.map(chatLevel));
      // Only chat -1001 still holds her texts (two of three; the edit above cleared one) and her rows.
      assert.deepEqual(await perMember(-1001), [
        { user_id: HIDDEN, messages: 3 },
        { user_id: OTHER, messages: 3 },
      ]);
      // What she wrote to the bot in private before opting out: cleared too, but not counted
      // as one of her chats.
      await database.db.execute(sql`
        INSERT INTO messages (chat_id, message_id, user_id, date, kind, text, text_length, source)
        VALUES (${HIDDEN}, 1, ${HIDDEN}, '2026-01-01T08:00:00Z', 'command', '/start', 6, 'bot')`);
      const result = await eraseMember(database, HIDDEN);
      assert.deepEqual(result, { texts: 2, chats: 1, memberDays: 1 });
      assert.deepEqual(await stored(HIDDEN), [{ message_id: 1, text: null, forward_from_name: null }]);
      assert.deepEqual(await stored(-1001), expectedRows(1));
      assert.deepEqual(await perMember(-1001), [{ user_id: OTHER, messages: 3 }]);
      assert.deepEqual(await Promise.all(chats.map(chatLevel)), before);
      const [user] = await database.rows(sql`SELECT username, opted_out FROM users WHERE id = ${HIDDEN}`);
      assert.deepEqual(user, { username: null, opted_out: true });
      // A rebuild does not bring her erased numbers back.
      await rebuildRollups(database, { defaultTimezone: "UTC" });
      assert.deepEqual(await perMember(-1001), [{ user_id: OTHER, messages: 3 }]);
      assert.deepEqual(await Promise.all(chats.map(chatLevel)), before);

      assert.deepEqual(await optIn(database, HIDDEN), { wasOptedOut: true, keptNumbers: false });
      assert.deepEqual(await optIn(database, HIDDEN), { wasOptedOut: false, keptNumbers: false });
      await writer.write(conversation(-1005, 1));
      assert.equal((await stored(-1005))[0]?.text, "text 1");
      assert.deepEqual(await perMember(-1005), [
        { user_id: HIDDEN, messages: 3 },
        { user_id: OTHER, messages: 3 },
      ]);
      const [named] = await database.rows(sql`SELECT first_name, username FROM users WHERE id = ${HIDDEN}`);
      assert.deepEqual(named, { first_name: "Hanna", username: "hanna" });
      // Back in: her new messages count, what she wrote while out or erased does not, rebuilt or not.
      assert.deepEqual(
        (await rebuildChanges()).filter(([, changed]) => changed !== 0),
        [],
      );
    });
  });
}
