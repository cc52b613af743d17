// Rebuilding rollups from messages: on random data that reached the database through the live
// writer (replays, edits, member events, reactions, opt-outs, chats in several time zones)
// and through the import's bulk loader, a rebuild gives exactly the rows live ingest kept;
// a chat's rebuild touches no other chat; a dry run writes nothing; and `npm run rollups`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import { type Database, openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { bulkLoad } from "../../src/ingest/bulk.js";
import { optOut } from "../../src/ingest/optout.js";
import { rebuildRollups, UnknownChatError } from "../../src/ingest/rebuild-rollups.js";
import type {
  IngestBatch,
  MemberEventRecord,
  MessageKind,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
} from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord, messageRecord } from "../helpers/records.js";
import { recountedRollups } from "../helpers/recount.js";

const DEFAULT_ZONE = "Europe/Berlin";
// The first keeps DEFAULT_TIMEZONE; the others have their own zone, one of them half an hour off UTC.
const CHATS: [number, string | null][] = [
  [-1001, null],
  [-1002, "America/New_York"],
  [-1003, "Asia/Kolkata"],
];
const IMPORTED_CHAT = -1004; // history from an export, then live messages on top
const OPTED_OUT = [14, 15];
const KINDS: MessageKind[] = ["text", "text", "text", "text", "photo", "sticker", "voice", "service", "command"];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: T[]) => items[Math.floor(next() * items.length)] as T,
  };
}

const START = Date.parse("2026-03-28T00:00:00Z"); // across Europe's switch to summer time

function randomMessage(r: ReturnType<typeof random>, chatId: number, messageId: number, source: "bot" | "export") {
  const kind = r.pick(KINDS);
  const anonymous = kind !== "service" && r.int(12) === 0;
  return messageRecord(chatId, messageId, new Date(START + r.int(4 * 86_400_000)).toISOString(), {
    kind,
    userId: anonymous ? null : 1 + r.int(15),
    senderChatId: anonymous ? chatId : null,
    textLength: kind === "text" || kind === "command" ? 1 + r.int(300) : r.int(3) === 0 ? r.int(80) : 0,
    replyToMessageId: messageId > 1 && r.int(4) === 0 ? 1 + r.int(messageId - 1) : null,
    forwardOrigin: r.int(10) === 0 ? "user" : null,
    serviceAction: kind === "service" ? "new_chat_members" : null,
    source,
  });
}

function randomEvent(r: ReturnType<typeof random>, chatId: number): MemberEventRecord {
  return {
    chatId,
    userId: 1 + r.int(30),
    kind: r.pick(["join", "join", "leave", "kick"] as const),
    method: null,
    actorId: null,
    inviteLink: null,
    occurredAt: new Date(START + r.int(4 * 86_400_000)),
    source: "chat_member",
  };
}

