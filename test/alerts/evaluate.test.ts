// Alert evaluation on crafted rollups with a fixed clock: each kind fires and stays silent
// where it should (dwell, cooldown, minimum volume, learning period, a chat the bot left),
// the anomaly score equals the one computed here by hand, and two evaluations at once
// never fire twice.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import { evaluateAlerts } from "../../src/alerts/evaluate.js";
import { parseAddRule } from "../../src/alerts/parse.js";
import type { NewRule } from "../../src/alerts/rules.js";
import type { Database } from "../../src/db/client.js";
import { testEngines } from "../helpers/db.js";

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const AT = Date.parse("2026-11-24T21:20:00Z"); // a Tuesday
const log = pino({ level: "silent" });
const deps = (database: Database) => ({ database, log, config: { defaultTimezone: "UTC" } });

const SPIKE = -1001;
const SMALL = -1002;
const SILENT = -1003;
const QUIET_AT_NIGHT = -1004;
const BUSY = -1005;
const CALM = -1006;
const LEFT = -1007;
const CHANNEL = -1008;
const YOUNG = -1009;

async function chat(database: Database, id: number, type = "supergroup", botStatus = "administrator") {
  await database.rows(
    sql`INSERT INTO chats (id, type, title, bot_status) VALUES (${id}, ${type}, ${`chat ${id}`}, ${botStatus})`,
  );
}

async function hour(database: Database, chatId: number, startMs: number, messages: number, joins = 0) {
  await database.rows(sql`
    INSERT INTO chat_hourly_activity (chat_id, hour, messages, joins)
    VALUES (${chatId}, ${new Date(startMs).toISOString()}::timestamptz, ${messages}, ${joins})
    ON CONFLICT (chat_id, hour) DO UPDATE SET messages = excluded.messages, joins = excluded.joins`);
}

async function rule(database: Database, chatId: number, line: string): Promise<number> {
  const parsed = parseAddRule(line.split(" "));
  assert.ok(parsed.ok, line);
  const r: NewRule = parsed.rule;
  const [row] = await database.rows<{ id: number }>(sql`
    INSERT INTO alert_rules (chat_id, kind, condition, severity, cooldown_minutes)
    VALUES (${chatId}, ${r.kind}, ${JSON.stringify(r.condition)}::jsonb, ${r.severity}, ${r.cooldownMinutes})
    RETURNING id`);
  return (row as { id: number }).id;
}

async function events(database: Database, chatId: number) {
  return database.rows<{ status: string; values: Record<string, unknown>; at: Date }>(
    sql`SELECT status, values, at FROM alert_events WHERE chat_id = ${chatId} ORDER BY id`,
  );
}

const run = (database: Database, atMs: number) => evaluateAlerts(deps(database), new Date(atMs));

