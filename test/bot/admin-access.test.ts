// Access to a chat's data through the bot: a demoted admin loses it at once, a Telegram
// hiccup on getChatMember neither locks an admin out nor lets anyone in, and /stats @name
// finds only members of the chat it is asked in.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { attachedFile, type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { chatMemberUpdate, member, message, person, supergroup, update } from "../helpers/updates.js";

const GROUP = supergroup(-1002000000001, "Garden Club");
const OTHER = supergroup(-1002000000002, "Secret Society");
const anna = person(501, "Anna", "anna_g");
const bernd = person(502, "Bernd", "bernd_g");
const carol = person(503, "Carol Hidden", "carol_h");
const AT = "2026-03-01T10:00:00Z";
let nextId = 1;

const text = (chat: typeof GROUP, from: typeof anna, body: string) =>
  update.message(message(chat, nextId++, AT, { from, text: body }));

function command(chat: typeof GROUP | "private", from: typeof anna, body: string) {
  const where = chat === "private" ? { id: from.id, type: "private" as const, first_name: from.first_name } : chat;
  const length = body.split(" ")[0]?.length ?? body.length;
  return update.message(
    message(where, nextId++, AT, { from, text: body, entities: [{ type: "bot_command", offset: 0, length }] }),
  );
}

const TOO_MANY = {
  error_code: 429,
  description: "Too Many Requests: retry after 30",
  parameters: { retry_after: 30 },
};

