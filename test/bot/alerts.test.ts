// /alerts end to end through the local Bot API server: admins add rules by one-line command
// and by buttons, bad rules are refused with the reason and store nothing, non-admins can
// neither see nor press; the evaluation job DMs subscribed admins with the numbers, once per
// episode; an admin who never started the bot is named once in the group; 429 is waited
// out; quiet hours fold alerts into one summary; a daily cap holds the rest.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "grammy";
import pino from "pino";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { evaluateAlertsJob } from "../../src/jobs/evaluate-alerts.js";
import type { JobDeps } from "../../src/jobs/types.js";
import { attachedFile, type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { pngSize } from "../helpers/png.js";
import { startTestPulse, testConfig, waitFor } from "../helpers/pulse.js";
import { member, message, person, supergroup, update } from "../helpers/updates.js";

const GROUP = supergroup(-1001234567001, "Night Owls");
const anna = person(11, "Anna", "anna"); // admin, started the bot
const bernd = person(12, "Bernd"); // member
const clara = person(13, "Clara"); // admin who never started the bot
const HOUR = 3_600_000;
const START = Date.parse("2026-11-24T21:20:00Z");
let clock = START;
const now = () => new Date(clock);
let nextId = 9000;

const privateChat = (user: typeof anna) => ({ id: user.id, type: "private" as const, first_name: user.first_name });

function command(chat: typeof GROUP | ReturnType<typeof privateChat>, from: typeof anna, text: string) {
  return update.message(
    message(chat, nextId++, new Date(clock - 1000).toISOString(), {
      from,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? text.length }],
    }),
  );
}

function press(from: typeof anna, data: string, chatId: number, messageId = 1, id = `press-${nextId++}`) {
  return {
    id,
    update: {
      callback_query: {
        id,
        from,
        chat_instance: "x",
        data,
        message: {
          message_id: messageId,
          date: 1,
          chat: chatId > 0 ? privateChat(from) : GROUP,
          from: undefined,
          text: "panel",
        },
      },
    },
  };
}

