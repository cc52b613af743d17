// /stats and friends end to end: commands go in through the local Bot API server, PNGs and
// captions come out; numbers checked against the hand-computed dataset of the query tests.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/render/charts.js";
import { attachedFile, type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { pngSize } from "../helpers/png.js";
import { startTestPulse } from "../helpers/pulse.js";
import { chatRecord, messageRecord } from "../helpers/records.js";
import { member, message, person, supergroup, update } from "../helpers/updates.js";
import { CHAT, loadDataset, NOW } from "../queries/dataset.js";

const club = supergroup(CHAT, "Berlin Club");
const anna = person(1, "Anna", "anna");
const bernd = person(2, "Bernd");
const dora = person(4, "Dora", "dora");
// Readers with Telegram in Russian or Spanish: answers come in their language. Each has a
// rate limit of their own, so these tests do not eat into Dora's.
const doraRu = { ...person(7, "Vera", "vera"), language_code: "ru" };
const doraEs = { ...person(8, "Elena", "elena"), language_code: "es" };
const ivan = { ...person(9, "Ivan"), language_code: "ru" };
// Commands are dated after the dataset's "now" (and outside its 7 days), so recording them
// does not change the numbers under test.
const LATER = "2026-04-05T12:00:00Z";
let nextId = 1000;

function command(from: typeof anna, text: string, fields: Record<string, unknown> = {}) {
  const length = text.split(" ")[0]?.length ?? text.length;
  return update.message(
    message(club, nextId++, LATER, { from, text, entities: [{ type: "bot_command", offset: 0, length }], ...fields }),
  );
}

function privateCommand(from: typeof anna, text: string) {
  const chat = { id: from.id, type: "private" as const, first_name: from.first_name };
  return update.message(
    message(chat, nextId++, LATER, {
      from,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
    }),
  );
}

for (const engine of testEngines()) {
  describe(`stats commands through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadDataset(database);
      server.setChatMemberCount(CHAT, 12);
      server.setChatMember(CHAT, member(anna, "administrator"));
      server.setChatMember(CHAT, member(bernd, "member"));
      pulse = await startPulse();
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const startPulse = () =>
      startTestPulse(
        server,
        database,
        { RATE_LIMIT_USER_PER_MINUTE: "25", RATE_LIMIT_CHAT_PER_MINUTE: "60" },
        () => NOW,
      );
    const reply = (chatId: number, method = "sendMessage") =>
      server.waitForCall(method, (c: RecordedCall) => c.payload.chat_id === chatId, 15_000);

    test("/stats: the headline numbers with deltas and an activity chart of the right size", async () => {
      server.pushUpdate(command(dora, "/stats"));
      const call = await reply(CHAT, "sendPhoto");
      const caption = String(call.payload.caption);
      assert.match(caption, /Berlin Club<\/b> · Last 7 days/);
      assert.match(caption, /<b>8<\/b> messages <i>new<\/i>/);
      assert.match(caption, /<b>3<\/b> members wrote <i>new<\/i> · <b>0<\/b> of them 5\+ messages/);
      assert.match(caption, /25\.0% of all 12 members wrote · 0\.0% wrote 5\+ messages/);
      assert.match(caption, /1 joined · ➖ 1 left/);
      assert.match(caption, /<b>?3<?\/?b?>? ?replies|3 replies/);
      assert.match(caption, /first reply ~16\.\d h/);
      const photo = attachedFile(call, "photo");
      assert.ok(photo, "a PNG was uploaded");
      assert.deepEqual(pngSize(photo.data), { width: CHART_WIDTH, height: CHART_HEIGHT });
      const keyboard = JSON.stringify(call.payload.reply_markup);
      assert.match(keyboard, /s\|-1009000000001\|30d\|activity/);
      assert.match(keyboard, /• 7d/);
    });

    test("a period button edits the same message with the new chart", async () => {
      server.pushUpdate(command(dora, "/stats"));
      const sent = await reply(CHAT, "sendPhoto");
      const messageId = (server.sentMessages(CHAT).at(-1) as { message_id: number }).message_id;
      server.pushUpdate({
        callback_query: {
          id: "cb1",
          from: dora,
          chat_instance: "x",
          data: `s|${CHAT}|30d|top`,
          message: { message_id: messageId, date: 1, chat: club, from: server.botInfo, photo: [] },
        },
      });
      const edit = await reply(CHAT, "editMessageMedia");
      const media = edit.payload.media as { caption: string; media: string };
      assert.match(media.caption, /Last 30 days/);
      assert.match(media.caption, /1\. Anna — 4 \(50%\)/);
      const png = attachedFile(edit, media.media);
      assert.ok(png);
      assert.deepEqual(pngSize(png.data), { width: CHART_WIDTH, height: CHART_HEIGHT });
      assert.ok(sent);
      const answered = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "cb1");
      assert.equal(answered.payload.text, undefined);
    });

    test("forged and malformed callback data are refused without touching the message", async () => {
      const otherChat = -1008888888888;
      server.pushUpdate({
        callback_query: {
          id: "cb2",
          from: dora,
          chat_instance: "x",
          data: `s|${otherChat}|7d|activity`,
          message: { message_id: 5, date: 1, chat: club, from: server.botInfo, photo: [] },
        },
      });
      const forged = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "cb2");
      assert.match(String(forged.payload.text), /does not belong to this chat/);
      server.pushUpdate({
        callback_query: {
          id: "cb3",
          from: dora,
          chat_instance: "x",
          data: `s|${CHAT}|7d|bogus`,
          message: { message_id: 5, date: 1, chat: club, photo: [] },
        },
      });
      const bogus = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "cb3");
      assert.match(String(bogus.payload.text), /not valid/);
      server.pushUpdate({
        callback_query: {
          id: "cb4",
          from: dora,
          chat_instance: "x",
          data: `s|${CHAT}|2099-01-01|activity`,
          message: { message_id: 5, date: 1, chat: club, photo: [] },
        },
      });
      const future = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "cb4");
      assert.match(String(future.payload.text), /in the future/);
      assert.equal(server.callsTo("editMessageMedia").length, 0);
    });

    test("/stats @user, /stats as a reply, and /me show one member", async () => {
      server.pushUpdate(command(dora, "/stats @anna"));
      const byName = await reply(CHAT);
      assert.match(String(byName.payload.text), /Anna<\/b> in <b>Berlin Club/);
      assert.match(String(byName.payload.text), /<b>4<\/b> messages · 50\.0% of the chat · rank <b>#1<\/b> of 4/);
      assert.match(String(byName.payload.text), /streak 1 day \(best 2 days\)/);
      assert.match(String(byName.payload.text), /4 reactions received/);
      server.reset();
      server.pushUpdate(
        command(dora, "/stats", {
          reply_to_message: message(club, 6, "2026-03-30T08:10:00Z", { from: bernd, text: "x" }),
        }),
      );
      const byReply = await reply(CHAT);
      assert.match(String(byReply.payload.text), /Bernd<\/b>.*\n.*rank <b>#2<\/b>/);
      server.reset();
      server.pushUpdate(command(anna, "/me 30d"));
      const me = await reply(CHAT);
      assert.match(String(me.payload.text), /Anna<\/b> in <b>Berlin Club<\/b> · Last 30 days/);
      server.reset();
      server.pushUpdate(command(dora, "/stats @nobody_here"));
      assert.match(String((await reply(CHAT)).payload.text), /haven't seen @nobody_here/);
    });

    test("the kinds chart, /stats deltas against the previous period, and private /me over two chats", async () => {
      server.pushUpdate(command(dora, "/stats"));
      await reply(CHAT, "sendPhoto");
      const messageId = (server.sentMessages(CHAT).at(-1) as { message_id: number }).message_id;
      server.pushUpdate({
        callback_query: {
          id: "cb-kinds",
          from: dora,
          chat_instance: "x",
          data: `s|${CHAT}|7d|kinds`,
          message: { message_id: messageId, date: 1, chat: club, from: server.botInfo, photo: [] },
        },
      });
      const edit = await reply(CHAT, "editMessageMedia");
      const media = edit.payload.media as { caption: string; media: string };
      assert.match(media.caption, /<b>8<\/b> messages <i>new<\/i>/);
      assert.match(media.caption, /➕ 1 joined · ➖ 1 left/);
      const png = attachedFile(edit, media.media);
      assert.ok(png);
      assert.deepEqual(pngSize(png.data), { width: CHART_WIDTH, height: CHART_HEIGHT });
      server.reset();

      // Yesterday (Monday 30 March) against Sunday: 2 messages vs 4, 2 active vs 2, 2 replies vs 1.
      server.pushUpdate(command(dora, "/stats yesterday"));
      const yesterday = String((await reply(CHAT, "sendPhoto")).payload.caption);
      assert.match(yesterday, /<b>2<\/b> messages <i>▼ 50%<\/i>/);
      assert.match(yesterday, /<b>2<\/b> members wrote <i>= 0%<\/i> · <b>0<\/b> of them 5\+ messages/);
      assert.match(yesterday, /➕ 1 joined · ➖ 0 left · 🔁 50% of the previous period's writers wrote again/);
      assert.match(yesterday, /↩️ 2 replies <i>▲ 100%<\/i>/);
      server.reset();

      // A second group, in its own timezone, where Anna wrote once in the last 30 days and
      // once after the fixed clock's "now" (so it is her most recent chat, listed first).
      const second = -1006000000006;
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
        pino({ level: "silent" }),
      );
      await writer.write({ chats: [chatRecord(second, { title: "Second Club", botStatus: "left" })] });
      await database.db.execute(sql`UPDATE chats SET timezone = 'America/New_York' WHERE id = ${second}`);
      await writer.write({
        messages: [
          messageRecord(second, 1, "2026-03-30T12:00:00Z", { userId: anna.id }),
          messageRecord(second, 2, "2026-04-07T12:00:00Z", { userId: anna.id }),
        ],
      });
      server.pushUpdate(privateCommand(anna, "/me"));
      const lines = String((await reply(anna.id)).payload.text).split("\n");
      assert.equal(lines.length, 3);
      assert.equal(lines[0], "<b>You, last 30 days</b>");
      assert.equal(lines[1], "• <b>Second Club</b>: 1 message, #1 of 1 · streak 0 days (best 1 day)");
      // Berlin Club's current streak depends on the commands earlier tests recorded after "now".
      assert.match(String(lines[2]), /^• <b>Berlin Club<\/b>: 4 messages, #1 of 4 · streak \d+ days? \(best 2 days\)$/);
    });

    test("bad periods get a specific answer", async () => {
      server.pushUpdate(command(dora, "/stats fortnight"));
      assert.match(String((await reply(CHAT)).payload.text), /Unknown period "fortnight"/);
      server.reset();
      server.pushUpdate(command(dora, "/top 2026-04-02"));
      assert.match(String((await reply(CHAT)).payload.text), /2026-04-02 is in the future/);
      server.reset();
      server.pushUpdate(command(dora, "/activity 2024-01-01..2026-03-01"));
      assert.match(String((await reply(CHAT)).payload.text), /longest is 366 days \(one calendar year/);
      // Year 0 used to reach PostgreSQL and come back as "Sorry, that didn't work".
      for (const text of [
        "/stats 0000-01-01",
        "/top 0000-01-01",
        "/activity 0001-01-01..2013-01-01",
        "/me 0000-01-01",
      ]) {
        server.reset();
        server.pushUpdate(command(dora, text));
        assert.match(String((await reply(CHAT)).payload.text), /^Dates before 2013-08-14 are not supported/, text);
      }
      server.reset();
      server.pushUpdate(command(anna, "/export 0000-01-01"));
      assert.match(String((await reply(CHAT)).payload.text), /^Dates before 2013-08-14 are not supported/);
      server.reset();
      server.pushUpdate(privateCommand(anna, "/export 0000-01-01"));
      assert.match(String((await reply(anna.id)).payload.text), /^Dates before 2013-08-14 are not supported/);
      server.reset();
      // Someone else's numbers are /stats @user's, not /me's.
      server.pushUpdate(command(dora, "/me @anna"));
      assert.equal(
        String((await reply(CHAT)).payload.text),
        "/me shows only your own numbers. For someone else’s, send /stats @anna.",
      );
      server.reset();
      // "1y", as the period buttons call 365 days.
      server.pushUpdate(command(dora, "/stats 1y"));
      assert.match(String((await reply(CHAT, "sendPhoto")).payload.caption), /Last 365 days/);
      server.reset();
      // A leap year's calendar (366 days) is one range.
      server.pushUpdate(command(dora, "/stats 2020-01-01..2020-12-31"));
      assert.match(String((await reply(CHAT, "sendPhoto")).payload.caption), /2020-01-01 – 2020-12-31/);
    });

    test("/top and /activity", async () => {
      server.pushUpdate(command(dora, "/top"));
      const top = await reply(CHAT, "sendPhoto");
      assert.match(String(top.payload.caption), /1\. Anna — 4 \(50%\)\n2\. Bernd — 2 \(25%\)/);
      server.reset();
      server.pushUpdate(command(dora, "/activity"));
      const activity = await reply(CHAT, "sendPhoto");
      assert.match(String(activity.payload.caption), /busiest: 10:00, 00:00, 01:00/);
    });

    test("private /stats lists only chats the user administers", async () => {
      server.pushUpdate(privateCommand(anna, "/stats"));
      const list = await reply(anna.id);
      assert.match(JSON.stringify(list.payload.reply_markup), /p\|-1009000000001/);
      server.reset();
      server.pushUpdate(privateCommand(bernd, "/stats"));
      assert.match(String((await reply(bernd.id)).payload.text), /don't see a chat you administer/);
      server.reset();
      // A non-admin pressing a (forged) private button gets nothing.
      server.pushUpdate({
        callback_query: {
          id: "cb5",
          from: bernd,
          chat_instance: "y",
          data: `p|${CHAT}`,
          message: { message_id: 9, date: 1, chat: { id: bernd.id, type: "private", first_name: "Bernd" }, text: "x" },
        },
      });
      const refused = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "cb5");
      assert.match(String(refused.payload.text), /Only that chat's administrators/);
    });

    test("private /stats with a period shows the picked chat for that period; a wrong period is answered first", async () => {
      server.pushUpdate(privateCommand(anna, "/stats 2026-04-01"));
      assert.equal(
        (await reply(anna.id)).payload.text,
        "2026-04-01 is in the future (today is 2026-03-31 in UTC).",
        "answered before any chat is offered",
      );
      server.reset();
      server.pushUpdate(privateCommand(anna, "/stats month"));
      const list = await reply(anna.id);
      const keyboard = JSON.stringify(list.payload.reply_markup);
      assert.match(keyboard, /"pp\|-1009000000001\|30d"/, "the buttons carry the period");
      server.reset();
      const privateChat = { id: anna.id, type: "private" as const, first_name: "Anna" };
      server.pushUpdate({
        callback_query: {
          id: "cb-pp",
          from: anna,
          chat_instance: "z",
          data: `pp|${CHAT}|30d`,
          message: { message_id: 11, date: 1, chat: privateChat, from: server.botInfo, text: "x" },
        },
      });
      const sent = await reply(anna.id, "sendPhoto");
      assert.match(String(sent.payload.caption), /Berlin Club<\/b> · Last 30 days/);
      assert.match(JSON.stringify(sent.payload.reply_markup), /• 30d/);
    });

    test("private /export reads a period as the group command does: any case, a range with a space", async () => {
      for (const [text, data] of [
        ["/export 30D", `e|${CHAT}|30d`],
        ["/export 2026-03-01 2026-03-31", `e|${CHAT}|2026-03-01..2026-03-31`],
      ] as const) {
        server.reset();
        server.pushUpdate(privateCommand(anna, text));
        const list = await reply(anna.id);
        assert.equal(list.payload.text, "Export which chat?", text);
        assert.match(JSON.stringify(list.payload.reply_markup), new RegExp(`"${data.replaceAll("|", "\\|")}"`), text);
      }
      server.reset();
      server.pushUpdate(privateCommand(anna, "/export fortnight"));
      assert.match(String((await reply(anna.id)).payload.text), /^Unknown period "fortnight"\. Use today/);
    });

    test("/export: admins get three CSV files privately; others are refused", async () => {
      server.pushUpdate(command(bernd, "/export"));
      assert.match(String((await reply(CHAT)).payload.text), /Only this chat's administrators/);
      server.reset();
      server.pushUpdate(command(anna, "/export 7d"));
      await reply(CHAT); // "Sent you the CSV files"
      // The network files (edge list, GEXF) follow when the social graph is built; see influence.test.ts.
      const documents = server
        .callsTo("sendDocument")
        .filter((c) => c.payload.chat_id === anna.id && !attachedFile(c, "document")?.filename.startsWith("network"));
      assert.equal(documents.length, 3);
      const daily = attachedFile(documents[0] as RecordedCall, "document");
      const lines = daily?.data.toString("utf8").trim().split("\r\n") ?? [];
      assert.equal(lines[0], "day,messages,active_senders,text_chars,media,replies,forwards,joins,leaves");
      assert.equal(lines.length, 8);
      assert.equal(
        lines.find((l) => l.startsWith("2026-03-29")),
        "2026-03-29,3,2,10,1,1,0,0,0",
      );
      const messages = attachedFile(documents[2] as RecordedCall, "document")?.data.toString("utf8") ?? "";
      assert.match(messages, /\r\n1,2026-03-28T23:30:00,1,text,5,,,,2,4,,\r\n/);
    });

    test("a chat with nothing recorded says so", async () => {
      const empty = supergroup(-1007777777777, "Silent");
      server.pushUpdate(
        update.message(
          message(empty, 1, LATER, {
            from: dora,
            text: "/stats",
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          }),
        ),
      );
      // The command itself is recorded, but nothing falls in the last 7 days of the fixed clock.
      const answer = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === empty.id, 15_000);
      assert.ok(
        /Nothing recorded|No messages|0<\/b> messages/.test(String(answer.payload.text ?? answer.payload.caption)),
      );
    });

    test("/stats answers in Russian with Russian plurals, numbers and buttons", async () => {
      server.pushUpdate(command(doraRu, "/stats"));
      const call = await reply(CHAT, "sendPhoto");
      const caption = String(call.payload.caption);
      assert.match(caption, /Berlin Club<\/b> · Последние 7 дней/);
      // 8 сообщений (many), 3 участника (few), 3 ответа (few), 1 вступил (one).
      assert.match(caption, /💬 <b>8<\/b> сообщений <i>новое<\/i>/);
      assert.match(caption, /👤 <b>3<\/b> участника писали <i>новое<\/i> · <b>0<\/b> из них 5\+ сообщений/);
      assert.match(caption, /📈 писали 25,0\u00a0% из всех 12 участников/);
      assert.match(caption, /➕ 1 вступил · ➖ 1 вышел/);
      assert.match(caption, /↩️ 3 ответа/);
      assert.match(caption, /первый ответ ~16,\d ч/);
      assert.doesNotMatch(caption, /messages|members|replies/);
      const keyboard = JSON.stringify(call.payload.reply_markup);
      assert.match(keyboard, /"• 7 дн\."/);
      assert.match(keyboard, /"• 📈 Активность"/);
      assert.match(keyboard, /s\|-1009000000001\|30d\|activity/);
      server.reset();
      // A press of a button is answered in the presser's language too.
      const messageId = (server.sentMessages(CHAT).at(-1) as { message_id: number } | undefined)?.message_id ?? 1;
      server.pushUpdate({
        callback_query: {
          id: "cb-ru",
          from: doraRu,
          chat_instance: "x",
          data: `s|${CHAT}|30d|top`,
          message: { message_id: messageId, date: 1, chat: club, from: server.botInfo, photo: [] },
        },
      });
      const edit = await reply(CHAT, "editMessageMedia");
      const media = edit.payload.media as { caption: string };
      assert.match(media.caption, /Последние 30 дней/);
      assert.match(media.caption, /1\. Anna — 4 \(50\u00a0%\)/);
      assert.match(JSON.stringify(edit.payload.reply_markup), /"• 🏆 Топ"/);
    });

    test("a member's numbers and a bad period in Spanish and Russian", async () => {
      server.pushUpdate(command(doraEs, "/stats @anna"));
      const es = String((await reply(CHAT)).payload.text);
      assert.match(es, /👤 <b>Anna<\/b> en <b>Berlin Club<\/b> · Últimos 7 días/);
      assert.match(es, /💬 <b>4<\/b> mensajes · 50,0\u00a0% del chat · puesto <b>#1<\/b> de 4/);
      assert.match(es, /racha de 1 día \(récord 2 días\)/);
      assert.match(es, /❤️ 4 reacciones recibidas/);
      server.reset();
      // /me for someone who has not written in the period asked about.
      server.pushUpdate(command(doraEs, "/me"));
      assert.equal(
        String((await reply(CHAT)).payload.text),
        "👤 <b>Elena</b> en <b>Berlin Club</b> · Últimos 7 días\nNo hay mensajes suyos desde que Pulse empezó a registrar aquí.",
      );
      server.reset();
      server.pushUpdate(command(ivan, "/stats @anna"));
      const ru = String((await reply(CHAT)).payload.text);
      // 4 сообщения (few), 4 реакции (few); the streak of 1 day (one) and the best of 2 days (few).
      assert.match(ru, /💬 <b>4<\/b> сообщения · 50,0\u00a0% чата · место <b>#1<\/b> из 4/);
      assert.match(ru, /серия 1 день \(рекорд 2 дня\)/);
      assert.match(ru, /❤️ 4 реакции получено/);
      server.reset();
      server.pushUpdate(command(ivan, "/stats fortnight"));
      assert.match(String((await reply(CHAT)).payload.text), /^Неизвестный период «fortnight»/);
      server.reset();
      server.pushUpdate(command(doraEs, "/top 2026-04-02"));
      assert.match(
        String((await reply(CHAT)).payload.text),
        /^2026-04-02 está en el futuro \(hoy es 2026-03-31 en Europe\/Berlin\)/,
      );
    });

    test("heavy commands are rate limited per user", async () => {
      for (let i = 0; i < 30; i++) server.pushUpdate(command(bernd, "/stats @nobody_at_all"));
      const limited = await server.waitForCall(
        "sendMessage",
        (c) => /too many statistics/.test(String(c.payload.text)),
        15_000,
      );
      assert.equal(limited.payload.chat_id, CHAT);
    });
  });
}
