// Generates a large, realistic-enough analytics dataset straight in SQL (generate_series), so
// the query benchmarks can run at millions of messages without going through ingest, in one of
// two shapes: many mid-sized chats (100 chats) or one giant community (1 chat). The rollups are
// then derived by the project's own rebuild of every chat (rebuildRollups, as
// `npm run rollups -- rebuild`), so every rollup table it knows of is filled exactly as the
// writer would have filled it.
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { refreshChatWindows, staleWindowChats } from "../../src/ingest/member-windows.js";
import { ROLLUP_TABLES, rebuildRollups } from "../../src/ingest/rebuild-rollups.js";

export interface DatasetShape {
  /** How tables and reports name it ("100 chats"). */
  name: string;
  chats: number;
  /** Distinct senders per chat (each chat has its own). */
  usersPerChat: number;
  memberCount: number;
}

/** 10M messages over 100 chats: a bot in many ordinary groups. */
export const HUNDRED_CHATS: DatasetShape = { name: "100 chats", chats: 100, usersPerChat: 2_000, memberCount: 5_000 };
/** 5M messages in one chat: a big, busy community. */
export const ONE_GIANT_CHAT: DatasetShape = {
  name: "1 giant chat",
  chats: 1,
  usersPerChat: 20_000,
  memberCount: 60_000,
};

export const BENCH_CHATS = HUNDRED_CHATS.chats;
export const USERS_PER_CHAT = HUNDRED_CHATS.usersPerChat;
export const benchChatId = (index: number) => -1006000000000 - index;
/** The sender ids of a chat are benchUserId(chat, 0 … usersPerChat - 1), the most active first. */
export const benchUserId = (shape: DatasetShape, chatIndex: number, rank: number) =>
  1_000_000 + chatIndex * shape.usersPerChat + rank;
export const benchChatIds = (shape: DatasetShape) => Array.from({ length: shape.chats }, (_, i) => benchChatId(i));

/** Seconds each step of the build took. */
export interface DatasetBuild {
  shape: string;
  messages: number;
  /** chats, users, messages, member events */
  messagesSeconds: number;
  reactionsSeconds: number;
  /** building the indexes left out while the rows went in */
  indexesSeconds: number;
  /** rebuildRollups of every chat at once, and the rollup tables' indexes built after it */
  rollupsSeconds: number;
  /** the member windows of every chat, one refresh each, as the stats.windows job does daily */
  windowsSeconds: number;
  /** VACUUM ANALYZE: what autovacuum would have done by the time someone asks */
  vacuumSeconds: number;
  totalSeconds: number;
  reactionRows: number;
}

// Share of a day's messages in each UTC hour (the bench chats have no time zone of their own):
// quiet at night, a lunchtime bump, busiest in the evening.
const HOUR_WEIGHTS = [
  0.8, 0.5, 0.3, 0.2, 0.15, 0.15, 0.3, 0.7, 1.2, 1.6, 1.8, 1.9, 2.0, 1.9, 1.9, 2.0, 2.1, 2.3, 2.6, 2.9, 3.1, 3.0, 2.4,
  1.5,
];

/**
 * Lower bounds of buckets over [0, 1), one per weight, each as wide as its weight's share: a
 * position p in [0, 1) falls in bucket width_bucket(p, bounds) - 1.
 */
function bounds(weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  let sum = 0;
  return weights.map((w) => {
    const lower = sum / total;
    sum += w;
    return lower;
  });
}

const floatArray = (values: number[]) => sql.raw(`ARRAY[${values.map((v) => v.toFixed(9)).join(",")}]::float8[]`);

/**
 * N messages spread over `shape.chats` chats and the 365 days before `now`, then reactions,
 * rollups and statistics. Within a chat, message ids rise with time (as Telegram numbers them),
 * so a reply's parent, a few messages back, is always a little earlier; the chats' messages
 * are interleaved on disk as they arrive.
 */
