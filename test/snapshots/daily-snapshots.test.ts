// Daily snapshots through the Bot API stand-in: values for the local day that ended (a chat in
// Tokyo, one in UTC) equal what this test counts from its own dataset; a re-run changes
// nothing; a kicked, a migrated and a failing chat are recorded while the others go on; a 429
// is waited out; chats found gone are not polled again; /stats shows the member change.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "grammy";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import type {
  MemberEventRecord,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
} from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { dailySnapshotsJob } from "../../src/jobs/daily-snapshots.js";
import { jobs } from "../../src/jobs/registry.js";
import type { JobDeps, JobRunContext } from "../../src/jobs/types.js";
import { getMemberCountHistory } from "../../src/queries/member-counts.js";
import { type DailySnapshotTotals, takeDailySnapshots } from "../../src/snapshots/daily.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse } from "../helpers/pulse.js";
import { chatRecord, joinEvent, messageRecord } from "../helpers/records.js";
import { member, message, person, supergroup, update } from "../helpers/updates.js";

const TOKYO = -1001000000001; // Asia/Tokyo (UTC+9)
const LONDON = -1001000000002; // no zone of its own: DEFAULT_TIMEZONE (UTC)
const KICKED = -1001000000003; // 403: the bot was kicked
const MIGRATED = -1000000000004; // 400: the group became a supergroup
const SUPERGROUP = -1001000000009; // …this one
const LIMITED = -1001000000005; // one 429 with retry_after 7, then answers
const FLAKY = -1001000000006; // 500 on the first run, answers on the second
const LEFT = -1001000000007; // the bot left earlier: never polled
const DELETED = -1001000000008; // known from an import only (no bot status): 400 chat not found
const PRIVATE = 123456; // a private chat: has no member count to take

// 00:05 on 12 March in Tokyo, 15:05 on 11 March in UTC: Tokyo's 11 March and UTC's 10 March have ended.
const AT = new Date("2026-03-11T15:05:00Z");
const ZONE = "Asia/Tokyo";

const messages: MessageRecord[] = [
  messageRecord(TOKYO, 1, "2026-03-10T14:30:00Z", { userId: 1 }), // 10 March, 23:30 in Tokyo
  messageRecord(TOKYO, 2, "2026-03-10T15:10:00Z", { userId: 1 }), // 11 March, 00:10
  messageRecord(TOKYO, 3, "2026-03-11T03:00:00Z", { userId: 2 }),
  messageRecord(TOKYO, 4, "2026-03-11T14:59:00Z", { userId: 3 }), // 11 March, 23:59
  messageRecord(TOKYO, 5, "2026-03-11T15:01:00Z", { userId: 2 }), // 12 March already
  messageRecord(TOKYO, 6, "2026-03-11T05:00:00Z", { userId: 4, kind: "command", text: "/stats" }), // not activity
  messageRecord(TOKYO, 7, "2026-03-11T06:00:00Z", { userId: null, senderChatId: TOKYO }), // anonymous admin
  messageRecord(LONDON, 1, "2026-03-10T00:30:00Z", { userId: 1 }),
  messageRecord(LONDON, 2, "2026-03-10T23:30:00Z", { userId: 5 }),
  messageRecord(LONDON, 3, "2026-03-11T01:00:00Z", { userId: 5 }), // 11 March in UTC
];
const memberEvents: MemberEventRecord[] = [
  joinEvent(TOKYO, 5, "2026-03-11T01:00:00Z"),
  joinEvent(TOKYO, 6, "2026-03-10T14:00:00Z"), // 10 March in Tokyo
  joinEvent(TOKYO, 7, "2026-03-11T10:00:00Z", { kind: "leave" }),
  joinEvent(LONDON, 8, "2026-03-10T12:00:00Z"),
  joinEvent(LONDON, 9, "2026-03-10T13:00:00Z"),
];
const reactionCounts: ReactionCountsRecord[] = [
  {
    chatId: TOKYO,
    messageId: 3,
    counts: [
      { reaction: "👍", count: 3 },
      { reaction: "❤", count: 2 },
    ],
    date: new Date("2026-03-11T04:00:00Z"),
    source: "bot",
  },
  {
    chatId: TOKYO,
    messageId: 1,
    counts: [{ reaction: "👍", count: 4 }],
    date: new Date("2026-03-11T04:00:00Z"),
    source: "bot",
  },
  {
    chatId: TOKYO,
    messageId: 6,
    counts: [{ reaction: "👍", count: 9 }],
    date: new Date("2026-03-11T06:00:00Z"),
    source: "bot",
  },
];
const userReactions: UserReactionsRecord[] = [
  { chatId: TOKYO, messageId: 4, actorId: 8, reactions: ["🔥"], date: new Date("2026-03-11T14:59:30Z"), source: "bot" },
  {
    chatId: LONDON,
    messageId: 2,
    actorId: 1,
    reactions: ["👍", "🎉"],
    date: new Date("2026-03-10T23:40:00Z"),
    source: "bot",
  },
];