for (const engine of testEngines()) {
  describe(`alert evaluation on ${engine.name}`, () => {
    let database: Database;
    const ids: Record<string, number> = {};

    before(async () => {
      database = await engine.open();
      const nineWeeksAgo = AT - 9 * WEEK - 5 * HOUR;
      for (const id of [SPIKE, SMALL, SILENT, QUIET_AT_NIGHT, BUSY, CALM, YOUNG]) await chat(database, id);
      await chat(database, LEFT, "supergroup", "kicked");
      await chat(database, CHANNEL, "channel");
      for (const id of [SPIKE, SMALL, SILENT, QUIET_AT_NIGHT, BUSY, CALM, LEFT])
        await hour(database, id, nineWeeksAgo, 1);

      // SPIKE: Tuesdays 21:00 had these counts, 20:00 always 60.
      const tuesdays = [80, 85, 87, 90, 95, 100, 400, 88];
      const at21 = AT - 20 * 60_000;
      for (let k = 1; k <= 8; k++) {
        await hour(database, SPIKE, at21 - k * WEEK, tuesdays[k - 1] as number);
        await hour(database, SPIKE, at21 - HOUR - k * WEEK, 60);
      }
      await hour(database, SPIKE, at21, 300);
      await hour(database, SPIKE, at21 - HOUR, 90);

      // SMALL: the same shape at a tenth of the volume: a spike of 15 is unusual but tiny.
      const small = [1, 0, 2, 1, 0, 1, 2, 1];
      for (let k = 1; k <= 8; k++) await hour(database, SMALL, at21 - k * WEEK, small[k - 1] as number);
      await hour(database, SMALL, at21, 15);

      // SILENT: normally 10 messages in each of the six hours before 21:20 on Tuesdays; today none.
      // QUIET_AT_NIGHT: nothing then in earlier weeks either.
      for (let k = 1; k <= 8; k++)
        for (let h = 0; h <= 6; h++) await hour(database, SILENT, at21 - h * HOUR - k * WEEK, 10);

      // BUSY and CALM against a fixed line; LEFT would fire but the bot was removed.
      await hour(database, BUSY, at21, 150);
      await hour(database, CALM, at21, 50);
      await hour(database, LEFT, at21, 150);

      // YOUNG: two days of history only: no baseline yet, whatever happens.
      await hour(database, YOUNG, AT - 2 * 24 * HOUR, 1);
      await hour(database, YOUNG, at21, 500);

      ids.spike = await rule(database, SPIKE, "activity-spike");
      ids.small = await rule(database, SMALL, "activity-spike");
      ids.silent = await rule(database, SILENT, "silence hours=6");
      ids.quiet = await rule(database, QUIET_AT_NIGHT, "silence hours=6");
      ids.busy = await rule(database, BUSY, "threshold messages_per_hour > 100");
      ids.calm = await rule(database, CALM, "threshold messages_per_hour > 100");
      ids.left = await rule(database, LEFT, "threshold messages_per_hour > 100");
      ids.young = await rule(database, YOUNG, "activity-spike");
      ids.viral = await rule(database, CHANNEL, "viral-post");

      // CHANNEL: 30 earlier posts with 100/200/300/500 views at 1/3/6/24 h, one new post.
      const ages: [number, number, number][] = [
        [1, 100, 2],
        [3, 200, 4],
        [6, 300, 6],
        [24, 500, 10],
      ];
      for (let i = 0; i < 30; i++) {
        const date = AT - 2 * 24 * HOUR - i * 6 * HOUR;
        for (const [age, views, forwards] of ages)
          await snapshot(database, CHANNEL, 100 + i, date, age, views + i, forwards);
      }
      const posted = AT - 65 * 60_000;
      await snapshot(database, CHANNEL, 500, posted, 1.05, 350, 3);
      await snapshot(database, CHANNEL, 500, posted, 3, 2200, 40);
      await snapshot(database, CHANNEL, 500, posted, 6, 4000, 90);
    });

    after(async () => {
      await database.close();
    });

    test("an anomaly fires on the second consecutive evaluation, with the score computed by hand", async () => {
      const first = await run(database, AT);
      assert.equal(first.rules, 8, "the chat the bot left is not evaluated");
      assert.deepEqual(await events(database, SPIKE), [], "one breaching evaluation is not enough");

      await run(database, AT + 5 * 60_000);
      const fired = await events(database, SPIKE);
      assert.equal(fired.length, 1);
      assert.equal(fired[0]?.status, "fired");
      // At 21:25 each week's last hour is its 21:00 count plus 35/60 of 20:00's 60: x + 35.
      // Baseline 115,120,122,125,130,135,435,123 → median 124; deviations 9,4,2,1,6,11,311,1 → MAD 5.
      // Now: 300 + 35/60 × 90 = 352.5; score 0.6745 × (352.5 − 124) / 5 = 30.82.
      const values = fired[0]?.values as Record<string, number | string>;
      assert.equal(values.value, 352.5);
      assert.equal(values.median, 124);
      assert.equal(values.mad, 5);
      assert.equal(values.score, Math.round(((0.6745 * (352.5 - 124)) / 5) * 100) / 100);
      assert.equal(values.baseline, "hour-of-week");
      assert.equal(values.samples, 8);

      await run(database, AT + 10 * 60_000);
      assert.equal((await events(database, SPIKE)).length, 1, "an open episode fires once");
    });

    test("small chats, young chats and calm chats stay silent", async () => {
      assert.deepEqual(await events(database, SMALL), [], "15 messages is below the minimum volume");
      assert.deepEqual(await events(database, YOUNG), [], "no baseline before three days of history");
      assert.deepEqual(await events(database, CALM), []);
      assert.deepEqual(await events(database, QUIET_AT_NIGHT), [], "quiet at this time every week");
      assert.deepEqual(await events(database, LEFT), []);
    });

    test("a threshold and a silence fire at once", async () => {
      const busy = await events(database, BUSY);
      assert.equal(busy.length, 1);
      assert.deepEqual(busy[0]?.values, { metric: "messages_per_hour", value: 150, op: ">", limit: 100 });
      const silent = await events(database, SILENT);
      assert.equal(silent.length, 1);
      assert.equal(silent[0]?.status, "fired");
      // Each earlier Tuesday: six whole hours of 10 and 40/60 of the hour before: 66.67.
      assert.equal((silent[0]?.values as Record<string, number> | undefined)?.typical, 66.67);
    });

    test("an episode resolves, and a new one within the cooldown is recorded but not sent", async () => {
      // 23:20: the last two hours had nothing, as on earlier Tuesdays: score 0 → resolved.
      await run(database, AT + 2 * HOUR);
      assert.deepEqual(
        (await events(database, SPIKE)).map((e) => e.status),
        ["fired", "resolved"],
      );
      const late = AT + 2 * HOUR + 10 * 60_000; // 23:30
      await hour(database, SPIKE, late - 30 * 60_000, 500);
      await run(database, late);
      await run(database, late + 5 * 60_000);
      assert.deepEqual(
        (await events(database, SPIKE)).map((e) => e.status),
        ["fired", "resolved", "suppressed"],
        "2 h after the first alert is inside the 6 h cooldown",
      );
    });

    test("a viral post alerts at 3× its channel's normal, escalates once at 10×, then stays quiet", async () => {
      // Evaluations so far ran at 21:20 (the post 1 h old), 21:25, 21:30, 23:20 (3 h old), 23:30, 23:35.
      const viral = await events(database, CHANNEL);
      assert.deepEqual(
        viral.map((e) => [e.status, new Date(e.at).toISOString()]),
        [
          ["fired", new Date(AT).toISOString()],
          ["escalated", new Date(AT + 2 * HOUR).toISOString()],
        ],
      );
      // 350 views at 1 h against a median of 100…129 (114.5): 3.06×.
      const values = viral[0]?.values as Record<string, number>;
      assert.equal(values.messageId, 500);
      assert.equal(values.typicalViews, 115);
      assert.equal(values.ratio, Math.round((350 / 114.5) * 100) / 100);
      assert.equal(values.propagationRate, Math.round((3 / 1.05) * 100) / 100);
      // 2,200 views at 3 h against 214.5: 10.26×.
      assert.equal(
        (viral[1]?.values as Record<string, number> | undefined)?.ratio,
        Math.round((2200 / 214.5) * 100) / 100,
      );

      await run(database, AT + 5 * HOUR - 5 * 60_000); // 6 h old: still ≥ 10×, nothing more
      assert.equal((await events(database, CHANNEL)).length, 2);
    });

    test("two evaluations at the same instant fire once", async () => {
      const id = -1010;
      await chat(database, id);
      await hour(database, id, AT - 9 * WEEK, 1);
      await hour(database, id, AT + 6 * HOUR - 20 * 60_000, 400);
      await rule(database, id, "threshold messages_per_hour > 100");
      const at = AT + 6 * HOUR;
      await Promise.all([run(database, at), run(database, at)]);
      await Promise.all([run(database, at + 5 * 60_000), run(database, at + 5 * 60_000)]);
      const statuses = (await events(database, id)).map((e) => e.status);
      assert.equal(statuses.filter((s) => s === "fired").length, 1, `events: ${statuses.join(", ")}`);
    });
  });
}

async function snapshot(
  database: Database,
  chatId: number,
  messageId: number,
  dateMs: number,
  ageHours: number,
  views: number,
  forwards: number,
) {
  await database.rows(sql`
    INSERT INTO message_engagement_timeline (chat_id, message_id, captured_at, message_date, views, forwards, age_hours)
    VALUES (${chatId}, ${messageId}, ${new Date(dateMs + ageHours * HOUR).toISOString()}::timestamptz,
            ${new Date(dateMs).toISOString()}::timestamptz, ${views}, ${forwards}, ${ageHours})`);
}