export async function generateDataset(
  database: Database,
  messages: number,
  now: Date,
  shape: DatasetShape = HUNDRED_CHATS,
  /** rollups: false leaves the rollups empty, for benches that never read them (the social graph). */
  options: { rollups?: boolean } = {},
): Promise<DatasetBuild> {
  const started = performance.now();
  const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;
  const nowIso = now.toISOString();
  const { db } = database;
  const { chats, usersPerChat } = shape;
  const perChat = Math.ceil(messages / chats);
  const firstChat = benchChatId(0);
  const firstUser = benchUserId(shape, 0, 0);

  // Time runs from now - 365 days to now. Day volumes vary (weekends quieter, the chat grows
  // over the year, some days busier: a fixed pseudo-random sequence, so every run is alike);
  // the hours of a day follow HOUR_WEIGHTS, rotated since day buckets start at now's hour.
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const startMs = now.getTime() - 365 * 86_400_000;
  const dayWeights = Array.from({ length: 365 }, (_, d) => {
    const weekday = new Date(startMs + d * 86_400_000).getUTCDay();
    return (weekday === 0 || weekday === 6 ? 0.75 : 1) * (0.7 + (0.6 * d) / 365) * (0.6 + 0.8 * noise());
  });
  const startHour = now.getUTCHours();
  const hourWeights = HOUR_WEIGHTS.map((_, x) => HOUR_WEIGHTS[(x + startHour) % 24] as number);

  await db.execute(sql`
    INSERT INTO chats (id, type, title, bot_status, member_count, last_message_at)
    SELECT ${firstChat}::bigint - i, 'supergroup', 'Bench chat ' || i, 'administrator', ${shape.memberCount}, ${nowIso}::timestamptz
    FROM generate_series(0, ${chats - 1}) AS i
    ON CONFLICT (id) DO NOTHING`);
  // One member in a thousand has opted out: counted in totals, never listed.
  await db.execute(sql`
    INSERT INTO users (id, first_name, opted_out)
    SELECT ${firstUser} + i, 'Member ' || i, i % 1000 = 999 FROM generate_series(0, ${chats * usersPerChat - 1}) AS i
    ON CONFLICT (id) DO NOTHING`);
  const indexes = await deferIndexes(database, ["messages", "message_reactions"]);
  // Message i is the (i / chats)-th of chat i % chats; its position p in [0, 1) over the year
  // picks a day by the day weights, then a time in that day by the hour weights. Senders follow
  // a steep power law (a few people write most). Three in ten messages reply to one of the 40
  // before them (mostly the last few); one in thirty is a forward; a mix of kinds, with a few
  // service messages and bot commands, which the rollups leave out.
  await db.execute(sql`
    INSERT INTO messages (chat_id, message_id, user_id, date, kind, text_length, text, reply_to_message_id,
                          forward_origin, service_action, source)
    SELECT ${firstChat}::bigint - c, seq + 1, ${firstUser} + c * ${usersPerChat} + floor(power(r_user, 4) * ${usersPerChat})::int,
           ${new Date(startMs).toISOString()}::timestamptz + (day * 86400 + (hour + hour_frac) * 3600) * interval '1 second',
           kind,
           CASE WHEN kind IN ('text', 'command') THEN 1 + floor(power(r_len, 2) * 300)::int
                WHEN r_len < 0.2 THEN floor(r_len * 400)::int ELSE 0 END,
           CASE WHEN kind = 'text' THEN 'Message ' || seq END,
           CASE WHEN r_reply < 0.3 AND seq >= 40 AND kind NOT IN ('service', 'command')
                THEN seq + 1 - (1 + floor(power(r_back, 2) * 40))::int END,
           CASE WHEN r_forward < 0.033 AND kind NOT IN ('service', 'command') THEN 'user' END,
           CASE WHEN kind = 'service' THEN 'pinned_message' END,
           'bench'
    FROM (
      SELECT c, seq, day, hour, r_user, r_len, r_reply, r_back, r_forward,
             (u - hours[hour + 1]) / (coalesce(hours[hour + 2], 1) - hours[hour + 1]) AS hour_frac,
             CASE WHEN r_kind < 0.70 THEN 'text' WHEN r_kind < 0.80 THEN 'photo' WHEN r_kind < 0.87 THEN 'sticker'
                  WHEN r_kind < 0.90 THEN 'video' WHEN r_kind < 0.93 THEN 'voice' WHEN r_kind < 0.95 THEN 'animation'
                  WHEN r_kind < 0.965 THEN 'document' WHEN r_kind < 0.975 THEN 'video_note'
                  WHEN r_kind < 0.98 THEN 'audio' WHEN r_kind < 0.985 THEN 'poll'
                  WHEN r_kind < 0.99 THEN 'service' ELSE 'command' END AS kind
      FROM (
        SELECT c, seq, day, hours, width_bucket(u, hours) - 1 AS hour, u,
               r_user, r_len, r_reply, r_back, r_forward, r_kind
        FROM (
          SELECT c, seq, day, hours,
                 least((p - days[day + 1]) / (coalesce(days[day + 2], 1) - days[day + 1]), 0.999999999) AS u,
                 r_user, r_len, r_reply, r_back, r_forward, r_kind
          FROM (
            SELECT i % ${chats} AS c, i / ${chats} AS seq, p, days, hours,
                   width_bucket(p, days) - 1 AS day,
                   random() AS r_user, random() AS r_len, random() AS r_reply, random() AS r_back,
                   random() AS r_forward, random() AS r_kind
            FROM (
              SELECT i, ((i / ${chats})::float8 + 0.5) / ${perChat} AS p,
                     ${floatArray(bounds(dayWeights))} AS days, ${floatArray(bounds(hourWeights))} AS hours
              FROM generate_series(0, ${perChat * chats - 1}::bigint) AS i
            ) positions
          ) by_day
        ) in_day
      ) by_hour
    ) g`);
  // About 20 joins and 8 leaves a day in the giant chat, proportionally fewer in smaller ones.
  const movesPerDay = Math.max(1, Math.round((28 * perChat) / 5_000_000));
  await db.execute(sql`
    INSERT INTO member_events (chat_id, user_id, kind, method, occurred_at, source)
    SELECT ${firstChat}::bigint - c, ${firstUser} + c * ${usersPerChat} + (n * 7919) % ${usersPerChat},
           CASE WHEN n % 7 < 2 THEN 'leave' ELSE 'join' END, 'link',
           ${nowIso}::timestamptz - n * interval '1 day' / ${movesPerDay}, 'bench'
    FROM generate_series(0, ${chats - 1}) AS c CROSS JOIN generate_series(1, ${365 * movesPerDay}) AS n
    ON CONFLICT ON CONSTRAINT member_events_key DO NOTHING`);
  const messagesSeconds = seconds(started);

  // Reactions in both tiers, as Telegram reports them: anonymous per-emoji counts (user_id
  // NULL) on one message in seven, up to three emoji with a long-tailed count; visible per-user
  // reactions (one to four reactors) on one message in eleven, some of which also have counts.
  // Each of a message's rows in a tier has its own emoji (k), so no two rows share a key.
  const reactionsStarted = performance.now();
  await db.execute(sql`
    INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
    SELECT m.chat_id, m.message_id, (ARRAY['👍', '❤', '🔥', '😂', '👏', '🤔', '😢', '🎉'])[1 + (m.message_id + k) % 8], NULL,
           1 + floor(power(random(), 3) * 60)::int, m.date + power(random(), 3) * interval '6 hours', 'bench'
    FROM messages m CROSS JOIN generate_series(0, 2) AS k
    WHERE m.chat_id BETWEEN ${benchChatId(chats - 1)}::bigint AND ${firstChat}::bigint AND m.message_id % 7 = 0
      AND m.kind NOT IN ('service', 'command') AND k <= m.message_id % 3`);
  await db.execute(sql`
    INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
    SELECT m.chat_id, m.message_id, (ARRAY['👍', '❤', '🔥', '😂'])[1 + (m.message_id / 11 + k) % 4],
           ${firstUser} + (${firstChat}::bigint - m.chat_id) * ${usersPerChat} + floor(power(random(), 3) * ${usersPerChat})::int,
           1, m.date + power(random(), 3) * interval '6 hours', 'bench'
    FROM messages m CROSS JOIN generate_series(0, 3) AS k
    WHERE m.chat_id BETWEEN ${benchChatId(chats - 1)}::bigint AND ${firstChat}::bigint AND m.message_id % 11 = 0
      AND m.kind NOT IN ('service', 'command') AND k <= m.message_id % 4`);
  const reactionsSeconds = seconds(reactionsStarted);
  const indexesStarted = performance.now();
  await indexes.rebuild();
  const indexesSeconds = seconds(indexesStarted);

  // Statistics first, as a database that has been running has them (PGlite has no autovacuum to
  // gather them): without, the planner takes the fresh tables for empty and the rebuild's joins
  // over messages and reactions go row by row.
  await db.execute(sql`ANALYZE messages, message_reactions, member_events`);
  const rollupsStarted = performance.now();
  // Every chat at once (the database holds only the generated chats): one grouped pass over
  // each table, where a rebuild per chat would read most of the interleaved heap for each.
  // Into rollup tables without their indexes, built after as for the rows above: most of the
  // rebuild of 10M messages was maintaining them row by row (6.6M member days, 4.7M reaction
  // counts, 2.5M reply stats). So this is not what `npm run rollups -- rebuild` costs a live
  // database, whose indexes stay (docs/benchmarks.md has both).
  if (options.rollups !== false) {
    const rollupIndexes = await deferIndexes(database, [...ROLLUP_TABLES]);
    await rebuildRollups(database, { defaultTimezone: "UTC" });
    await rollupIndexes.rebuild();
  }
  const rollupsSeconds = seconds(rollupsStarted);

  // The member windows and bucket counts the stats.windows job keeps, as of the bench's
  // yesterday: what a running install has by the time someone asks.
  const windowsStarted = performance.now();
  if (options.rollups !== false) {
    for (const chat of await staleWindowChats(database, now, "UTC")) {
      await refreshChatWindows(database, chat.chatId, chat.asOf);
    }
  }
  const windowsSeconds = seconds(windowsStarted);

  const vacuumStarted = performance.now();
  await db.execute(sql`VACUUM ANALYZE`);
  const vacuumSeconds = seconds(vacuumStarted);
  const [count] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM message_reactions`);
  return {
    shape: shape.name,
    messages: perChat * chats,
    messagesSeconds,
    reactionsSeconds,
    indexesSeconds,
    rollupsSeconds,
    windowsSeconds,
    vacuumSeconds,
    totalSeconds: seconds(started),
    reactionRows: count?.n ?? 0,
  };
}

/**
 * Drops the indexes and keys of `tables`, to build them once the rows are in: as pg_restore
 * loads a dump, rows first (the generated rows are unique by construction, so no insert needs
 * a key to resolve a conflict). Maintained row by row, the indexes of 100 chats' interleaved messages took most of
 * the 10M build (each insert lands mid-index, away from the rightmost page PostgreSQL
 * appends to cheaply): messages 144 s and reactions 123 s, against 30 s and 27 s for 5M
 * messages of one chat. Built after, they are as a restored or reindexed database has them.
 */
async function deferIndexes(database: Database, tables: string[]): Promise<{ rebuild: () => Promise<void> }> {
  const names = sql.join(
    tables.map((t) => sql`${t}`),
    sql`, `,
  );
  const found = await database.rows<{ table: string; index: string; definition: string; key: string | null }>(sql`
    SELECT t.relname AS table, x.relname AS index, pg_get_indexdef(i.indexrelid) AS definition,
           CASE WHEN c.contype IN ('p', 'u') THEN pg_get_constraintdef(c.oid) END AS key
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
    LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
    WHERE t.relnamespace = to_regnamespace(current_schema()) AND t.relname IN (${names})
      AND (c.contype IS NULL OR c.contype IN ('p', 'u'))
    ORDER BY t.relname, x.relname`);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const f of found) {
    await database.db.execute(
      sql.raw(
        f.key ? `ALTER TABLE ${quote(f.table)} DROP CONSTRAINT ${quote(f.index)}` : `DROP INDEX ${quote(f.index)}`,
      ),
    );
  }
  return {
    async rebuild() {
      for (const f of found) {
        await database.db.execute(
          sql.raw(f.key ? `ALTER TABLE ${quote(f.table)} ADD CONSTRAINT ${quote(f.index)} ${f.key}` : f.definition),
        );
      }
    },
  };
}
