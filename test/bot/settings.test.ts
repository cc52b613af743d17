// /settings end to end, through real updates and callback queries on the local Bot API
// stand-in: who may open and press it, each setting stored and shown on the same message,
// time zones from a button or typed (an invalid one changes nothing), the daily rollups moved
// into the new zone in the background while messages keep arriving, and the private picker.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Chat, User } from "grammy/types";
import type { Pulse } from "../../src/app.js";
import { COMMON_ZONES } from "../../src/bot/settings/view.js";
import type { Database } from "../../src/db/client.js";
import { getChatSettings } from "../../src/settings/chat-settings.js";
import { type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";
import {
  chatMemberUpdate,
  GROUP_ANONYMOUS_BOT,
  member,
  message,
  person,
  supergroup,
  update,
} from "../helpers/updates.js";

const GROUP = supergroup(-1003000000001, "Garden Club");
const anna = person(601, "Anna", "anna_admin");
const bernd = person(602, "Bernd", "bernd_member");
const privateOf = (user: User): Chat.PrivateChat => ({ id: user.id, type: "private", first_name: user.first_name });
let nextMessageId = 1;
let nextCallback = 1;

function command(chat: Chat, from: User, body: string) {
  const length = body.split(" ")[0]?.length ?? body.length;
  return update.message(
    message(chat, nextMessageId++, new Date().toISOString(), {
      from,
      text: body,
      entities: [{ type: "bot_command", offset: 0, length }],
    }),
  );
}

for (const engine of testEngines()) {
  describe(`/settings on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    const settings = async () => {
      const value = await getChatSettings(database, GROUP.id, "UTC");
      assert.ok(value);
      return value;
    };

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(GROUP.id, member(anna, "administrator"));
      server.setChatMember(GROUP.id, member(bernd, "member"));
      pulse = await startTestPulse(server, database);
      server.pushUpdate(
        chatMemberUpdate(
          "my_chat_member",
          GROUP,
          anna,
          "2026-03-01T10:00:00Z",
          member(server.botInfo, "left"),
          member(server.botInfo, "administrator"),
        ),
      );
      // Messages late in the UTC evening and early morning: their local days differ in Tokyo.
      const times = ["2026-03-02T16:30:00Z", "2026-03-02T23:10:00Z", "2026-03-03T01:00:00Z", "2026-03-03T14:59:00Z"];
      for (const [i, at] of times.entries()) {
        server.pushUpdate(
          update.message(message(GROUP, nextMessageId++, at, { from: i % 2 ? bernd : anna, text: `hello ${i}` })),
        );
      }
      await waitFor(
        async () => (await database.rows(sql`SELECT 1 FROM messages WHERE chat_id = ${GROUP.id}`)).length === 4,
        10_000,
        "the first messages stored",
      );
      await waitFor(() => server.callsTo("sendMessage").length >= 1, 10_000, "the recording notice");
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const sent = (method: string, chatId: number, match?: RegExp) =>
      server.waitForCall(
        method,
        (c: RecordedCall) => c.payload.chat_id === chatId && (!match || match.test(String(c.payload.text))),
        15_000,
      );
    /** Presses a button on one of the bot's messages; answers the press's answerCallbackQuery. */
    const press = async (from: User, chat: Chat, messageId: number, data: string) => {
      const id = `cb${nextCallback++}`;
      server.pushUpdate({
        callback_query: {
          id,
          from,
          chat_instance: "x",
          data,
          message: { message_id: messageId, date: 1, chat, from: server.botInfo, text: "settings" },
        },
      });
      return server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === id, 15_000);
    };
    const button = (action: string, value = "", chatId = GROUP.id) => `set|${chatId}|${action}|${value}`;
    /** Opens /settings in the group as Anna; answers the settings message's id. */
    const open = async () => {
      server.pushUpdate(command(GROUP, anna, "/settings"));
      const call = await sent("sendMessage", GROUP.id, /Settings of/);
      const last = server.sentMessages(GROUP.id).at(-1) as { message_id: number };
      return { call, messageId: last.message_id };
    };
    const edits = (messageId: number) =>
      server.callsTo("editMessageText").filter((c) => c.payload.message_id === messageId);

    test("a member who is not an administrator is refused", async () => {
      server.pushUpdate(command(GROUP, bernd, "/settings"));
      const refusal = await sent("sendMessage", GROUP.id);
      assert.equal(refusal.payload.text, "Only this chat's administrators can change its settings.");
    });

    test("an anonymous administrator (writing as the group) gets the settings too", async () => {
      server.pushUpdate(
        update.message(
          message(GROUP, nextMessageId++, new Date().toISOString(), {
            from: GROUP_ANONYMOUS_BOT,
            sender_chat: GROUP,
            text: "/settings",
            entities: [{ type: "bot_command", offset: 0, length: 9 }],
          }),
        ),
      );
      assert.match(String((await sent("sendMessage", GROUP.id)).payload.text), /^⚙️ Settings of <b>Garden Club<\/b>/);
    });

    test("an administrator gets every setting on one message, with buttons", async () => {
      const { call } = await open();
      assert.equal(call.payload.parse_mode, "HTML");
      assert.equal(
        call.payload.text,
        [
          "⚙️ Settings of <b>Garden Club</b>",
          "",
          "Time zone: UTC",
          "Language: each person's own",
          "Weekly recap: Monday at 10:00 AM",
          "Statistics commands: everyone",
          "Charts: in the chat",
        ].join("\n"),
      );
      const keyboard = JSON.stringify(call.payload.reply_markup);
      for (const data of [
        button("tz"),
        button("lang"),
        button("recap", "off"),
        button("sched"),
        button("access", "admins"),
      ]) {
        assert.ok(keyboard.includes(JSON.stringify(data)), data);
      }
    });

    test("a member cannot press an administrator's buttons, nor a button for another chat", async () => {
      const { messageId } = await open();
      const refused = await press(bernd, GROUP, messageId, button("access", "admins"));
      assert.equal(refused.payload.text, "Only the chat's administrators can change its settings.");
      assert.equal(refused.payload.show_alert, true);
      const forged = await press(anna, GROUP, messageId, button("access", "admins", -1003999999999));
      assert.equal(forged.payload.text, "This button does not belong to this chat.");
      assert.equal((await settings()).statsAccess, "everyone");
      assert.equal(edits(messageId).length, 0);
    });

    test("statistics for administrators only: stored, shown, and enforced on the others", async () => {
      const { messageId } = await open();
      const answer = await press(anna, GROUP, messageId, button("access", "admins"));
      assert.equal(answer.payload.text, undefined);
      assert.equal((await settings()).statsAccess, "admins");
      const edit = edits(messageId).at(-1);
      assert.match(String(edit?.payload.text), /Statistics commands: administrators only/);
      assert.ok(JSON.stringify(edit?.payload.reply_markup).includes(button("access", "everyone")));

      server.pushUpdate(command(GROUP, bernd, "/top"));
      const refusal = await sent("sendMessage", GROUP.id, /only administrators/);
      assert.equal(refusal.payload.text, "In this chat, only administrators can ask for statistics.");
      // A chart button pressed by a member is refused as well.
      const chartPress = await press(bernd, GROUP, messageId, `s|${GROUP.id}|7d|top`);
      assert.equal(chartPress.payload.text, "In this chat, only administrators can ask for statistics.");
      assert.equal(server.callsTo("sendPhoto").length + server.callsTo("editMessageMedia").length, 0);

      await press(anna, GROUP, messageId, button("access", "everyone"));
      assert.equal((await settings()).statsAccess, "everyone");
    });

    test("language: the chat's choice is stored and the message speaks it at once", async () => {
      const { messageId } = await open();
      await press(anna, GROUP, messageId, button("lang"));
      assert.ok(JSON.stringify(edits(messageId).at(-1)?.payload.reply_markup).includes(button("langset", "ru")));
      await press(anna, GROUP, messageId, button("langset", "ru"));
      assert.equal((await settings()).locale, "ru");
      const edit = edits(messageId).at(-1);
      assert.match(String(edit?.payload.text), /^⚙️ Настройки чата <b>Garden Club<\/b>/);
      assert.match(String(edit?.payload.text), /Язык: Русский/);
      // The group's own command menu is Russian too.
      const menu = server.commands({ type: "chat", chat_id: GROUP.id }) as { command: string; description: string }[];
      assert.equal(
        menu.find((c) => c.command === "settings")?.description,
        "Настройки чата: пояс, язык, итоги, кто видит статистику (админы)",
      );
      // Bernd's Telegram is in English; in this chat the bot now answers him in Russian.
      server.pushUpdate(command(GROUP, bernd, "/settings"));
      assert.equal(
        (await sent("sendMessage", GROUP.id, /администраторы/)).payload.text,
        "Менять настройки могут только администраторы этого чата.",
      );
      await press(anna, GROUP, messageId, button("langset", "each"));
      assert.equal((await settings()).locale, null);
      assert.match(String(edits(messageId).at(-1)?.payload.text), /Language: each person's own/);
      assert.deepEqual(server.commands({ type: "chat", chat_id: GROUP.id }), []);
    });

    test("recap: off and on, weekday and hour", async () => {
      const { messageId } = await open();
      await press(anna, GROUP, messageId, button("recap", "off"));
      assert.equal((await settings()).recap.enabled, false);
      assert.match(String(edits(messageId).at(-1)?.payload.text), /Weekly recap: off/);
      await press(anna, GROUP, messageId, button("sched"));
      await press(anna, GROUP, messageId, button("day", "5"));
      await press(anna, GROUP, messageId, button("hour", "18"));
      assert.deepEqual((await settings()).recap, { enabled: true, weekday: 5, hour: 18 });
      const edit = edits(messageId).at(-1);
      assert.match(String(edit?.payload.text), /Weekly recap: Friday at 6:00 PM/);
      assert.ok(JSON.stringify(edit?.payload.reply_markup).includes("• Fri"));
      // Out of range values are not taken, whatever the client sends.
      await press(anna, GROUP, messageId, button("hour", "24"));
      await press(anna, GROUP, messageId, button("day", "0"));
      assert.deepEqual((await settings()).recap, { enabled: true, weekday: 5, hour: 18 });
    });

    test("a zone button moves the daily statistics into the zone in the background, messages arriving meanwhile", async () => {
      const { messageId } = await open();
      const tokyo = COMMON_ZONES.indexOf("Asia/Tokyo");
      const answer = await press(anna, GROUP, messageId, button("tzset", String(tokyo)));
      assert.match(String(answer.payload.text), /^Time zone set to Asia\/Tokyo\. I'm recounting/);
      // Live messages while the rebuild runs: one late in the UTC evening (the next day in Tokyo).
      for (const at of ["2026-03-03T20:00:00Z", "2026-03-03T22:30:00Z", "2026-03-04T03:00:00Z"]) {
        server.pushUpdate(update.message(message(GROUP, nextMessageId++, at, { from: bernd, text: "still here" })));
      }
      const note = await sent("sendMessage", GROUP.id, /now counted in/);
      assert.equal(note.payload.text, "✅ The daily statistics of Garden Club are now counted in Asia/Tokyo.");
      assert.equal((note.payload.reply_parameters as { message_id: number }).message_id, messageId);
      assert.equal((await settings()).timezone, "Asia/Tokyo");
      await waitFor(
        async () => (await database.rows(sql`SELECT 1 FROM messages WHERE text = 'still here'`)).length === 3,
        10_000,
        "the live messages stored",
      );
      assert.deepEqual(
        await storedRollups(database, GROUP.id),
        await recountedRollups(database, GROUP.id, "Asia/Tokyo"),
      );
      const days = await database.rows<{ day: string }>(sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS day FROM chat_daily_activity WHERE chat_id = ${GROUP.id} ORDER BY day`);
      assert.deepEqual(
        days.map((d) => d.day),
        ["2026-03-03", "2026-03-04"],
      );
      // The same zone again changes nothing.
      const again = await press(anna, GROUP, messageId, button("tzset", String(tokyo)));
      assert.equal(again.payload.text, "The time zone is already Asia/Tokyo.");
    });

    test("a typed zone: an invalid name gets a specific answer and changes nothing; a valid one is taken", async () => {
      const { messageId } = await open();
      const counted = async () =>
        (
          await database.rows<{ n: number }>(sql`
          SELECT (SELECT coalesce(sum(messages), 0) FROM chat_hourly_activity WHERE chat_id = ${GROUP.id})::int
               + (SELECT coalesce(sum(replies), 0) FROM chat_hourly_activity WHERE chat_id = ${GROUP.id})::int
               + (SELECT coalesce(sum(messages), 0) FROM chat_user_daily_activity WHERE chat_id = ${GROUP.id})::int AS n`)
        )[0]?.n;
      const countedBefore = await counted();
      await press(anna, GROUP, messageId, button("tztype"));
      const prompt = await sent("sendMessage", GROUP.id, /reply to this message/);
      assert.deepEqual((prompt.payload.reply_markup as { force_reply: boolean }).force_reply, true);
      const promptId = (server.sentMessages(GROUP.id).at(-1) as { message_id: number }).message_id;
      const reply = (from: User, text: string) =>
        server.pushUpdate(
          update.message(
            message(GROUP, nextMessageId++, new Date().toISOString(), {
              from,
              text,
              reply_to_message: {
                message_id: promptId,
                date: 1,
                chat: GROUP,
                from: server.botInfo,
                text: String(prompt.payload.text),
              },
            } as never),
          ),
        );
      const firstReply = nextMessageId;
      reply(anna, "Mars/Olympus_Mons");
      const refusal = await sent("sendMessage", GROUP.id, /not a time zone/);
      assert.match(String(refusal.payload.text), /^“Mars\/Olympus_Mons” is not a time zone I know\./);
      assert.equal((await settings()).timezone, "Asia/Tokyo");
      // Someone else's answer to Anna's prompt is not taken.
      reply(bernd, "Europe/Madrid");
      reply(anna, "america/new_york");
      const taken = await sent("sendMessage", GROUP.id, /Time zone set to/);
      assert.match(String(taken.payload.text), /^Time zone set to America\/New_York\./);
      await sent("sendMessage", GROUP.id, /now counted in America\/New_York/);
      assert.equal((await settings()).timezone, "America/New_York");
      assert.match(String(edits(messageId).at(-1)?.payload.text), /Time zone: America\/New_York/);
      assert.deepEqual(
        await storedRollups(database, GROUP.id),
        await recountedRollups(database, GROUP.id, "America/New_York"),
      );
      // Answering Pulse's prompt is talking to Pulse: stored, counted as nothing (no message,
      // no reply, no active member).
      const answers = await database.rows<{ kind: string }>(sql`
        SELECT kind FROM messages WHERE chat_id = ${GROUP.id} AND message_id >= ${firstReply} ORDER BY message_id`);
      assert.deepEqual(
        answers.map((a) => a.kind),
        ["command", "command", "command"],
      );
      assert.equal(await counted(), countedBefore);
    });

    test("in private: the chats one administers, then the same settings on the picker's message", async () => {
      server.pushUpdate(command(privateOf(bernd), bernd, "/settings"));
      assert.match(String((await sent("sendMessage", bernd.id)).payload.text), /I don't see a chat you administer/);

      server.pushUpdate(command(privateOf(anna), anna, "/settings"));
      const picker = await sent("sendMessage", anna.id, /Settings of which chat/);
      assert.ok(JSON.stringify(picker.payload.reply_markup).includes(button("home")));
      const pickerId = (server.sentMessages(anna.id).at(-1) as { message_id: number }).message_id;
      await press(anna, privateOf(anna), pickerId, button("home"));
      assert.match(String(edits(pickerId).at(-1)?.payload.text), /Settings of <b>Garden Club<\/b>/);
      await press(anna, privateOf(anna), pickerId, button("charts", "private"));
      assert.equal((await settings()).chartsTo, "private");
      // Bernd pressing a forged button for the group in his private chat is refused.
      const forged = await press(bernd, privateOf(bernd), 1, button("charts", "chat"));
      assert.equal(forged.payload.text, "Only the chat's administrators can change its settings.");
      assert.equal((await settings()).chartsTo, "private");
      // A zone typed in private, for the group.
      await press(anna, privateOf(anna), pickerId, button("tztype"));
      const prompt = await sent("sendMessage", anna.id, /^Reply to this message/);
      const promptId = (server.sentMessages(anna.id).at(-1) as { message_id: number }).message_id;
      server.pushUpdate(
        update.message(
          message(privateOf(anna), nextMessageId++, new Date().toISOString(), {
            from: anna,
            text: "Europe/Madrid",
            reply_to_message: {
              message_id: promptId,
              date: 1,
              chat: privateOf(anna),
              from: server.botInfo,
              text: String(prompt.payload.text),
            },
          } as never),
        ),
      );
      await sent("sendMessage", anna.id, /now counted in Europe\/Madrid/);
      assert.equal((await settings()).timezone, "Europe/Madrid");
      assert.match(String(edits(pickerId).at(-1)?.payload.text), /Time zone: Europe\/Madrid/);
      await press(anna, privateOf(anna), pickerId, button("close"));
      const closed = edits(pickerId).at(-1);
      assert.equal(closed?.payload.reply_markup, undefined);
    });

    test("charts go privately to whoever asks; someone who never started the bot is told how", async () => {
      assert.equal((await settings()).chartsTo, "private", "set from the private settings above");
      server.failNext("sendPhoto", {
        error_code: 403,
        description: "Forbidden: bot can't initiate conversation with a user",
      });
      server.pushUpdate(command(GROUP, bernd, "/stats"));
      const told = await sent("sendMessage", GROUP.id, /can't write to you/);
      assert.equal(
        told.payload.text,
        "This chat's charts are sent privately, but I can't write to you yet: open @pulse_test_bot, press Start, then ask again.",
      );
      assert.deepEqual(
        server.callsTo("sendPhoto").map((c) => c.payload.chat_id),
        [bernd.id],
      );

      // Bernd starts the bot; the next chart reaches him, without the admins' buttons.
      server.pushUpdate(command(privateOf(bernd), bernd, "/start"));
      await sent("sendMessage", bernd.id);
      server.reset();
      server.pushUpdate(command(GROUP, bernd, "/stats"));
      const photo = await server.waitForCall("sendPhoto", (c) => c.payload.chat_id === bernd.id, 30_000);
      assert.match(String(photo.payload.caption), /Garden Club/);
      assert.equal(photo.payload.reply_markup, undefined);
      await sent("sendMessage", GROUP.id, /^Sent you the chart privately\.$/);
      // An administrator gets the period and chart buttons along.
      server.pushUpdate(command(GROUP, anna, "/stats"));
      const adminPhoto = await server.waitForCall("sendPhoto", (c) => c.payload.chat_id === anna.id, 30_000);
      assert.ok(JSON.stringify(adminPhoto.payload.reply_markup).includes(`s|${GROUP.id}|`));
      assert.equal(server.callsTo("sendPhoto").filter((c) => c.payload.chat_id === GROUP.id).length, 0);
    });

    test("an administrator demoted since opening the message changes nothing, cached answer or not", async () => {
      const { messageId } = await open();
      const before = await settings();
      server.setChatMember(GROUP.id, member(anna, "member")); // no chat_member update arrives
      const refused = await press(anna, GROUP, messageId, button("recap", before.recap.enabled ? "off" : "on"));
      assert.equal(refused.payload.text, "Only the chat's administrators can change its settings.");
      assert.deepEqual(await settings(), before);
    });
  });
}
