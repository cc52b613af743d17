// Member windows: on random data written through the live writer (people and chats posting as
// themselves, members who opted out, today's messages on top), every answer read from a
// current window equals the answer from the per-member days it caches, for every standard
// period and for members of every rank; a write to a covered day, or an opt-out, stops the
// windows being used until the next refresh; a write to today does not; a chat's refresh
// leaves other chats' windows alone; and the job refreshes only what is due.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { Random } from "../../src/demo/random.js";
import { refreshChatWindows, staleWindowChats } from "../../src/ingest/member-windows.js";
import { optIn, optOut } from "../../src/ingest/optout.js";
import type { MessageRecord } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { refreshMemberWindowsJob } from "../../src/jobs/refresh-member-windows.js";
import type { JobDeps } from "../../src/jobs/types.js";
import { getFirstActivity, getTimeline } from "../../src/queries/activity.js";
import { getEngagementCore } from "../../src/queries/engagement.js";
import { bucketPlan, currentWindow } from "../../src/queries/member-windows.js";
import { getMemberStats } from "../../src/queries/members.js";
import { addDays, localDate, parsePeriod } from "../../src/queries/period.js";
import { currentRange, previousRange } from "../../src/queries/range.js";
import { getSenderTotals, getTopSenders } from "../../src/queries/senders.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, messageRecord } from "../helpers/records.js";

const NOW = new Date("2026-06-15T15:30:00Z");
const DEFAULT_ZONE = "UTC";
// One chat in the default zone, one a day's edge away from it.
const FIRST = -2001;
const SECOND = -2002;
const CHATS: [number, string | null][] = [
  [FIRST, null],
  [SECOND, "Pacific/Auckland"],
];
const OPTED_OUT = 7;
const PERIODS = ["7d", "30d", "90d", "365d", "all"] as const;

const log = pino({ level: "silent" });
const newWriter = (database: Database) =>
  new BatchWriter(database, { flushMs: 1, batchSize: 200, queueLimit: 100_000, defaultTimezone: DEFAULT_ZONE }, log);

/**
 * 200 days of messages in both chats: a steep power law of 40 people, a channel posting as
 * itself, replies and photos, quiet and busy days, and messages today.
 */
async function ingest(database: Database, seed: number): Promise<Map<number, number>> {
  const r = new Random(seed);
  const writer = newWriter(database);
  await writer.write({ chats: CHATS.map(([id]) => chatRecord(id)) });
  for (const [id, zone] of CHATS) {
    if (zone) await database.db.execute(sql`UPDATE chats SET timezone = ${zone} WHERE id = ${id}`);
  }
  const nextId = new Map<number, number>();
  const messages: MessageRecord[] = [];
  for (const [chatId] of CHATS) {
    let id = 0;
    for (let day = 200; day >= 0; day--) {
      const count = day === 0 ? 25 : r.chance(1 / 3) ? r.int(0, 3) : r.int(5, 24);
      for (let i = 0; i < count; i++) {
        const at = new Date(NOW.getTime() - day * 86_400_000 - r.int(0, (day === 0 ? 10 * 3_600_000 : 86_400_000) - 1));
        const channel = r.chance(1 / 25);
        messages.push(
          messageRecord(chatId, ++id, at.toISOString(), {
            // Power law: low ids write most.
            userId: channel ? null : 1 + Math.floor(40 * r.next() ** 3),
            senderChatId: channel ? chatId - 1 : null,
            kind: r.chance(1 / 8) ? "photo" : "text",
            replyToMessageId: id > 1 && r.chance(1 / 4) ? id - 1 - r.int(0, Math.min(id - 1, 5) - 1) : null,
          }),
        );
      }
    }
    nextId.set(chatId, id);
  }
  for (let k = 0; k < messages.length; k += 300) await writer.write({ messages: messages.slice(k, k + 300) });
  await writer.close();
  await optOut(database, { userId: OPTED_OUT, username: null });
  return nextId;
}

async function refreshDue(database: Database) {
  const due = await staleWindowChats(database, NOW, DEFAULT_ZONE);
  for (const chat of due) await refreshChatWindows(database, chat.chatId, chat.asOf);
  return due;
}

const NEWCOMER = 41;
const MEMBERS = [1, 2, 3, 5, 9, 17, 33, 40, NEWCOMER, OPTED_OUT, 999, -2002, -2003];

