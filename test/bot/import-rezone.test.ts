// The zone buttons under an older export's summary, through the Bot API stand-in: a press moves
// only what that reading stored, forgets and imports again in one transaction (a failure or a
// shutdown changes nothing and the buttons keep working), each join and leave is stored once
// however often the zone changes, and the rollups stay an exact recount, row for row.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";
import { member, message, person, update } from "../helpers/updates.js";

const admin = person(301, "Ada");
const bea = person(303, "Bea");
let nextUpdate = 1;

/** A group's history as an older Telegram Desktop writes it: wall-clock dates only. */
const HISTORY = [
  { id: 1, type: "message", date: "2024-05-01T10:00:00", from: "Ada", from_id: "user301", text: "hello" },
  {
    id: 2,
    type: "service",
    date: "2024-05-01T10:05:00",
    actor: "Bea",
    actor_id: "user303",
    action: "join_group_by_link",
    text: "",
  },
  { id: 3, type: "message", date: "2024-05-01T10:06:00", from: "Bea", from_id: "user303", text: "hi all" },
  {
    id: 4,
    type: "service",
    date: "2024-05-01T10:10:00",
    actor: "Ada",
    actor_id: "user301",
    action: "invite_members",
    members: ["Cid"],
    text: "",
  },
  { id: 5, type: "message", date: "2024-05-01T10:20:00", from: "Cid", from_id: "user304", text: "thanks" },
  {
    id: 6,
    type: "service",
    date: "2024-05-01T23:30:00",
    actor: "Cid",
    actor_id: "user304",
    action: "remove_members",
    members: ["Cid"],
    text: "",
  },
  { id: 7, type: "message", date: "2024-05-01T23:50:00", from: "Ada", from_id: "user301", text: "good night" },
];

/** The UTC instant of a wall-clock time in a fixed offset (hours east of UTC). */
const instant = (wall: string, offsetHours: number) => Date.parse(`${wall}Z`) - offsetHours * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function exportOf(rawId: number, messages: object[]): string {
  return JSON.stringify({ name: `Group ${rawId}`, type: "private_group", id: rawId, messages }, null, 1);
}

/** The same history as a newer export writes it: exact times, here those of Tokyo (UTC+9). */
function exactExport(rawId: number, ids: number[]): string {
  const messages = HISTORY.filter((m) => ids.includes(m.id)).map((m) => ({
    ...m,
    date_unixtime: String(instant(m.date, 9) / 1000),
  }));
  return exportOf(rawId, messages);
}

function sendDocument(fileId: string) {
  const chat = { id: admin.id, type: "private" as const, first_name: admin.first_name };
  return update.message(
    message(chat, nextUpdate++, "2026-03-01T10:00:00Z", {
      from: admin,
      document: {
        file_id: fileId,
        file_unique_id: `${fileId}-u`,
        file_name: "result.json",
        mime_type: "application/json",
        file_size: 2_000,
      },
    }),
  );
}

interface Sent {
  message_id: number;
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
}

