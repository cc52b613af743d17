// Moving a chat's rollups to a new time zone in the background while live ingest keeps
// writing that chat (and another): afterwards every rollup equals a recount from messages in
// the new zone, so nothing was counted twice or lost; zones changed in quick succession end in
// the last one; the other chat is untouched.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { mergeBatches } from "../../src/ingest/merge.js";
import type { IngestBatch } from "../../src/ingest/records.js";
import { upsertMessages } from "../../src/ingest/upserts.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { rezoneRollupsJob } from "../../src/jobs/rezone-rollups.js";
import type { JobDeps } from "../../src/jobs/types.js";
import { getChatsAwaitingRebuild, setChatTimezone } from "../../src/settings/chat-settings.js";
import { RebuildsStoppedError, RollupRebuilds } from "../../src/settings/rezone.js";
import { testEngines } from "../helpers/db.js";
import { waitFor } from "../helpers/pulse.js";
import { chatRecord, messageRecord } from "../helpers/records.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";

const DEFAULT_ZONE = "Europe/Berlin";
const CHAT = -1007770001;
const OTHER = -1007770002;
const START = Date.parse("2026-03-27T00:00:00Z"); // across Europe's switch to summer time
const log = pino({ level: "silent" });

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Batches of messages at random moments of four days, from a dozen senders, into both chats. */
function messages(seed: number) {
  const int = random(seed);
  const ids = new Map<number, number>();
  return (count: number): IngestBatch => ({
    messages: Array.from({ length: count }, () => {
      const chatId = int(3) === 0 ? OTHER : CHAT;
      const id = (ids.get(chatId) ?? 0) + 1;
      ids.set(chatId, id);
      return messageRecord(chatId, id, new Date(START + int(4 * 86_400_000)).toISOString(), {
        userId: 1 + int(12),
        kind: int(8) === 0 ? "photo" : "text",
        textLength: 1 + int(200),
        replyToMessageId: id > 1 && int(4) === 0 ? id - 1 : null,
      });
    }),
  });
}

