// The real bot, started as `npm start` starts it, driven over HTTP by the test Bot API
// server with a scripted supergroup conversation; the database must hold exact counts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { type RawUpdate, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import {
  channel,
  chatMemberUpdate,
  GROUP_ANONYMOUS_BOT,
  member,
  message,
  person,
  reactionCountUpdate,
  reactionUpdate,
  seconds,
  supergroup,
  TELEGRAM_SERVICE,
  update,
} from "../helpers/updates.js";

const group = supergroup(-1001234567890, "Pulse Testers", true);
const linkedChannel = channel(-1005555555555, "Pulse News", "pulsenews");
const alice = person(101, "Alice", "alice");
const bob = person(102, "Bob", "bob");
const carol = person(103, "Carol");
const dave = person(104, "Dave", "dave");

function conversation(botUser: { id: number; is_bot: true; first_name: string; username: string }): RawUpdate[] {
  const m1 = message(group, 1, "2026-03-10T09:00:05Z", { from: alice, text: "Hello everyone 👋" });
  return [
    chatMemberUpdate(
      "my_chat_member",
      group,
      alice,
      "2026-03-10T08:59:00Z",
      member(botUser, "left"),
      member(botUser, "administrator"),
    ),
    update.message(m1),
    update.message(
      message(group, 2, "2026-03-10T09:01:00Z", {
        from: bob,
        caption: "sunset",
        photo: [{ file_id: "p", file_unique_id: "p", width: 90, height: 90 }],
        reply_to_message: m1,
      }),
    ),
    update.message(
      message(group, 3, "2026-03-10T09:02:00Z", {
        from: carol,
        text: "Beautiful!",
        reply_to_message: message(group, 2, "2026-03-10T09:01:00Z", { from: bob }),
      }),
    ),
    update.message(
      message(group, 4, "2026-03-10T09:05:00Z", {
        from: bob,
        text: "news",
        forward_origin: {
          type: "channel",
          chat: channel(-1009999999999, "Elsewhere"),
          message_id: 55,
          date: seconds("2026-03-09T12:00:00Z"),
        },
      }),
    ),
    update.message(
      message(group, 5, "2026-03-10T09:10:00Z", {
        from: alice,
        sticker: {
          file_id: "s",
          file_unique_id: "s",
          type: "regular",
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
        },
      }),
    ),
    update.edited({ ...m1, text: "Hello everyone 👋!", edit_date: seconds("2026-03-10T09:11:00Z") } as never),
    update.message(
      message(group, 6, "2026-03-10T09:15:00Z", { from: GROUP_ANONYMOUS_BOT, sender_chat: group, text: "Rules" }),
    ),
    update.message(
      message(group, 7, "2026-03-10T10:05:00Z", {
        from: carol,
        voice: { file_id: "v", file_unique_id: "v", duration: 3 },
        message_thread_id: 42,
        is_topic_message: true,
      }),
    ),
    chatMemberUpdate("chat_member", group, dave, "2026-03-10T10:20:00Z", member(dave, "left"), member(dave, "member"), {
      invite_link: {
        invite_link: "https://t.me/+AbCd...",
        name: "spring",
        creator: alice,
        creates_join_request: false,
        is_primary: false,
        is_revoked: false,
      },
    }),
    update.message(message(group, 8, "2026-03-10T10:20:00Z", { from: dave, new_chat_members: [dave] })),
    update.message(message(group, 9, "2026-03-10T10:21:00Z", { from: dave, text: "hi" })),
    reactionUpdate(group, 1, bob, "2026-03-10T10:22:00Z", [], ["👍"]),
    reactionUpdate(group, 1, carol, "2026-03-10T10:23:00Z", [], ["❤", "👍"]),
    reactionUpdate(group, 1, bob, "2026-03-10T10:24:00Z", ["👍"], ["🔥"]),
    reactionCountUpdate(group, 1, "2026-03-10T10:25:00Z", { "👍": 1, "❤": 1, "🔥": 1 }),
    chatMemberUpdate("chat_member", group, bob, "2026-03-10T10:30:00Z", member(bob, "member"), member(bob, "left")),
    update.message(message(group, 10, "2026-03-10T10:30:00Z", { from: bob, left_chat_member: bob })),
    update.message(
      message(group, 11, "2026-03-10T11:00:00Z", {
        from: alice,
        media_group_id: "album-1",
        video: { file_id: "vd", file_unique_id: "vd", width: 1, height: 1, duration: 1 },
      }),
    ),
    update.message(
      message(group, 12, "2026-03-10T11:30:00Z", {
        from: TELEGRAM_SERVICE,
        sender_chat: linkedChannel,
        is_automatic_forward: true,
        text: "New post",
        forward_origin: {
          type: "channel",
          chat: linkedChannel,
          message_id: 300,
          date: seconds("2026-03-10T11:29:59Z"),
        },
      }),
    ),
  ];
}

