// An admin sends an export to the bot in private: downloaded through the Bot API file
// endpoint, imported with progress in the chat; non-admins and oversized files are refused.
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
import { member, message, person, update } from "../helpers/updates.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "tdesktop");
const GROUP_ID = -20001;
const admin = person(301, "Ada");
const stranger = person(302, "Sam");
let nextId = 1;

function sendDocument(from: typeof admin, fileId: string, size: number, name = "result.json") {
  const chat = { id: from.id, type: "private" as const, first_name: from.first_name };
  return update.message(
    message(chat, nextId++, "2026-03-01T10:00:00Z", {
      from,
      document: {
        file_id: fileId,
        file_unique_id: `${fileId}-u`,
        file_name: name,
        mime_type: "application/json",
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
      const group = readFileSync(join(FIXTURES, "tkonverter-private-group.json"));
      server.addFile("group-export", group, "documents/result.json");
      server.addFile("broken-export", readFileSync(join(FIXTURES, "tcp-error.json")), "documents/broken.json");
      pulse = await startTestPulse(server, database, { IMPORT_MAX_UPLOAD_MB: "1" });
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

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
  });
}