for (const engine of testEngines()) {
  describe(`time zone change with live ingest on ${engine.name}`, () => {
    let database: Database;
    let writer: BatchWriter;
    const next = messages(11);
    before(async () => {
      database = await engine.open();
      writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 25, queueLimit: 10_000, defaultTimezone: DEFAULT_ZONE },
        log,
      );
      await writer.write({ chats: [chatRecord(CHAT), chatRecord(OTHER)] });
      for (let i = 0; i < 20; i++) await writer.write(next(25));
    });
    after(async () => {
      await writer.close();
      await database.close();
    });

    test("messages written during the rebuild are counted exactly once, in the new zone", async () => {
      const before = await storedRollups(database, OTHER);
      assert.deepEqual(await storedRollups(database, CHAT), await recountedRollups(database, CHAT, DEFAULT_ZONE));

      const rebuilds = new RollupRebuilds(database, DEFAULT_ZONE, log);
      await setChatTimezone(database, CHAT, "Asia/Tokyo");
      const rebuild = rebuilds.request(CHAT);
      // Queued while the rebuild starts: the writer commits them one batch at a time, before,
      // while (waiting for the rebuild's lock on PostgreSQL) and after it.
      const during = Array.from({ length: 8 }, () => writer.write(next(20)));
      const outcome = await rebuild;
      await Promise.all(during);
      for (let i = 0; i < 5; i++) await writer.write(next(20)); // on top of the rebuilt rows
      assert.ok(outcome.ok, String(!outcome.ok && outcome.error));
      assert.equal(outcome.result.timezone, "Asia/Tokyo");
      assert.ok(outcome.result.memberDays.changed > 0, "days moved");

      const stored = await storedRollups(database, CHAT);
      assert.deepEqual(stored, await recountedRollups(database, CHAT, "Asia/Tokyo"));
      // The days really are Tokyo's: a message at 20:00 UTC counts on the next day there.
      assert.notDeepEqual(stored.daily, (await recountedRollups(database, CHAT, DEFAULT_ZONE)).daily);
      // The other chat only gained what was written to it, in its own (default) zone.
      const other = await storedRollups(database, OTHER);
      assert.deepEqual(other, await recountedRollups(database, OTHER, DEFAULT_ZONE));
      assert.ok(other.daily.length >= before.daily.length);
      // Done: no rebuild is owed any more.
      assert.deepEqual(await getChatsAwaitingRebuild(database, new Date("2100-01-01")), []);
    });

    // The race made certain: a writer's transaction has counted messages (in the old zone)
    // and not committed when the zone changes. Without the rebuild's lock, the rebuild would
    // recount without them, then overwrite the rows they had added to once they commit.
    test("a write in flight when the zone changes is waited for and counted once, in the new zone", {
      skip: engine.name === "pglite" && "PGlite is one session: a rebuild cannot start beside an open transaction",
    }, async () => {
      const rebuilds = new RollupRebuilds(database, DEFAULT_ZONE, log);
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let counted = () => {};
      const written = new Promise<void>((resolve) => {
        counted = resolve;
      });
      const write = database.bulkTransaction(async (tx) => {
        await upsertMessages(tx, mergeBatches([next(60)]).messages, DEFAULT_ZONE);
        counted();
        await held;
      });
      await written;
      await setChatTimezone(database, CHAT, "Asia/Kolkata");
      const rebuild = rebuilds.request(CHAT);
      await waitFor(
        async () =>
          (
            await database.rows(sql`
                SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
          ).length > 0,
        10_000,
        "the rebuild waiting for the open write",
      );
      release();
      await write;
      const outcome = await rebuild;
      assert.ok(outcome.ok && outcome.result.timezone === "Asia/Kolkata");
      assert.deepEqual(await storedRollups(database, CHAT), await recountedRollups(database, CHAT, "Asia/Kolkata"));
    });

    test("zones changed in quick succession end in the last one", async () => {
      const rebuilds = new RollupRebuilds(database, DEFAULT_ZONE, log);
      await setChatTimezone(database, CHAT, "America/New_York");
      const first = rebuilds.request(CHAT);
      // Asked while the first waits or runs: it runs again after it, and reads the newest zone.
      await setChatTimezone(database, CHAT, "Pacific/Auckland");
      const second = rebuilds.request(CHAT);
      const third = rebuilds.request(CHAT); // joins the second, which has not started
      assert.equal(second, third);
      assert.ok(rebuilds.busy(CHAT));
      const writes = writer.write(next(30));
      const outcomes = await Promise.all([first, second, writes]);
      assert.ok(outcomes[1].ok && outcomes[1].result.timezone === "Pacific/Auckland");
      assert.equal(rebuilds.busy(CHAT), false);
      assert.deepEqual(await storedRollups(database, CHAT), await recountedRollups(database, CHAT, "Pacific/Auckland"));
    });

    test("a zone change whose rebuild never ran is done by the rollups.rezone job, ten minutes on", async () => {
      const at = new Date("2026-04-01T12:00:00Z");
      // The process stopped right after storing the zone: nothing was rebuilt.
      await setChatTimezone(database, CHAT, "Asia/Dubai", at);
      assert.notDeepEqual(
        (await storedRollups(database, CHAT)).daily,
        (await recountedRollups(database, CHAT, "Asia/Dubai")).daily,
      );
      const run = (minutes: number) => {
        const now = new Date(at.getTime() + minutes * 60_000);
        const deps = { database, log, config: { defaultTimezone: DEFAULT_ZONE }, now: () => now } as unknown as JobDeps;
        return rezoneRollupsJob.run(deps, {
          signal: new AbortController().signal,
          trigger: "schedule",
          scheduledFor: now,
          log,
        });
      };
      // Within ten minutes the change's own rebuild may still be under way: left alone.
      assert.equal((await run(5)).outcome, "skipped");
      const late = await run(11);
      assert.equal(late.outcome, "ok");
      assert.deepEqual(
        { ...late.totals, changed: Number(late.totals.changed) > 0 },
        { chats: 1, rebuilt: 1, changed: true },
      );
      assert.deepEqual(await storedRollups(database, CHAT), await recountedRollups(database, CHAT, "Asia/Dubai"));
      assert.equal((await run(30)).outcome, "skipped", "nothing owed any more");
    });

    test("after stop, nothing new starts and the refusal says why", async () => {
      const rebuilds = new RollupRebuilds(database, DEFAULT_ZONE, log);
      const running = rebuilds.request(CHAT);
      await rebuilds.stop(10_000);
      assert.ok((await running).ok, "the one under way finished");
      const refused = await rebuilds.request(CHAT);
      assert.ok(!refused.ok && refused.error instanceof RebuildsStoppedError);
    });
  });
}
