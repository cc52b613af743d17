// The sender end to end: the real Pulse (startPulse, auto-retry and the throttler on the bot's
// Api) against the Bot API stand-in, on PGlite and PostgreSQL. Spacing per chat and the group
// quota are read from the stand-in's arrival times (shortened limits, lower bounds only); a 429
// is waited out and counted; a 403 or a vanished chat is remembered so the next send never
// reaches Telegram, also after a restart, until the user talks to the bot or the bot is re-added.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { InputFile } from "grammy";
import type { Chat, User } from "grammy/types";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { getDmStatuses, type SendLimits } from "../../src/delivery/index.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { chatMemberUpdate, member, message, person, update } from "../helpers/updates.js";

const NOW = new Date("2026-03-11T12:00:00Z");
const AT = "2026-03-11T12:00:00Z";

// Short enough to keep the file fast, long enough to be told from no limit at all.
const LIMITS: SendLimits = {
  overall: { count: 1_000, perMs: 1_000 },
  perChatGapMs: 100,
  perGroup: { count: 3, perMs: 1_500 },
};

const SPACED_GROUP = -1002000000001;
const LIMITED_GROUP = -1002000000002;
const KICKED_GROUP = -1002000000003;
const BASIC_GROUP = -2000000004; // becomes…
const SUPERGROUP = -1002000000005;
const GONE_GROUP = -1002000000006;
const SPACED_USER = 600001;
const NEW_USER = 600002; // never started the bot
const BLOCKING_USER = 600003;
const OWNERS = [700001, 700002];

const privateChat = (id: number): Chat.PrivateChat => ({ id, type: "private", first_name: `User ${id}` });

