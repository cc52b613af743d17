// Trying the bot is not chat activity: a member who sends it a string of commands is stored
// with those commands (kind 'command') but does not top /top, move the busiest hour or
// stretch the first-reply time. End to end through the test Bot API server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { type RecordedCall, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { message, person, supergroup, update } from "../helpers/updates.js";

const NOW = new Date("2026-03-10T18:00:00Z");
const group = supergroup(-1001234500777, "Hiking Club");
const alice = person(101, "Alice", "alice");
const bob = person(102, "Bob", "bob");
const dora = person(104, "Dora", "dora");

let nextId = 1;
function said(from: typeof alice, at: string, text: string, replyTo?: number) {
  return message(group, nextId++, at, {
    from,
    text,
    ...(replyTo === undefined ? {} : { reply_to_message: message(group, replyTo, at, { from: alice }) }),
  });
}
function command(from: typeof alice, at: string, text: string, replyTo?: number) {
  const length = text.split(" ")[0]?.length ?? text.length;
  return { ...said(from, at, text, replyTo), entities: [{ type: "bot_command" as const, offset: 0, length }] };
}

for (const engine of testEngines()) {
  describe(`bot commands are not activity, through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      nextId = 1; // every engine gets the same conversation, replies included
      server = await TestBotApiServer.start();
      database = await engine.open();
      pulse = await startTestPulse(server, database, { RATE_LIMIT_USER_PER_MINUTE: "60" }, () => NOW);
      const conversation = [
        said(alice, "2026-03-08T09:00:00Z", "Who's coming on Saturday?"), // 1
        said(bob, "2026-03-08T09:12:00Z", "Me!", 1), // 2: answers 1 after 12 min
        said(alice, "2026-03-09T09:30:00Z", "Meet at the station"), // 3: nobody answers
        // Dora tries the bot for ten minutes, once answering Alice's message 3 with /stats.
        command(dora, "2026-03-10T15:00:00Z", "/stats", 3), // 4
        command(dora, "2026-03-10T15:01:00Z", "/top"), // 5
        command(dora, "2026-03-10T15:02:00Z", "/activity"),
        command(dora, "2026-03-10T15:03:00Z", `/top@${server.botInfo.username} 30d`),
        command(dora, "2026-03-10T15:04:00Z", "/stats week"),
        command(dora, "2026-03-10T15:05:00Z", "/me"),
        command(dora, "2026-03-10T15:06:00Z", "/help"),
        command(dora, "2026-03-10T15:09:00Z", "/top"),
        // Bob answers one of Dora's commands: a reply, but not to a message of the chat's talk.
        said(bob, "2026-03-10T17:05:00Z", "lol", 5), // 12
      ];
      server.pushUpdates(conversation.map((m) => update.message(m)));
      await waitFor(
        async () =>
          (
            await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${group.id}`)
          )[0]?.n === conversation.length,
        15_000,
        "the conversation to be stored",
      );
      // Each of Dora's eight commands gets one answer (a photo or a message); on a slow machine
      // the last of them could otherwise arrive during a test below and be taken for its answer.
      const answered = () => server.callsTo("sendPhoto").length + server.callsTo("sendMessage").length;
      await waitFor(() => answered() >= 8, 30_000, "the conversation's answers");
      server.reset();
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });

    const answer = async (text: string) => {
      server.reset();
      server.pushUpdate(update.message(command(dora, "2026-03-10T17:59:00Z", text)));
      const call = await server.waitForCall("sendPhoto", (c: RecordedCall) => c.payload.chat_id === group.id, 15_000);
      return String(call.payload.caption);
    };

    test("commands are stored with kind 'command', the rest as text", async () => {
      const kinds = await database.rows<{ user_id: number; kind: string; n: number }>(sql`
        SELECT user_id, kind, count(*)::int AS n FROM messages WHERE chat_id = ${group.id}
        GROUP BY 1, 2 ORDER BY 1, 2`);
      assert.deepEqual(kinds, [
        { user_id: alice.id, kind: "text", n: 2 },
        { user_id: bob.id, kind: "text", n: 2 },
        { user_id: dora.id, kind: "command", n: 8 },
      ]);
    });

    test("/top ranks the people who talked, not the tester", async () => {
      const caption = await answer("/top");
      assert.match(caption, /1\. Alice — 2 \(50%\)\n2\. Bob — 2 \(50%\)/);
      assert.doesNotMatch(caption, /Dora/);
    });

    test("/activity's busiest hour is when people talked, not when the bot was tried", async () => {
      const caption = await answer("/activity");
      assert.match(caption, /busiest: 09:00, 17:00\b/);
      assert.doesNotMatch(caption, /15:00/);
    });

    test("/stats counts four messages, and the first reply ignores replies by and to commands", async () => {
      const caption = await answer("/stats");
      assert.match(caption, /<b>4<\/b> messages/);
      // Only Bob's answer to Alice counts: Dora's /stats answering message 3 a day later and
      // Bob's "lol" to a command are not conversation.
      assert.match(caption, /first reply ~12 min/);
    });
  });
}
