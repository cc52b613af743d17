// Hostile values in an export: everything PostgreSQL or Telegram would not accept is caught
// while reading, with its place in the file, and only that message is left out. The rest
// of the export is imported on both the bulk loader's fast path and its merge path, with
// rollups equal to a recount. Inputs that are not a regular file are refused up front.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { ExportFormatError } from "../../../src/collectors/tdesktop/errors.js";
import { importExport } from "../../../src/collectors/tdesktop/importer.js";
import { INVALID_MESSAGE } from "../../../src/collectors/tdesktop/reader.js";
import type { Database } from "../../../src/db/client.js";
import { type TestEngine, testEngines } from "../../helpers/db.js";

const openPglite = () => (testEngines()[0] as TestEngine).open();

const RAW_ID = 4242;
const CHAT_ID = -1_000_000_004_242;
const BASE = 1_714_557_600; // 2024-05-01T10:00:00Z

const message = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  type: "message",
  date: "2024-05-01T10:00:00",
  date_unixtime: String(BASE + id * 60),
  from: `User ${id % 3}`,
  from_id: `user${100 + (id % 3)}`,
  text: `hello ${id}`,
  text_entities: [{ type: "plain", text: `hello ${id}` }],
  ...extra,
});

/** What is wrong with each hostile message, by id, and the path the error must name. */
const HOSTILE: [number, Record<string, unknown>, string, RegExp][] = [
  [101, { reply_to_message_id: 2 ** 31 }, "reply_to_message_id", /32-bit integer message id/],
  [102, { message_thread_id: 2 ** 31 }, "message_thread_id", /32-bit integer message id/],
  [103, { message_thread_id: "7" }, "message_thread_id", /32-bit integer message id/],
  // Year 0 and year 10000 as Unix seconds.
  [104, { date_unixtime: "-62167219200" }, "date_unixtime", /between 1970 and January 2038/],
  [105, { date_unixtime: "253402300800" }, "date_unixtime", /between 1970 and January 2038/],
  [106, { edited: "2024-05-01T11:00:00", edited_unixtime: "99999999999" }, "edited_unixtime", /between 1970/],
  [
    107,
    {
      type: "service",
      action: "pin\u0000message",
      actor: "A",
      actor_id: "user100",
      from: undefined,
      from_id: undefined,
    },
    "action",
    /NUL/,
  ],
  [108, { reactions: [{ type: "emoji", count: 1, emoji: "\u0000" }] }, "reactions[0].emoji", /NUL/],
  [109, { reactions: [{ type: "emoji", count: 2 ** 31, emoji: "👍" }] }, "reactions[0].count", /expected a count/],
  [110, { from_id: 0 }, "from_id", /expected "user<id>"/],
  [111, { from_id: "user99999999999999" }, "from_id", /with an id Telegram can issue/],
  // JSON.parse rounds this to 2^53: it must never become some user's id.
  [112, { from_id: "RAW:9007199254740993" }, "from_id", /with an id Telegram can issue/],
  [113, { from_id: "channel999999999999" }, "from_id", /with an id Telegram can issue/],
  [
    114,
    { reactions: [{ type: "custom_emoji", count: 1, document_id: "RAW:5368324170671202286" }] },
    "reactions[0].document_id",
    /document id/,
  ],
  [115, { id: 2 ** 31 }, "id", /32-bit integer message id/],
  [116, { date: "0000-01-01T00:00:00", date_unixtime: undefined }, "date", /between 1970 and January 2038/],
  [117, { text: 5, text_entities: undefined }, "text", /expected a string or an array/],
];

const GOOD = [1, 2, 3, 4, 5, 6, 7, 8];

/** Four good messages, the hostile ones, then the rest of `good`. */
function hostileExport(good = GOOD): string {
  const messages: object[] = [];
  for (const id of good.slice(0, 4)) messages.push(message(id));
  for (const [id, extra] of HOSTILE) messages.push(message(id, extra));
  // A NUL inside a text is not an error: texts are stored without it.
  for (const id of good.slice(4))
    messages.push(message(id, id === 5 ? { text: "a\u0000b", text_entities: undefined } : {}));
  return raw(JSON.stringify({ name: "Hostile", type: "private_supergroup", id: RAW_ID, messages }, null, 1));
}

/** "RAW:<digits>" strings written as bare numbers, beyond what a JavaScript number holds exactly. */
const raw = (json: string) => json.replace(/"RAW:(\d+)"/g, "$1");

const options = { storeText: true, defaultTimezone: "UTC", timezone: "UTC" };