for (const engine of testEngines()) {
  describe(`delivery through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    let bot: User;

    const start = () =>
      startTestPulse(server, database, { BOT_OWNER_IDS: OWNERS.join(",") }, () => NOW, { sendLimits: LIMITS });
    const sendsTo = (chatId: number, method = "sendMessage") =>
      server.callsTo(method).filter((c) => c.payload.chat_id === chatId);
    const botStatus = async (chatId: number) =>
      (await database.rows<{ bot_status: string | null }>(sql`SELECT bot_status FROM chats WHERE id = ${chatId}`))[0]
        ?.bot_status;
    const dmStatus = async (userId: number) =>
      (
        await database.rows<{ dm_status: string | null; dm_status_at: Date | string | null }>(
          sql`SELECT dm_status, dm_status_at FROM users WHERE id = ${userId}`,
        )
      )[0];
    const counter = async (name: string, labels: Record<string, string>) => {
      const metric = await pulse.metrics.registry.getSingleMetric(name)?.get();
      const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
      return value?.value ?? 0;
    };

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      bot = { id: server.botInfo.id, is_bot: true, first_name: server.botInfo.first_name };
      for (const id of [SPACED_GROUP, LIMITED_GROUP, KICKED_GROUP, GONE_GROUP]) {
        await database.rows(
          sql`INSERT INTO chats (id, type, bot_status) VALUES (${id}, 'supergroup', 'administrator')`,
        );
      }
      await database.rows(sql`
        INSERT INTO chats (id, type, bot_status, timezone, locale) VALUES (${BASIC_GROUP}, 'group', 'member', 'Asia/Tokyo', 'ru')`);
      pulse = await start();
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    test("messages to one chat are spaced, and a group's quota holds the rest", async () => {
      const started = Date.now();
      const outcomes = await Promise.all([
        ...[0, 1, 2, 3].map((i) => pulse.delivery.sendMessage(SPACED_GROUP, `group ${i}`)),
        ...[0, 1, 2].map((i) => pulse.delivery.dm(SPACED_USER, `private ${i}`)),
      ]);
      assert.deepEqual(
        outcomes.map((o) => (o.ok ? o.message.text : `not sent: ${o.description}`)),
        ["group 0", "group 1", "group 2", "group 3", "private 0", "private 1", "private 2"],
      );
      const group = sendsTo(SPACED_GROUP).map((c) => c.at);
      const user = sendsTo(SPACED_USER).map((c) => c.at);
      assert.equal(group.length, 4);
      assert.equal(user.length, 3);
      // The n-th message of a chat cannot leave before n gaps have passed since the first call.
      for (const [i, at] of group.entries())
        assert.ok(at - started >= 100 * i, `group message ${i} at +${at - started} ms`);
      for (const [i, at] of user.entries())
        assert.ok(at - started >= 100 * i, `private message ${i} at +${at - started} ms`);
      // Three per 1.5 s to one group: the fourth waits for the quota, not just the gap.
      assert.ok((group[3] as number) - started >= 1_500, `the fourth came at +${(group[3] as number) - started} ms`);
    });

    test("a 429 is waited out for retry_after and sent again, and counted", async () => {
      server.failNext("sendMessage", {
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      });
      const outcome = await pulse.delivery.sendMessage(LIMITED_GROUP, "after the wait");
      assert.equal(outcome.ok, true);
      const [refused, retried] = sendsTo(LIMITED_GROUP);
      assert.ok(refused && retried);
      assert.ok(retried.at - refused.at >= 1_000, `retried after ${retried.at - refused.at} ms`);
      assert.equal(server.sentMessages(LIMITED_GROUP).at(-1)?.text, "after the wait");
      assert.equal(await counter("pulse_bot_api_errors_total", { method: "sendMessage", code: "429" }), 1);
    });

    test("a 429 longer than auto-retry waits is reported with its wait, and nothing is remembered", async () => {
      server.failNext("sendMessage", {
        error_code: 429,
        description: "Too Many Requests: retry after 30",
        parameters: { retry_after: 30 },
      });
      const outcome = await pulse.delivery.sendMessage(LIMITED_GROUP, "too soon");
      assert.deepEqual(outcome, {
        ok: false,
        reason: "rate_limited",
        chatId: LIMITED_GROUP,
        description: "Too Many Requests: retry after 30",
        attempted: true,
        errorCode: 429,
        retryAfter: 30,
      });
      assert.equal(await botStatus(LIMITED_GROUP), "administrator");
      assert.equal((await pulse.delivery.sendMessage(LIMITED_GROUP, "later")).ok, true);
      assert.equal(sendsTo(LIMITED_GROUP).length, 2);
      assert.equal(await counter("pulse_deliveries_total", { method: "sendMessage", outcome: "rate_limited" }), 1);
    });

    test("kicked from a group: remembered, not tried again even after a restart, until re-added", async () => {
      server.failNext("sendPhoto", {
        error_code: 403,
        description: "Forbidden: bot was kicked from the supergroup chat",
      });
      const photo = () => new InputFile(Buffer.from("not really a png"), "recap.png");
      const first = await pulse.delivery.sendPhoto(KICKED_GROUP, photo(), { caption: "Week 11" });
      assert.deepEqual(first, {
        ok: false,
        reason: "blocked",
        chatId: KICKED_GROUP,
        description: "Forbidden: bot was kicked from the supergroup chat",
        attempted: true,
        errorCode: 403,
        mark: "kicked",
      });
      assert.equal(await botStatus(KICKED_GROUP), "kicked");

      const second = await pulse.delivery.sendPhoto(KICKED_GROUP, photo());
      assert.equal(second.ok, false);
      assert.equal(!second.ok && second.attempted, false);
      assert.equal(!second.ok && second.reason, "blocked");
      const text = await pulse.delivery.sendMessage(KICKED_GROUP, "any kind of message");
      assert.equal(!text.ok && text.attempted, false);
      assert.equal(sendsTo(KICKED_GROUP, "sendPhoto").length, 1, "only the first send reached Telegram");
      assert.equal(sendsTo(KICKED_GROUP).length, 0);
      assert.equal(await counter("pulse_deliveries_total", { method: "sendPhoto", outcome: "skipped" }), 1);

      await pulse.stop();
      pulse = await start();
      const afterRestart = await pulse.delivery.sendPhoto(KICKED_GROUP, photo());
      assert.equal(!afterRestart.ok && afterRestart.attempted, false);
      assert.equal(sendsTo(KICKED_GROUP, "sendPhoto").length, 1);

      // Someone adds the bot back: ingest stores its new status from my_chat_member.
      server.pushUpdate(
        chatMemberUpdate(
          "my_chat_member",
          { id: KICKED_GROUP, type: "supergroup", title: "Kicked" },
          person(1, "Admin"),
          AT,
          member(bot, "kicked"),
          member(bot, "member"),
        ),
      );
      await waitFor(async () => (await botStatus(KICKED_GROUP)) === "member", 10_000, "the re-add to be stored");
      const back = await pulse.delivery.sendPhoto(KICKED_GROUP, photo());
      assert.equal(back.ok, true);
      assert.equal(sendsTo(KICKED_GROUP, "sendPhoto").length, 2);
    });

    test("a user who never started the bot: remembered with the time, then /start clears it", async () => {
      server.failNext("sendMessage", {
        error_code: 403,
        description: "Forbidden: bot can't initiate conversation with a user",
      });
      const first = await pulse.delivery.dm(NEW_USER, "An alert");
      assert.equal(first.ok, false);
      assert.equal(!first.ok && first.reason, "blocked");
      assert.equal(!first.ok && first.mark, "not_started");
      const stored = await dmStatus(NEW_USER);
      assert.equal(stored?.dm_status, "not_started");
      assert.equal(new Date(stored?.dm_status_at as string).toISOString(), NOW.toISOString());
      assert.deepEqual(await getDmStatuses(database, [NEW_USER, SPACED_USER, 1]), new Map([[NEW_USER, "not_started"]]));

      // Neither a text nor a chart is tried while the mark stands.
      const again = await pulse.delivery.dm(NEW_USER, "Another alert");
      const chart = await pulse.delivery.sendPhoto(NEW_USER, new InputFile(Buffer.from("png"), "chart.png"));
      assert.equal(!again.ok && again.attempted, false);
      assert.equal(!chart.ok && chart.attempted, false);
      assert.equal(!chart.ok && chart.mark, "not_started");
      assert.equal(sendsTo(NEW_USER).length, 1);
      assert.equal(sendsTo(NEW_USER, "sendPhoto").length, 0);

      server.pushUpdate(
        update.message(
          message(privateChat(NEW_USER), 1, AT, {
            from: person(NEW_USER, "New"),
            text: "/start",
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          }),
        ),
      );
      await waitFor(async () => (await dmStatus(NEW_USER))?.dm_status === null, 10_000, "/start to clear the mark");
      assert.deepEqual(await getDmStatuses(database, [NEW_USER]), new Map());
      const now = await pulse.delivery.dm(NEW_USER, "Now it works");
      assert.equal(now.ok, true);
      assert.equal(server.sentMessages(NEW_USER).at(-1)?.text, "Now it works");
    });

    test("a user who blocks the bot is not tried; unblocking clears it", async () => {
      const chat = privateChat(BLOCKING_USER);
      const from = person(BLOCKING_USER, "Blocker");
      server.pushUpdate(
        chatMemberUpdate("my_chat_member", chat, from, AT, member(bot, "member"), member(bot, "kicked")),
      );
      await waitFor(async () => (await dmStatus(BLOCKING_USER))?.dm_status === "blocked", 10_000, "the block");
      const refused = await pulse.delivery.dm(BLOCKING_USER, "hello?");
      assert.equal(!refused.ok && refused.reason, "blocked");
      assert.equal(!refused.ok && refused.attempted, false);
      assert.equal(sendsTo(BLOCKING_USER).length, 0);

      server.pushUpdate(
        chatMemberUpdate("my_chat_member", chat, from, AT, member(bot, "kicked"), member(bot, "member")),
      );
      await waitFor(async () => (await dmStatus(BLOCKING_USER))?.dm_status === null, 10_000, "the unblock");
      assert.equal((await pulse.delivery.dm(BLOCKING_USER, "welcome back")).ok, true);
    });

    test("a migrated group is reported with its supergroup, which inherits its settings", async () => {
      server.failNext("sendMessage", {
        error_code: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: SUPERGROUP },
      });
      const first = await pulse.delivery.sendMessage(BASIC_GROUP, "recap");
      assert.equal(!first.ok && first.reason, "chat_gone");
      assert.equal(!first.ok && first.mark, "migrated");
      assert.equal(!first.ok && first.migratedTo, SUPERGROUP);
      const rows = await database.rows<{
        id: number;
        type: string;
        timezone: string;
        locale: string;
        to: number | null;
      }>(
        sql`SELECT id, type, timezone, locale, migrated_to_chat_id AS to FROM chats WHERE id IN (${BASIC_GROUP}, ${SUPERGROUP}) ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => [Number(r.id), r.type, r.timezone, r.locale, r.to === null ? null : Number(r.to)]),
        [
          [SUPERGROUP, "supergroup", "Asia/Tokyo", "ru", null],
          [BASIC_GROUP, "group", "Asia/Tokyo", "ru", SUPERGROUP],
        ],
      );
      const second = await pulse.delivery.sendMessage(BASIC_GROUP, "recap");
      assert.equal(!second.ok && second.attempted, false);
      assert.equal(!second.ok && second.migratedTo, SUPERGROUP);
      assert.equal(sendsTo(BASIC_GROUP).length, 1);
      assert.equal((await pulse.delivery.sendMessage(SUPERGROUP, "recap")).ok, true);
    });

    test("a chat Telegram cannot find is remembered; a refused request is not", async () => {
      const tooLong = await pulse.delivery.sendMessage(GONE_GROUP, "x".repeat(5_000));
      assert.equal(!tooLong.ok && tooLong.reason, "error");
      assert.equal(!tooLong.ok && tooLong.errorCode, 400);
      assert.equal(!tooLong.ok && tooLong.mark, undefined);
      assert.equal(await botStatus(GONE_GROUP), "administrator");

      server.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
      const gone = await pulse.delivery.sendMessage(GONE_GROUP, "hello");
      assert.equal(!gone.ok && gone.reason, "chat_gone");
      assert.equal(!gone.ok && gone.mark, "left");
      assert.equal(await botStatus(GONE_GROUP), "left");
      const skipped = await pulse.delivery.sendMessage(GONE_GROUP, "hello");
      assert.equal(!skipped.ok && skipped.reason, "chat_gone");
      assert.equal(!skipped.ok && skipped.attempted, false);
      assert.equal(sendsTo(GONE_GROUP).length, 2);
    });

    test("owner notices reach every owner and say which could not be reached", async () => {
      server.failNext("sendMessage", {
        error_code: 403,
        description: "Forbidden: bot can't initiate conversation with a user",
      });
      const outcomes = await pulse.delivery.notifyOwners("The user session needs a new login");
      assert.deepEqual(
        outcomes.map((o) => (o.ok ? ["ok", o.message.chat.id] : [o.reason, o.chatId, o.mark])),
        [
          ["blocked", OWNERS[0], "not_started"],
          ["ok", OWNERS[1]],
        ],
      );
      assert.deepEqual(
        server.callsTo("sendMessage").map((c) => c.payload.chat_id),
        OWNERS,
      );
      assert.throws(() => pulse.delivery.dm(SPACED_GROUP, "not a user"), RangeError);
    });
  });
}
