// The importer end to end: real Telegram Desktop exports into the database through the
// bulk loader, checked against counts taken from the file with JSON.parse, and the
// `npm run import` command itself.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import { ExportFormatError } from "../../src/collectors/tdesktop/errors.js";
import { FUTURE_TOLERANCE_MS, importExport } from "../../src/collectors/tdesktop/importer.js";
import type { Database } from "../../src/db/client.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { messageRecord } from "../helpers/records.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "tdesktop");
const GROUP_FILE = join(FIXTURES, "tkonverter-private-group.json");
const GROUP_ID = -20001; // a basic group: Bot API id -<id>

const raw = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as { messages: unknown[] };

/** What the file holds, counted without the importer. */
function expected() {
  const data = JSON.parse(readFileSync(GROUP_FILE, "utf8")) as { messages: { type: string }[] };
  const kept = data.messages.filter((m) => m.type === "message" || m.type === "service");
  return {
    stored: kept.length,
    regular: data.messages.filter((m) => m.type === "message").length,
    service: data.messages.filter((m) => m.type === "service").length,
  };
}

/** After the fixture's last message (January 2027): nothing in it is from the future. */
const AFTER_THE_FILE = new Date("2027-06-01T00:00:00Z");
const options = { storeText: true, defaultTimezone: "UTC", now: () => AFTER_THE_FILE };

