// The weekly recap for one big chat: 1M messages over a year in Europe/Berlin, with
// reactions, replies, joins and leaves, member-count snapshots and an opted-out member. Times
// getRecapView (every query) and then the card and caption (render), for random complete
// weeks, and the two together as a recap post costs them. `tsx bench/recap.ts [pglite]`
// runs it alone.
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import type { Database } from "../src/db/client.js";
import { translator } from "../src/i18n/index.js";
import { recapCaption, renderRecapCard } from "../src/render/recap-card.js";
import { getRecapView, type ReportDeps } from "../src/reports/recap.js";
import { lastCompleteWeek, previousWeek, type Week } from "../src/reports/weeks.js";
import { summarize } from "./lib/stats.js";

export const RECAP_CHAT = -1007000000001;
const TZ = "Europe/Berlin";
const USERS = 5_000;
const FIRST_USER = 3_000_000;
export const RECAP_NOW = new Date("2026-11-30T09:00:00Z"); // Monday 10:00 in Berlin

export async function generateRecapChat(database: Database, messages: number, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const { db } = database;
  await db.execute(sql`
    INSERT INTO chats (id, type, title, bot_status, member_count, timezone, last_message_at)
    VALUES (${RECAP_CHAT}, 'supergroup', 'Recap bench 🦀 community', 'administrator', 9000, ${TZ}, ${nowIso})
    ON CONFLICT (id) DO NOTHING`);
  await db.execute(sql`
    INSERT INTO users (id, first_name, opted_out)
    SELECT ${FIRST_USER} + i, 'Member ' || i, i = 0 FROM generate_series(0, ${USERS - 1}) AS i
    ON CONFLICT (id) DO NOTHING`);
  // A steep power law of senders (member 0, the most active, has opted out); a year of
  // messages, busier in the evening; short texts; three in ten reply to a recent message.
  // Rows go in in time order with ids rising with time, as a chat's messages arrive: a
  // week's messages then sit together on disk, as they do in a real database.
  await db.execute(sql`
    INSERT INTO messages (chat_id, message_id, user_id, date, kind, text_length, text, reply_to_message_id, source)
    SELECT ${RECAP_CHAT}, n, user_id, date, kind, 40, 'Message ' || n || ' about ' || md5(n::text),
           CASE WHEN reply < 0.3 AND n > 50 THEN n - 1 - floor(back * 40)::int END, 'bench'
    FROM (
      SELECT row_number() OVER (ORDER BY date) AS n, *
      FROM (
        SELECT ${FIRST_USER} + floor(power(random(), 4) * ${USERS})::int AS user_id,
               ${nowIso}::timestamptz - (floor(random() * 365) * interval '1 day')
                 - ((23 - floor(power(random(), 0.6) * 24)) * interval '1 hour') - (random() * interval '1 hour') AS date,
               CASE WHEN random() < 0.8 THEN 'text' ELSE 'photo' END AS kind, random() AS reply, random() AS back
        FROM generate_series(1, ${messages})
      ) g
    ) ordered
    ORDER BY n`);
  await db.execute(sql`
    INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
    SELECT chat_id, message_id, (ARRAY['👍', '❤', '🔥', '😂'])[1 + (message_id % 4)], NULL, 1 + (message_id % 17), date, 'bench'
    FROM messages WHERE chat_id = ${RECAP_CHAT} AND message_id % 5 = 0
    ORDER BY message_id
    ON CONFLICT ON CONSTRAINT message_reactions_key DO NOTHING`);
  // About 40 joins and 15 leaves a week; joiners are fresh ids, some of whom then write.
  await db.execute(sql`
    INSERT INTO member_events (chat_id, user_id, kind, method, occurred_at, source)
    SELECT ${RECAP_CHAT}, ${FIRST_USER} + (i % ${USERS}), CASE WHEN i % 8 < 3 THEN 'leave' ELSE 'join' END, 'link',
           ${nowIso}::timestamptz - (i * interval '1 hour' * 168 / 55), 'bench'
    FROM generate_series(55 * 52, 1, -1) AS i
    ON CONFLICT ON CONSTRAINT member_events_key DO NOTHING`);
  await db.execute(sql`
    INSERT INTO chat_hourly_activity (chat_id, hour, messages, text_chars, media, replies)
    SELECT chat_id, date_trunc('hour', date, 'UTC'), count(*), sum(text_length),
           count(*) FILTER (WHERE kind <> 'text'), count(reply_to_message_id)
    FROM messages WHERE chat_id = ${RECAP_CHAT} GROUP BY 1, 2 ORDER BY 2`);
  await db.execute(sql`
    INSERT INTO chat_hourly_activity AS h (chat_id, hour, joins, leaves)
    SELECT chat_id, date_trunc('hour', occurred_at, 'UTC'), count(*) FILTER (WHERE kind = 'join'),
           count(*) FILTER (WHERE kind <> 'join')
    FROM member_events WHERE chat_id = ${RECAP_CHAT} GROUP BY 1, 2
    ON CONFLICT (chat_id, hour) DO UPDATE SET joins = h.joins + excluded.joins, leaves = h.leaves + excluded.leaves`);
  await db.execute(sql`
    INSERT INTO chat_user_daily_activity (chat_id, user_id, day, messages, text_chars, media, replies, forwards,
                                          first_message_at, last_message_at)
    SELECT chat_id, user_id, (date AT TIME ZONE ${TZ})::date, count(*), sum(text_length),
           count(*) FILTER (WHERE kind <> 'text'), count(reply_to_message_id), 0, min(date), max(date)
    FROM messages WHERE chat_id = ${RECAP_CHAT} GROUP BY 1, 2, 3 ORDER BY 3, 2`);
  await db.execute(sql`
    INSERT INTO chat_daily_activity (chat_id, day, active_senders)
    SELECT chat_id, day, count(*) FROM chat_user_daily_activity WHERE chat_id = ${RECAP_CHAT} GROUP BY 1, 2`);
  await db.execute(sql`
    INSERT INTO chat_daily_snapshots (chat_id, date, metric, value, source)
    SELECT ${RECAP_CHAT}, d::date, 'member_count', 8000 + row_number() OVER (ORDER BY d) * 3, 'bench'
    FROM generate_series(${nowIso}::timestamptz - interval '365 days', ${nowIso}::timestamptz, interval '1 day') AS d
    ON CONFLICT DO NOTHING`);
  // What autovacuum would have done by the time a recap is posted (PGlite has none).
  await db.execute(sql`VACUUM ANALYZE`);
}

