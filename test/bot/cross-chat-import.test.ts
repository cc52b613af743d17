// An export is a file its sender can edit. An admin of chat A who imports A's export with
// messages "from" chat B must not be able to rename or retype B: an import may create chats
// Pulse has not seen, never change known ones. Whatever the source, stored titles, names and
// texts stay within Telegram's own limits.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { member, message, person, supergroup, update } from "../helpers/updates.js";

const CHAT_A = -1001000000001;
const CHAT_B = -1001000000002;
const CHAT_C = -1001000000003;
const alice = person(401, "Alice");
const bob = person(402, "Bob");

const HUGE_TITLE = "😀".repeat(300);
const HUGE_TEXT = `${"x".repeat(4095)}😀😀😀`;

function exportOfA(): string {
  const at = (minute: number) => ({
    date: `2026-02-01T08:0${minute}:00`,
    date_unixtime: String(Date.parse(`2026-02-01T08:0${minute}:00Z`) / 1000),
  });
  return JSON.stringify({
    name: "Chat A",
    type: "public_supergroup",
    id: 1000000001,
    messages: [
      { id: 1, type: "message", ...at(0), from: "Alice", from_id: "user401", text: "hello" },
      // Posted "as" chat B, which Alice does not administer.
      { id: 2, type: "message", ...at(1), from: "PWNED-BY-ALICE", from_id: "channel1000000002", text: "gotcha" },
      // A chat Pulse has never seen: the import may create it, within the title limit.
      { id: 3, type: "message", ...at(2), from: HUGE_TITLE, from_id: "channel1000000003", text: HUGE_TEXT },
    ],
  });
}

for (const engine of testEngines()) {
  describe(`an import cannot write to other chats on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(CHAT_A, member(alice, "administrator"));
      server.addFile("export-a", exportOfA(), "documents/result.json");
      pulse = await startTestPulse(server, database);
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });

    let uploads = 0;
    /** Alice sends A's export to the bot in private; answers the import summary. */
    const importExportOfA = async () => {
      const before = uploads++;
      server.pushUpdate(
        update.message(
          message(
            { id: alice.id, type: "private", first_name: alice.first_name },
            100 + before,
            "2026-03-01T10:00:00Z",
            {
              from: alice,
              document: {
                file_id: "export-a",
                file_unique_id: "export-a-u",
                file_name: "result.json",
                mime_type: "application/json",
                file_size: Buffer.byteLength(exportOfA()),
              },
            },
          ),
        ),
      );
      const summaries = () =>
        server.sentMessages(alice.id).filter((m) => /Imported/.test((m as { text?: string }).text ?? ""));
      await waitFor(() => summaries().length > before, 60_000, "the import summary");
      return (summaries().at(-1) as { text?: string }).text ?? "";
    };

    test("B's row keeps what Telegram says; an unseen chat is created within limits", async () => {
      // Pulse knows B from its own live updates.
      server.pushUpdate(
        update.message(message(supergroup(CHAT_B, "Real B"), 1, "2026-03-01T09:00:00Z", { from: bob, text: "hi" })),
      );
      await waitFor(
        async () => (await database.rows(sql`SELECT 1 FROM chats WHERE id = ${CHAT_B}`)).length === 1,
        10_000,
        "chat B stored",
      );

      assert.match(await importExportOfA(), /3 new messages/);

      const chats = await database.rows<{ id: number; type: string; title: string }>(
        sql`SELECT id, type, title FROM chats WHERE id IN (${CHAT_B}, ${CHAT_C}) ORDER BY id DESC`,
      );
      assert.deepEqual(chats[0], { id: CHAT_B, type: "supergroup", title: "Real B" });
      assert.equal(chats[1]?.id, CHAT_C);
      assert.equal(chats[1]?.type, "channel");
      assert.equal(chats[1]?.title, "😀".repeat(128));

      const [stored] = await database.rows<{ text: string; text_length: number }>(
        sql`SELECT text, text_length FROM messages WHERE chat_id = ${CHAT_A} AND message_id = 3`,
      );
      assert.equal([...(stored?.text ?? "")].length, 4096);
      assert.equal(stored?.text, `${"x".repeat(4095)}😀`);
      assert.equal(stored?.text_length, 4096);
      // The imported messages themselves are kept: only the other chat's identity is protected.
      assert.deepEqual(
        await database.rows(sql`SELECT sender_chat_id FROM messages WHERE chat_id = ${CHAT_A} AND message_id = 2`),
        [{ sender_chat_id: CHAT_B }],
      );
    });

    test("live updates still rename a known chat, with the same limits", async () => {
      const long = {
        ...person(403, "N".repeat(100)),
        last_name: "🙂".repeat(70),
        username: "way_too_long_for_a_telegram_username_x",
      };
      server.pushUpdate(
        update.message(
          message(supergroup(CHAT_B, `B ${"é".repeat(200)}`), 2, "2026-03-01T11:00:00Z", { from: long, text: "x" }),
        ),
      );
      const title = async () =>
        (await database.rows<{ title: string }>(sql`SELECT title FROM chats WHERE id = ${CHAT_B}`))[0]?.title ?? "";
      await waitFor(async () => (await title()).startsWith("B "), 10_000, "the new title");
      assert.equal(await title(), `B ${"é".repeat(126)}`);
      const [user] = await database.rows(sql`SELECT first_name, last_name, username FROM users WHERE id = 403`);
      // A username Telegram could not have issued is dropped, not cut into someone else's.
      assert.deepEqual(user, { first_name: "N".repeat(64), last_name: "🙂".repeat(64), username: null });
    });

    test("importing the same export again (the merge path) leaves B as Telegram named it", async () => {
      assert.match(await importExportOfA(), /0 new messages · 3 already present/);
      assert.deepEqual(await database.rows(sql`SELECT type, title FROM chats WHERE id = ${CHAT_B}`), [
        { type: "supergroup", title: `B ${"é".repeat(126)}` },
      ]);
    });
  });
}