describe("hostile values in an export", () => {
  let dir: string;
  let path: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "pulse-hostile-"));
    path = join(dir, "result.json");
    writeFileSync(path, hostileExport());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const engine of testEngines()) {
    describe(`on ${engine.name}`, () => {
      let database: Database;
      before(async () => {
        database = await engine.open();
      });
      after(() => database.close());

      const recount = async () =>
        database.rows<{ stored: number; rollup: number; ids: number[] }>(sql`
          SELECT (SELECT count(*)::int FROM messages WHERE chat_id = ${CHAT_ID}) AS stored,
                 (SELECT coalesce(sum(messages + service_messages), 0)::int FROM chat_hourly_activity
                   WHERE chat_id = ${CHAT_ID}) AS rollup,
                 (SELECT array_agg(message_id ORDER BY message_id) FROM messages WHERE chat_id = ${CHAT_ID}) AS ids`);

      test("each bad message is left out with its place; the rest is imported (fast path)", async () => {
        const text = hostileExport();
        const summary = await importExport(database, path, options);
        assert.equal(summary.skipped[INVALID_MESSAGE], HOSTILE.length);
        assert.equal(summary.imported, GOOD.length);
        // The first five are described, each with its JSON path and line, column and byte.
        assert.equal(summary.invalid.length, 5);
        for (let i = 0; i < 5; i++) {
          const [id, , field, problem] = HOSTILE[i] as (typeof HOSTILE)[number];
          const described = summary.invalid[i] as string;
          const index = GOOD.slice(0, 4).length + i;
          assert.ok(described.startsWith(`messages[${index}].${field}: `), described);
          assert.match(described, problem);
          const at = text.indexOf(`"${field}"`, text.indexOf(`"id": ${id},`));
          assert.ok(at > 0);
          const line = text.slice(0, at).split("\n").length;
          assert.match(described, new RegExp(`\\(line ${line}, column \\d+, byte \\d+\\)$`), described);
        }
        assert.deepEqual(await recount(), [{ stored: GOOD.length, rollup: GOOD.length, ids: GOOD }]);
        const [nul] = await database.rows<{ text: string }>(
          sql`SELECT text FROM messages WHERE chat_id = ${CHAT_ID} AND message_id = 5`,
        );
        assert.equal(nul?.text, "ab");
      });

      test("the same on the merge path: a later export with two more messages", async () => {
        const later = [...GOOD, 9, 10];
        const laterPath = join(dir, "later.json");
        writeFileSync(laterPath, hostileExport(later));
        const summary = await importExport(database, laterPath, options);
        assert.equal(summary.imported, 2);
        assert.equal(summary.alreadyPresent, GOOD.length);
        assert.equal(summary.skipped[INVALID_MESSAGE], HOSTILE.length);
        assert.deepEqual(await recount(), [{ stored: later.length, rollup: later.length, ids: later }]);
      });
    });
  }

  test("each hostile value on its own is caught with its field (reader only)", async () => {
    const database = await openPglite();
    try {
      for (const [id, extra, field, problem] of HOSTILE) {
        const single = join(dir, `single-${id}.json`);
        writeFileSync(
          single,
          raw(
            JSON.stringify({
              name: "One",
              type: "private_supergroup",
              id: RAW_ID + id,
              messages: [message(1), message(id, extra)],
            }),
          ),
        );
        const summary = await importExport(database, single, { ...options, dryRun: true });
        assert.equal(summary.skipped[INVALID_MESSAGE], 1, `message ${id}`);
        assert.equal(summary.imported, 1, `message ${id}`);
        assert.ok(summary.invalid[0]?.startsWith(`messages[1].${field}: `), summary.invalid[0]);
        assert.match(summary.invalid[0] as string, problem);
      }
    } finally {
      await database.close();
    }
  });

  test("a chat id that is negative, too large or rounded stops the import at the id", async () => {
    const database = await openPglite();
    try {
      for (const [type, id] of [
        ["private_group", -5],
        ["private_supergroup", 0],
        ["private_group", 1_000_000_000_000],
        ["public_channel", 997_852_516_353],
        ["private_supergroup", "9007199254740993"],
      ] as const) {
        const file = join(dir, `chat-${type}-${id}.json`);
        const text = `{\n "name": "X",\n "type": "${type}",\n "id": ${id},\n "messages": [${JSON.stringify(message(1))}]\n}`;
        writeFileSync(file, text);
        await assert.rejects(importExport(database, file, options), (error: unknown) => {
          assert.ok(error instanceof ExportFormatError, String(error));
          assert.match(error.message, /chat id|id is at most/);
          assert.equal(error.line, 4, error.message);
          return true;
        });
      }
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM messages`), [{ n: 0 }]);
    } finally {
      await database.close();
    }
  });

  test("a directory or a named pipe is refused with a clear message, not read", async () => {
    const database = await openPglite();
    try {
      const folder = join(dir, "folder.json");
      mkdirSync(folder);
      await assert.rejects(
        importExport(database, folder, options),
        /folder\.json is a directory: give the export's result\.json file itself/,
      );
      const fifo = join(dir, "pipe.json");
      execFileSync("mkfifo", [fifo]);
      // Reading a FIFO without a writer blocks forever: the refusal must come before that.
      await assert.rejects(importExport(database, fifo, options), /pipe\.json is a named pipe/);
      await assert.rejects(importExport(database, join(dir, "missing.json"), options), /missing\.json: no such file/);
    } finally {
      await database.close();
    }
  });
});