/** Everything the windows answer, for every period of a chat; `expectWindows` asserts they were used. */
async function answers(database: Database, chatId: number, expectWindows: boolean) {
  const zone = CHATS.find(([id]) => id === chatId)?.[1] ?? DEFAULT_ZONE;
  const firstActivity = await getFirstActivity(database, chatId);
  const out: Record<string, unknown> = {};
  for (const key of PERIODS) {
    const period = parsePeriod(key, zone, NOW, { firstActivity });
    const range = currentRange(chatId, period);
    const previous = previousRange(chatId, period);
    const window = await currentWindow(database, range, previous);
    assert.equal(window !== null, expectWindows, `${chatId} ${key}: windows used`);
    out[key] = {
      engagement: await getEngagementCore(database, range, previous),
      top10: await getTopSenders(database, range, 10),
      top100: await getTopSenders(database, range, 100),
      totals: await getSenderTotals(database, range),
      // The activity chart's weeks and months, from cached buckets where they are whole.
      weeks: await getTimeline(database, range, "week"),
      months: await getTimeline(database, range, "month"),
      members: await Promise.all(MEMBERS.map((id) => getMemberStats(database, range, id, localDate(NOW, zone)))),
    };
  }
  return out;
}

/** The answers as the windows and buckets stand, against the per-member days' alone, chat by chat. */
async function assertWindowsAgree(database: Database, setAside: number[] = []) {
  for (const [chatId] of CHATS) {
    const fromWindows = await answers(database, chatId, !setAside.includes(chatId));
    const [saved] = await database.rows<{ dirty_from: string | null }>(sql`
      SELECT dirty_from::text AS dirty_from FROM chat_window_state WHERE chat_id = ${chatId}`);
    await database.db.execute(sql`UPDATE chat_window_state SET dirty_from = '-infinity' WHERE chat_id = ${chatId}`);
    const fromDays = await answers(database, chatId, false);
    await database.db.execute(
      sql`UPDATE chat_window_state SET dirty_from = ${saved?.dirty_from ?? null} WHERE chat_id = ${chatId}`,
    );
    assert.deepEqual(fromWindows, fromDays, `chat ${chatId}`);
  }
}

const stateOf = async (database: Database, chatId: number) =>
  (
    await database.rows<{ as_of: string; dirty_from: string | null }>(sql`
      SELECT as_of::text AS as_of, dirty_from::text AS dirty_from FROM chat_window_state WHERE chat_id = ${chatId}`)
  )[0];

