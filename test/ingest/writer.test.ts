import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { BatchWriter, isConnectionError, WriterClosedError } from "../../src/ingest/writer.js";
import { createMetrics } from "../../src/metrics.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, joinEvent, messageRecord } from "../helpers/records.js";

const log = pino({ level: "silent" });
const options = { flushMs: 2, batchSize: 500, queueLimit: 10_000, defaultTimezone: "UTC" };

for (const engine of testEngines()) {
  describe(`batch writer on ${engine.name}`, () => {
    let database: Database;
    let nextChat = -1001000000000;
    const freshChat = () => nextChat--;
    const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
      (await database.rows<T>(query))[0] as T;

    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    test("re-delivering the same records changes nothing, rollups included", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, options, log);
      const batch = {
        chats: [chatRecord(chat)],
        users: [{ id: 1, isBot: false, firstName: "Ann" }],
        messages: [
          messageRecord(chat, 1, "2026-03-10T09:05:00Z"),
          messageRecord(chat, 2, "2026-03-10T09:45:00Z", {
            kind: "photo",
            textLength: 0,
            text: null,
            replyToMessageId: 1,
          }),
          messageRecord(chat, 3, "2026-03-10T10:10:00Z", { userId: 2, forwardOrigin: "user", forwardFromId: 9 }),
        ],
        memberEvents: [joinEvent(chat, 2, "2026-03-10T10:00:00Z")],
      };
      await writer.write(batch);
      // Concurrently and again: the duplicate rows meet inside one group commit and across commits.
      await Promise.all([writer.write(batch), writer.write(batch), writer.write(batch)]);
      await writer.close();
      const hourly = await database.rows(
        sql`SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24') AS h, messages, text_chars, media, replies, forwards, joins
            FROM chat_hourly_activity WHERE chat_id = ${chat} ORDER BY hour`,
      );
      assert.deepEqual(hourly, [
        { h: "09", messages: 2, text_chars: 5, media: 1, replies: 1, forwards: 0, joins: 0 },
        { h: "10", messages: 1, text_chars: 5, media: 0, replies: 0, forwards: 1, joins: 1 },
      ]);
      const daily = await database.rows(
        sql`SELECT user_id, day, messages FROM chat_user_daily_activity WHERE chat_id = ${chat} ORDER BY user_id`,
      );
      assert.deepEqual(daily, [
        { user_id: 1, day: "2026-03-10", messages: 2 },
        { user_id: 2, day: "2026-03-10", messages: 1 },
      ]);
      assert.equal((await one<{ n: number }>(sql`SELECT count(*)::int n FROM messages WHERE chat_id = ${chat}`)).n, 3);
      assert.equal(
        (await one<{ n: number }>(sql`SELECT count(*)::int n FROM member_events WHERE chat_id = ${chat}`)).n,
        1,
      );
    });

    test("edits replace text only when newer and never count as messages", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, options, log);
      const original = messageRecord(chat, 1, "2026-03-10T09:00:00Z");
      const edit1 = { ...original, editDate: new Date("2026-03-10T09:01:00Z"), text: "hello there", textLength: 11 };
      const edit2 = { ...original, editDate: new Date("2026-03-10T09:02:00Z"), text: "hi", textLength: 2 };
      await writer.write({ chats: [chatRecord(chat)], messages: [original] });
      await writer.write({ messages: [edit2] });
      await writer.write({ messages: [edit1] }); // late, older edit
      // An edit of a message never seen before is the first sight of it: stored and counted once.
      await writer.write({
        messages: [{ ...messageRecord(chat, 2, "2026-03-10T09:03:00Z"), editDate: new Date("2026-03-10T09:04:00Z") }],
      });
      await writer.close();
      const row = await one<{ text: string; edit_date: string }>(
        sql`SELECT text, to_char(edit_date AT TIME ZONE 'UTC', 'HH24:MI') AS edit_date FROM messages WHERE chat_id = ${chat} AND message_id = 1`,
      );
      assert.deepEqual(row, { text: "hi", edit_date: "09:02" });
      const hourly = await one<{ messages: number }>(
        sql`SELECT messages FROM chat_hourly_activity WHERE chat_id = ${chat}`,
      );
      assert.equal(hourly.messages, 2);
    });

    test("days follow the chat's time zone", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, { ...options, defaultTimezone: "America/New_York" }, log);
      await writer.write({ chats: [chatRecord(chat)] });
      await database.db.execute(sql`UPDATE chats SET timezone = 'Asia/Tokyo' WHERE id = ${chat}`);
      await writer.write({ messages: [messageRecord(chat, 1, "2026-03-10T20:00:00Z")] });
      const other = freshChat();
      await writer.write({ chats: [chatRecord(other)], messages: [messageRecord(other, 1, "2026-03-10T02:00:00Z")] });
      await writer.close();
      const tokyo = await one<{ day: string }>(sql`SELECT day FROM chat_user_daily_activity WHERE chat_id = ${chat}`);
      assert.equal(tokyo.day, "2026-03-11");
      const newYork = await one<{ day: string }>(
        sql`SELECT day FROM chat_user_daily_activity WHERE chat_id = ${other}`,
      );
      assert.equal(newYork.day, "2026-03-09");
    });

    test("reactions are replaced as state; an older state cannot resurrect removed ones", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, options, log);
      const at = (minute: number) => new Date(`2026-03-10T09:${String(minute).padStart(2, "0")}:00Z`);
      const state = (actorId: number, reactions: string[], minute: number) => ({
        chatId: chat,
        messageId: 1,
        actorId,
        reactions,
        date: at(minute),
        source: "bot" as const,
      });
      await writer.write({ chats: [chatRecord(chat)], messages: [messageRecord(chat, 1, "2026-03-10T09:00:00Z")] });
      await writer.write({ userReactions: [state(1, ["👍"], 1), state(2, ["❤", "👍"], 2)] });
      await writer.write({ userReactions: [state(1, ["🔥"], 3)] });
      await writer.write({ userReactions: [state(2, [], 4)] });
      await writer.write({ userReactions: [state(2, ["❤", "👍"], 2)] }); // replayed old state
      await writer.write({
        reactionCounts: [
          {
            chatId: chat,
            messageId: 1,
            counts: [
              { reaction: "👍", count: 5 },
              { reaction: "🔥", count: 2 },
            ],
            date: at(5),
            source: "bot",
          },
        ],
      });
      await writer.write({
        reactionCounts: [
          { chatId: chat, messageId: 1, counts: [{ reaction: "🔥", count: 3 }], date: at(6), source: "bot" },
        ],
      });
      await writer.write({
        reactionCounts: [
          { chatId: chat, messageId: 1, counts: [{ reaction: "👍", count: 5 }], date: at(5), source: "bot" },
        ],
      });
      await writer.close();
      const rows = await database.rows(
        sql`SELECT reaction, user_id, count FROM message_reactions WHERE chat_id = ${chat} ORDER BY user_id NULLS FIRST, reaction`,
      );
      assert.deepEqual(rows, [
        { reaction: "🔥", user_id: null, count: 3 },
        { reaction: "🔥", user_id: 1, count: 1 },
      ]);
    });

    test("a join seen twice is one event, and chat_member's method wins", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, options, log);
      const at = "2026-03-10T09:00:00Z";
      await writer.write({ chats: [chatRecord(chat)], memberEvents: [joinEvent(chat, 5, at, { method: "self" })] });
      await writer.write({
        memberEvents: [joinEvent(chat, 5, at, { method: "link", source: "chat_member", inviteLink: "promo" })],
      });
      await writer.close();
      const rows = await database.rows(
        sql`SELECT kind, method, invite_link FROM member_events WHERE chat_id = ${chat}`,
      );
      assert.deepEqual(rows, [{ kind: "join", method: "link", invite_link: "promo" }]);
      const hourly = await one<{ joins: number }>(sql`SELECT joins FROM chat_hourly_activity WHERE chat_id = ${chat}`);
      assert.equal(hourly.joins, 1);
    });

    test("a record the database refuses fails only its own caller", async () => {
      const chat = freshChat();
      const metrics = createMetrics();
      const writer = new BatchWriter(database, { ...options, flushMs: 20 }, log, metrics);
      await writer.write({ chats: [chatRecord(chat)] });
      const good = writer.write({ messages: [messageRecord(chat, 1, "2026-03-10T09:00:00Z")] });
      const bad = writer.write({ messages: [messageRecord(chat, 2 ** 31, "2026-03-10T09:00:00Z")] }); // > int4
      const alsoGood = writer.write({ messages: [messageRecord(chat, 3, "2026-03-10T09:00:00Z")] });
      await assert.doesNotReject(good);
      await assert.rejects(bad, /out of range/);
      await assert.doesNotReject(alsoGood);
      await writer.close();
      const ids = await database.rows(sql`SELECT message_id FROM messages WHERE chat_id = ${chat} ORDER BY 1`);
      assert.deepEqual(ids, [{ message_id: 1 }, { message_id: 3 }]);
    });

    test("while the database is unreachable, records wait and are committed once it is back", async () => {
      const chat = freshChat();
      let failures = 3;
      const flaky: Database = {
        ...database,
        bulkTransaction: async (work) => {
          if (failures > 0) {
            failures--;
            throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
          }
          return database.bulkTransaction(work);
        },
      };
      const metrics = createMetrics();
      const writer = new BatchWriter(flaky, { ...options, retry: { initialMs: 5, maxMs: 20 } }, log, metrics);
      const pending = writer.write({
        chats: [chatRecord(chat)],
        messages: [messageRecord(chat, 1, "2026-03-10T09:00:00Z")],
      });
      await new Promise((r) => setTimeout(r, 3));
      assert.equal(writer.status().inFlight, 2);
      await pending;
      assert.equal(writer.status().databaseReachable, true);
      assert.equal((await metrics.writerRetries.get()).values[0]?.value, 3);
      await writer.close();
      const n = await one<{ n: number }>(sql`SELECT count(*)::int n FROM messages WHERE chat_id = ${chat}`);
      assert.equal(n.n, 1);
    });

    test("a stop while the database stays unreachable gives up in time and stores nothing half-way", async () => {
      const chat = freshChat();
      const down: Database = {
        ...database,
        bulkTransaction: async () => {
          throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        },
      };
      const writer = new BatchWriter(down, { ...options, retry: { initialMs: 5, maxMs: 20 } }, log);
      const first = writer.write({
        chats: [chatRecord(chat)],
        messages: [messageRecord(chat, 1, "2026-03-10T09:00:00Z")],
      });
      const outcome = first.then(
        () => "stored",
        (error: unknown) => (error instanceof WriterClosedError ? "given up" : String(error)),
      );
      await new Promise((r) => setTimeout(r, 30));
      const started = Date.now();
      const { abandoned } = await writer.close({ timeoutMs: 100 });
      assert.ok(Date.now() - started < 2_000, "close() returned within its budget");
      assert.equal(abandoned, 2);
      assert.equal(await outcome, "given up");
      const n = await one<{ n: number }>(sql`SELECT count(*)::int n FROM messages WHERE chat_id = ${chat}`);
      assert.equal(n.n, 0);
    });

    test("a message and its edit in different batches: rollups keep the edited length", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, { ...options, batchSize: 3, flushMs: 1 }, log);
      await writer.write({ chats: [chatRecord(chat)] });
      const at = "2026-03-10T09:00:00Z";
      const writes: Promise<void>[] = [];
      for (let id = 1; id <= 200; id++) {
        writes.push(
          writer.write({ messages: [messageRecord(chat, id, at, { text: "x".repeat(10), textLength: 10 })] }),
        );
        writes.push(
          writer.write({
            messages: [
              messageRecord(chat, id, at, {
                text: "y".repeat(50),
                textLength: 50,
                editDate: new Date("2026-03-10T09:05:00Z"),
              }),
            ],
          }),
        );
      }
      await Promise.all(writes);
      await writer.close();
      const row = await one<{ stored: number; hourly: number; daily: number }>(sql`
        SELECT (SELECT sum(text_length)::int FROM messages WHERE chat_id = ${chat}) AS stored,
               (SELECT sum(text_chars)::int FROM chat_hourly_activity WHERE chat_id = ${chat}) AS hourly,
               (SELECT sum(text_chars)::int FROM chat_user_daily_activity WHERE chat_id = ${chat}) AS daily`);
      assert.deepEqual(row, { stored: 10_000, hourly: 10_000, daily: 10_000 });
    });

    test("a full queue makes writers wait instead of growing", async () => {
      const chat = freshChat();
      const writer = new BatchWriter(database, { ...options, queueLimit: 100, batchSize: 10 }, log);
      await writer.write({ chats: [chatRecord(chat)] });
      let maxQueued = 0;
      const writes = Array.from({ length: 400 }, (_, i) => {
        const p = writer.write({ messages: [messageRecord(chat, i + 1, "2026-03-10T09:00:00Z")] });
        const status = writer.status();
        maxQueued = Math.max(maxQueued, status.queued + status.inFlight);
        return p;
      });
      await Promise.all(writes);
      await writer.close();
      assert.ok(maxQueued <= 100, `queue grew to ${maxQueued}`);
      const n = await one<{ n: number }>(sql`SELECT messages AS n FROM chat_hourly_activity WHERE chat_id = ${chat}`);
      assert.equal(n.n, 400);
      await assert.rejects(writer.write({ chats: [chatRecord(chat)] }), /writer is closed/);
    });
  });
}

test("connection errors are told apart from data errors", () => {
  assert.equal(isConnectionError({ code: "ECONNREFUSED" }), true);
  assert.equal(isConnectionError({ code: "57P01" }), true);
  assert.equal(isConnectionError(new Error("x", { cause: { code: "08006" } })), true);
  assert.equal(isConnectionError({ code: "22003" }), false);
  assert.equal(isConnectionError({ code: "23505" }), false);
  assert.equal(isConnectionError(new Error("plain")), false);
});