for (const engine of testEngines()) {
  describe(`the zone buttons of an older export on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      for (const chat of [-20077, -20078, -20079, -20080]) server.setChatMember(chat, member(admin, "administrator"));
      pulse = await startTestPulse(server, database, { DEFAULT_TIMEZONE: "UTC" });
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });

    /** The bot's last message to the admin, as it stands after its edits. */
    const last = () => server.sentMessages(admin.id).at(-1) as unknown as Sent;
    const plain = (text: string) => text.replace(/<[^>]+>/g, "");
    const buttonsOf = (sent: Sent) => sent.reply_markup?.inline_keyboard.flat() ?? [];

    /** Sends a file and waits for the answer that ends its import. */
    const send = async (fileId: string, done = /Imported/) => {
      const before = server.sentMessages(admin.id).length;
      server.pushUpdate(sendDocument(fileId));
      await waitFor(
        () => server.sentMessages(admin.id).length > before && done.test(last().text) && !/^📥/.test(last().text),
        20_000,
        `the answer to ${fileId}`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the last message: ${JSON.stringify(last()?.text)}`);
      });
      return last();
    };

    /** Presses a zone button and waits for the answer that ends the reading. */
    const press = async (sent: Sent, zone: string, done: RegExp) => {
      const button = buttonsOf(sent).find((b) => b.text === zone);
      assert.ok(button, `no ${zone} button in ${JSON.stringify(buttonsOf(sent))}`);
      const before = server.sentMessages(admin.id).length;
      server.pushUpdate({
        callback_query: {
          id: `press-${nextUpdate++}`,
          from: admin,
          chat_instance: "x",
          data: button.callback_data,
          message: {
            message_id: sent.message_id,
            date: 1,
            chat: { id: admin.id, type: "private", first_name: admin.first_name },
            from: server.botInfo,
            text: sent.text,
          },
        },
      });
      await waitFor(
        () => server.sentMessages(admin.id).length > before && done.test(last().text),
        20_000,
        `the answer to ${zone}`,
      );
      return last();
    };

    const times = async (chatId: number) =>
      Object.fromEntries(
        (
          await database.rows<{ id: number; at: string; source: string }>(sql`
            SELECT message_id AS id, to_char(date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS at, source
            FROM messages WHERE chat_id = ${chatId} ORDER BY 1`)
        ).map((r) => [r.id, `${r.at} ${r.source}`]),
      );
    const events = (chatId: number) =>
      database.rows(sql`
        SELECT user_id, kind, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS at
        FROM member_events WHERE chat_id = ${chatId} ORDER BY occurred_at, user_id, kind`);
    const assertRecount = async (chatId: number, zone: string) => {
      assert.deepEqual(await storedRollups(database, chatId), await recountedRollups(database, chatId, zone));
    };

    test("each join and leave is stored once, whatever zones are picked, beside the one the bot saw live", async () => {
      const chatId = -20077;
      await database.rows(
        sql`INSERT INTO chats (id, type, title, timezone) VALUES (${chatId}, 'group', 'Zones', 'Europe/Berlin')`,
      );
      // The bot saw Bea join live, at her exact time (10:05 in Berlin).
      const group = { id: chatId, type: "group" as const, title: "Zones" };
      server.pushUpdate(
        update.message(message(group, 2, "2024-05-01T08:05:00Z", { from: bea, new_chat_members: [bea] })),
      );
      await waitFor(async () => Object.keys(await times(chatId)).length === 1, 10_000, "the live join");
      server.addFile("old-77", exportOf(20077, HISTORY), "documents/old-77.json");

      const first = await send("old-77");
      assert.match(plain(first.text), /6 new messages · 1 already present/);
      assert.match(plain(first.text), /I read them as Europe\/Berlin \(this chat's time zone\)/);
      const utc = await press(first, "UTC", /as you chose/);
      assert.match(plain(utc.text), /the 6 messages of the earlier reading were moved/);
      const tokyo = await press(utc, "Asia/Tokyo", /as you chose/);
      assert.match(plain(tokyo.text), /Times read as Asia\/Tokyo/);

      const stored = await times(chatId);
      assert.equal(stored[2], "2024-05-01T08:05:00 bot");
      assert.equal(stored[6], `${iso(instant("2024-05-01T23:30:00", 9))} export`);
      // Bea's join once (the bot's), Cid's join and leave at their Tokyo times: nothing left
      // behind by the Berlin and UTC readings, and no second join for the message the bot stored.
      assert.deepEqual(await events(chatId), [
        { user_id: 304, kind: "join", at: iso(instant("2024-05-01T10:10:00", 9)) },
        { user_id: 303, kind: "join", at: "2024-05-01T08:05:00" },
        { user_id: 304, kind: "leave", at: iso(instant("2024-05-01T23:30:00", 9)) },
      ]);
      await assertRecount(chatId, "Europe/Berlin");
    });

    test("only what the reading stored moves: rows with exact times stay, and no buttons when it stored nothing", async () => {
      const chatId = -20078;
      // A newer export (exact times, from Tokyo) brought messages 1–4 first.
      server.addFile("exact-78", exactExport(20078, [1, 2, 3, 4]), "documents/exact-78.json");
      const exact = await send("exact-78");
      assert.match(plain(exact.text), /4 new messages/);
      assert.equal(buttonsOf(exact).length, 0);
      const exactTimes = await times(chatId);

      // An older export of 1–7 adds 5–7, read in the default zone (UTC).
      server.addFile("old-78", exportOf(20078, HISTORY), "documents/old-78.json");
      const old = await send("old-78");
      assert.match(plain(old.text), /3 new messages · 4 already present/);
      const berlin = await press(old, "Europe/Berlin", /as you chose/);
      assert.match(plain(berlin.text), /the 3 messages of the earlier reading were moved/);
      const moved = await times(chatId);
      for (const id of [1, 2, 3, 4]) assert.equal(moved[id], exactTimes[id], `message ${id} kept its exact time`);
      assert.equal(moved[5], `${iso(instant("2024-05-01T10:20:00", 2))} export`);
      assert.equal(moved[7], `${iso(instant("2024-05-01T23:50:00", 2))} export`);
      await assertRecount(chatId, "UTC");

      // The same older export again stores nothing: there is nothing a zone could move.
      const again = await send("old-78");
      assert.match(plain(again.text), /0 new messages · 7 already present/);
      assert.equal(buttonsOf(again).length, 0);
      assert.doesNotMatch(plain(again.text), /pick it below/);
      assert.deepEqual(await times(chatId), moved);
    });

    test("a reading that fails half-way changes nothing, says so, and its buttons work again", async () => {
      const chatId = -20079;
      const file = exportOf(20079, HISTORY);
      server.addFile("old-79", file, "documents/old-79.json");
      const first = await send("old-79");
      assert.match(plain(first.text), /7 new messages/);
      const before = await times(chatId);
      const rollups = await storedRollups(database, chatId);
      const joins = await events(chatId);

      // The file is cut off when it is read again: the import fails after the earlier reading
      // was forgotten, in the same transaction.
      server.addFile("old-79", file.slice(0, file.length - 40), "documents/old-79.json");
      const failed = await press(first, "Asia/Tokyo", /Nothing changed/);
      assert.match(plain(failed.text), /unexpected end of file: the export is truncated/);
      assert.match(
        plain(failed.text),
        /Nothing changed: the messages are still as read in UTC, not Asia\/Tokyo\. Press a zone below to try again\./,
      );
      assert.deepEqual(await times(chatId), before);
      assert.deepEqual(await storedRollups(database, chatId), rollups);
      assert.deepEqual(await events(chatId), joins);

      // The buttons under the failure are the earlier reading's, still valid.
      server.addFile("old-79", file, "documents/old-79.json");
      const tokyo = await press(failed, "Asia/Tokyo", /as you chose/);
      assert.match(plain(tokyo.text), /the 7 messages of the earlier reading were moved/);
      assert.equal((await times(chatId))[1], `${iso(instant("2024-05-01T10:00:00", 9))} export`);
      await assertRecount(chatId, "UTC");
    });

    test("a shutdown during a reading stops it before anything changes and tells the sender", async () => {
      const chatId = -20080;
      server.addFile("old-80", exportOf(20080, HISTORY), "documents/old-80.json");
      const first = await send("old-80");
      const before = await times(chatId);

      // Telegram is slow to hand out the file again; Pulse is stopped meanwhile.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      server.setResult("getFile", async (payload) => {
        await held;
        return { file_id: payload.file_id, file_unique_id: "u", file_size: 2_000, file_path: "documents/old-80.json" };
      });
      server.reset();
      try {
        const button = buttonsOf(first).find((b) => b.text === "Asia/Tokyo");
        assert.ok(button);
        server.pushUpdate({
          callback_query: {
            id: "press-stop",
            from: admin,
            chat_instance: "x",
            data: button.callback_data,
            message: {
              message_id: first.message_id,
              date: 1,
              chat: { id: admin.id, type: "private", first_name: admin.first_name },
              from: server.botInfo,
              text: first.text,
            },
          },
        });
        await server.waitForCall("getFile", () => true, 10_000);
        const stopped = pulse.stop();
        await new Promise((resolve) => setTimeout(resolve, 200));
        release();
        await stopped;
      } finally {
        server.clearResult("getFile");
      }
      // By the time stop() returned, the sender had been told, and nothing had moved.
      assert.match(
        plain(last().text),
        /Pulse is shutting down, so this import stopped\.\s+Nothing changed: the messages are still as read in UTC, not Asia\/Tokyo\./,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(await times(chatId), before);
      await assertRecount(chatId, "UTC");
    });
  });
}