for (const engine of testEngines()) {
  describe(`/alerts through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    let jobDeps: JobDeps;

    /** Pushes a command and waits for the next message the bot sends to that chat. */
    const ask = async (chat: typeof GROUP, from: typeof anna, text: string): Promise<string> => {
      const sentTo = () => server.callsTo("sendMessage").filter((c: RecordedCall) => c.payload.chat_id === chat.id);
      const before = sentTo().length;
      server.pushUpdate(command(chat, from, text));
      await waitFor(() => sentTo().length > before, 15_000, `an answer to ${text}`);
      return String(sentTo()[before]?.payload.text);
    };
    const answerOf = (id: string) =>
      server.waitForCall("answerCallbackQuery", (c: RecordedCall) => c.payload.callback_query_id === id, 15_000);
    const rules = () =>
      database.rows<{ id: number; kind: string; status: string; severity: string; condition: Record<string, unknown> }>(
        sql`SELECT id, kind, status, severity, condition FROM alert_rules WHERE chat_id = ${GROUP.id} ORDER BY id`,
      );
    const runJob = () =>
      evaluateAlertsJob.run(jobDeps, {
        signal: new AbortController().signal,
        trigger: "manual",
        scheduledFor: now(),
        log: pino({ level: "silent" }),
      });

    before(async () => {
      clock = START;
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(GROUP.id, member(anna, "administrator"));
      server.setChatMember(GROUP.id, member(clara, "administrator"));
      server.setChatMember(GROUP.id, member(bernd, "member"));
      pulse = await startTestPulse(server, database, {}, now);
      const config = testConfig(server);
      jobDeps = {
        database,
        writer: pulse.writer,
        log: pino({ level: "silent" }),
        metrics: pulse.metrics,
        api: new Api(config.botToken, { apiRoot: config.telegramApiRoot }),
        config,
        now,
        renderer: pulse.renderer,
        delivery: pulse.delivery,
      } as JobDeps;
      // The chat is known to Pulse (a message seen), with nine weeks of history.
      server.pushUpdate(
        update.message(
          message(GROUP, 1, new Date(START - 9 * 7 * 24 * HOUR).toISOString(), { from: bernd, text: "hi" }),
        ),
      );
      await waitFor(
        async () => (await database.rows(sql`SELECT 1 FROM chats WHERE id = ${GROUP.id}`)).length > 0,
        10_000,
        "the group to be recorded",
      );
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    test("a member can neither see nor change the chat's alerts", async () => {
      assert.match(await ask(GROUP, bernd, "/alerts"), /Only the chat's admins/);
      assert.match(await ask(GROUP, bernd, "/alerts add activity-spike"), /Only the chat's admins/);
      assert.deepEqual(await rules(), []);
    });

    test("bad one-line rules are refused with the reason and store nothing", async () => {
      const cases: [string, RegExp][] = [
        ["/alerts add threshold messages_per_hour > -5", /can't be negative/],
        ["/alerts add spikes", /There is no preset “spikes”/],
        ["/alerts add activity-spike cooldown=0m", /between 1 minute and 7 days/],
        ["/alerts add threshold messages_per_minute > 5", /Unknown metric “messages_per_minute”/],
        ["/alerts add silence hours=48", /1 to 24 hours/],
      ];
      for (const [text, reason] of cases) {
        const reply = await ask(GROUP, anna, text);
        assert.match(reply, reason, text);
        assert.match(reply, /\/alerts add threshold messages_per_hour &gt; 500/, "the answer shows the right form");
      }
      assert.deepEqual(await rules(), []);
      // What people type is shown back escaped, so Telegram's HTML parser never refuses the answer.
      assert.match(await ask(GROUP, anna, "/alerts add <b>oops"), /There is no preset “&lt;b&gt;oops”/);
    });

    test("an admin adds a rule in one line and another with two taps; a member's press changes nothing", async () => {
      assert.match(
        await ask(GROUP, anna, "/alerts add threshold messages_per_hour > 100 critical cooldown=2h"),
        /Rule <b>#\d+<\/b>: messages per hour &gt; 100/,
      );

      // The panel is for admins only: asked in the group, it goes to the admin privately.
      assert.match(await ask(GROUP, anna, "/alerts"), /sent you this chat's alerts privately/);
      const panelMessage = server.sentMessages(anna.id).at(-1);
      assert.match(String(panelMessage?.text), /Alerts for Night Owls/);
      const panelId = panelMessage?.message_id;
      const toAnna = () => server.callsTo("sendMessage").filter((c) => c.payload.chat_id === anna.id).length;
      const sentBefore = toAnna();
      const preset = press(anna, `aln|${GROUP.id}|silence`, anna.id, panelId);
      server.pushUpdate(preset.update);
      await answerOf(preset.id);
      const create = press(anna, `alc|${GROUP.id}|silence|warning`, anna.id, panelId);
      server.pushUpdate(create.update);
      assert.match(String((await answerOf(create.id)).payload.text), /Rule #\d+: Silence for 6 hours/);

      let stored = await rules();
      assert.deepEqual(
        stored.map((r) => [r.kind, r.severity, r.status]),
        [
          ["threshold", "critical", "active"],
          ["silence", "warning", "active"],
        ],
      );
      const silenceId = stored[1]?.id as number;
      const intruder = press(bernd, `alr|${GROUP.id}|${silenceId}|delete`, bernd.id, panelId);
      server.pushUpdate(intruder.update);
      assert.match(String((await answerOf(intruder.id)).payload.text), /Only the chat's admins/);
      const edits = server.callsTo("editMessageText").length;
      const pause = press(anna, `alr|${GROUP.id}|${silenceId}|pause`, anna.id, panelId);
      server.pushUpdate(pause.update);
      assert.match(String((await answerOf(pause.id)).payload.text), /paused/);
      await waitFor(() => server.callsTo("editMessageText").length > edits, 15_000, "the panel to be redrawn");
      const panel = server.callsTo("editMessageText").at(-1);
      assert.equal(panel?.payload.message_id, panelId);
      assert.match(String(panel?.payload.text), /⏸ <b>#\d+<\/b> Silence for 6 hours/);
      assert.equal(toAnna(), sentBefore, "edited, not sent again");
      stored = await rules();
      assert.equal(stored.length, 2);
      assert.equal(stored[1]?.status, "paused");
    });

    test("subscribed admins get one DM per episode with the numbers; the one who never started the bot is named once", async () => {
      assert.match(await ask(GROUP, anna, "/alerts on"), /by private message/);
      assert.match(await ask(GROUP, clara, "/alerts on"), /by private message/);
      server.reset();

      // 150 messages in the hour so far: above the line of 100.
      await database.rows(sql`
        INSERT INTO chat_hourly_activity (chat_id, hour, messages)
        VALUES (${GROUP.id}, ${new Date(START - 20 * 60_000).toISOString()}::timestamptz, 150)
        ON CONFLICT (chat_id, hour) DO UPDATE SET messages = 150`);
      // Alerts go as a chart with the text as its caption; Clara never started the bot.
      server.setResult("sendPhoto", (payload) => {
        if (payload.chat_id === clara.id)
          throw { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
        return {
          message_id: nextId++,
          date: Math.floor(clock / 1000),
          chat: privateChat(anna),
          photo: [{ file_id: "p", file_unique_id: "p", width: 1000, height: 560 }],
          caption: payload.caption,
        };
      });
      server.failNext("sendPhoto", {
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      });
      const result = await runJob();
      server.clearResult("sendPhoto");
      assert.equal(result.outcome, "ok");
      assert.equal(result.totals.fired, 1);
      const dm = server.callsTo("sendPhoto").filter((c) => c.payload.chat_id === anna.id);
      assert.equal(dm.length, 2, "a 429, waited out, then the DM");
      assert.equal(dm[0]?.payload.caption, dm[1]?.payload.caption);
      assert.match(
        String(dm[1]?.payload.caption),
        /<b>Night Owls<\/b>: messages per hour is at 150 \(your rule: &gt; 100\)/,
      );
      const chart = attachedFile(dm[1] as RecordedCall, "photo");
      assert.ok(chart, "the chart is attached");
      assert.deepEqual(pngSize(chart.data), { width: 1000, height: 560 });
      const named = server.callsTo("sendMessage").filter((c) => c.payload.chat_id === GROUP.id);
      assert.equal(named.length, 1);
      assert.match(String(named[0]?.payload.text), /Clara.*I can't send you alerts yet/);

      // The episode is still open five minutes later: nothing new.
      clock += 5 * 60_000;
      const again = await runJob();
      assert.equal(again.totals.fired, 0);
      assert.equal(server.callsTo("sendPhoto").filter((c) => c.payload.chat_id === anna.id).length, 2);
      assert.equal(server.callsTo("sendMessage").filter((c) => c.payload.chat_id === GROUP.id).length, 1, "named once");
    });
    test("quiet hours hold an alert and fold it into one summary when they end; a bad range changes nothing", async () => {
      const me = privateChat(anna) as unknown as typeof GROUP;
      assert.match(await ask(me, anna, "/alerts quiet 23:00-23:00"), /can't cover the whole day/);
      assert.match(await ask(me, anna, "/alerts quiet 22:00-08:00 Mars/Olympus"), /is not a time zone/);
      assert.deepEqual(await database.rows(sql`SELECT * FROM alert_recipients WHERE user_id = ${anna.id}`), []);
      assert.match(await ask(me, anna, "/alerts quiet 22:00-08:00 UTC"), /Quiet hours 22:00–08:00 \(UTC\)/);

      // 22:30: the hour is quiet again, the episode resolves; 23:20: 400 messages since 23:00,
      // past the threshold's 2-hour cooldown.
      clock = START + 70 * 60_000;
      assert.equal((await runJob()).totals.resolved, 1);
      clock = START + 2 * HOUR;
      await database.rows(sql`
        INSERT INTO chat_hourly_activity (chat_id, hour, messages)
        VALUES (${GROUP.id}, ${new Date(clock - 20 * 60_000).toISOString()}::timestamptz, 400)`);
      server.reset();
      const night = await runJob();
      assert.equal(night.totals.fired, 1);
      assert.equal(night.totals.held, 1);
      assert.equal(server.callsTo("sendMessage").filter((c) => c.payload.chat_id === anna.id).length, 0);
      assert.equal(server.callsTo("sendPhoto").filter((c) => c.payload.chat_id === anna.id).length, 0);

      clock = Date.parse("2026-11-25T08:05:00Z");
      const morning = await runJob();
      assert.equal(morning.totals.summaries, 1);
      const summary = server.callsTo("sendMessage").filter((c) => c.payload.chat_id === anna.id);
      assert.equal(summary.length, 1);
      assert.match(String(summary[0]?.payload.text), /While you were in quiet hours: one alert\.[\s\S]*is at 400/);
      await runJob();
      assert.equal(server.callsTo("sendMessage").filter((c) => c.payload.chat_id === anna.id).length, 1, "once");
    });
    test("two instances evaluating at once send one DM", async () => {
      assert.match(await ask(GROUP, anna, "/alerts add threshold joins_per_hour > 5"), /Rule <b>#\d+<\/b>/);
      clock = Date.parse("2026-11-25T09:20:00Z");
      await database.rows(sql`
        INSERT INTO chat_hourly_activity (chat_id, hour, joins)
        VALUES (${GROUP.id}, ${new Date(clock - 20 * 60_000).toISOString()}::timestamptz, 12)`);
      server.reset();
      const [a, b] = await Promise.all([runJob(), runJob()]);
      assert.equal(Number(a.totals.fired) + Number(b.totals.fired), 1);
      const dms = server.callsTo("sendPhoto").filter((c) => c.payload.chat_id === anna.id);
      assert.equal(dms.length, 1);
      assert.match(String(dms[0]?.payload.caption), /joins per hour is at 12/);
    });
  });
}
