// The weekly recap job end to end: the real scheduler on a controlled clock, the real job and
// grammY Api against the Bot API stand-in, real SQL. Each chat's recap goes out at its own
// weekday and hour (Berlin across the end of DST, New York, Kolkata's half hour), once per
// chat and week even with two scheduler instances on one database; 429 waits its
// retry_after, 403 stops the chat, repeated failures are retried and then recorded as failed.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "grammy";
import pino from "pino";
import { type Database, openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { createDelivery } from "../../src/delivery/index.js";
import type { MessageRecord } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { jobs } from "../../src/jobs/registry.js";
import { createScheduler, type Heartbeat } from "../../src/jobs/scheduler.js";
import type { JobDeps } from "../../src/jobs/types.js";
import { weeklyRecapJob } from "../../src/jobs/weekly-recap.js";
import { createMetrics } from "../../src/metrics.js";
import { MAX_ATTEMPTS } from "../../src/recap/claims.js";
import { postWeeklyRecaps } from "../../src/recap/post.js";
import { isRecapDue, localWeekdayHour } from "../../src/recap/schedule.js";
import { deliveryRecapSender } from "../../src/recap/send.js";
import { attachedFile, TestBotApiServer } from "../helpers/bot-api-server.js";
import { createPostgresDatabase, testEngines } from "../helpers/db.js";
import { pngSize } from "../helpers/png.js";
import { startTestPulse, testConfig } from "../helpers/pulse.js";
import { chatRecord, messageRecord } from "../helpers/records.js";

const log = pino({ level: "silent" });
const still: Heartbeat = { start: () => ({ stop() {} }) };
const MINUTE = 60_000;

const BERLIN = -1002000000001; // Monday 10:00 (default); the week of 19–25 Oct ends with DST
const NEW_YORK = -1002000000002; // Monday 09:00
const KOLKATA = -1002000000003; // Monday 08:00, UTC+5:30
const OFF = -1002000000004; // recaps turned off
const QUIET = -1002000000005; // nothing last week: nothing posted
const GONE = -1002000000006; // the bot left: never considered

const ZONES: Record<number, string> = {
  [BERLIN]: "Europe/Berlin",
  [NEW_YORK]: "America/New_York",
  [KOLKATA]: "Asia/Kolkata",
  [OFF]: "UTC",
  [QUIET]: "UTC",
  [GONE]: "UTC",
};

function clock(start: string) {
  let at = new Date(start);
  return {
    now: () => at,
    set(iso: string) {
      at = new Date(iso);
    },
    advance(ms: number) {
      at = new Date(at.getTime() + ms);
    },
  };
}

/** 30 messages in each active chat during its local week of 19–25 October, from three people. */
function weekMessages(chatId: number): MessageRecord[] {
  const out: MessageRecord[] = [];
  for (let i = 0; i < 30; i++) {
    // Tuesday 20 Oct to Saturday 24 Oct, midday UTC: inside the week in every zone used here.
    const at = new Date(Date.UTC(2026, 9, 20 + (i % 5), 12, i));
    out.push(messageRecord(chatId, i + 1, at.toISOString(), { userId: 100 + (i % 3), text: `message ${i}` }));
  }
  return out;
}

async function load(database: Database): Promise<void> {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  const group = (id: number, fields = {}) =>
    chatRecord(id, { botStatus: "administrator", title: `Group ${id}`, ...fields });
  await writer.write({
    chats: [
      group(BERLIN),
      group(NEW_YORK),
      group(KOLKATA),
      group(OFF),
      group(QUIET),
      group(GONE, { botStatus: "left" }),
    ],
  });
  await writer.flush();
  for (const [id, zone] of Object.entries(ZONES)) {
    await database.db.execute(sql`UPDATE chats SET timezone = ${zone} WHERE id = ${Number(id)}`);
  }
  await database.db.execute(sql`UPDATE chats SET settings = '{"recap": {"hour": 9}}'::jsonb WHERE id = ${NEW_YORK}`);
  await database.db.execute(sql`UPDATE chats SET settings = '{"recap": {"hour": 8}}'::jsonb WHERE id = ${KOLKATA}`);
  await database.db.execute(sql`UPDATE chats SET settings = '{"recap": {"enabled": false}}'::jsonb WHERE id = ${OFF}`);
  await writer.write({
    messages: [BERLIN, NEW_YORK, KOLKATA, OFF, GONE].flatMap(weekMessages),
  });
  await writer.close();
}

interface PostRow {
  chat_id: number;
  week_start: string;
  status: string;
  attempts: number;
  message_id: number | null;
  error: string | null;
  [key: string]: unknown;
}

const posts = (database: Database) =>
  database.rows<PostRow>(sql`
    SELECT chat_id, week_start::text AS week_start, status, attempts, message_id, error
    FROM recap_posts ORDER BY chat_id, week_start`);

test("the schedule reads each chat's own wall clock", () => {
  const monday10 = { enabled: true, weekday: 1, hour: 10 };
  // Monday 26 Oct 2026, the day after Berlin left summer time: 10:00 there is 09:00 UTC.
  assert.equal(isRecapDue(new Date("2026-10-26T08:59:00Z"), "Europe/Berlin", monday10), false);
  assert.equal(isRecapDue(new Date("2026-10-26T09:00:00Z"), "Europe/Berlin", monday10), true);
  assert.equal(isRecapDue(new Date("2026-10-26T22:59:00Z"), "Europe/Berlin", monday10), true, "until the day ends");
  assert.equal(isRecapDue(new Date("2026-10-26T23:00:00Z"), "Europe/Berlin", monday10), false, "Tuesday");
  assert.equal(isRecapDue(new Date("2026-10-26T09:00:00Z"), "Europe/Berlin", { ...monday10, enabled: false }), false);
  assert.deepEqual(localWeekdayHour(new Date("2026-10-26T02:29:00Z"), "Asia/Kolkata"), { weekday: 1, hour: 7 });
  assert.deepEqual(localWeekdayHour(new Date("2026-10-26T02:30:00Z"), "Asia/Kolkata"), { weekday: 1, hour: 8 });
  assert.deepEqual(localWeekdayHour(new Date("2026-10-25T23:30:00Z"), "Pacific/Chatham"), { weekday: 1, hour: 13 }); // +13:45 in summer
});

test("the job is in the app's job table, every 15 minutes", () => {
  const job = jobs.find((j) => j.name === "weekly-recap");
  assert.equal(job, weeklyRecapJob);
  assert.equal(job?.cron, "*/15 * * * *");
});

for (const engine of testEngines()) {
  describe(`weekly recap job on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    /** A second connection pool to the same database (PostgreSQL), standing for another instance. */
    let other: Database;
    let dropDatabase: (() => Promise<void>) | undefined;

    before(async () => {
      server = await TestBotApiServer.start();
      const url = process.env.TEST_DATABASE_URL;
      if (engine.name === "postgres" && url) {
        const created = await createPostgresDatabase(url);
        database = await openDatabase({ engine: "postgres", url: created.url });
        await runMigrations(database);
        other = await openDatabase({ engine: "postgres", url: created.url });
        dropDatabase = created.drop;
      } else {
        database = await engine.open();
        other = database;
      }
      await load(database);
    });
    after(async () => {
      if (other !== database) await other.close();
      await database.close();
      await dropDatabase?.();
      await server.close();
    });
    beforeEach(() => {
      server.reset();
    });

    /**
     * The app's delivery on a plain Api: the job's own retry logic is under test, so no
     * auto-retry in between, and limits wide enough that the throttler never makes a test wait.
     */
    const deliveryFor = (db: Database, now: () => Date) => {
      const api = new Api(server.token, { apiRoot: server.apiRoot });
      const delivery = createDelivery({
        database: db,
        log,
        metrics: createMetrics(),
        now,
        ownerIds: [],
        limits: { overall: { count: 1000, perMs: 1000 }, perChatGapMs: 0, perGroup: { count: 1000, perMs: 1000 } },
      });
      delivery.attach(api);
      return { api, delivery };
    };
    const jobDeps = (db: Database, now: () => Date): JobDeps =>
      ({ database: db, log, config: testConfig(server), now, ...deliveryFor(db, now) }) as unknown as JobDeps;
    const sender = (db: Database, now: () => Date) => deliveryRecapSender(deliveryFor(db, now).delivery);

    const photoCalls = () => server.callsTo("sendPhoto").map((c) => Number(c.payload.chat_id));

    test("each chat's recap goes out at its weekday and hour, once, with two scheduler instances", async () => {
      const time = clock("2026-10-26T00:00:00Z"); // Monday: 01:00 in Berlin, 05:30 in Kolkata, Sunday 20:00 in New York
      // Berlin has a photo for the card's header; Kolkata's getChat fails, which must not stop its post.
      const { createCanvas } = await import("canvas");
      const avatar = createCanvas(160, 160);
      avatar.getContext("2d").fillRect(0, 0, 160, 160);
      server.addFile("berlin-photo", avatar.toBuffer("image/png"), "photos/berlin.png");
      server.setChat({
        id: BERLIN,
        type: "supergroup",
        title: `Group ${BERLIN}`,
        photo: {
          small_file_id: "berlin-photo",
          small_file_unique_id: "b1",
          big_file_id: "berlin-photo",
          big_file_unique_id: "b2",
        },
      } as never);
      // Kolkata posts first (02:30 UTC), so its getChat is the one that fails.
      server.failNext("getChat", { error_code: 500, description: "Internal Server Error" });
      const schedulers = [database, other].map((db, i) =>
        createScheduler({
          database: db,
          log,
          jobs: [weeklyRecapJob],
          jobDeps: jobDeps(db, time.now),
          heartbeat: still,
          now: time.now,
          instance: `instance-${i}`,
        }),
      );
      for (const s of schedulers) await s.start();
      const postedAt = new Map<number, string>();
      while (time.now() < new Date("2026-10-26T14:00:00Z")) {
        time.advance(15 * MINUTE);
        for (const s of schedulers) s.tick();
        await Promise.all(schedulers.map((s) => s.idle()));
        for (const chatId of photoCalls()) if (!postedAt.has(chatId)) postedAt.set(chatId, time.now().toISOString());
      }
      for (const s of schedulers) await s.stop();

      assert.deepEqual(Object.fromEntries(postedAt), {
        // 08:00 in Kolkata is 02:30 UTC: the half-hour slot, not 03:00.
        [KOLKATA]: "2026-10-26T02:30:00.000Z",
        // 10:00 in Berlin, in winter time since Sunday: 09:00 UTC (it was 08:00 UTC a week before).
        [BERLIN]: "2026-10-26T09:00:00.000Z",
        // 09:00 in New York, still summer time there: 13:00 UTC.
        [NEW_YORK]: "2026-10-26T13:00:00.000Z",
      });
      assert.deepEqual(photoCalls().sort(), [BERLIN, NEW_YORK, KOLKATA].sort(), "one post per chat");
      assert.deepEqual(
        server.callsTo("getFile").map((c) => c.payload.file_id),
        ["berlin-photo"],
        "the photo is fetched where the chat has one",
      );
      for (const call of server.callsTo("sendPhoto")) {
        const photo = attachedFile(call, "photo");
        assert.ok(photo, "a card is attached");
        assert.deepEqual(pngSize(photo.data), { width: 1080, height: 1350 });
        assert.equal(call.payload.parse_mode, "HTML");
        assert.ok(String(call.payload.caption).length > 0 && String(call.payload.caption).length <= 1024);
      }
      const rows = await posts(database);
      const sent = rows.filter((r) => r.status === "sent");
      assert.deepEqual(
        sent.map((r) => [Number(r.chat_id), r.week_start, r.attempts]),
        [
          [KOLKATA, "2026-10-19", 1],
          [NEW_YORK, "2026-10-19", 1],
          [BERLIN, "2026-10-19", 1],
        ].sort((a, b) => Number(a[0]) - Number(b[0])),
      );
      for (const row of sent) {
        const message = server.sentMessage(Number(row.chat_id), Number(row.message_id));
        assert.ok(message?.photo, "the stored message id is the posted photo's");
      }
      // The quiet chat's empty week is recorded once and never built again; OFF and GONE have no row.
      assert.deepEqual(
        rows.filter((r) => r.status !== "sent").map((r) => [Number(r.chat_id), r.week_start, r.status]),
        [[QUIET, "2026-10-19", "empty"]],
      );
      const runs = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM job_runs WHERE job = 'weekly-recap' AND trigger = 'schedule'`,
      );
      assert.equal(runs[0]?.n, 14 * 4, "every 15-minute slot ran once, on one of the two instances");
    });

    test("two manual runs at once, on two connections, post each chat's last week once", async () => {
      // Tuesday 3 Nov: the week of 26 Oct–1 Nov is complete everywhere; nobody's hour has come.
      const now = () => new Date("2026-11-03T05:00:00Z");
      const run = (db: Database) =>
        postWeeklyRecaps(
          {
            database: db,
            config: testConfig(server),
            now,
            log,
            send: sender(db, now),
          },
          { trigger: "manual" },
        );
      const [a, b] = await Promise.all([run(database), run(other)]);
      // The 26 Oct–1 Nov week is empty in every chat (the test data lies in the week before).
      assert.equal(a.sent + b.sent, 0);
      assert.equal(a.empty + b.empty, 4, "Berlin, New York, Kolkata and the quiet chat, once each");
      assert.equal(a.chats, 4, "OFF is off, GONE is gone");
      const weekRows = (await posts(database)).filter((r) => r.week_start === "2026-10-26");
      assert.deepEqual(weekRows.map((r) => Number(r.chat_id)).sort(), [BERLIN, NEW_YORK, KOLKATA, QUIET].sort());
    });

    test("a manual run posts a last week not yet posted, whatever the hour; then nothing more", async () => {
      await database.db.execute(sql`DELETE FROM recap_posts WHERE chat_id = ${NEW_YORK} AND week_start = '2026-10-19'`);
      const now = () => new Date("2026-10-28T03:00:00Z"); // Wednesday night: no chat's hour
      const deps = jobDeps(database, now);
      const scheduler = createScheduler({
        database,
        log,
        jobs: [weeklyRecapJob],
        jobDeps: deps,
        heartbeat: still,
        now,
      });
      await scheduler.start();
      // The slots missed since the last test's clock are caught up first (nothing is due at this hour).
      await scheduler.idle();
      const first = await scheduler.runNow("weekly-recap");
      const second = await scheduler.runNow("weekly-recap");
      await scheduler.stop();
      assert.equal(first.outcome, "ok", first.error);
      assert.deepEqual(photoCalls(), [NEW_YORK]);
      assert.equal(first.totals.sent, 1);
      assert.equal(first.totals.alreadyClaimed, 3);
      assert.equal(second.totals.sent, 0);
      assert.equal(second.totals.alreadyClaimed, 4);
    });

    test("429: waits its retry_after, then posts; 403: recorded, and the chat gets no more recaps", async () => {
      await database.db.execute(sql`DELETE FROM recap_posts WHERE week_start = '2026-10-19'`);
      const time = clock("2026-10-29T00:00:00Z");
      const deps = {
        database,
        config: testConfig(server),
        now: time.now,
        log,
        send: sender(database, time.now),
      };
      // Chats go in id order (Kolkata, New York, Berlin): Kolkata gets the 429, New York the 403.
      server.failNext("sendPhoto", {
        error_code: 429,
        description: "Too Many Requests: retry after 600",
        parameters: { retry_after: 600 },
      });
      server.failNext("sendPhoto", {
        error_code: 403,
        description: "Forbidden: bot was kicked from the supergroup chat",
      });
      const first = await postWeeklyRecaps(deps, { trigger: "manual" });
      assert.equal(first.sent, 1, "Berlin");
      assert.equal(first.retrying, 1);
      assert.equal(first.blocked, 1);
      const byChat = async () =>
        new Map(
          (await posts(database)).filter((r) => r.week_start === "2026-10-19").map((r) => [Number(r.chat_id), r]),
        );
      let rows = await byChat();
      assert.equal(rows.get(KOLKATA)?.status, "retry");
      assert.match(String(rows.get(KOLKATA)?.error), /^429/);
      assert.equal(rows.get(NEW_YORK)?.status, "failed");
      assert.match(String(rows.get(NEW_YORK)?.error), /^refused: Forbidden: bot was kicked/);
      const [status] = await database.rows<{ bot_status: string }>(
        sql`SELECT bot_status FROM chats WHERE id = ${NEW_YORK}`,
      );
      assert.equal(status?.bot_status, "kicked");

      time.advance(9 * MINUTE);
      const early = await postWeeklyRecaps(deps, { trigger: "manual" });
      assert.equal(early.retries, 0, "not before retry_after");
      time.advance(1 * MINUTE);
      const later = await postWeeklyRecaps(deps, { trigger: "manual" });
      assert.equal(later.retries, 1);
      assert.equal(later.sent, 1);
      rows = await byChat();
      assert.equal(rows.get(KOLKATA)?.status, "sent");
      assert.equal(rows.get(KOLKATA)?.attempts, 2);
      assert.deepEqual(
        server.callsTo("sendPhoto").map((c) => Number(c.payload.chat_id)),
        [KOLKATA, NEW_YORK, BERLIN, KOLKATA],
      );
      // The next week, New York is no longer considered.
      const next = await postWeeklyRecaps(
        { ...deps, now: () => new Date("2026-11-03T05:00:00Z") },
        { trigger: "manual" },
      );
      assert.equal(next.chats, 3);
      await database.db.execute(sql`UPDATE chats SET bot_status = 'administrator' WHERE id = ${NEW_YORK}`);
    });

    test("a send that keeps failing is retried within the day, then recorded as failed", async () => {
      await database.db.execute(sql`DELETE FROM recap_posts WHERE week_start = '2026-10-19'`);
      await database.db.execute(
        sql`UPDATE chats SET settings = '{"recap": {"enabled": false}}'::jsonb WHERE id IN (${NEW_YORK}, ${KOLKATA}, ${QUIET})`,
      );
      const time = clock("2026-10-29T00:00:00Z");
      const deps = {
        database,
        config: testConfig(server),
        now: time.now,
        log,
        send: sender(database, time.now),
      };
      server.failNext("sendPhoto", { error_code: 502, description: "Bad Gateway" }, 100);
      const attemptsAt: string[] = [];
      for (let step = 0; step < 5 * 4; step++) {
        const totals = await postWeeklyRecaps(deps, { trigger: "manual" });
        if (totals.retries + totals.sent + totals.failed + totals.retrying > 0)
          attemptsAt.push(time.now().toISOString());
        time.advance(15 * MINUTE);
      }
      assert.deepEqual(attemptsAt, [
        "2026-10-29T00:00:00.000Z",
        "2026-10-29T00:15:00.000Z",
        "2026-10-29T00:45:00.000Z",
        "2026-10-29T01:45:00.000Z",
        "2026-10-29T03:45:00.000Z",
      ]);
      time.set("2026-10-29T23:50:00Z");
      const late = await postWeeklyRecaps(deps, { trigger: "manual" });
      assert.equal(late.retries + late.sent, 0, "nothing more once recorded as failed");
      assert.equal(server.callsTo("sendPhoto").length, MAX_ATTEMPTS);
      const [row] = (await posts(database)).filter(
        (r) => Number(r.chat_id) === BERLIN && r.week_start === "2026-10-19",
      );
      assert.equal(row?.status, "failed");
      assert.equal(row?.attempts, MAX_ATTEMPTS);
      assert.equal(row?.error, "502: Bad Gateway");
      await database.db.execute(
        sql`UPDATE chats SET settings = '{}'::jsonb WHERE id IN (${NEW_YORK}, ${KOLKATA}, ${QUIET})`,
      );
    });

    test("a claim left by a process that died: before the send it is retried, during the send it is failed", async () => {
      const now = new Date("2026-11-10T12:00:00Z");
      await database.db.execute(sql`
        INSERT INTO recap_posts (chat_id, week_start, status, attempts, claimed_by, claimed_at, give_up_at, trigger, updated_at)
        VALUES (${BERLIN}, '2026-11-02', 'claimed', 0, 'dead#1', '2026-11-10T11:00:00Z', '2026-11-11T11:00:00Z', 'schedule', '2026-11-10T11:00:00Z'),
               (${KOLKATA}, '2026-11-02', 'sending', 1, 'dead#1', '2026-11-10T11:00:00Z', '2026-11-11T11:00:00Z', 'schedule', '2026-11-10T11:00:00Z')`);
      const totals = await postWeeklyRecaps(
        {
          database,
          config: testConfig(server),
          now: () => now,
          log,
          send: sender(database, () => now),
        },
        { trigger: "schedule" },
      );
      assert.equal(totals.recovered, 2);
      assert.equal(totals.retries, 1, "the claim that never sent is taken again at once");
      const rows = new Map(
        (await posts(database)).filter((r) => r.week_start === "2026-11-02").map((r) => [Number(r.chat_id), r]),
      );
      assert.equal(rows.get(BERLIN)?.status, "empty", "rebuilt: that week is empty");
      assert.equal(rows.get(KOLKATA)?.status, "failed");
      assert.match(String(rows.get(KOLKATA)?.error), /stopped while sending/);
      assert.equal(server.callsTo("sendPhoto").length, 0);
    });

    test("POST /internal/jobs/weekly-recap/run in the running app posts every unposted last week, whatever the hour", async () => {
      // From the tests before: for 19–25 Oct, Berlin's post failed; New York and Kolkata have no row.
      const now = () => new Date("2026-10-28T03:00:00Z");
      const pulse = await startTestPulse(server, database, { CRON_SECRET: "recap-secret-0123456789abcdef" }, now, {
        jobs: [weeklyRecapJob],
      });
      try {
        await pulse.scheduler.idle();
        const url = `http://127.0.0.1:${pulse.http.port}/internal/jobs/weekly-recap/run`;
        const answer = await fetch(url, {
          method: "POST",
          headers: { "x-cron-secret": "recap-secret-0123456789abcdef" },
        });
        assert.equal(answer.status, 202);
        await pulse.scheduler.idle();
        const [run] = await database.rows<{ trigger: string; outcome: string; totals: Record<string, number> }>(
          sql`SELECT trigger, outcome, totals FROM job_runs WHERE job = 'weekly-recap' AND trigger = 'manual'
              ORDER BY id DESC LIMIT 1`,
        );
        assert.equal(run?.outcome, "ok");
        assert.equal(run?.totals.sent, 2);
        assert.deepEqual(photoCalls().sort(), [NEW_YORK, KOLKATA].sort());
        const rows = (await posts(database)).filter((r) => r.week_start === "2026-10-19");
        assert.deepEqual(
          rows.map((r) => [Number(r.chat_id), r.status]).sort(),
          [
            [BERLIN, "failed"],
            [NEW_YORK, "sent"],
            [KOLKATA, "sent"],
            [QUIET, "empty"],
          ].sort(),
        );
      } finally {
        await pulse.stop();
      }
    });
  });
}