const at = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`);

/** Every rollup row of every chat, as comparable text, keyed as rebuildRollups names the tables (cells fallen to zero left out). */
async function allRollups(database: Database) {
  const hourly = await database.rows(sql`
    SELECT chat_id, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24') AS hour, messages, text_chars::int AS text_chars,
           media, replies, forwards, service_messages, joins, leaves
    FROM chat_hourly_activity ORDER BY chat_id, hour`);
  const memberDays = await database.rows(sql`
    SELECT chat_id, user_id, day, messages, text_chars::int AS text_chars, media, replies, forwards,
           ${at("first_message_at")} AS first_message_at, ${at("last_message_at")} AS last_message_at
    FROM chat_user_daily_activity ORDER BY chat_id, user_id, day`);
  const activeDays = await database.rows(
    sql`SELECT chat_id, day, active_senders FROM chat_daily_activity ORDER BY chat_id, day`,
  );
  const kinds = await database.rows(
    sql`SELECT chat_id, day, kind, messages FROM chat_daily_kinds ORDER BY chat_id, day, kind COLLATE "C"`,
  );
  const memberTotals = await database.rows(sql`
    SELECT chat_id, user_id, messages, text_chars::int AS text_chars, media, replies, forwards, active_days,
           ${at("first_message_at")} AS first_message_at, ${at("last_message_at")} AS last_message_at
    FROM chat_member_totals ORDER BY chat_id, user_id`);
  const replyStats = await database.rows(sql`
    SELECT chat_id, message_id, ${at("date")} AS date, replies, ${at("first_reply_at")} AS first_reply_at,
           first_reply_day, first_reply_seconds
    FROM message_reply_stats ORDER BY chat_id, message_id`);
  const replyTimes = await database.rows(sql`
    SELECT chat_id, day, bucket, replies FROM chat_daily_reply_times WHERE replies <> 0 ORDER BY chat_id, day, bucket`);
  const reactionCounts = await database.rows(sql`
    SELECT chat_id, message_id, reaction, count, day, sender_id FROM message_reaction_counts
    ORDER BY chat_id, message_id, reaction COLLATE "C"`);
  const reactionDays = await database.rows(sql`
    SELECT chat_id, day, reaction, count FROM chat_daily_reactions WHERE count <> 0
    ORDER BY chat_id, day, reaction COLLATE "C"`);
  const memberReactionDays = await database.rows(sql`
    SELECT chat_id, sender_id, day, reaction, count FROM chat_member_daily_reactions WHERE count <> 0
    ORDER BY chat_id, sender_id, day, reaction COLLATE "C"`);
  return {
    hourly,
    memberDays,
    activeDays,
    kinds,
    memberTotals,
    replyStats,
    replyTimes,
    reactionCounts,
    reactionDays,
    memberReactionDays,
  };
}

type Rollups = Awaited<ReturnType<typeof allRollups>>;
const TABLES = [
  "hourly",
  "memberDays",
  "activeDays",
  "kinds",
  "memberTotals",
  "replyStats",
  "replyTimes",
  "reactionCounts",
  "reactionDays",
  "memberReactionDays",
] as const;

/** The rows of one chat (or, keep = false, of every other chat) in every table. */
const ofChat = (rollups: Rollups, chatId: number, keep = true) =>
  Object.fromEntries(
    TABLES.map((table) => [table, rollups[table].filter((row) => (Number(row.chat_id) === chatId) === keep)]),
  ) as Rollups;

/** What a restore without the rollup tables' rows would leave. */
const emptyRollups = (database: Database) =>
  database.db.execute(sql`
    TRUNCATE chat_hourly_activity, chat_user_daily_activity, chat_daily_activity, chat_daily_kinds, chat_member_totals,
             message_reply_stats, chat_daily_reply_times, message_reaction_counts, chat_daily_reactions,
             chat_member_daily_reactions`);

/** Random data through the live writer and the import path; answers the zones used. */
async function ingest(database: Database, seed: number) {
  const r = random(seed);
  const log = pino({ level: "silent" });
  for (const userId of OPTED_OUT) await optOut(database, { userId, username: null });
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 37, queueLimit: 10_000, defaultTimezone: DEFAULT_ZONE },
    log,
  );
  await writer.write({ chats: [...CHATS.map(([id]) => chatRecord(id)), chatRecord(IMPORTED_CHAT)] });
  for (const [id, zone] of CHATS) {
    if (zone) await database.db.execute(sql`UPDATE chats SET timezone = ${zone} WHERE id = ${id}`);
  }

  // The export: the imported chat's first 300 messages, with joins and leaves, through the bulk loader.
  const exported = Array.from({ length: 300 }, (_, i) => randomMessage(r, IMPORTED_CHAT, i + 1, "export"));
  const exportedEvents = Array.from({ length: 20 }, () => ({
    ...randomEvent(r, IMPORTED_CHAT),
    source: "export" as const,
  }));
  // Reactions as an export carries them, beside their message: Telegram's counts on some
  // (a zero among them), visible reactors on others (an empty set too), both on a few, bot
  // commands included. The loader's fast path counts them while reading (ingest/chunk.ts).
  const exportReactors = random(seed + 2);
  const exportedCounts: ReactionCountsRecord[] = [];
  const exportedReactors: UserReactionsRecord[] = [];
  for (const m of exported) {
    const at = new Date(m.date.getTime() + 60_000);
    if (exportReactors.int(4) === 0) {
      const counts = [{ reaction: "👍", count: exportReactors.int(6) }];
      if (exportReactors.int(2) === 0) counts.push({ reaction: "🔥", count: 1 + exportReactors.int(3) });
      exportedCounts.push({ chatId: m.chatId, messageId: m.messageId, counts, date: at, source: "export" });
    }
    if (exportReactors.int(3) === 0) {
      for (let actor = 1; actor <= 1 + exportReactors.int(3); actor++) {
        const reactions = ["👍", "❤", "🔥"].filter(() => exportReactors.int(2) === 0);
        exportedReactors.push({
          chatId: m.chatId,
          messageId: m.messageId,
          actorId: actor,
          reactions,
          date: at,
          source: "export",
        });
      }
    }
  }
  const ofBatch = <T extends { messageId: number }>(list: T[], k: number) =>
    list.filter((x) => x.messageId > k * 70 && x.messageId <= k * 70 + 70);
  async function* batches(): AsyncIterable<IngestBatch> {
    for (let k = 0; k * 70 < exported.length; k++) {
      yield {
        messages: exported.slice(k * 70, k * 70 + 70),
        memberEvents: exportedEvents.slice(k * 5, k * 5 + 5),
        reactionCounts: ofBatch(exportedCounts, k),
        userReactions: ofBatch(exportedReactors, k),
      };
    }
  }
  await bulkLoad(database, batches(), { defaultTimezone: DEFAULT_ZONE, chunkMessages: 100 });

  // Live: new messages in every chat (the imported one overlapping its export), replays,
  // edits (longer or shorter texts, in any order), member events twice, reactions.
  const sent: MessageRecord[] = [];
  const reactors = random(seed + 1);
  const nextId = new Map<number, number>([[IMPORTED_CHAT, 250]]);
  for (let round = 0; round < 40; round++) {
    const batch: IngestBatch = { messages: [], memberEvents: [], reactionCounts: [], userReactions: [] };
    for (let i = 0; i < 15; i++) {
      const chatId = r.pick([...CHATS.map(([id]) => id), IMPORTED_CHAT]);
      const id = (nextId.get(chatId) ?? 0) + 1;
      nextId.set(chatId, id);
      const message = randomMessage(r, chatId, id, "bot");
      sent.push(message);
      batch.messages?.push(message);
    }
    for (let i = 0; i < 4 && sent.length > 0; i++) {
      const old = r.pick(sent);
      const roll = r.int(3);
      if (roll === 0)
        batch.messages?.push(old); // a replay
      else {
        const edited = {
          ...old,
          editDate: new Date(old.date.getTime() + (1 + r.int(1000)) * 1000),
          textLength: r.int(400),
        };
        batch.messages?.push(edited);
        if (roll === 2) sent.push(edited); // replayed later, perhaps after a newer edit
      }
    }
    const events = Array.from({ length: 2 }, () => randomEvent(r, r.pick(CHATS)[0]));
    batch.memberEvents?.push(...events, ...events);
    // Visible reactors (Telegram's other tier), on messages with and without counts; an
    // empty set takes a reactor's reactions back. Their own generator: the messages above
    // stay as they were before reactors were added here.
    for (let i = 0; i < 3; i++) {
      const target = reactors.pick(sent);
      batch.userReactions?.push({
        chatId: target.chatId,
        messageId: target.messageId,
        actorId: 1 + reactors.int(20),
        reactions: ["👍", "❤", "🔥"].filter(() => reactors.int(3) === 0),
        date: new Date(START + round * 60_000 + i),
        source: "bot",
      });
    }
    const reacted = r.pick(sent);
    batch.reactionCounts?.push({
      chatId: reacted.chatId,
      messageId: reacted.messageId,
      counts: [{ reaction: "👍", count: 1 + r.int(5) }],
      date: new Date(START + round * 60_000),
      source: "bot",
    });
    // One batch at a time: on PostgreSQL two batches in flight at once can carry a message
    // and its edit, and the writer then loses the edit's change of length (a known race in
    // live ingest, not what this test is about).
    await writer.write(batch);
  }
  await writer.close();
}

for (const engine of testEngines()) {
  describe(`rebuilding rollups on ${engine.name}`, () => {
    let database: Database;
    let live: Rollups;
    before(async () => {
      database = await engine.open();
      await ingest(database, 20261201);
      live = await allRollups(database);
    });
    after(() => database.close());

    test("the data is varied enough to mean something", async () => {
      const [counts] = await database.rows<Record<string, number>>(sql`
        SELECT count(*)::int AS messages, count(*) FILTER (WHERE kind = 'command')::int AS commands,
               count(*) FILTER (WHERE kind = 'service')::int AS service, count(*) FILTER (WHERE edit_date IS NOT NULL)::int AS edited,
               count(*) FILTER (WHERE source = 'export')::int AS exported,
               count(*) FILTER (WHERE user_id IN (14, 15))::int AS opted_out,
               (SELECT count(*)::int FROM member_events) AS events,
               (SELECT count(*)::int FROM message_reactions WHERE user_id IS NULL) AS counted_reactions,
               (SELECT count(*)::int FROM message_reactions WHERE user_id IS NOT NULL) AS visible_reactions,
               (SELECT count(*)::int FROM (SELECT 1 FROM message_reactions GROUP BY chat_id, message_id
                  HAVING bool_or(user_id IS NULL) AND bool_or(user_id IS NOT NULL)) both_tiers) AS both_tiers
        FROM messages`);
      assert.ok(counts);
      assert.ok((counts.messages ?? 0) > 800, `messages ${counts.messages}`);
      for (const key of ["commands", "service", "edited", "exported", "opted_out", "events", "visible_reactions"]) {
        assert.ok((counts[key] ?? 0) > 10, `${key}: ${counts[key]}`);
      }
      assert.ok((counts.counted_reactions ?? 0) > 5 && (counts.both_tiers ?? 0) > 0, JSON.stringify(counts));
      assert.ok(live.hourly.length > 100 && live.memberDays.length > 100 && live.activeDays.length > 10);
      for (const table of TABLES) assert.ok(live[table].length > 5, `${table}: ${live[table].length} rows`);
    });

    test("a rebuild of every chat finds what live ingest kept, row by row, and writes nothing", async () => {
      const results = await rebuildRollups(database, { defaultTimezone: DEFAULT_ZONE });
      assert.deepEqual(
        results.map((c) => [c.chatId, c.timezone, c.changed]),
        [
          [-1004, DEFAULT_ZONE, 0],
          [-1003, "Asia/Kolkata", 0],
          [-1002, "America/New_York", 0],
          [-1001, DEFAULT_ZONE, 0],
        ],
      );
      for (const c of results) {
        const mine = ofChat(live, c.chatId);
        for (const table of TABLES) {
          const rows = mine[table].length;
          assert.deepEqual(c[table], { before: rows, after: rows, changed: 0 }, `${c.chatId} ${table}`);
        }
      }
      assert.deepEqual(await allRollups(database), live);
    });

    test("rollups lost (a restore without them): every chat at once, and chat by chat, give back exactly what live ingest kept", async () => {
      await emptyRollups(database);
      // Rows of a chat that is not stored (its chat row deleted by hand): every chat at once
      // rebuilds the stored chats only, as chat by chat does.
      await database.db.execute(sql`
        INSERT INTO messages (chat_id, message_id, user_id, date, kind, text_length, reply_to_message_id, source)
        VALUES (-1009, 1, 1, '2026-03-29T10:00:00Z', 'text', 5, NULL, 'bot'),
               (-1009, 2, 2, '2026-03-29T10:01:00Z', 'text', 7, 1, 'bot')`);
      await database.db.execute(sql`
        INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
        VALUES (-1009, 1, '👍', NULL, 3, '2026-03-29T10:02:00Z', 'bot')`);
      const all = await rebuildRollups(database, { defaultTimezone: DEFAULT_ZONE });
      await database.db.execute(sql`DELETE FROM message_reactions WHERE chat_id = -1009`);
      await database.db.execute(sql`DELETE FROM messages WHERE chat_id = -1009`);
      assert.deepEqual(
        all.map((c) => c.chatId),
        [IMPORTED_CHAT, -1003, -1002, -1001],
      );
      assert.deepEqual(await allRollups(database), live);
      for (const c of all) {
        const mine = ofChat(live, c.chatId);
        for (const table of TABLES) {
          const rows = mine[table].length;
          assert.deepEqual(c[table], { before: 0, after: rows, changed: rows }, `${c.chatId} ${table}`);
        }
        assert.equal(
          c.changed,
          TABLES.reduce((sum, table) => sum + mine[table].length, 0),
        );
      }

      await emptyRollups(database);
      const oneByOne = [];
      for (const chatId of [-1001, -1002, -1003, IMPORTED_CHAT]) {
        oneByOne.push(...(await rebuildRollups(database, { chatId, defaultTimezone: DEFAULT_ZONE })));
      }
      assert.deepEqual(await allRollups(database), live);
      assert.deepEqual(
        oneByOne.sort((a, b) => a.chatId - b.chatId),
        all,
      );
    });

    test("damaged rollups: a dry run counts what would change and changes nothing; --chat mends that chat only", async () => {
      for (const chatId of [-1001, -1002]) {
        await database.db.execute(sql`
          UPDATE chat_hourly_activity SET messages = messages + 3
          WHERE chat_id = ${chatId} AND hour = (SELECT min(hour) FROM chat_hourly_activity WHERE chat_id = ${chatId})`);
      }
      await database.db.execute(sql`
        DELETE FROM chat_user_daily_activity
        WHERE (chat_id, user_id, day) IN (SELECT chat_id, user_id, day FROM chat_user_daily_activity WHERE chat_id = -1001 ORDER BY day, user_id LIMIT 2)`);
      await database.db.execute(sql`
        INSERT INTO chat_daily_activity (chat_id, day, active_senders) VALUES (-1001, '2030-01-01', 7), (-1002, '2030-01-01', 7)`);
      // Rows of a member who opted out, as a restore from before the opt-out would bring back.
      await database.db.execute(sql`
        INSERT INTO chat_user_daily_activity (chat_id, user_id, day, messages, first_message_at, last_message_at)
        VALUES (-1001, 14, '2026-03-29', 5, '2026-03-29T10:00:00Z', '2026-03-29T11:00:00Z')`);
      const damaged = await allRollups(database);
      assert.notDeepEqual(damaged, live);

      const dry = await rebuildRollups(database, { chatId: -1001, defaultTimezone: DEFAULT_ZONE, dryRun: true });
      assert.equal(dry.length, 1);
      const mine = ofChat(live, -1001);
      assert.deepEqual(
        [dry[0]?.hourly.changed, dry[0]?.memberDays, dry[0]?.activeDays, dry[0]?.changed, dry[0]?.dryRun],
        [
          1,
          { before: mine.memberDays.length - 2 + 1, after: mine.memberDays.length, changed: 3 },
          { before: mine.activeDays.length + 1, after: mine.activeDays.length, changed: 1 },
          5,
          true,
        ],
      );
      assert.deepEqual(await allRollups(database), damaged);

      const [mended] = await rebuildRollups(database, { chatId: -1001, defaultTimezone: DEFAULT_ZONE });
      assert.equal(mended?.changed, 5);
      const now = await allRollups(database);
      assert.deepEqual(ofChat(now, -1001), ofChat(live, -1001));
      // Every other chat, the damaged -1002 included, is exactly as it was.
      assert.deepEqual(ofChat(now, -1001, false), ofChat(damaged, -1001, false));

      const all = await rebuildRollups(database, { defaultTimezone: DEFAULT_ZONE });
      assert.deepEqual(
        all.map((c) => [c.chatId, c.changed]),
        [
          [-1004, 0],
          [-1003, 0],
          [-1002, 2],
          [-1001, 0],
        ],
      );
      assert.deepEqual(await allRollups(database), live);
    });

    test("after a change of time zone, member days move to the new local days", async () => {
      await database.db.execute(sql`UPDATE chats SET timezone = 'Pacific/Auckland' WHERE id = -1001`);
      const [moved] = await rebuildRollups(database, { chatId: -1001, defaultTimezone: DEFAULT_ZONE });
      assert.ok((moved?.changed ?? 0) > 0);
      assert.equal(moved?.timezone, "Pacific/Auckland");
      // The independent recount, without the members who opted out.
      const want = await recountedRollups(database, -1001, "Pacific/Auckland");
      const daily = want.daily.filter((row) => !OPTED_OUT.includes(Number(row.user_id)));
      const days = new Map<string, number>();
      for (const row of daily) days.set(row.day as string, (days.get(row.day as string) ?? 0) + 1);
      const got = await database.rows(sql`
        SELECT user_id, day, messages, text_chars::int AS text_chars, media, replies, forwards,
               to_char(first_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS first_message_at,
               to_char(last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS last_message_at
        FROM chat_user_daily_activity WHERE chat_id = -1001 ORDER BY user_id, day`);
      assert.deepEqual(got, daily);
      assert.deepEqual(
        await database.rows(
          sql`SELECT day, active_senders FROM chat_daily_activity WHERE chat_id = -1001 ORDER BY day`,
        ),
        [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => ({ day, active_senders: n })),
      );
      // Hours are UTC: they do not move.
      assert.deepEqual(ofChat(await allRollups(database), -1001).hourly, ofChat(live, -1001).hourly);

      // Back to the default zone (a NULL zone): exactly the live rows again.
      await database.db.execute(sql`UPDATE chats SET timezone = NULL WHERE id = -1001`);
      await rebuildRollups(database, { chatId: -1001, defaultTimezone: DEFAULT_ZONE });
      assert.deepEqual(await allRollups(database), live);
    });

    test("live writes during rebuilds are counted exactly once", async () => {
      // Damage every chat so each rebuild below writes, then keep the writer busy meanwhile.
      await database.db.execute(sql`UPDATE chat_hourly_activity SET messages = messages + 1`);
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 20, queueLimit: 10_000, defaultTimezone: DEFAULT_ZONE },
        pino({ level: "silent" }),
      );
      const r = random(7);
      const ids = new Map<number, number>();
      let writing = true;
      const live = (async () => {
        let rounds = 0;
        while (writing || rounds < 5) {
          const messages = Array.from({ length: 20 }, () => {
            const chatId = r.pick(CHATS)[0];
            const id = (ids.get(chatId) ?? 10_000) + 1;
            ids.set(chatId, id);
            return randomMessage(r, chatId, id, "bot");
          });
          await writer.write({ messages, memberEvents: [randomEvent(r, r.pick(CHATS)[0])] });
          rounds++;
        }
        return rounds;
      })();
      for (let i = 0; i < 3; i++) await rebuildRollups(database, { defaultTimezone: DEFAULT_ZONE });
      writing = false;
      assert.ok((await live) >= 5);
      await writer.close();
      const check = await rebuildRollups(database, { defaultTimezone: DEFAULT_ZONE, dryRun: true });
      assert.deepEqual(
        check.map((c) => [c.chatId, c.changed]),
        check.map((c) => [c.chatId, 0]),
      );
      assert.ok((await database.rows(sql`SELECT 1 FROM messages WHERE message_id > 10000`)).length >= 100);
    });

    test("an unknown chat is refused, naming it", async () => {
      await assert.rejects(
        rebuildRollups(database, { chatId: -100999, defaultTimezone: DEFAULT_ZONE }),
        (error: Error) => error instanceof UnknownChatError && /No chat with id -100999 is stored/.test(error.message),
      );
    });
  });
}

describe("npm run rollups", () => {
  const run = promisify(execFile);
  const cli = join(import.meta.dirname, "..", "..", "src", "cli", "rollups.ts");
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), "pulse-rollups-cli-"));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    BOT_TOKEN: "",
    DEFAULT_TIMEZONE: DEFAULT_ZONE,
  });
  const failed = (e: { code: number; stdout: string; stderr: string }) => e;

  test("rebuilds and prints each chat; refuses unknown chats, bad flags and a directory in use", async () => {
    const database = await openDatabase({ engine: "pglite", dataDir });
    try {
      await runMigrations(database);
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 10, queueLimit: 100, defaultTimezone: DEFAULT_ZONE },
        pino({ level: "silent" }),
      );
      await writer.write({
        chats: [chatRecord(-1001, { title: "Lunch" })],
        messages: [1, 2, 3].map((id) => messageRecord(-1001, id, `2026-03-10T0${id}:00:00Z`, { userId: id })),
      });
      await writer.close();
      // The bot (this process) holds the directory: the command must not open it.
      const busy = await run(process.execPath, ["--import", "tsx", cli, "rebuild"], { env: env() }).catch(failed);
      assert.equal((busy as { code: number }).code, 1);
      assert.match((busy as { stderr: string }).stderr, /in use by another Pulse process \(pid \d+\)/);
      await database.db.execute(sql`UPDATE chat_daily_activity SET active_senders = 1`);
    } finally {
      await database.close();
    }

    const dry = await run(process.execPath, ["--import", "tsx", cli, "rebuild", "--dry-run"], { env: env() });
    assert.match(dry.stdout, /chat -1001 · Lunch · Europe\/Berlin: 1 row would change/);
    assert.match(dry.stdout, /active-sender days 1 → 1 \(1 changed\)/);
    assert.match(dry.stdout, /Dry run: nothing was written\. 1 rollup row in 1 of 1 chat would change/);

    const ok = await run(process.execPath, ["--import", "tsx", cli, "rebuild", "--chat", "-1001"], { env: env() });
    assert.match(ok.stdout, /chat -1001 · Lunch · Europe\/Berlin: 1 row changed/);
    assert.match(ok.stdout, /hourly 3 → 3 · member days 3 → 3 · active-sender days 1 → 1 \(1 changed\)/);
    assert.match(ok.stdout, /Rebuilt the rollups of 1 chat \(pglite\): 1 row changed in 1 of them/);
    const again = await run(process.execPath, ["--import", "tsx", cli, "rebuild"], { env: env() });
    assert.match(again.stdout, /chat -1001 · Lunch · Europe\/Berlin: already right/);

    const unknown = await run(process.execPath, ["--import", "tsx", cli, "rebuild", "--chat", "-1002"], {
      env: env(),
    }).catch(failed);
    assert.equal((unknown as { code: number }).code, 1);
    assert.match((unknown as { stderr: string }).stderr, /No chat with id -1002 is stored in this database/);
    const flags = await run(process.execPath, ["--import", "tsx", cli, "rebuild", "--chat", "lunch"], {
      env: env(),
    }).catch(failed);
    assert.equal((flags as { code: number }).code, 2);
    assert.match((flags as { stderr: string }).stderr, /--chat must be a Telegram chat id/);

    const check = await openDatabase({ engine: "pglite", dataDir });
    try {
      assert.deepEqual(await check.rows(sql`SELECT day, active_senders FROM chat_daily_activity`), [
        { day: "2026-03-10", active_senders: 3 },
      ]);
    } finally {
      await check.close();
    }
  });
});