/** What the snapshot of `day` in `zone` must say, counted here from the records above. */
function expected(chatId: number, zone: string, day: string, members: number) {
  const local = (d: Date) => d.toLocaleDateString("en-CA", { timeZone: zone });
  const ofDay = messages.filter((m) => m.chatId === chatId && local(m.date) === day && m.kind !== "command");
  const ids = new Set(ofDay.map((m) => m.messageId));
  const events = memberEvents.filter((e) => e.chatId === chatId && local(e.occurredAt) === day);
  // A message's aggregate counts win over its visible per-user reactions.
  let reactions = 0;
  for (const id of ids) {
    const aggregate = reactionCounts.find((r) => r.chatId === chatId && r.messageId === id);
    if (aggregate) reactions += aggregate.counts.reduce((sum, c) => sum + c.count, 0);
    else {
      reactions += userReactions
        .filter((r) => r.chatId === chatId && r.messageId === id)
        .reduce((sum, r) => sum + r.reactions.length, 0);
    }
  }
  return {
    member_count: members,
    messages: ofDay.length,
    active_senders: new Set(ofDay.map((m) => m.userId ?? m.senderChatId)).size,
    joins: events.filter((e) => e.kind === "join").length,
    leaves: events.filter((e) => e.kind === "leave").length,
    reactions,
  };
}

async function load(database: Database): Promise<void> {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  const group = (id: number, fields = {}) => chatRecord(id, { botStatus: "administrator", ...fields });
  await writer.write({
    chats: [
      group(TOKYO, { title: "Tokyo Club" }),
      group(LONDON),
      group(KICKED),
      group(MIGRATED, { type: "group" }),
      group(LIMITED),
      group(FLAKY, { type: "channel", botStatus: "member" }),
      group(LEFT, { botStatus: "left" }),
      chatRecord(DELETED),
      chatRecord(PRIVATE, { type: "private", title: null }),
    ],
  });
  await writer.flush();
  // The zone is set before any message: the writer files each sender's day in it.
  await database.db.execute(sql`UPDATE chats SET timezone = ${ZONE} WHERE id = ${TOKYO}`);
  await writer.write({ messages, memberEvents, reactionCounts, userReactions });
  await writer.close();
}

type SnapshotRow = {
  chat_id: number;
  date: string;
  metric: string;
  value: number;
  source: string;
  captured: string;
  zone: string;
};

async function snapshotRows(database: Database): Promise<SnapshotRow[]> {
  return database.rows<SnapshotRow>(sql`
    SELECT chat_id, date::text AS date, metric, value, source, captured_at::text AS captured,
           metadata->>'timezone' AS zone
    FROM chat_daily_snapshots ORDER BY chat_id, date, metric`);
}

function valuesOf(rows: SnapshotRow[], chatId: number, day: string): Record<string, number> {
  return Object.fromEntries(rows.filter((r) => r.chat_id === chatId && r.date === day).map((r) => [r.metric, r.value]));
}

