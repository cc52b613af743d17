// An imported export with a member trying the bot: the commands are stored as kind 'command'
// and count in no rollup, leaderboard, heatmap or reply time.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { importExport } from "../../src/collectors/tdesktop/importer.js";
import type { Database } from "../../src/db/client.js";
import { busiestHours, getHourOfWeekHeatmap, getKindMix, getMessageTotals } from "../../src/queries/activity.js";
import { getMedianFirstReplySeconds } from "../../src/queries/conversations.js";
import { getMessageRows } from "../../src/queries/export.js";
import { getReactionMix } from "../../src/queries/reactions.js";
import { getTopSenders } from "../../src/queries/senders.js";
import { testEngines } from "../helpers/db.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";

const RAW_ID = 1234500999;
const CHAT = -(1_000_000_000_000 + RAW_ID);
const DAY = "2026-03-10";

/** One message as Telegram Desktop writes it; a command's text opens with a bot_command part. */
function said(
  id: number,
  time: string,
  from: [number, string],
  text: string,
  options: { replyTo?: number; command?: boolean } = {},
) {
  const at = new Date(`${DAY}T${time}:00Z`);
  const parts = options.command
    ? [
        { type: "bot_command", text: text.split(" ")[0] },
        ...(text.includes(" ") ? [{ type: "plain", text: text.slice(text.indexOf(" ")) }] : []),
      ]
    : [{ type: "plain", text }];
  return {
    id,
    type: "message",
    date: at.toISOString().slice(0, 19),
    date_unixtime: String(at.getTime() / 1000),
    from: from[1],
    from_id: `user${from[0]}`,
    ...(options.replyTo === undefined ? {} : { reply_to_message_id: options.replyTo }),
    text: options.command ? parts : text,
    text_entities: parts,
  };
}

const thumbs = { type: "emoji", count: 1, emoji: "👍" };
const laughs = { type: "emoji", count: 3, emoji: "😂" };
const ann: [number, string] = [501, "Ann"];
const ben: [number, string] = [502, "Ben"];
const tester: [number, string] = [503, "Tess"];

for (const engine of testEngines()) {
  describe(`importing an export with bot commands on ${engine.name}`, () => {
    let database: Database;
    let dir: string;
    const range = {
      chatId: CHAT,
      timezone: "UTC",
      start: new Date(`${DAY}T00:00:00Z`),
      end: new Date("2026-03-11T00:00:00Z"),
      firstDay: DAY,
      lastDay: DAY,
    };

    before(async () => {
      database = await engine.open();
      dir = mkdtempSync(join(tmpdir(), "pulse-commands-"));
      const file = join(dir, "result.json");
      const messages = [
        { ...said(1, "09:00", ann, "anyone for lunch?"), reactions: [thumbs] },
        said(2, "09:20", ben, "me", { replyTo: 1 }), // answers 1 after 20 min
        said(3, "09:30", ann, "and dinner?"),
        // Tess tries the bot: /stats answering 3 after 5.5 h, then more commands.
        said(4, "15:00", tester, "/stats", { replyTo: 3, command: true }),
        { ...said(5, "15:01", tester, "/top@PulseBot week", { command: true }), reactions: [laughs] },
        said(6, "15:02", tester, "/activity", { command: true }),
        said(7, "15:03", tester, "/me", { command: true }),
        said(8, "16:00", ben, "haha", { replyTo: 4 }), // answers a command
        said(9, "16:05", ann, "/usr/bin is not a command"),
      ];
      writeFileSync(
        file,
        JSON.stringify({ name: "Lunch Club", type: "public_supergroup", id: RAW_ID, messages }, null, 1),
      );
      const summary = await importExport(database, file, { storeText: true, defaultTimezone: "UTC" });
      assert.equal(summary.imported, messages.length);
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await database.close();
    });

    test("commands are stored as kind 'command', the rest as text", async () => {
      const rows = await database.rows<{ message_id: number; kind: string }>(
        sql`SELECT message_id, kind FROM messages WHERE chat_id = ${CHAT} ORDER BY message_id`,
      );
      assert.deepEqual(
        rows.map((r) => r.kind),
        ["text", "text", "text", "command", "command", "command", "command", "text", "text"],
      );
    });

    test("they count in no rollup, leaderboard, heatmap or reply time", async () => {
      assert.deepEqual(await storedRollups(database, CHAT), await recountedRollups(database, CHAT, "UTC"));
      assert.deepEqual(
        (await getTopSenders(database, range)).map((s) => [s.senderId, s.messages]),
        [
          [501, 3],
          [502, 2],
        ],
      );
      const totals = await getMessageTotals(database, range);
      assert.equal(totals.messages, 5);
      assert.equal(totals.replies, 2);
      assert.deepEqual(busiestHours(await getHourOfWeekHeatmap(database, range)), [
        { hour: 9, messages: 3 },
        { hour: 16, messages: 2 },
      ]);
      assert.equal(await getMedianFirstReplySeconds(database, range), 20 * 60);
    });

    test("kinds, reactions and the messages CSV leave them out", async () => {
      assert.deepEqual(await getKindMix(database, range), [{ kind: "text", count: 5, share: 1 }]);
      assert.deepEqual(await getReactionMix(database, range), [{ reaction: "👍", count: 1 }]);
      const rows = await getMessageRows(database, range);
      assert.deepEqual(
        rows.map((r) => [r.message_id, r.replies_received]),
        [
          [1, 1],
          [2, 0],
          [3, 0], // Tess's /stats answered it, which is no reply
          [8, 0],
          [9, 0],
        ],
      );
    });
  });
}
