// Migration 0004 on data written before it: messages whose text is a bot command become kind
// 'command', and the rollups they were counted in come out equal to a recount without them.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { migrationsFolder, runMigrations } from "../../src/db/migrate.js";
import { rebuildRollups } from "../../src/ingest/rebuild-rollups.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { getChatsAwaitingRebuild } from "../../src/settings/chat-settings.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, joinEvent, messageRecord } from "../helpers/records.js";
import { type RollupContents, recountedRollups, storedRollups } from "../helpers/recount.js";

const log = pino({ level: "silent" });
// A half-hour zone, so local days cut UTC hours in two and the migration cannot get away
// with UTC days.
const TIMEZONE = "Asia/Kolkata";
const CHAT = -1001234500001;
const UNTOUCHED = -1001234500002;

/** The migrations up to and including `last`, as a folder of their own. */
function migrationsUpTo(last: string): { folder: string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), "pulse-migrations-"));
  cpSync(migrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((e) => e.tag === last);
  assert.ok(end >= 0, `migration ${last} not found`);
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * Today's writer also keeps rollups that came after 0003 (migrations 0013, 0015 and 0027). Their
 * tables are created for the writing of the old data and dropped before the migrations run,
 * so the old tables hold what the writer put there and the later migrations start as they
 * would on a real old database.
 */
const LATER_ROLLUPS = ["0013_constant_time_rollups", "0015_reaction_rollups", "0027_member_daily_reactions"];

function laterRollupTables(): string[] {
  return LATER_ROLLUPS.flatMap((tag) =>
    readFileSync(join(migrationsFolder(), `${tag}.sql`), "utf8")
      .split("--> statement-breakpoint")
      .map((statement) => statement.trim())
      .filter((statement) => statement.startsWith("CREATE")),
  );
}

/**
 * Columns of `messages` that today's writer fills and that came after 0003 (migration 0019's
 * member_state): added for the writing of the old data, dropped before the migrations run.
 */
const LATER_MESSAGE_COLUMNS = [{ name: "member_state", type: "smallint NOT NULL DEFAULT 0" }];

async function dropLaterRollupTables(database: Database): Promise<void> {
  for (const column of LATER_MESSAGE_COLUMNS) {
    await database.db.execute(sql.raw(`ALTER TABLE "messages" DROP COLUMN IF EXISTS "${column.name}"`));
  }
  for (const statement of laterRollupTables()) {
    const table = /^CREATE TABLE "([a-z_]+)"/.exec(statement)?.[1];
    const index = /^CREATE INDEX "([a-z_]+)"/.exec(statement)?.[1];
    if (table) await database.db.execute(sql.raw(`DROP TABLE IF EXISTS "${table}"`));
    else if (index) await database.db.execute(sql.raw(`DROP INDEX IF EXISTS "${index}"`));
  }
}

const text = (body: string) => ({ kind: "text" as const, text: body, textLength: [...body].length });

for (const engine of testEngines()) {
  describe(`migration 0004_command_kind on ${engine.name}`, () => {
    let database: Database;
    let before0004: RollupContents;

    before(async () => {
      database = await engine.openEmpty();
      const old = migrationsUpTo("0003_chat_daily_activity");
      try {
        await runMigrations(database, old.folder);
      } finally {
        old.remove();
      }
      for (const statement of laterRollupTables()) await database.db.execute(sql.raw(statement));
      for (const column of LATER_MESSAGE_COLUMNS) {
        await database.db.execute(sql.raw(`ALTER TABLE "messages" ADD COLUMN "${column.name}" ${column.type}`));
      }
      // Written as Pulse wrote them before commands had a kind of their own: as text.
      const writer = new BatchWriter(
        database,
        { flushMs: 2, batchSize: 500, queueLimit: 10_000, defaultTimezone: TIMEZONE },
        log,
      );
      const at = (time: string) => `2026-03-10T${time}Z`;
      await writer.write({
        chats: [chatRecord(CHAT), chatRecord(UNTOUCHED)],
        messages: [
          // 10:xx UTC: a conversation with commands in it.
          messageRecord(CHAT, 1, at("10:05:00"), { userId: 1, ...text("/stats") }),
          messageRecord(CHAT, 2, at("10:10:00"), { userId: 1, ...text("morning all") }),
          messageRecord(CHAT, 3, at("10:12:00"), { userId: 2, ...text("/top@PulseBot week"), replyToMessageId: 2 }),
          messageRecord(CHAT, 4, at("10:20:00"), { userId: 2, ...text("hi"), replyToMessageId: 2 }),
          // Not commands: a path, a slash then a space, a caption on a photo.
          messageRecord(CHAT, 5, at("10:25:00"), { userId: 1, ...text("/usr/bin is where it lives") }),
          messageRecord(CHAT, 6, at("10:26:00"), { userId: 2, ...text("/ shrug") }),
          messageRecord(CHAT, 7, at("10:27:00"), { userId: 2, kind: "photo", text: "/stats", textLength: 6 }),
          // 18:xx UTC (23:xx in Kolkata): user 3 only ever tries the bot, and user 1 ends the
          // local day with a command after a message.
          messageRecord(CHAT, 8, at("18:00:00"), { userId: 1, ...text("good night") }),
          messageRecord(CHAT, 9, at("18:20:00"), { userId: 3, ...text("/me") }),
          messageRecord(CHAT, 10, at("18:25:00"), { userId: 1, ...text("/activity") }),
          // 18:45 UTC is the next local day: a day of commands only for user 1.
          messageRecord(CHAT, 11, at("18:45:00"), { userId: 1, ...text("/help") }),
          // 20:xx: an hour of nothing but a command and a join.
          messageRecord(CHAT, 12, at("20:05:00"), { userId: 3, ...text("/start") }),
          messageRecord(UNTOUCHED, 1, at("10:05:00"), { userId: 1, ...text("/notacommand/") }),
          messageRecord(UNTOUCHED, 2, at("10:06:00"), { userId: 1, ...text("hello") }),
        ],
        memberEvents: [joinEvent(CHAT, 4, at("20:30:00"))],
      });
      await writer.close();
      before0004 = await storedRollups(database, CHAT);
      await dropLaterRollupTables(database);
      await runMigrations(database);
    });
    after(async () => {
      await database?.close();
    });

    test("the data before the migration counted the commands", () => {
      assert.deepEqual(
        before0004.hourly.map((h) => [h.hour, h.messages]),
        [
          ["2026-03-10 10", 7],
          ["2026-03-10 18", 4],
          ["2026-03-10 20", 1],
        ],
      );
    });

    test("texts that start with a bot command become kind 'command', nothing else does", async () => {
      const kinds = await database.rows<{ message_id: number; kind: string }>(
        sql`SELECT message_id, kind FROM messages WHERE chat_id = ${CHAT} ORDER BY message_id`,
      );
      assert.deepEqual(
        kinds.filter((k) => k.kind === "command").map((k) => k.message_id),
        [1, 3, 9, 10, 11, 12],
      );
      assert.equal(kinds.find((k) => k.message_id === 7)?.kind, "photo");
      const untouched = await database.rows<{ kind: string }>(
        sql`SELECT kind FROM messages WHERE chat_id = ${UNTOUCHED} ORDER BY message_id`,
      );
      assert.deepEqual(
        untouched.map((k) => k.kind),
        ["text", "text"],
      );
    });

    test("every rollup of the chat equals a recount without the commands", async () => {
      const stored = await storedRollups(database, CHAT);
      const recount = await recountedRollups(database, CHAT, TIMEZONE);
      // The rollups of this migration's time, and the member totals 0013 sums from them.
      for (const table of ["hourly", "daily", "activeSenders", "memberTotals"] as const) {
        assert.deepEqual(stored[table], recount[table], table);
      }
      // The later day-based rollups wait for the rebuild the migrations asked for (the
      // rollups.rezone job does it at start).
      assert.deepEqual([stored.kinds, stored.replyStats, stored.reactionDays], [[], [], []]);
      assert.deepEqual(
        await getChatsAwaitingRebuild(database, new Date()),
        [CHAT, UNTOUCHED].sort((a, b) => a - b),
      );
      await rebuildRollups(database, { defaultTimezone: TIMEZONE });
      assert.deepEqual(await storedRollups(database, CHAT), recount);
      assert.deepEqual(await getChatsAwaitingRebuild(database, new Date()), [], "a rebuild settles what was owed");
      // Spelled out: the command-only hour keeps its row for the join; user 3 and user 1's
      // command-only local day are gone; the days' active senders follow.
      assert.deepEqual(
        stored.hourly.map((h) => [h.hour, h.messages, h.replies, h.joins]),
        [
          ["2026-03-10 10", 5, 1, 0],
          ["2026-03-10 18", 1, 0, 0],
          ["2026-03-10 20", 0, 0, 1],
        ],
      );
      assert.deepEqual(
        stored.daily.map((d) => [d.user_id, d.day, d.messages, d.last_message_at]),
        [
          [1, "2026-03-10", 3, "2026-03-10 18:00:00"],
          [2, "2026-03-10", 3, "2026-03-10 10:27:00"],
        ],
      );
      assert.deepEqual(stored.activeSenders, [{ day: "2026-03-10", active_senders: 2 }]);
    });

    test("a chat without commands keeps its rollups as they were", async () => {
      // (Rebuilt by the test before, which a rebuild changes only in the later rollups.)
      assert.deepEqual(await storedRollups(database, UNTOUCHED), await recountedRollups(database, UNTOUCHED, TIMEZONE));
      const [hour] = await database.rows<{ messages: number }>(
        sql`SELECT messages FROM chat_hourly_activity WHERE chat_id = ${UNTOUCHED}`,
      );
      assert.equal(hour?.messages, 2);
    });
  });
}