export interface RecapBenchResult {
  messages: number;
  generateSeconds: number;
  /** getRecapView: every query of the recap. */
  queries: { p50: number; p95: number };
  /** renderRecapCard and recapCaption. */
  render: { p50: number; p95: number };
  /** Both, as one recap costs. */
  total: { p50: number; p95: number; max: number };
  /** CPU time of this process, p95 (ms): the queries' (PGlite only: PostgreSQL works in the server) and the render's. */
  cpu: { queriesP95: number; renderP95: number };
  /** The host's 1-minute load average at the end: wall times on a busy host include waiting for a core. */
  loadAverage: number;
  pngKb: number;
}

export async function runRecapBench(
  database: Database,
  messages = 1_000_000,
  iterations = 30,
): Promise<RecapBenchResult> {
  const started = performance.now();
  await generateRecapChat(database, messages, RECAP_NOW);
  const generateSeconds = (performance.now() - started) / 1000;
  const deps = { database, config: {} as ReportDeps["config"], now: () => RECAP_NOW };
  const t = translator("en");
  // The last 50 complete weeks; each run picks one at random, so caches see varied weeks.
  const weeks: Week[] = [lastCompleteWeek(RECAP_NOW, TZ)];
  while (weeks.length < 50) weeks.push(previousWeek(weeks[weeks.length - 1] as Week));
  // CPU time of this process beside wall time: on a shared, busy host wall time also counts
  // waiting for a core. PGlite's queries run in this process; PostgreSQL's in the server.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const once = async (week: Week) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const view = await getRecapView(deps, { chatId: RECAP_CHAT, week, locale: "en" });
    const t1 = performance.now();
    const queriesCpu = cpuMs(c0);
    const c1 = process.cpuUsage();
    if (!view) throw new Error(`no recap for the week of ${week.start}`);
    const png = await renderRecapCard(view, t);
    recapCaption(view, t);
    const t2 = performance.now();
    return { queries: t1 - t0, render: t2 - t1, queriesCpu, renderCpu: cpuMs(c1), png };
  };
  for (let i = 0; i < 3; i++) await once(weeks[i] as Week); // warm-up: fonts, caches, plans
  const queries: number[] = [];
  const render: number[] = [];
  const total: number[] = [];
  const queriesCpu: number[] = [];
  const renderCpu: number[] = [];
  let pngBytes = 0;
  for (let i = 0; i < iterations; i++) {
    const r = await once(weeks[Math.floor(Math.random() * weeks.length)] as Week);
    queries.push(r.queries);
    render.push(r.render);
    total.push(r.queries + r.render);
    queriesCpu.push(r.queriesCpu);
    renderCpu.push(r.renderCpu);
    pngBytes = Math.max(pngBytes, r.png.length);
  }
  const q = summarize(queries);
  const r = summarize(render);
  const all = summarize(total);
  return {
    messages,
    generateSeconds: round(generateSeconds),
    queries: { p50: round(q.p50), p95: round(q.p95) },
    render: { p50: round(r.p50), p95: round(r.p95) },
    total: { p50: round(all.p50), p95: round(all.p95), max: round(all.max) },
    cpu: { queriesP95: round(summarize(queriesCpu).p95), renderP95: round(summarize(renderCpu).p95) },
    loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    pngKb: Math.round(pngBytes / 1024),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