for (const engine of testEngines()) {
  describe(`daily snapshots on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let api: Api;
    /** The fake monotonic clock the pacing reads, the waits it asked for, and each call's instant. */
    let clock = 0;
    const waits: number[] = [];
    const callTimes: number[] = [];
    const counts = new Map<number, number>([
      [TOKYO, 42],
      [LONDON, 7],
      [LIMITED, 99],
      [FLAKY, 310],
      [SUPERGROUP, 50],
    ]);
    let limitedOnce = true;
    let flakyFails = true;
    let first: DailySnapshotTotals;

    const run = (at = AT, signal?: AbortSignal) =>
      takeDailySnapshots(
        { database, api, config: { defaultTimezone: "UTC" } },
        {
          at,
          signal,
          log: pino({ level: "silent" }),
          requestsPerSecond: 20,
          clock: () => clock,
          sleep: async (ms) => {
            waits.push(ms);
            clock += ms;
          },
          now: () => new Date("2026-03-11T15:06:00Z"),
        },
      );

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await load(database);
      // No auto-retry here: the job's own handling of a 429 that reaches it is under test.
      api = new Api(server.token, { apiRoot: server.apiRoot });
      server.setResult("getChatMemberCount", (payload) => {
        callTimes.push(clock);
        clock += 3; // each call takes a little time, as a real one would
        const chatId = Number(payload.chat_id);
        if (chatId === KICKED)
          throw { error_code: 403, description: "Forbidden: bot was kicked from the supergroup chat" };
        if (chatId === MIGRATED) {
          throw {
            error_code: 400,
            description: "Bad Request: group chat was upgraded to a supergroup chat",
            parameters: { migrate_to_chat_id: SUPERGROUP },
          };
        }
        if (chatId === LIMITED && limitedOnce) {
          limitedOnce = false;
          throw { error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } };
        }
        if (chatId === DELETED) throw { error_code: 400, description: "Bad Request: chat not found" };
        if (chatId === FLAKY && flakyFails) throw { error_code: 500, description: "Internal Server Error" };
        return counts.get(chatId) ?? 0;
      });
    });
    after(async () => {
      await database.close();
      await server.close();
    });

    test("the day that ended in each chat's zone, equal to what the dataset says", async () => {
      first = await run();
      const rows = await snapshotRows(database);
      const tokyo = expected(TOKYO, ZONE, "2026-03-11", 42);
      // The dataset is built to make every figure count something, and to leave things out.
      assert.deepEqual(tokyo, { member_count: 42, messages: 4, active_senders: 4, joins: 1, leaves: 1, reactions: 6 });
      assert.deepEqual(valuesOf(rows, TOKYO, "2026-03-11"), tokyo);
      const london = expected(LONDON, "UTC", "2026-03-10", 7);
      assert.deepEqual(london, { member_count: 7, messages: 2, active_senders: 2, joins: 2, leaves: 0, reactions: 2 });
      assert.deepEqual(valuesOf(rows, LONDON, "2026-03-10"), london);
      assert.deepEqual(valuesOf(rows, LIMITED, "2026-03-10"), {
        member_count: 99,
        messages: 0,
        active_senders: 0,
        joins: 0,
        leaves: 0,
        reactions: 0,
      });
      const tokyoRows = rows.filter((r) => r.chat_id === TOKYO);
      assert.ok(tokyoRows.every((r) => r.zone === ZONE));
      assert.equal(tokyoRows.find((r) => r.metric === "member_count")?.source, "bot_api");
      assert.equal(tokyoRows.find((r) => r.metric === "messages")?.source, "rollups");
      // The member count is also the chat's current one.
      const [chat] = await database.rows<{ member_count: number }>(
        sql`SELECT member_count FROM chats WHERE id = ${TOKYO}`,
      );
      assert.equal(chat?.member_count, 42);
      assert.deepEqual(first.days, { "2026-03-11": 1, "2026-03-10": 5 });
    });

    test("failures are recorded with the chat and reason, and the other chats go on", () => {
      assert.equal(
        first.chats,
        7,
        "groups, supergroups and channels the bot is or may be in; not private or left ones",
      );
      assert.equal(first.snapshotted, 3);
      assert.equal(first.alreadyDone, 0);
      assert.equal(first.retired, 3);
      assert.equal(first.failedCount, 4);
      assert.equal(first.interrupted, false);
      const byChat = new Map(first.failures.map((f) => [f.chatId, f]));
      assert.deepEqual(byChat.get(KICKED), {
        chatId: KICKED,
        reason: "removed",
        description: "Forbidden: bot was kicked from the supergroup chat",
      });
      assert.deepEqual(byChat.get(MIGRATED), {
        chatId: MIGRATED,
        reason: "migrated",
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        migratedTo: SUPERGROUP,
      });
      assert.deepEqual(byChat.get(DELETED), {
        chatId: DELETED,
        reason: "not_found",
        description: "Bad Request: chat not found",
      });
      assert.deepEqual(byChat.get(FLAKY), { chatId: FLAKY, reason: "error", description: "Internal Server Error" });
      assert.equal(byChat.has(LIMITED), false, "a 429 is waited out, not a failure");
    });

    test("a kicked chat is marked, a migrated one points at its supergroup, a passing fault leaves no snapshot", async () => {
      const chats = await database.rows<{
        id: number;
        type: string;
        bot_status: string | null;
        migrated_to_chat_id: number | null;
      }>(
        sql`SELECT id, type, bot_status, migrated_to_chat_id FROM chats WHERE id IN (${KICKED}, ${MIGRATED}, ${SUPERGROUP}, ${FLAKY}, ${DELETED}) ORDER BY id`,
      );
      assert.deepEqual(
        chats.map((c) => ({
          ...c,
          id: Number(c.id),
          migrated_to_chat_id: c.migrated_to_chat_id && Number(c.migrated_to_chat_id),
        })),
        [
          { id: SUPERGROUP, type: "supergroup", bot_status: null, migrated_to_chat_id: null },
          { id: DELETED, type: "supergroup", bot_status: "left", migrated_to_chat_id: null },
          { id: FLAKY, type: "channel", bot_status: "member", migrated_to_chat_id: null },
          { id: KICKED, type: "supergroup", bot_status: "kicked", migrated_to_chat_id: null },
          { id: MIGRATED, type: "group", bot_status: "administrator", migrated_to_chat_id: SUPERGROUP },
        ],
      );
      const rows = await snapshotRows(database);
      // The kicked chat's last day is kept (nothing happened in it), without a member count.
      assert.deepEqual(valuesOf(rows, KICKED, "2026-03-10"), {
        messages: 0,
        active_senders: 0,
        joins: 0,
        leaves: 0,
        reactions: 0,
      });
      assert.deepEqual(valuesOf(rows, FLAKY, "2026-03-10"), {}, "retried on the next run instead");
    });

    test("calls are paced at the configured rate and a 429's retry_after is honoured", () => {
      // Seven chats, plus LIMITED's retry: eight calls, each at least 50 ms (20/s) after the one before.
      assert.equal(first.getChatMemberCountCalls, 8);
      assert.equal(callTimes.length, 8);
      for (let i = 1; i < callTimes.length; i++) {
        assert.ok(
          (callTimes[i] as number) - (callTimes[i - 1] as number) >= 50,
          `call ${i} came too soon: ${callTimes}`,
        );
      }
      assert.ok(waits.includes(7000), `waited out retry_after: ${waits}`);
    });

    test("a re-run for the same day changes nothing and skips the chats found gone", async () => {
      const before = await snapshotRows(database);
      callTimes.length = 0;
      counts.set(TOKYO, 1000); // a different answer would show if the day were taken again
      flakyFails = false;
      const again = await run();
      assert.equal(again.chats, 5, "the kicked chat and the migrated group are no longer polled");
      assert.equal(again.alreadyDone, 3, "TOKYO, LONDON and LIMITED");
      assert.equal(again.snapshotted, 2, "FLAKY, whose fault has passed, and the new supergroup");
      assert.equal(again.failedCount, 0);
      assert.equal(again.getChatMemberCountCalls, 2);
      const polled = server
        .callsTo("getChatMemberCount")
        .slice(-2)
        .map((c) => Number(c.payload.chat_id));
      assert.deepEqual(polled.sort(), [FLAKY, SUPERGROUP].sort());
      const after = await snapshotRows(database);
      const old = new Set(before.map((r) => JSON.stringify(r)));
      assert.deepEqual(
        after
          .filter((r) => !old.has(JSON.stringify(r)))
          .map((r) => `${r.chat_id}:${r.date}:${r.metric}`)
          .sort(),
        [FLAKY, SUPERGROUP]
          .flatMap((id) =>
            ["active_senders", "joins", "leaves", "member_count", "messages", "reactions"].map(
              (m) => `${id}:2026-03-10:${m}`,
            ),
          )
          .sort(),
      );
      assert.equal(after.length, before.length + 12, "no row rewritten or removed");
      const third = await run();
      assert.equal(third.getChatMemberCountCalls, 0);
      assert.equal(third.snapshotted, 0);
    });

    test("a run that is stopped takes nothing more", async () => {
      const controller = new AbortController();
      controller.abort();
      const stopped = await run(new Date("2026-03-12T15:05:00Z"), controller.signal);
      assert.equal(stopped.interrupted, true);
      assert.equal(stopped.snapshotted, 0);
      assert.equal(stopped.getChatMemberCountCalls, 0);
    });

    test("member counts over months, one point per month with its change", async () => {
      await database.db.execute(sql`
        INSERT INTO chat_daily_snapshots (chat_id, date, metric, value, source) VALUES
          (${LONDON}, '2026-01-05', 'member_count', 10, 'bot_api'),
          (${LONDON}, '2026-01-31', 'member_count', 12, 'bot_api'),
          (${LONDON}, '2026-02-10', 'member_count', 15, 'mtproto'),
          (${LONDON}, '2026-02-28', 'member_count', 20, 'bot_api'),
          (${LONDON}, '2026-02-28', 'messages', 99, 'rollups')`);
      const months = await getMemberCountHistory(database, {
        chatId: LONDON,
        from: "2026-01-01",
        to: "2026-03-31",
        interval: "month",
      });
      assert.deepEqual(months, [
        { bucket: "2026-01-01", day: "2026-01-31", count: 12, change: null },
        { bucket: "2026-02-01", day: "2026-02-28", count: 20, change: 8 },
        { bucket: "2026-03-01", day: "2026-03-10", count: 7, change: -13 },
      ]);
      const days = await getMemberCountHistory(database, { chatId: LONDON, from: "2026-02-01", to: "2026-02-20" });
      assert.deepEqual(days, [{ bucket: "2026-02-10", day: "2026-02-10", count: 15, change: null }]);
    });

    test("/stats in a group shows its member count and the change since the period began", async () => {
      // A snapshot from before the 7-day period (6–12 March in Tokyo): 40 members on 5 March.
      counts.set(TOKYO, 40);
      await run(new Date("2026-03-05T15:05:00Z"));
      server.setChatMember(TOKYO, member(person(1, "Anna"), "administrator"));
      server.setChatMemberCount(TOKYO, 45);
      counts.set(TOKYO, 45);
      const pulse = await startTestPulse(server, database, {}, () => new Date("2026-03-12T03:00:00Z"));
      try {
        const club = supergroup(TOKYO, "Tokyo Club");
        server.pushUpdate(
          update.message(
            message(club, 500, "2026-03-12T03:00:00Z", {
              from: person(1, "Anna"),
              text: "/stats",
              entities: [{ type: "bot_command", offset: 0, length: 6 }],
            }),
          ),
        );
        const call = await server.waitForCall("sendPhoto", (c) => Number(c.payload.chat_id) === TOKYO, 15_000);
        const caption = String(call.payload.caption);
        assert.match(caption, /👥 <b>45<\/b> members <i>\+5 since 5 Mar 2026<\/i> · ➕ 2 joined · ➖ 1 left/);
      } finally {
        await pulse.stop();
      }
    });
  });
}

for (const engine of testEngines()) {
  describe(`the snapshots.daily job on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let deps: JobDeps;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await load(database);
      server.setChatMemberCount(TOKYO, 42);
      server.setChatMemberCount(LONDON, 7);
      // The job needs only these of JobDeps; the rest would be unused.
      deps = {
        database,
        api: new Api(server.token, { apiRoot: server.apiRoot }),
        config: { defaultTimezone: "UTC" },
        now: () => new Date("2026-03-11T15:06:00Z"),
      } as unknown as JobDeps;
    });
    after(async () => {
      await database.close();
      await server.close();
    });

    const context = (scheduledFor: Date, trigger: JobRunContext["trigger"] = "schedule"): JobRunContext => ({
      signal: new AbortController().signal,
      trigger,
      scheduledFor,
      log: pino({ level: "silent" }),
    });

    test("every chat failing for a passing reason fails the run, and it says why", async () => {
      server.failNext("getChatMemberCount", { error_code: 502, description: "Bad Gateway" }, 7);
      const result = await dailySnapshotsJob.run(deps, context(AT));
      assert.equal(result.outcome, "error");
      assert.equal(result.error, "every chat failed: Bad Gateway");
      assert.equal(result.totals.failedCount, 7);
    });

    test("a catch-up run takes the day its slot says, once", async () => {
      // Run late (the next morning) for the slot of 15:05 UTC on 11 March.
      const result = await dailySnapshotsJob.run(deps, context(AT, "catch-up"));
      assert.equal(result.outcome, "ok");
      assert.deepEqual(result.totals.days, { "2026-03-11": 1, "2026-03-10": 6 });
      const rows = await snapshotRows(database);
      assert.equal(valuesOf(rows, TOKYO, "2026-03-11").member_count, 42);
      assert.equal(valuesOf(rows, LONDON, "2026-03-10").member_count, 7);
      const again = await dailySnapshotsJob.run(deps, context(AT, "manual"));
      assert.equal(again.outcome, "ok");
      assert.equal(again.totals.snapshotted, 0);
      assert.equal(again.totals.alreadyDone, 7);
    });

    test("Pulse runs it from its job table with the bot's own Api, and job_runs keeps the totals", async () => {
      const pulse = await startTestPulse(server, database, {}, undefined, { jobs });
      try {
        const result = await pulse.scheduler.runNow("snapshots.daily", "manual");
        assert.equal(result.outcome, "ok", result.error);
        assert.equal(result.totals.snapshotted, 7);
        const [run] = await database.rows<{ outcome: string; snapshotted: number; at: number }>(sql`
          SELECT outcome, (totals->>'snapshotted')::int AS snapshotted, (extract(epoch FROM scheduled_for) * 1000)::float8 AS at FROM job_runs
          WHERE job = 'snapshots.daily' ORDER BY id DESC LIMIT 1`);
        assert.equal(run?.outcome, "ok");
        assert.equal(run?.snapshotted, 7);
        // The day each chat got is the one that had ended in its zone when the run was asked for.
        const at = new Date(Number(run?.at));
        const dayBefore = (zone: string) => {
          const local = at.toLocaleDateString("en-CA", { timeZone: zone });
          return new Date(Date.parse(`${local}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        };
        const rows = await snapshotRows(database);
        assert.equal(valuesOf(rows, TOKYO, dayBefore(ZONE)).member_count, 42);
        assert.equal(valuesOf(rows, LONDON, dayBefore("UTC")).member_count, 7);
      } finally {
        await pulse.stop();
      }
    });
  });
}