for (const engine of testEngines()) {
  describe(`live collection through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      pulse = await startTestPulse(server, database);
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });

    const settle = async (lastUpdateId: number) => {
      await server.waitUntilConfirmed(lastUpdateId, 10_000);
      await waitFor(() => pulse.polling.inFlight() === 0, 10_000, "handlers to finish");
    };
    const count = async (table: string, where = sql``) =>
      (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} ${where}`))[0]?.n;

    async function snapshot() {
      return {
        messages: await count("messages"),
        users: await database.rows(sql`SELECT id, first_name, username FROM users ORDER BY id`),
        chats: await database.rows(sql`SELECT id, type, title, is_forum, bot_status FROM chats ORDER BY id`),
        hourly: await database.rows(sql`
          SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24') AS hour, messages, text_chars, media, replies, forwards,
                 service_messages, joins, leaves
          FROM chat_hourly_activity WHERE chat_id = ${group.id} ORDER BY hour`),
        daily: await database.rows(sql`
          SELECT user_id, day, messages, media, replies FROM chat_user_daily_activity
          WHERE chat_id = ${group.id} ORDER BY user_id`),
        activeSenders: await database.rows(sql`
          SELECT day, active_senders FROM chat_daily_activity WHERE chat_id = ${group.id} ORDER BY day`),
        events: await database.rows(sql`
          SELECT user_id, kind, method, invite_link FROM member_events WHERE chat_id = ${group.id} ORDER BY occurred_at`),
        reactions: await database.rows(sql`
          SELECT message_id, reaction, user_id, count FROM message_reactions
          WHERE chat_id = ${group.id} ORDER BY user_id NULLS FIRST, reaction`),
      };
    }

    test("a scripted supergroup conversation lands with exact counts in every table and rollup", async () => {
      const ids = server.pushUpdates(conversation(server.botInfo as never));
      await settle(ids.at(-1) as number);

      const s = await snapshot();
      assert.equal(s.messages, 12);
      assert.deepEqual(s.users, [
        { id: 101, first_name: "Alice", username: "alice" },
        { id: 102, first_name: "Bob", username: "bob" },
        { id: 103, first_name: "Carol", username: null },
        { id: 104, first_name: "Dave", username: "dave" },
      ]);
      assert.deepEqual(s.chats, [
        { id: linkedChannel.id, type: "channel", title: "Pulse News", is_forum: false, bot_status: null },
        { id: group.id, type: "supergroup", title: "Pulse Testers", is_forum: true, bot_status: "administrator" },
      ]);
      assert.deepEqual(s.hourly, [
        // 1 edited (17 chars), 2 photo+caption (6), 3 reply (10), 4 forward (4), 5 sticker, 6 anonymous admin (5)
        {
          hour: "09",
          messages: 6,
          text_chars: 42,
          media: 2,
          replies: 2,
          forwards: 1,
          service_messages: 0,
          joins: 0,
          leaves: 0,
        },
        // 7 voice in topic, 9 "hi"; service: Dave's join, Bob's leave
        {
          hour: "10",
          messages: 2,
          text_chars: 2,
          media: 1,
          replies: 0,
          forwards: 0,
          service_messages: 2,
          joins: 1,
          leaves: 1,
        },
        // 11 video in an album, 12 automatic forward from the linked channel
        {
          hour: "11",
          messages: 2,
          text_chars: 8,
          media: 1,
          replies: 0,
          forwards: 1,
          service_messages: 0,
          joins: 0,
          leaves: 0,
        },
      ]);
      assert.deepEqual(s.daily, [
        { user_id: linkedChannel.id, day: "2026-03-10", messages: 1, media: 0, replies: 0 },
        { user_id: group.id, day: "2026-03-10", messages: 1, media: 0, replies: 0 },
        { user_id: 101, day: "2026-03-10", messages: 3, media: 2, replies: 0 },
        { user_id: 102, day: "2026-03-10", messages: 2, media: 1, replies: 1 },
        { user_id: 103, day: "2026-03-10", messages: 2, media: 1, replies: 1 },
        { user_id: 104, day: "2026-03-10", messages: 1, media: 0, replies: 0 },
      ]);
      // Six distinct senders that day: four people, the anonymous admin (as the group), the channel.
      assert.deepEqual(s.activeSenders, [{ day: "2026-03-10", active_senders: 6 }]);
      assert.deepEqual(s.events, [
        { user_id: 104, kind: "join", method: "link", invite_link: "spring" },
        { user_id: 102, kind: "leave", method: null, invite_link: null },
      ]);
      assert.deepEqual(s.reactions, [
        { message_id: 1, reaction: "❤", user_id: null, count: 1 },
        { message_id: 1, reaction: "👍", user_id: null, count: 1 },
        { message_id: 1, reaction: "🔥", user_id: null, count: 1 },
        { message_id: 1, reaction: "🔥", user_id: 102, count: 1 },
        { message_id: 1, reaction: "❤", user_id: 103, count: 1 },
        { message_id: 1, reaction: "👍", user_id: 103, count: 1 },
      ]);
      const [edited] = await database.rows(
        sql`SELECT text, thread_id FROM messages WHERE chat_id = ${group.id} AND message_id = 1`,
      );
      assert.deepEqual(edited, { text: "Hello everyone 👋!", thread_id: null });
      const [anonymous] = await database.rows(
        sql`SELECT user_id, sender_chat_id FROM messages WHERE chat_id = ${group.id} AND message_id = 6`,
      );
      assert.deepEqual(anonymous, { user_id: null, sender_chat_id: group.id });
      const [topic] = await database.rows(
        sql`SELECT kind, thread_id FROM messages WHERE chat_id = ${group.id} AND message_id = 7`,
      );
      assert.deepEqual(topic, { kind: "voice", thread_id: 42 });
      const [auto] = await database.rows(
        sql`SELECT is_automatic_forward, forward_from_message_id FROM messages WHERE chat_id = ${group.id} AND message_id = 12`,
      );
      assert.deepEqual(auto, { is_automatic_forward: true, forward_from_message_id: 300 });

      // Added as an administrator: the bot says once that it is recording.
      const notices = server.callsTo("sendMessage").filter((c) => c.payload.chat_id === group.id);
      assert.equal(notices.length, 1);
      assert.match(String(notices[0]?.payload.text), /recording/);

      // Delivering the whole conversation again (e.g. after a lost offset) changes nothing.
      const again = server.pushUpdates(conversation(server.botInfo as never));
      await settle(again.at(-1) as number);
      assert.deepEqual(await snapshot(), s);
    });

    test("the bot asks for rights when privacy mode hides messages from it", async () => {
      const quiet = supergroup(-1002000000001, "Quiet group");
      const botUser = server.botInfo as never;
      const id = server.pushUpdate(
        chatMemberUpdate(
          "my_chat_member",
          quiet,
          alice,
          "2026-03-11T08:00:00Z",
          member(botUser, "left"),
          member(botUser, "member"),
        ),
      );
      const call = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === quiet.id);
      assert.match(String(call.payload.text), /privacy mode/);
      assert.match(String(call.payload.text), /administrator/);
      await settle(id);
      const promoted = server.pushUpdate(
        chatMemberUpdate(
          "my_chat_member",
          quiet,
          alice,
          "2026-03-11T08:05:00Z",
          member(botUser, "member"),
          member(botUser, "administrator"),
        ),
      );
      const confirmation = await server.waitForCall(
        "sendMessage",
        (c) => c.payload.chat_id === quiet.id && /recording/.test(String(c.payload.text)),
      );
      assert.ok(confirmation);
      await settle(promoted);
      const [row] = await database.rows(sql`SELECT bot_status FROM chats WHERE id = ${quiet.id}`);
      assert.deepEqual(row, { bot_status: "administrator" });
    });

    test("the notices are in the language of whoever added or promoted the bot", async () => {
      const botUser = server.botInfo as never;
      const tihiy = supergroup(-1002000000002, "Тихий чат");
      const adder = { ...alice, language_code: "ru" };
      const added = server.pushUpdate(
        chatMemberUpdate(
          "my_chat_member",
          tihiy,
          adder,
          "2026-03-11T09:00:00Z",
          member(botUser, "left"),
          member(botUser, "member"),
        ),
      );
      const notice = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === tihiy.id);
      const lines = String(notice.payload.text).split("\n");
      assert.equal(
        lines[0],
        "👋 Pulse здесь, но режим приватности Telegram скрывает от меня сообщения этой группы, поэтому считать их я пока не могу.",
      );
      assert.equal(
        lines.at(-1),
        `• отключите режим приватности для @${server.botInfo.username} в @BotFather (/setprivacy → Disable), затем удалите меня из группы и добавьте снова.`,
      );
      await settle(added);
      const promoted = server.pushUpdate(
        chatMemberUpdate(
          "my_chat_member",
          tihiy,
          { ...alice, language_code: "es" },
          "2026-03-11T09:05:00Z",
          member(botUser, "member"),
          member(botUser, "administrator"),
        ),
      );
      const confirmation = await server.waitForCall(
        "sendMessage",
        (c) => c.payload.chat_id === tihiy.id && /registrando/.test(String(c.payload.text)),
      );
      assert.equal(
        confirmation.payload.text,
        "✅ Pulse está registrando la actividad de este grupo: mensajes, respuestas, multimedia, reacciones, entradas y salidas. No se cuenta nada anterior a este momento.",
      );
      await settle(promoted);
    });

    test("/start and /help in private explain Pulse; private chats are not recorded", async () => {
      const dm = { id: alice.id, type: "private" as const, first_name: "Alice" };
      const id = server.pushUpdate(
        update.message(
          message(dm, 500, "2026-03-11T09:00:00Z", {
            from: alice,
            text: "/start",
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          }),
        ),
      );
      const reply = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === alice.id);
      assert.match(String(reply.payload.text), /Add me to a group/);
      await settle(id);
      assert.equal(await count("messages", sql`WHERE chat_id = ${alice.id}`), 0);
    });

    test("429 with retry_after and 500 from Telegram are survived", async () => {
      const before = server.callsTo("sendMessage").length;
      server.failNext("getUpdates", {
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      });
      server.failNext("getUpdates", { error_code: 500, description: "Internal Server Error" });
      server.failNext("sendMessage", {
        error_code: 429,
        description: "Too Many Requests: retry after 1",
        parameters: { retry_after: 1 },
      });
      const dm = { id: bob.id, type: "private" as const, first_name: "Bob" };
      const id = server.pushUpdate(
        update.message(
          message(dm, 501, "2026-03-11T09:01:00Z", {
            from: bob,
            text: "/help",
            entities: [{ type: "bot_command", offset: 0, length: 5 }],
          }),
        ),
      );
      const reply = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === bob.id, 15_000);
      assert.match(String(reply.payload.text), /Pulse/);
      await settle(id);
      // The failed attempt and the retry that succeeded.
      assert.equal(server.callsTo("sendMessage").length - before, 2);
      const metrics = await pulse.metrics.registry.getSingleMetricAsString("pulse_bot_api_errors_total");
      assert.match(metrics, /method="sendMessage",code="429"} 1/);
    });

    test("update types that were not requested are never delivered", async () => {
      const inline = server.pushUpdate({ inline_query: { id: "1", from: alice, query: "x", offset: "" } });
      const join = server.pushUpdate({
        chat_join_request: { chat: group, from: dave, user_chat_id: dave.id, date: seconds("2026-03-11T10:00:00Z") },
      });
      const wanted = server.pushUpdate(
        update.message(message(group, 600, "2026-03-11T10:00:01Z", { from: alice, text: "still here" })),
      );
      await settle(wanted);
      assert.equal(server.deliveryCount(inline), 0);
      assert.equal(server.deliveryCount(join), 0);
      // Until its records commit, the wanted update is below the offset Pulse confirms, so
      // Telegram may hand it out again; it is stored once all the same.
      assert.ok(server.deliveryCount(wanted) >= 1);
      const [row] = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${group.id} AND message_id = 600`,
      );
      assert.equal(row?.n, 1);
    });

    test("/health reports the database, /metrics counts updates", async () => {
      const health = await fetch(`http://127.0.0.1:${pulse.http.port}/health`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as { status: string; database: { engine: string; reachable: boolean } };
      assert.deepEqual([body.status, body.database.engine, body.database.reachable], ["ok", engine.name, true]);
      const metrics = await (await fetch(`http://127.0.0.1:${pulse.http.port}/metrics`)).text();
      assert.match(metrics, /pulse_updates_total\{type="message_reaction"} 6/);
      assert.match(metrics, /pulse_ingest_batches_total\{outcome="committed"} \d+/);
    });
  });
}
