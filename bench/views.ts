// Refresh time of the social-graph views at scale: the query benchmark's dataset (N messages
// in 100 chats over a year, replies and anonymous reaction counts), plus what the graph is
// made of and that dataset lacks: forwards (1 message in 13, from 20 outside channels and
// from the other bench chats) and visible per-user reactions (1 message in 5 not already
// counted anonymously; a second reactor on every other one). Times the first build and a
// second, daily rebuild after a day's worth of new messages, with the CPU time the database
// spent on each view beside it (the machine's load makes wall times vary more than the work).
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import type { Database } from "../src/db/client.js";
import { refreshSocialGraph } from "../src/graph/refresh.js";
import { BENCH_CHATS, benchChatId, generateDataset, HUNDRED_CHATS, USERS_PER_CHAT } from "./lib/dataset.js";
import { serverCpuMeterOf } from "./lib/server-cpu.js";
import { BENCH_NOW } from "./queries.js";

const OUTSIDE_CHANNELS = 20;
const outsideChannel = (index: number) => -1008000000000 - index;

export async function addSocialData(database: Database): Promise<void> {
  const { db } = database;
  const first = benchChatId(0);
  // Chat index i ↔ id -1006000000000 - i (benchChatId).
  await db.execute(sql`
    UPDATE messages SET
      forward_origin = 'channel',
      forward_from_id = CASE WHEN message_id % 65 = 0
        THEN ${first}::bigint - ((-chat_id + ${first}::bigint + 1) % ${BENCH_CHATS})
        ELSE ${outsideChannel(0)}::bigint - (message_id % ${OUTSIDE_CHANNELS}) END,
      forward_from_message_id = message_id / 2 + 1,
      forward_date = date - interval '1 hour'
    WHERE source = 'bench' AND message_id % 13 = 0`);
  await db.execute(sql`
    INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
    SELECT m.chat_id, m.message_id, (ARRAY['👍', '❤', '🔥'])[1 + k],
           1000000 + (-m.chat_id + ${first}::bigint) * ${USERS_PER_CHAT} + ((m.message_id * 7919 + k * 104729) % ${USERS_PER_CHAT}),
           1, m.date, 'bench'
    FROM messages m CROSS JOIN generate_series(0, 1) AS k
    WHERE m.source = 'bench' AND m.message_id % 5 = 0 AND m.message_id % 7 <> 0 AND (k = 0 OR m.message_id % 10 = 0)
    ON CONFLICT ON CONSTRAINT message_reactions_key DO NOTHING`);
  await db.execute(sql`ANALYZE`);
}

/**
 * About a day of traffic: 1/365 of the dataset, in every chat. A third of it replies (to
 * messages of the last weeks), 1 in 13 forwards (from the outside channels and the other
 * bench chats), and reactions: 1 in 5 new messages gets one, and as many older messages (of
 * the last days) get one more.
 */
async function addNewDay(database: Database, messages: number): Promise<number> {
  const perChat = Math.max(1, Math.round(messages / 365 / BENCH_CHATS));
  // Each chat's messages are numbered 1… in the dataset; the day's new ones go above `messages`.
  const lastId = Math.ceil(messages / BENCH_CHATS);
  const first = benchChatId(0);
  const { db } = database;
  await db.execute(sql`
    INSERT INTO messages (chat_id, message_id, user_id, date, kind, text_length, reply_to_message_id,
                          forward_origin, forward_from_id, forward_from_message_id, source)
    SELECT ${first}::bigint - c, ${messages}::int + n,
           1000000 + c * ${USERS_PER_CHAT} + (n * 31 % ${USERS_PER_CHAT}),
           ${BENCH_NOW.toISOString()}::timestamptz + n * interval '1 second', 'text', 20,
           CASE WHEN n % 3 = 0 THEN ${lastId}::int - (n * 7919 % ${Math.min(lastId - 1, perChat * 14)}) END,
           CASE WHEN n % 13 = 1 THEN 'channel' END,
           CASE WHEN n % 13 = 1 THEN (CASE WHEN n % 5 = 0 THEN ${first}::bigint - ((c + 1) % ${BENCH_CHATS})
                                       ELSE ${outsideChannel(0)}::bigint - (n % ${OUTSIDE_CHANNELS}) END) END,
           CASE WHEN n % 13 = 1 THEN n * 3 + 1 END,
           'bench'
    FROM generate_series(0, ${BENCH_CHATS - 1}) AS c CROSS JOIN generate_series(1, ${perChat}) AS n`);
  await db.execute(sql`
    INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
    SELECT m.chat_id, m.message_id, '👍', 1000000 + (${first}::bigint - m.chat_id) * ${USERS_PER_CHAT} + 7, 1,
           ${BENCH_NOW.toISOString()}::timestamptz, 'bench'
    FROM messages m
    WHERE m.chat_id BETWEEN ${benchChatId(BENCH_CHATS - 1)}::bigint AND ${first}::bigint
      AND m.message_id > ${Math.max(0, lastId - perChat * 3)}::int AND m.message_id % 5 = 0
    ON CONFLICT ON CONSTRAINT message_reactions_key DO NOTHING`);
  return perChat * BENCH_CHATS;
}