for (const engine of testEngines()) {
  describe(`who may see a chat's data, on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(GROUP.id, member(anna, "administrator"));
      server.setChatMember(GROUP.id, member(bernd, "member"));
      server.setChatMember(OTHER.id, member(carol, "member"));
      pulse = await startTestPulse(server, database);
      const bot = server.botInfo;
      for (const chat of [GROUP, OTHER]) {
        server.pushUpdate(
          chatMemberUpdate("my_chat_member", chat, anna, AT, member(bot, "left"), member(bot, "administrator")),
        );
      }
      server.pushUpdate(text(GROUP, anna, "hello"));
      server.pushUpdate(text(GROUP, bernd, "hi"));
      server.pushUpdate(text(OTHER, carol, "psst"));
      await waitFor(
        async () =>
          (await database.rows(sql`SELECT 1 FROM messages`)).length === 3 &&
          (await database.rows(sql`SELECT 1 FROM chats WHERE bot_status = 'administrator'`)).length === 2,
        10_000,
        "the messages and the bot's status stored",
      );
      // The "recording" notices are sent before the tests look at replies.
      await waitFor(() => server.callsTo("sendMessage").length >= 2, 10_000, "the recording notices");
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const reply = (chatId: number) =>
      server.waitForCall("sendMessage", (c: RecordedCall) => c.payload.chat_id === chatId, 15_000);
    /**
     * Updates are handled in the order they arrive, and the admin cache is updated as soon as a
     * chat_member update's handling starts: once a later message is stored, it has been seen.
     */
    const handled = async (marker: string) => {
      server.pushUpdate(text(GROUP, anna, marker));
      await waitFor(
        async () =>
          (await database.rows(sql`SELECT 1 FROM messages WHERE chat_id = ${GROUP.id} AND text = ${marker}`)).length ===
          1,
        10_000,
        `"${marker}" stored`,
      );
    };
    // The activity CSVs; the network files follow when the social graph is built (influence.test.ts).
    const documentsTo = (userId: number) =>
      server
        .callsTo("sendDocument")
        .filter((c) => c.payload.chat_id === userId && !attachedFile(c, "document")?.filename.startsWith("network"));

    test("one 429 on getChatMember asks to retry and does not lock the admin out", async () => {
      server.failNext("getChatMember", TOO_MANY);
      server.pushUpdate(command(GROUP, anna, "/export 7d"));
      const answer = String((await reply(GROUP.id)).payload.text);
      assert.match(answer, /try again/);
      assert.doesNotMatch(answer, /Only this chat's administrators/);
      assert.equal(documentsTo(anna.id).length, 0);

      server.reset();
      server.pushUpdate(command(GROUP, anna, "/export 7d"));
      assert.match(String((await reply(GROUP.id)).payload.text), /Sent you the CSV files/);
      assert.equal(documentsTo(anna.id).length, 3);
    });

    test("the retry request, the refusal and the export's answer in the asker's language", async () => {
      const annaRu = { ...anna, language_code: "ru" };
      server.failNext("getChatMember", TOO_MANY);
      server.pushUpdate(command(GROUP, annaRu, "/export 7d"));
      assert.match(String((await reply(GROUP.id)).payload.text), /^Telegram сейчас не ответил, администратор ли вы/);
      server.reset();
      server.pushUpdate(command(GROUP, annaRu, "/export 7d"));
      assert.equal(String((await reply(GROUP.id)).payload.text), "📎 Отправил вам CSV-файлы в личный чат.");
      const captions = documentsTo(anna.id).map((c) => String(c.payload.caption));
      assert.match(captions[0] ?? "", /^Активность по дням · <b>.*<\/b> · Последние 7 дней \(/);
      server.reset();
      server.pushUpdate(command(GROUP, { ...bernd, language_code: "es" }, "/export 7d"));
      assert.equal(
        String((await reply(GROUP.id)).payload.text),
        "Solo los administradores de este chat pueden exportar sus datos.",
      );
    });

    test("a demoted admin can no longer /export, even with a cached answer", async () => {
      server.setChatMember(GROUP.id, member(bernd, "administrator"));
      server.pushUpdate(command(GROUP, bernd, "/export 7d"));
      assert.match(String((await reply(GROUP.id)).payload.text), /Sent you the CSV files/);

      // Demoted in Telegram; no chat_member update has arrived (yet).
      server.setChatMember(GROUP.id, member(bernd, "member"));
      server.reset();
      server.pushUpdate(command(GROUP, bernd, "/export 7d"));
      assert.match(String((await reply(GROUP.id)).payload.text), /Only this chat's administrators can export/);
      assert.equal(documentsTo(bernd.id).length, 0);
    });

    test("a chat_member update that demotes an admin drops the cached answer", async () => {
      // Promoted: the update drops the "not an admin" answer cached by the last test.
      server.setChatMember(GROUP.id, member(bernd, "administrator"));
      server.pushUpdate(
        chatMemberUpdate("chat_member", GROUP, anna, AT, member(bernd, "member"), member(bernd, "administrator")),
      );
      await handled("after the promotion");
      // Private /stats asks Telegram and caches "admin" for the chats it offers.
      server.pushUpdate(command("private", bernd, "/stats"));
      const offer = await reply(bernd.id);
      assert.match(String(offer.payload.text), /Which chat/);

      server.setChatMember(GROUP.id, member(bernd, "member"));
      server.pushUpdate(
        chatMemberUpdate("chat_member", GROUP, anna, AT, member(bernd, "administrator"), member(bernd, "member")),
      );
      await handled("after the demotion");
      const asked = server.callsTo("getChatMember").length;
      server.pushUpdate({
        callback_query: {
          id: "demoted-press",
          from: bernd,
          chat_instance: "x",
          data: `p|${GROUP.id}`,
          message: {
            message_id: offer.payload.message_id ?? 1,
            date: 1,
            chat: { id: bernd.id, type: "private", first_name: bernd.first_name },
            from: server.botInfo,
            text: "Which chat?",
          },
        },
      });
      const answered = await server.waitForCall(
        "answerCallbackQuery",
        (c) => c.payload.callback_query_id === "demoted-press",
        15_000,
      );
      assert.match(String(answered.payload.text), /Only that chat's administrators/);
      // Telegram was asked again rather than the cache trusted.
      assert.ok(server.callsTo("getChatMember").length > asked);
      assert.equal(server.callsTo("sendPhoto").length, 0);
    });

    test("/stats @username finds members of this chat only", async () => {
      server.pushUpdate(command(GROUP, anna, "/stats @carol_h"));
      const answer = String((await reply(GROUP.id)).payload.text);
      assert.match(answer, /I haven't seen @carol_h write here/);
      assert.doesNotMatch(answer, /Carol Hidden/);
      assert.equal(server.callsTo("sendPhoto").length, 0);

      // Two names: one member at a time, said rather than the second dropped.
      server.reset();
      server.pushUpdate(command(GROUP, anna, "/stats @anna @carol_h 30d"));
      assert.equal(
        String((await reply(GROUP.id)).payload.text),
        "One member at a time: /stats @name, optionally with a period (/stats @name 30d).",
      );
      assert.equal(server.callsTo("sendPhoto").length, 0);

      // The same name asked where Carol writes is found.
      server.pushUpdate(command(OTHER, carol, "/stats @carol_h"));
      // (A text answer: her only message is older than the default period.)
      assert.match(String((await reply(OTHER.id)).payload.text), /Carol Hidden/);
    });
  });
}
