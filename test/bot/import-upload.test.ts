// An admin sends an export to the bot in private: downloaded through the Bot API file
// endpoint, imported with progress in the chat; non-admins and oversized files are refused,
// other files get the way to a JSON export, imports wait in line for a slot, and an older
// export without exact times is read in the chat's time zone.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";
import { member, message, person, update } from "../helpers/updates.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "tdesktop");
const GROUP_ID = -20001;
const CHANNEL_ID = -1001292077344; // tg2md-private-channel.json
const admin = person(301, "Ada");
const stranger = person(302, "Sam");
const others = [person(303, "Bea"), person(304, "Cid")];
let nextId = 1;
const AFTER_THE_FILE = new Date("2027-06-01T00:00:00Z");

function sendDocument(
  from: typeof admin,
  fileId: string,
  size: number,
  name = "result.json",
  mime = "application/json",
) {
  const chat = { id: from.id, type: "private" as const, first_name: from.first_name };
  return update.message(
    message(chat, nextId++, "2026-03-01T10:00:00Z", {
      from,
      document: {
        file_id: fileId,
        file_unique_id: `${fileId}-u`,
        file_name: name,
        mime_type: mime,
        file_size: size,
      },
    }),
  );
}

for (const engine of testEngines()) {
  describe(`importing an export sent to the bot on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(GROUP_ID, member(admin, "administrator"));
      server.setChatMember(GROUP_ID, member(stranger, "member"));
      for (const other of others) server.setChatMember(GROUP_ID, member(other, "administrator"));
      server.setChatMember(CHANNEL_ID, member(admin, "administrator"));
      const odd = (id: number, extra: object = {}) => ({
        id,
        type: "message",
        date_unixtime: String(1714557600 + id),
        from: "Ada",
        from_id: "user301",
        text: `odd ${id}`,
        ...extra,
      });
      const oddMessages = [odd(9001), odd(9002, { from_id: 0 }), odd(9003)];
      for (let id = 9004; id < 9011; id++) oddMessages.push(odd(id, { message_thread_id: 2 ** 31 }));
      server.addFile(
        "odd-export",
        JSON.stringify({ name: "Team Chat", type: "private_group", id: -GROUP_ID, messages: oddMessages }, null, 1),
        "documents/odd.json",
      );
      server.addFile("old-export", readFileSync(join(FIXTURES, "tg2md-private-channel.json")), "documents/old.json");
      const group = readFileSync(join(FIXTURES, "tkonverter-private-group.json"));
      server.addFile("group-export", group, "documents/result.json");
      server.addFile("broken-export", readFileSync(join(FIXTURES, "tcp-error.json")), "documents/broken.json");
      // A clock after the group fixture's last message (January 2027), which would otherwise be
      // refused as dated in the future (the command-line tests check that).
      pulse = await startTestPulse(server, database, { IMPORT_MAX_UPLOAD_MB: "1" }, () => AFTER_THE_FILE);
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    /** The channel's rollups as stored, every row, and as an exact recount of its messages gives them. */
    const rollups = async () => ({
      stored: await storedRollups(database, CHANNEL_ID),
      recount: await recountedRollups(database, CHANNEL_ID, "Asia/Tokyo"),
    });

    const lastText = (chatId: number) => {
      const sent = server.sentMessages(chatId).at(-1) as { text?: string } | undefined;
      return sent?.text ?? "";
    };

    test("a non-admin's export is refused and nothing is stored", async () => {
      server.pushUpdate(sendDocument(stranger, "group-export", 14_930));
      await waitFor(
        () => /not a chat I'm in where you are an administrator/.test(lastText(stranger.id)),
        15_000,
        "the refusal",
      );
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${GROUP_ID}`), [
        { n: 0 },
      ]);
    });

    test("an admin's export is imported with progress and a summary", async () => {
      server.pushUpdate(sendDocument(admin, "group-export", 14_930));
      await waitFor(() => /Imported/.test(lastText(admin.id)), 15_000, "the summary");
      assert.match(lastText(admin.id), /44 new messages · 0 already present/);
      assert.ok(server.callsTo("editMessageText").some((c) => /Importing/.test(String(c.payload.text))));
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${GROUP_ID}`), [
        { n: 44 },
      ]);
      // The file went through the Bot API's file download, as with Telegram.
      assert.equal(server.callsTo("getFile").length, 1);
    });

    test("broken and oversized files get a clear answer", async () => {
      server.pushUpdate(sendDocument(admin, "broken-export", 488, "broken.json"));
      await waitFor(() => /line 5, column 3/.test(lastText(admin.id)), 15_000, "the located error");
      server.pushUpdate(sendDocument(admin, "group-export", 5 * 1024 * 1024));
      await waitFor(() => /I accept exports up to 1\.0 MB/.test(lastText(admin.id)), 15_000, "the size refusal");
    });

    test("messages with wrong fields are left out; the summary counts them and says where the first are", async () => {
      server.pushUpdate(sendDocument(admin, "odd-export", 2_000));
      await waitFor(() => /Imported/.test(lastText(admin.id)), 15_000, "the summary");
      const text = lastText(admin.id).replace(/<[^>]+>/g, "");
      assert.match(text, /2 new messages/);
      assert.match(text, /8 messages with invalid fields/);
      assert.match(text, /The first 5 of the 8 messages left out, and why:/);
      assert.match(
        text,
        /• messages\[1\]\.from_id: expected "user&lt;id&gt;".*found 0 \(line 19, column 15, byte \d+\)/,
      );
      assert.equal(text.match(/• messages\[\d\]\.message_thread_id: expected a 32-bit integer/g)?.length, 4);
      const stored = await database.rows<{ id: number }>(
        sql`SELECT message_id AS id FROM messages WHERE chat_id = ${GROUP_ID} AND message_id > 9000 ORDER BY 1`,
      );
      assert.deepEqual(
        stored.map((r) => r.id),
        [9001, 9003],
      );
    });

    test("an HTML export, a text file or an archive gets the way to a JSON export", async () => {
      const cases: [string, string, RegExp][] = [
        ["messages.html", "text/html", /^That is an HTML export \(Telegram Desktop's default format\)/],
        ["chat.txt", "text/plain", /^I can't import “chat\.txt”: I import Telegram Desktop chat exports in JSON/],
        ["ChatExport_2024-05-01.zip", "application/zip", /^That is an archive\. I can't unpack archives/],
      ];
      for (const [name, mime, first] of cases) {
        server.reset();
        server.pushUpdate(sendDocument(admin, `file-${name}`, 2_000, name, mime));
        const answer = () => server.callsTo("sendMessage").find((c) => c.payload.chat_id === admin.id);
        await waitFor(() => answer() !== undefined, 15_000, `the answer to ${name}`);
        // As the user sees it: the stand-in server keeps the HTML as sent.
        const text = String(answer()?.payload.text).replace(/<[^>]+>/g, "");
        assert.match(text, first);
        assert.match(text, /Export chat history → Format: Machine-readable JSON; uncheck photos/);
        assert.match(text, /send me the result\.json it saves/);
        // Nothing was downloaded.
        assert.equal(server.callsTo("getFile").length, 0);
      }
    });

    test("an older export without exact times is read in the chat's time zone, and the answer says so", async () => {
      await database.rows(sql`
        INSERT INTO chats (id, type, title, timezone) VALUES (${CHANNEL_ID}, 'channel', 'test', 'Asia/Tokyo')`);
      server.pushUpdate(sendDocument(admin, "old-export", 6_000, "result.json"));
      await waitFor(() => /Imported/.test(lastText(admin.id)), 15_000, "the summary");
      const text = lastText(admin.id).replace(/<[^>]+>/g, "");
      assert.match(text, /19 new messages/);
      assert.match(text, /I read them as Asia\/Tokyo \(this chat's time zone\)/);
      // The first message was written at 12:53:52 on the exporting computer's clock.
      const [first] = await database.rows<{ date: string }>(
        sql`SELECT to_char(date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS date FROM messages
            WHERE chat_id = ${CHANNEL_ID} AND message_id = 1`,
      );
      assert.equal(first?.date, "2020-11-12T03:53:52");
      assert.match(text, /pick it below: I'll read the file again in that zone and move these messages/);

      // The computer was on UTC after all: the button reads the file again and moves the messages.
      const edits = server.callsTo("editMessageText").filter((c) => c.payload.chat_id === admin.id);
      const summary = edits.at(-1)?.payload as {
        message_id: number;
        reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
      };
      const buttons = summary.reply_markup?.inline_keyboard.flat() ?? [];
      assert.ok(!buttons.some((b) => b.text === "Asia/Tokyo"));
      const utc = buttons.find((b) => b.text === "UTC");
      assert.ok(utc, JSON.stringify(buttons));
      const press = (id: string, from = admin) =>
        server.pushUpdate({
          callback_query: {
            id,
            from,
            chat_instance: "x",
            data: utc.callback_data,
            message: {
              message_id: summary.message_id,
              date: 1,
              chat: { id: from.id, type: "private", first_name: from.first_name },
              from: server.botInfo,
              text: "✅ Imported",
            },
          },
        });
      const before = await rollups();
      assert.deepEqual(before.stored, before.recount);
      press("someone-else", others[0]);
      const refused = await server.waitForCall(
        "answerCallbackQuery",
        (c) => c.payload.callback_query_id === "someone-else",
        15_000,
      );
      assert.match(String(refused.payload.text), /Only the person who sent this export/);
      press("zone-utc");
      await waitFor(() => /as you chose/.test(lastText(admin.id)), 15_000, "the second reading");
      assert.match(
        lastText(admin.id),
        /Times read as <b>UTC<\/b>, as you chose; the 19 messages of the earlier reading were moved/,
      );
      assert.match(lastText(admin.id), /19 new messages · 0 already present/);
      const [moved] = await database.rows<{ date: string; n: number }>(
        sql`SELECT (SELECT to_char(date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') FROM messages
                    WHERE chat_id = ${CHANNEL_ID} AND message_id = 1) AS date,
                   (SELECT count(*)::int FROM messages WHERE chat_id = ${CHANNEL_ID}) AS n`,
      );
      assert.deepEqual(moved, { date: "2020-11-12T12:53:52", n: 19 });
      // Rollups are what a recount of the stored messages gives, hour by hour and day by day.
      const after = await rollups();
      assert.deepEqual(after.stored, after.recount);
      assert.notDeepEqual(after.stored, before.stored);
      // A button of the first reading is spent.
      press("zone-again");
      const spent = await server.waitForCall(
        "answerCallbackQuery",
        (c) => c.payload.callback_query_id === "zone-again",
        15_000,
      );
      assert.match(String(spent.payload.text), /This button has expired/);
    });

    test("imports wait in line one at a time, each told its place", async () => {
      const uploaders = [admin, ...others];
      for (const from of uploaders) server.pushUpdate(sendDocument(from, "group-export", 14_930));
      // Counted in this test's calls: a chat's last text can still be an earlier test's summary,
      // and the queue need not take the uploads in the order they were sent.
      const summaryCount = () =>
        server.callsTo("editMessageText").filter((c) => /Imported/.test(String(c.payload.text))).length;
      await waitFor(() => summaryCount() >= uploaders.length, 60_000, "a summary for each upload");
      for (const from of uploaders) {
        await waitFor(() => /Imported/.test(lastText(from.id)), 30_000, `the summary for ${from.first_name}`);
      }
      // Two waited: one was told it was next, the other that one import was ahead of it.
      const queued = uploaders.flatMap((from) =>
        [
          ...server.callsTo("sendMessage").filter((c) => c.payload.chat_id === from.id),
          ...server.callsTo("editMessageText").filter((c) => c.payload.chat_id === from.id),
        ]
          .map((c) => String(c.payload.text))
          .filter((t) => t.startsWith("⏳")),
      );
      assert.ok(
        queued.some((t) => /Yours is next/.test(t)),
        queued.join("\n"),
      );
      assert.ok(
        queued.some((t) => /1 import is ahead of yours/.test(t)),
        queued.join("\n"),
      );
      // One download at a time: each began only after the import before it had ended.
      const downloads = server.callsTo("getFile").map((c) => c.at);
      const summaries = server
        .callsTo("editMessageText")
        .filter((c) => /Imported/.test(String(c.payload.text)))
        .map((c) => c.at)
        .sort((a, b) => a - b);
      assert.equal(downloads.length, 3);
      assert.equal(summaries.length, 3);
      for (let i = 1; i < 3; i++) {
        const previousImport = server
          .callsTo("editMessageText")
          .filter((c) => String(c.payload.text).startsWith("📥 Importing") && c.at < (downloads[i] as number));
        assert.ok(previousImport.length >= i, `download ${i + 1} began before import ${i} had started`);
      }
    });

    test("Russian and Spanish speakers get every answer in their language, plurals and numbers included", async () => {
      const anya = { ...person(305, "Аня"), language_code: "ru" };
      const pablo = { ...person(306, "Pablo"), language_code: "es" };
      server.setChatMember(GROUP_ID, member(anya, "administrator"));
      server.setChatMember(GROUP_ID, member(pablo, "member"));
      const plain = (chatId: number) => lastText(chatId).replace(/<[^>]+>/g, "");

      // Read before (the odd-messages test): nothing new, 2 stored, 8 left out with their reasons.
      server.pushUpdate(sendDocument(anya, "odd-export", 2_000));
      await waitFor(() => /Импортировано/.test(lastText(anya.id)), 15_000, "the Russian summary");
      const summary = plain(anya.id).split("\n");
      assert.equal(summary[0], "✅ Импортировано: Team Chat");
      assert.equal(summary[1], "💬 0 новых сообщений · 2 уже было");
      assert.equal(summary[2], "👥 0 входов и выходов · ❤️ 0 состояний реакций");
      assert.equal(summary[3], "⏭ пропущено: 8 сообщений с неверными полями");
      assert.equal(summary[4], "⚠️ Первые 5 из 8 пропущенных сообщений и причины:");
      assert.ok(
        server.callsTo("editMessageText").some((c) => String(c.payload.text) === "📥 Импортирую…"),
        "progress in Russian",
      );

      server.pushUpdate(sendDocument(anya, "broken-export", 488, "broken.json"));
      await waitFor(() => /строка 5, столбец 3/.test(lastText(anya.id)), 15_000, "the located error in Russian");
      assert.match(
        lastText(anya.id),
        /^⚠️ .*\(строка 5, столбец 3, байт \d+\)\n\nИз отклонённой части ничего не сохранено\.$/s,
      );

      server.pushUpdate(sendDocument(pablo, "group-export", 5 * 1024 * 1024));
      await waitFor(() => /Ese archivo/.test(lastText(pablo.id)), 15_000, "the Spanish size refusal");
      assert.equal(
        lastText(pablo.id),
        "Ese archivo ocupa 5,0 MB; aquí acepto exportaciones de hasta 1,0 MB. Para las más grandes, ejecuta `npm run import -- result.json` en el servidor.",
      );
      server.pushUpdate(sendDocument(pablo, "file-messages.html", 2_000, "messages.html", "text/html"));
      await waitFor(() => /exportación HTML/.test(lastText(pablo.id)), 15_000, "the Spanish HTML answer");
      assert.match(
        lastText(pablo.id),
        /^Eso es una exportación HTML .*\n\nPara exportar un chat como JSON en Telegram Desktop/s,
      );

      // Not an admin of the group: refused in Spanish, nothing stored for him.
      server.pushUpdate(sendDocument(pablo, "group-export", 14_930));
      await waitFor(() => /no es un chat/.test(lastText(pablo.id)), 15_000, "the Spanish refusal");
      assert.match(
        plain(pablo.id),
        /^⚠️ «.+» \(-20001\) no es un chat en el que yo esté y tú seas administrador, así que no puedo importarlo\./,
      );
    });
  });
}