for (const engine of testEngines()) {
  describe(`member windows (${engine.name})`, () => {
    let database: Database;
    let nextId: Map<number, number>;
    before(async () => {
      database = await engine.open();
      nextId = await ingest(database, 42);
    });
    after(() => database.close());

    test("windows refreshed as of each chat's local yesterday answer exactly what the per-member days do", async () => {
      const due = await refreshDue(database);
      assert.deepEqual(
        due.map((c) => [c.chatId, c.asOf]),
        CHATS.map(([id, zone]) => [id, addDays(localDate(NOW, zone ?? DEFAULT_ZONE), -1)]).sort(
          ([a], [b]) => Number(a) - Number(b),
        ),
      );
      const [totals] = await database.rows<{ engaged: number; people: number }>(sql`
        SELECT engaged, people FROM chat_window_totals WHERE chat_id = ${FIRST} AND days = 30`);
      assert.ok(totals && totals.people > 20 && totals.engaged > 5, "a window with people in it");
      // Long charts read every week and month from cache: whole ones, and the cut ones around them.
      for (const [key, unit] of [
        ["90d", "week"],
        ["365d", "month"],
        ["365d", "week"],
      ] as const) {
        const plan = await bucketPlan(database, currentRange(FIRST, parsePeriod(key, DEFAULT_ZONE, NOW)), unit);
        assert.ok(plan.cached, `${key} ${unit}: whole buckets cached`);
        assert.ok(plan.spans.length > 0, `${key} ${unit}: spans around them`);
        assert.deepEqual(
          plan.spans.filter((span) => span.cached === undefined),
          [],
          `${key} ${unit}: every cut bucket cached`,
        );
      }
      await assertWindowsAgree(database);
      assert.deepEqual(await refreshDue(database), [], "nothing is due twice");
    });

    test("today's messages count at once without a refresh; a message on a covered day sets the windows aside until one", async () => {
      const chatId = FIRST;
      const writer = newWriter(database);
      let id = nextId.get(chatId) ?? 0;
      await writer.write({
        messages: [
          messageRecord(chatId, ++id, new Date(NOW.getTime() - 60_000).toISOString(), { userId: 39 }),
          messageRecord(chatId, ++id, new Date(NOW.getTime() - 60_000).toISOString(), { userId: 4 }),
        ],
      });
      assert.equal((await stateOf(database, chatId))?.dirty_from, null, "today's writes leave the windows current");
      await assertWindowsAgree(database);

      const tenDaysAgo = new Date(NOW.getTime() - 10 * 86_400_000);
      await writer.write({ messages: [messageRecord(chatId, ++id, tenDaysAgo.toISOString(), { userId: 38 })] });
      await writer.close();
      nextId.set(chatId, id);
      assert.equal((await stateOf(database, chatId))?.dirty_from, localDate(tenDaysAgo, DEFAULT_ZONE));
      assert.equal((await stateOf(database, SECOND))?.dirty_from, null, "the other chat's windows stay current");
      // Windows set aside; the weeks and months before the written day still read from cache.
      await assertWindowsAgree(database, [chatId]);
      const { cached: buckets } = await bucketPlan(
        database,
        currentRange(chatId, parsePeriod("365d", DEFAULT_ZONE, NOW)),
        "week",
      );
      assert.ok(buckets && buckets.lastDay < localDate(tenDaysAgo, DEFAULT_ZONE), "weeks before the write stay cached");

      const other = await database.rows(
        sql`SELECT * FROM chat_member_windows WHERE chat_id = ${SECOND} ORDER BY days, user_id`,
      );
      assert.deepEqual(
        (await refreshDue(database)).map((c) => c.chatId),
        [chatId],
      );
      assert.deepEqual(
        await database.rows(sql`SELECT * FROM chat_member_windows WHERE chat_id = ${SECOND} ORDER BY days, user_id`),
        other,
        "a chat's refresh leaves the other chat's rows alone",
      );
      await assertWindowsAgree(database);
    });

    test("today's senders follow today's rows: a newcomer counts at once and leaves with their deleted day", async () => {
      const chatId = FIRST;
      const writer = newWriter(database);
      let id = nextId.get(chatId) ?? 0;
      const at = new Date(NOW.getTime() - 30_000).toISOString();
      for (let i = 0; i < 6; i++) {
        // One statement per message: the first adds the newcomer, the others update their count.
        await writer.write({ messages: [messageRecord(chatId, ++id, at, { userId: NEWCOMER })] });
      }
      await writer.write({ messages: [messageRecord(chatId, ++id, at, { userId: 40 })] });
      await writer.close();
      nextId.set(chatId, id);
      const today = localDate(NOW, DEFAULT_ZONE);
      const todayRow = () =>
        database.rows<{ messages: number; window_30: number | null }>(sql`
          SELECT messages, window_30 FROM chat_today_senders
          WHERE chat_id = ${chatId} AND user_id = ${NEWCOMER} AND day = ${today}`);
      assert.deepEqual(await todayRow(), [{ messages: 6, window_30: null }]);
      assert.equal((await stateOf(database, chatId))?.dirty_from, null);
      await assertWindowsAgree(database);
      const before = await getMemberStats(
        database,
        currentRange(chatId, parsePeriod("30d", DEFAULT_ZONE, NOW)),
        NEWCOMER,
        today,
      );
      assert.equal(before.messages, 6);
      assert.equal(before.activeDays, 1);

      // By hand, as an operator might: the newcomer's only day goes (and their all-time row, which
      // the whole-history answers read), and with it their row of today's senders.
      await database.db.execute(
        sql`DELETE FROM chat_user_daily_activity WHERE chat_id = ${chatId} AND user_id = ${NEWCOMER}`,
      );
      await database.db.execute(
        sql`DELETE FROM chat_member_totals WHERE chat_id = ${chatId} AND user_id = ${NEWCOMER}`,
      );
      assert.deepEqual(await todayRow(), []);
      assert.equal((await stateOf(database, chatId))?.dirty_from, null, "today's day only: the windows stay current");
      await assertWindowsAgree(database);
    });

    test("opting out or back in sets aside the windows of the chats the member wrote in", async () => {
      await optIn(database, OPTED_OUT);
      for (const [chatId] of CHATS) assert.notEqual((await stateOf(database, chatId))?.dirty_from, null);
      await refreshDue(database);
      await assertWindowsAgree(database);
      await optOut(database, { userId: 2, username: null });
      for (const [chatId] of CHATS) assert.notEqual((await stateOf(database, chatId))?.dirty_from, null);
      await refreshDue(database);
      await assertWindowsAgree(database);
    });

    test("the job refreshes chats past their midnight and skips when every chat is current", async () => {
      const deps = {
        database,
        now: () => new Date(NOW.getTime() + 86_400_000),
        config: { defaultTimezone: DEFAULT_ZONE },
      };
      const run = (now: () => Date) =>
        refreshMemberWindowsJob.run({ ...deps, now } as unknown as JobDeps, {
          signal: new AbortController().signal,
          trigger: "manual",
          scheduledFor: now(),
          log,
        });
      const ran = await run(deps.now);
      assert.equal(ran.outcome, "ok");
      assert.deepEqual({ chats: ran.totals.chats, refreshed: ran.totals.refreshed }, { chats: 2, refreshed: 2 });
      assert.equal((await stateOf(database, FIRST))?.as_of, localDate(NOW, DEFAULT_ZONE));
      const again = await run(deps.now);
      assert.equal(again.outcome, "skipped");
    });
  });
}