/**
 * CPU seconds the database has used so far: PostgreSQL's server processes on this machine
 * (null for a server elsewhere); PGlite runs in this process.
 */
async function databaseCpu(database: Database): Promise<() => number | null> {
  if (database.engine !== "postgres") {
    return () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    };
  }
  const [backend] = await database.rows<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`);
  return serverCpuMeterOf(backend?.pid);
}

const load = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;

/** Refreshes all three, with each view's wall time, database CPU and the load average beside it. */
async function timedRefresh(database: Database, mode: "auto" | "full" = "auto") {
  const cpu = await databaseCpu(database);
  // refreshSocialGraph asks for the time as each view starts: the CPU reading goes with it.
  const marks: { cpu: number | null; load: number }[] = [];
  const results = await refreshSocialGraph(database, {
    mode,
    now: () => {
      marks.push({ cpu: cpu(), load: load() });
      return new Date();
    },
  });
  marks.push({ cpu: cpu(), load: load() });
  const failed = results.filter((r) => !r.success);
  if (failed.length > 0) throw new Error(`refresh failed: ${failed.map((r) => `${r.view}: ${r.error}`).join("; ")}`);
  const seconds = (value: number) => Math.round(value * 10) / 10;
  const views = Object.fromEntries(
    results.map((r, i) => {
      const [start, end] = [marks[i], marks[i + 1]];
      const cpuSeconds = start?.cpu != null && end?.cpu != null ? seconds(end.cpu - start.cpu) : null;
      return [r.view, { ms: r.durationMs, cpuSeconds, load: end?.load ?? null, rows: r.rows }];
    }),
  );
  const first = marks[0]?.cpu;
  const last = marks.at(-1)?.cpu;
  return {
    mode: results[0]?.mode,
    totalSeconds: seconds(results.reduce((s, r) => s + r.durationMs, 0) / 1000),
    cpuSeconds: first != null && last != null ? seconds(last - first) : null,
    loadBefore: marks[0]?.load ?? null,
    views,
  };
}

export async function runViewsBench(database: Database, messages: number) {
  const started = performance.now();
  // The views read messages and reactions only: the rollups would take most of the build.
  await generateDataset(database, messages, BENCH_NOW, HUNDRED_CHATS, { rollups: false });
  await addSocialData(database);
  const generateSeconds = Math.round((performance.now() - started) / 100) / 10;
  const first = await timedRefresh(database);
  const added = await addNewDay(database, messages);
  const [changes] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM graph_changes`);
  const daily = await timedRefresh(database);
  // What the weekly full rebuild (and one asked for by an opt-out) costs at this size.
  const weekly = await timedRefresh(database, "full");
  return {
    messages,
    generateSeconds,
    firstBuild: first,
    dailyAfterNewDay: { addedMessages: added, changesRecorded: changes?.n ?? 0, ...daily },
    weeklyFullRebuild: weekly,
  };
}
