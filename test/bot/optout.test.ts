// /optout, /optout delete and /optin end to end: commands through the local Bot API server,
// then what the bot answers, what every member-naming query shows and what is stored.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import { GROUP_COMMANDS, PRIVATE_COMMANDS } from "../../src/bot/commands.js";
import type { Database } from "../../src/db/client.js";
import { getTopMessagesByReactions, getTopMessagesByReplies } from "../../src/queries/conversations.js";
import { getMemberActivityRows, getMessageRows } from "../../src/queries/export.js";
import { getMemberStats } from "../../src/queries/members.js";
import { parsePeriod } from "../../src/queries/period.js";
import { currentRange } from "../../src/queries/range.js";
import { getTopSenders } from "../../src/queries/senders.js";
import { attachedFile, type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { GROUP_ANONYMOUS_BOT, member, message, person, supergroup, update } from "../helpers/updates.js";
import { CHAT, loadDataset, NOW, TZ } from "../queries/dataset.js";

const club = supergroup(CHAT, "Berlin Club");
const anna = person(1, "Anna", "anna");
const bernd = person(2, "Bernd");
const dora = person(4, "Dora", "dora");
const LATER = "2026-04-05T12:00:00Z";
let nextId = 7000;

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
  describe(`/optout, /optout delete and /optin on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    const range = () => currentRange(CHAT, parsePeriod("7d", TZ, NOW));

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadDataset(database);
      server.setChatMemberCount(CHAT, 12);
      server.setChatMember(CHAT, member(dora, "administrator"));
      server.setChatMember(CHAT, member(bernd, "member"));
      pulse = await startTestPulse(
        server,
        database,
        { RATE_LIMIT_USER_PER_MINUTE: "100", RATE_LIMIT_CHAT_PER_MINUTE: "100" },
        () => NOW,
      );
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const reply = async (chatId: number, method = "sendMessage") =>
      (await server.waitForCall(method, (c: RecordedCall) => c.payload.chat_id === chatId, 15_000)).payload;
    const chatTotals = async () =>
      (
        await database.rows<{ messages: number; chars: number; senders: number }>(sql`
          SELECT (SELECT sum(messages)::int FROM chat_hourly_activity WHERE chat_id = ${CHAT}) AS messages,
                 (SELECT sum(text_chars)::int FROM chat_hourly_activity WHERE chat_id = ${CHAT}) AS chars,
                 (SELECT sum(active_senders)::int FROM chat_daily_activity WHERE chat_id = ${CHAT}) AS senders`)
      )[0];
    const annaRow = async () =>
      (
        await database.rows<{ opted_out: boolean; first_name: string | null; username: string | null }>(
          sql`SELECT opted_out, first_name, username FROM users WHERE id = 1`,
        )
      )[0];
    const memberDays = async (userId: number) =>
      (
        await database.rows<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM chat_user_daily_activity WHERE user_id = ${userId}`,
        )
      )[0]?.n;

    test("/optout hides the member everywhere while chat totals keep their messages", async () => {
      // Before: Anna leads the chat.
      assert.equal((await getTopSenders(database, range()))[0]?.name, "Anna");
      server.pushUpdate(command(anna, "/optout"));
      const answer = String((await reply(CHAT)).text);
      assert.match(answer, /^Done: I no longer count you, in any chat\./);
      assert.match(answer, /still count in each chat's totals, without your name/);
      assert.match(answer, /send \/optout delete/);
      assert.deepEqual(await annaRow(), { opted_out: true, first_name: null, username: "anna" });

      // Leaderboards: Anna is gone; shares are still of the whole chat (8 messages).
      const top = await getTopSenders(database, range());
      assert.deepEqual(
        top.map((t) => [t.name, t.messages, t.share]),
        [
          ["Bernd", 2, 0.25],
          ["Club News", 1, 0.125],
          ["Clara Zetkin", 1, 0.125],
        ],
      );
      server.pushUpdate(command(bernd, "/top"));
      const caption = String((await reply(CHAT, "sendPhoto")).caption);
      assert.doesNotMatch(caption, /Anna/);
      assert.match(caption, /1\. Bernd — 2 \(25%\)/);
      assert.match(caption, /<b>8<\/b> messages|8 messages/);

      // Ranks leave her out too: Bernd is #1 of the 3 who can be named.
      const bernds = await getMemberStats(database, range(), 2, "2026-03-31");
      assert.deepEqual([bernds.rank, bernds.senders, bernds.share], [1, 3, 0.25]);

      // Top messages: her message 1 had the most reactions and replies; it is no longer listed.
      const byReactions = await getTopMessagesByReactions(database, range());
      assert.deepEqual(
        byReactions.map((m) => m.messageId),
        [5],
      );
      assert.ok((await getTopMessagesByReplies(database, range())).every((m) => m.senderId !== 1));

      // Exports: no per-member row and no sender id on her messages.
      const members = await getMemberActivityRows(database, range());
      assert.ok(members.every((r) => r.sender_id !== 1));
      const messages = await getMessageRows(database, range());
      assert.deepEqual(
        messages.filter((r) => [1, 3, 4, 7].includes(r.message_id)).map((r) => r.sender_id),
        [null, null, null, null],
      );
      assert.equal(messages.find((r) => r.message_id === 2)?.sender_id, 2);
      server.reset();
      server.pushUpdate(command(dora, "/export 7d"));
      await reply(CHAT);
      // The network files (edge list, GEXF) follow when the social graph is built; see influence.test.ts.
      const documents = server
        .callsTo("sendDocument")
        .filter((c) => c.payload.chat_id === dora.id && !attachedFile(c, "document")?.filename.startsWith("network"));
      assert.equal(documents.length, 3);
      const memberCsv = attachedFile(documents[1] as RecordedCall, "document")?.data.toString("utf8") ?? "";
      assert.doesNotMatch(memberCsv, /Anna|anna/);
      assert.match(memberCsv, /Bernd/);

      // /stats @anna, /stats as a reply to her, and her own /me.
      server.reset();
      server.pushUpdate(command(bernd, "/stats @anna"));
      assert.equal(
        (await reply(CHAT)).text,
        "That member opted out of Pulse's statistics, so I don't show their numbers.",
      );
      server.reset();
      server.pushUpdate(
        command(bernd, "/stats", {
          reply_to_message: message(club, 1, "2026-03-28T22:30:00Z", { from: anna, text: "x" }),
        }),
      );
      assert.match(String((await reply(CHAT)).text), /That member opted out/);
      server.reset();
      server.pushUpdate(command(anna, "/me"));
      assert.match(String((await reply(CHAT)).text), /^You opted out, so I don't count you/);
      server.reset();
      server.pushUpdate(privateCommand(anna, "/me"));
      assert.match(String((await reply(anna.id)).text), /^You opted out/);
    });

    test("messages after opting out count in chat totals only and keep no text", async () => {
      const before = await chatTotals();
      const daysBefore = await memberDays(1);
      const id = server.pushUpdate(
        update.message(
          message(club, 900, "2026-03-31T09:30:00Z", {
            from: anna,
            text: "secret plans",
            forward_origin: undefined,
          }),
        ),
      );
      // A message forwarded from her by someone else keeps no name of hers either.
      server.pushUpdate(
        update.message(
          message(club, 901, "2026-03-31T09:31:00Z", {
            from: bernd,
            text: "look",
            forward_origin: { type: "user", date: 1, sender_user: anna },
          }),
        ),
      );
      await server.waitUntilConfirmed(id + 1, 15_000);
      await waitFor(
        async () =>
          (await database.rows(sql`SELECT 1 FROM messages WHERE chat_id = ${CHAT} AND message_id IN (900, 901)`))
            .length === 2,
        15_000,
        "both messages stored",
      );
      const [stored] = await database.rows<{ text: string | null; text_length: number }>(
        sql`SELECT text, text_length FROM messages WHERE chat_id = ${CHAT} AND message_id = 900`,
      );
      assert.deepEqual(stored, { text: null, text_length: 12 });
      const [forwarded] = await database.rows<{ text: string | null; forward_from_name: string | null }>(
        sql`SELECT text, forward_from_name FROM messages WHERE chat_id = ${CHAT} AND message_id = 901`,
      );
      assert.deepEqual(forwarded, { text: "look", forward_from_name: null });
      const afterTotals = await chatTotals();
      assert.equal(afterTotals?.messages, (before?.messages ?? 0) + 2);
      assert.equal(afterTotals?.chars, (before?.chars ?? 0) + 12 + 4);
      assert.equal(await memberDays(1), daysBefore, "no per-member row for her new message");
      assert.equal((await annaRow())?.first_name, null, "her name is not stored again");
    });

    test("/optout delete erases her texts and per-member rows; chat totals do not move; /optin counts her again", async () => {
      const before = await chatTotals();
      assert.ok(((await memberDays(1)) ?? 0) > 0);
      server.pushUpdate(privateCommand(anna, "/optout delete"));
      const answer = String((await reply(anna.id)).text);
      assert.match(answer, /now I also deleted what I stored about you/);
      // Her dataset messages fall on three local days (28, 29 and 31 March).
      assert.match(
        answer,
        /Deleted: the text of \d+ messages in 1 chat, 3 days of your per-day numbers, and your name\./,
      );
      assert.deepEqual(await annaRow(), { opted_out: true, first_name: null, username: null });
      const [texts] = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM messages WHERE user_id = 1 AND text IS NOT NULL`,
      );
      assert.equal(texts?.n, 0);
      assert.equal(await memberDays(1), 0);
      assert.deepEqual(await chatTotals(), before, "chat totals are unchanged");
      // The others' numbers stay (Bernd's forward of 09:31 is his third message); shares are now
      // of the per-member rows that remain.
      assert.deepEqual(
        (await getTopSenders(database, range())).map((t) => [t.name, t.messages, t.share]),
        [
          ["Bernd", 3, 0.6],
          ["Club News", 1, 0.2],
          ["Clara Zetkin", 1, 0.2],
        ],
      );

      server.reset();
      server.pushUpdate(command(anna, "/optin"));
      assert.match(String((await reply(CHAT)).text), /^Welcome back: I count you again/);
      const id = server.pushUpdate(
        update.message(message(club, 902, "2026-03-31T09:40:00Z", { from: anna, text: "back again" })),
      );
      await server.waitUntilConfirmed(id, 15_000);
      await waitFor(async () => ((await memberDays(1)) ?? 0) === 1, 15_000, "her per-member row");
      const [stored] = await database.rows<{ text: string | null }>(
        sql`SELECT text FROM messages WHERE chat_id = ${CHAT} AND message_id = 902`,
      );
      assert.equal(stored?.text, "back again");
      await waitFor(async () => (await annaRow())?.first_name === "Anna", 15_000, "her name back");
      assert.equal((await getTopSenders(database, range()))[0]?.name, "Bernd");
      assert.ok((await getTopSenders(database, range())).some((t) => t.name === "Anna" && t.messages === 1));

      server.reset();
      server.pushUpdate(privateCommand(anna, "/optin"));
      assert.match(String((await reply(anna.id)).text), /haven't opted out/);
      server.reset();
      server.pushUpdate(command(anna, "/optout later"));
      assert.match(String((await reply(CHAT)).text), /Send \/optout to stop being counted/);
    });

    test("the commands are in both menus and in /help", async () => {
      for (const list of [PRIVATE_COMMANDS, GROUP_COMMANDS]) {
        assert.ok(list.some((c) => c.command === "optout"));
        assert.ok(list.some((c) => c.command === "optin"));
      }
      server.pushUpdate(privateCommand(bernd, "/help"));
      assert.match(String((await reply(bernd.id)).text), /\/optout delete — also delete your stored message texts/);
      // An anonymous admin cannot be told apart from the others posting as the group.
      server.reset();
      server.pushUpdate(command(GROUP_ANONYMOUS_BOT, "/optout", { sender_chat: club }));
      assert.match(String((await reply(CHAT)).text), /^You're posting anonymously/);
      const [anonymous] = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM users WHERE opted_out AND id = ${GROUP_ANONYMOUS_BOT.id}`,
      );
      assert.equal(anonymous?.n, 0);
    });

    test("/optin after a plain /optout says the numbers kept from before show again", async () => {
      const days = await memberDays(bernd.id);
      assert.ok(days !== undefined && days > 0);
      const optoutId = nextId;
      server.pushUpdate(command(bernd, "/optout"));
      assert.match(String((await reply(CHAT)).text), /^Done: I no longer count you/);
      server.reset();
      const optinId = nextId;
      server.pushUpdate(command(bernd, "/optin"));
      assert.equal(
        String((await reply(CHAT)).text),
        "Welcome back: I count you again from your next message, and your name and the numbers I kept from before show again.",
      );
      assert.equal(await memberDays(bernd.id), days, "kept, and counted again");
      // The reply can come before the command's own record is stored: the next test counts his texts.
      await waitFor(
        async () =>
          (
            await database.rows(
              sql`SELECT 1 FROM messages WHERE chat_id = ${CHAT} AND message_id IN (${optoutId}, ${optinId})`,
            )
          ).length === 2,
        10_000,
        "the /optout and /optin messages to be stored",
      );
    });

    test("a Russian and a Spanish speaker are answered in their language, with plurals for what was deleted", async () => {
      const bernd_ru = { ...bernd, language_code: "ru" };
      const [before] = await database.rows<{ texts: number; chats: number }>(
        sql`SELECT count(*)::int AS texts, count(DISTINCT chat_id)::int AS chats
            FROM messages WHERE user_id = ${bernd.id} AND text IS NOT NULL`,
      );
      const days = await memberDays(bernd.id);
      assert.ok(before && before.texts > 0 && days !== undefined && days > 0);
      // Russian genitive after "тексты" / prepositional after "в" / accusative after "за", by CLDR category.
      const category = (n: number) => new Intl.PluralRules("ru").select(n);
      const messages = (n: number) => (category(n) === "one" ? "сообщения" : "сообщений");
      const chats = (n: number) => (category(n) === "one" ? "чате" : "чатах");
      const dayWord = (n: number) => ({ one: "день", few: "дня" })[category(n) as "one" | "few"] ?? "дней";

      server.reset();
      server.pushUpdate(privateCommand(bernd_ru, "/optout delete"));
      const answer = String((await reply(bernd.id)).text).split("\n");
      assert.equal(answer[0], "Готово: я больше не учитываю вас ни в одном чате.");
      assert.equal(
        answer[4],
        `• Удалено: тексты ${before.texts} ${messages(before.texts)} в ${before.chats} ${chats(before.chats)}, ` +
          `ваши цифры по дням за ${days} ${dayWord(days)} и ваше имя.`,
      );
      assert.equal(await memberDays(bernd.id), 0);

      server.reset();
      server.pushUpdate(command(bernd_ru, "/optin"));
      assert.match(String((await reply(CHAT)).text), /^С возвращением: я снова учитываю вас со следующего сообщения/);

      const dora_es = { ...dora, language_code: "es" };
      server.reset();
      server.pushUpdate(command(dora_es, "/optout luego"));
      assert.equal(
        String((await reply(CHAT)).text),
        "Envía /optout para dejar de ser contado, o /optout delete para borrar además lo que guardé sobre ti.",
      );
      server.reset();
      server.pushUpdate(privateCommand(dora_es, "/optin"));
      assert.equal(
        String((await reply(dora.id)).text),
        "No te has excluido, así que ya te cuento. Envía /optout para dejar de ser contado.",
      );
    });
  });
}