for (const engine of testEngines()) {
  describe(`importing Telegram Desktop exports on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(() => database.close());

    const counts = async () =>
      (
        await database.rows<{ messages: number; regular: number; service: number; events: number }>(sql`
          SELECT (SELECT count(*)::int FROM messages WHERE chat_id = ${GROUP_ID}) AS messages,
                 (SELECT coalesce(sum(messages), 0)::int FROM chat_hourly_activity WHERE chat_id = ${GROUP_ID}) AS regular,
                 (SELECT coalesce(sum(service_messages), 0)::int FROM chat_hourly_activity WHERE chat_id = ${GROUP_ID}) AS service,
                 (SELECT count(*)::int FROM member_events WHERE chat_id = ${GROUP_ID}) AS events`)
      )[0];

    test("a group export lands with the file's counts; importing it again changes nothing", async () => {
      const want = expected();
      // The bot had already seen two of these messages live.
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 100, queueLimit: 1000, defaultTimezone: "UTC" },
        pino({ level: "silent" }),
      );
      const seen = JSON.parse(readFileSync(GROUP_FILE, "utf8")) as {
        messages: { id: number; type: string; date_unixtime: string }[];
      };
      const live = seen.messages.filter((m) => m.type === "message").slice(0, 2);
      await writer.write({
        chats: [{ id: GROUP_ID, type: "group", title: "Team Chat", seenAt: new Date() }],
        messages: live.map((m) =>
          messageRecord(GROUP_ID, m.id, new Date(Number(m.date_unixtime) * 1000).toISOString()),
        ),
      });
      await writer.close();

      const first = await importExport(database, GROUP_FILE, options);
      assert.equal(first.messagesRead, want.stored);
      assert.equal(first.imported, want.stored - 2);
      assert.equal(first.alreadyPresent, 2);
      assert.equal(first.skipped["unsupported message"], 1);
      assert.deepEqual(first.chats, [{ id: GROUP_ID, name: "Team Chat", type: "private_group" }]);
      const after = await counts();
      assert.deepEqual(after, {
        messages: want.stored,
        regular: want.regular,
        service: want.service,
        events: first.memberEvents,
      });

      const again = await importExport(database, GROUP_FILE, options);
      assert.deepEqual([again.imported, again.alreadyPresent], [0, want.stored]);
      assert.deepEqual(await counts(), after);
    });

    test("broken files give a located error and store nothing", async () => {
      const before = await database.rows(sql`SELECT count(*)::int AS n FROM messages`);
      await assert.rejects(importExport(database, join(FIXTURES, "tcp-error.json"), options), (error: unknown) => {
        assert.ok(error instanceof ExportFormatError);
        assert.match(error.message, /line \d+, column \d+/);
        return true;
      });
      // Saved messages with wrong field types: read, never imported (not a group).
      const saved = await importExport(database, join(FIXTURES, "tcp-error-unexpected.json"), {
        ...options,
        timezone: "UTC",
      });
      assert.equal(saved.skipped["saved messages"], raw("tcp-error-unexpected.json").messages.length);
      assert.deepEqual(saved.invalid, []);
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM messages`), before);
    });

    test("a message dated after the import (beyond a day's tolerance) is left out as invalid, with its place", async () => {
      // The fixture's last message is dated 2027-01-10T18:45:00Z: read the day before it is from the future.
      const before = await counts();
      const early = { ...options, dryRun: true };
      const past = await importExport(database, GROUP_FILE, { ...early, now: () => new Date("2027-01-08T18:44:00Z") });
      assert.equal(past.invalid.length, 1);
      assert.match(past.invalid[0] as string, /dated 2027-01-10T18:45:00\.000Z, later than the import itself/);
      assert.match(past.invalid[0] as string, /line \d+, column \d+/);
      assert.equal(past.messagesRead, expected().stored - 1);
      // Within a day of the clock it is taken: clocks of two computers may disagree.
      const close = await importExport(database, GROUP_FILE, { ...early, now: () => new Date("2027-01-09T18:46:00Z") });
      assert.deepEqual(close.invalid, []);
      assert.equal(close.messagesRead, expected().stored);
      assert.deepEqual(await counts(), before);
    });

    test("a dry run stores nothing", async () => {
      const summary = await importExport(database, join(FIXTURES, "tcp-public_supergroup.json"), {
        ...options,
        timezone: "Europe/Berlin",
        dryRun: true,
      });
      assert.ok(summary.messagesRead > 0);
      const id = summary.chats[0]?.id as number;
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${id}`), [
        { n: 0 },
      ]);
    });
  });
}

describe("npm run import", () => {
  const run = promisify(execFile);
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), "pulse-import-cli-"));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", BOT_TOKEN: "" });
  const cli = join(import.meta.dirname, "..", "..", "src", "cli", "import.ts");

  test("imports and prints a summary; a broken file exits 1 with where it broke; bad flags exit 2", async () => {
    const ok = await run(process.execPath, ["--import", "tsx", cli, GROUP_FILE], { env: env() });
    // The command line reads on the real clock: the fixture's message of January 2027 is
    // from the future until the day before it.
    const future = (
      JSON.parse(readFileSync(GROUP_FILE, "utf8")) as { messages: { date_unixtime?: string }[] }
    ).messages.filter((m) => Number(m.date_unixtime) * 1000 > Date.now() + FUTURE_TOLERANCE_MS).length;
    assert.match(ok.stdout, new RegExp(`imported:\\s+${44 - future}\\b`));
    assert.match(ok.stdout, /1 × unsupported message/);
    const broken = await run(process.execPath, ["--import", "tsx", cli, join(FIXTURES, "tcp-error.json")], {
      env: env(),
    }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((broken as { code: number }).code, 1);
    assert.match((broken as { stderr: string }).stderr, /line 5, column 3/);
    const flags = await run(process.execPath, ["--import", "tsx", cli, GROUP_FILE, "--timezone", "Mars/Olympus"], {
      env: env(),
    }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((flags as { code: number }).code, 2);
    assert.match((flags as { stderr: string }).stderr, /--timezone must be an IANA time zone/);
  });

  test("a directory is refused in one line; messages with wrong fields are skipped and listed", async () => {
    const folder = await run(process.execPath, ["--import", "tsx", cli, dataDir], { env: env() }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    assert.equal((folder as { code: number }).code, 2);
    assert.equal(
      (folder as { stderr: string }).stderr.trim(),
      `Cannot import ${dataDir}: it is a directory. Give the export's result.json file itself.`,
    );

    const file = join(dataDir, "odd.json");
    const message = (id: number, extra: object = {}) => ({
      id,
      type: "message",
      date_unixtime: String(1714557600 + id),
      from: "A",
      from_id: "user7",
      text: "hi",
      ...extra,
    });
    const messages = [message(1), message(2, { from_id: 0 }), message(3)];
    for (let id = 4; id < 11; id++) messages.push(message(id, { reply_to_message_id: 2 ** 31 + id }));
    writeFileSync(file, JSON.stringify({ name: "Odd", type: "private_group", id: 99, messages }, null, 1));
    const ok = await run(process.execPath, ["--import", "tsx", cli, file], { env: env() });
    assert.match(ok.stdout, /imported:\s+2\n/);
    assert.match(ok.stdout, /8 × message with invalid fields/);
    assert.match(ok.stdout, /messages left out for invalid fields \(the first 5\):/);
    assert.match(ok.stdout, /messages\[1\]\.from_id: expected "user<id>".*found 0 \(line \d+, column \d+, byte \d+\)/);
    assert.match(ok.stdout, /messages\[3\]\.reply_to_message_id: expected a 32-bit integer message id/);
  });
});

describe("users known to the bot keep their details through an import", () => {
  for (const engine of testEngines()) {
    test(`on ${engine.name}`, async () => {
      const database = await engine.open();
      try {
        const data = JSON.parse(readFileSync(GROUP_FILE, "utf8")) as { messages: { type: string; from_id?: string }[] };
        const fromId = data.messages.find((m) => m.type === "message" && m.from_id?.startsWith("user"))
          ?.from_id as string;
        const userId = Number(fromId.slice(4));
        const writer = new BatchWriter(
          database,
          { flushMs: 1, batchSize: 10, queueLimit: 100, defaultTimezone: "UTC" },
          pino({ level: "silent" }),
        );
        await writer.write({
          users: [{ id: userId, isBot: false, firstName: "Real", lastName: "Name", username: "realname" }],
        });
        await writer.close();
        await importExport(database, GROUP_FILE, options);
        const [row] = await database.rows(sql`SELECT first_name, last_name, username FROM users WHERE id = ${userId}`);
        assert.deepEqual(row, { first_name: "Real", last_name: "Name", username: "realname" });
      } finally {
        await database.close();
      }
    });
  }
});
