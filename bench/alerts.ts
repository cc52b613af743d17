// Alert evaluation at scale: 10,000 rules over 1,000 chats (nine kinds of rule per chat,
// 100 of the chats channels with viral-post rules and their posts' hourly snapshots), and
// eight weeks and a day of hourly rollups holding 10M messages in all — what the evaluator
// reads. It never reads `messages`, so the bench builds the rollups 10M messages leave
// behind rather than the messages. Times one evaluation (several, at five-minute steps) and
// counts its queries. `tsx bench/alerts.ts [pglite]` runs it alone.
import { sql } from "drizzle-orm";
import pino from "pino";
import { evaluateAlerts } from "../src/alerts/evaluate.js";
import { parseAddRule } from "../src/alerts/parse.js";
import type { Database } from "../src/db/client.js";
import { summarize } from "./lib/stats.js";

const FIRST_CHAT = -1008000000000;
const HOURS = 8 * 7 * 24 + 24;
export const ALERTS_NOW = new Date("2026-11-24T21:20:00Z");

const RULES = [
  "activity-spike",
  "joins-spike",
  "leaves-spike",
  "silence",
  "threshold messages_per_hour > 400",
  "threshold messages_per_day > 5000",
  "threshold active_members_per_day > 300",
  "threshold joins_per_day > 50",
  "threshold leaves_per_hour > 20",
];

export interface AlertsBenchResult {
  chats: number;
  rules: number;
  hourlyRows: number;
  messagesInRollups: number;
  generateSeconds: number;
  evaluationMs: { p50: number; p95: number; max: number };
  /** CPU time of this process per evaluation (the database server's is not in it). */
  processCpuMs: { p50: number; p95: number };
  /** 1-minute load average when the runs ended: a busy machine stretches wall time. */
  loadAverage: number;
  queriesPerEvaluation: number;
  firedFirstTwoRuns: number;
}

export async function generateAlertsDataset(database: Database, chats: number, messages: number): Promise<void> {
  const { db } = database;
  const channels = Math.floor(chats / 10);
  await db.execute(sql`
    INSERT INTO chats (id, type, title, bot_status)
    SELECT ${FIRST_CHAT}::bigint - i, CASE WHEN i < ${channels} THEN 'channel' ELSE 'supergroup' END, 'Alerts bench ' || i, 'administrator'
    FROM generate_series(0, ${chats - 1}) AS i`);
  // Evening-heavy hours with a weekly rhythm; chat sizes on a power law so that together they
  // hold `messages`. Every 20th chat is spiking right now.
  const perHourMean = messages / chats / HOURS;
  const now = ALERTS_NOW.toISOString();
  await db.execute(sql`
    INSERT INTO chat_hourly_activity (chat_id, hour, messages, joins, leaves)
    SELECT ${FIRST_CHAT}::bigint - c,
           date_trunc('hour', ${now}::timestamptz) - h * interval '1 hour',
           greatest(0, round(${perHourMean} * size * shape * (0.7 + random() * 0.6)
                   * CASE WHEN h = 0 AND c % 20 = 0 THEN 6 ELSE 1 END))::int,
           (random() < 0.1)::int, (random() < 0.05)::int
    FROM generate_series(0, ${chats - 1}) AS c
    CROSS JOIN LATERAL (SELECT 1.0 / (1 + (c % 50)) * 50 / 4.5 AS size) s
    CROSS JOIN generate_series(0, ${HOURS - 1}) AS h
    CROSS JOIN LATERAL (SELECT 0.3 + 1.4 * ((extract(hour FROM ${now}::timestamptz - h * interval '1 hour') + 6)::int % 24) / 23.0 AS shape) w`);
  await db.execute(sql`
    INSERT INTO chat_daily_activity (chat_id, day, active_senders)
    SELECT ${FIRST_CHAT}::bigint - c, (${now}::timestamptz AT TIME ZONE 'UTC')::date, 20 + c % 400
    FROM generate_series(0, ${chats - 1}) AS c`);
  // Channels: 40 posts each, four hourly-age snapshots per post; the newest is doing well.
  await db.execute(sql`
    INSERT INTO message_engagement_timeline (chat_id, message_id, captured_at, message_date, views, forwards, age_hours)
    SELECT ${FIRST_CHAT}::bigint - c, p, date + age * interval '1 hour', date,
           (100 * age + p) * CASE WHEN p = 40 THEN 5 ELSE 1 END, 2 * age, age
    FROM generate_series(0, ${channels - 1}) AS c
    CROSS JOIN generate_series(1, 40) AS p
    CROSS JOIN LATERAL (SELECT ${now}::timestamptz - interval '70 minutes' - (40 - p) * interval '8 hours' AS date) d
    CROSS JOIN unnest(ARRAY[1, 3, 6, 24]) AS age
    WHERE date + age * interval '1 hour' <= ${now}::timestamptz`);
  const values: string[] = [];
  for (let c = 0; c < chats; c++) {
    const lines = c < channels ? [...RULES, "viral-post"] : [...RULES, "threshold messages_per_hour > 900"];
    for (const line of lines) {
      const parsed = parseAddRule(line.split(" "));
      if (!parsed.ok) throw new Error(`bench rule "${line}": ${parsed.key}`);
      const rule = parsed.rule;
      values.push(
        `(${FIRST_CHAT - c}, '${rule.kind}', '${JSON.stringify(rule.condition)}'::jsonb, '${rule.severity}', ${rule.cooldownMinutes})`,
      );
    }
  }
  for (let i = 0; i < values.length; i += 2_000) {
    await db.execute(
      sql.raw(
        `INSERT INTO alert_rules (chat_id, kind, condition, severity, cooldown_minutes) VALUES ${values.slice(i, i + 2_000).join(",")}`,
      ),
    );
  }
  await db.execute(sql`ANALYZE`);
}

export async function runAlertsBench(
  database: Database,
  options: { chats?: number; messages?: number; runs?: number } = {},
): Promise<AlertsBenchResult> {
  const chats = options.chats ?? 1_000;
  const messages = options.messages ?? 10_000_000;
  const runs = options.runs ?? 5;
  const started = performance.now();
  await generateAlertsDataset(database, chats, messages);
  const generateSeconds = Math.round((performance.now() - started) / 100) / 10;
  const [counts] = await database.rows<{ rules: number; hourly: number; messages: number }>(sql`
    SELECT (SELECT count(*)::int FROM alert_rules) AS rules,
           (SELECT count(*)::int FROM chat_hourly_activity) AS hourly,
           (SELECT sum(messages)::float8 FROM chat_hourly_activity) AS messages`);
  const deps = { database, log: pino({ level: "silent" }), config: { defaultTimezone: "UTC" } };
  const times: number[] = [];
  const cpu: number[] = [];
  let queries = 0;
  let fired = 0;
  for (let run = 0; run < runs; run++) {
    const at = new Date(ALERTS_NOW.getTime() + run * 5 * 60_000);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const summary = await evaluateAlerts(deps, at);
    times.push(performance.now() - t0);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
    queries = summary.queries;
    if (run < 2) fired += summary.fired + summary.escalated;
  }
  const stats = summarize(times);
  const cpuStats = summarize(cpu);
  return {
    chats,
    rules: counts?.rules ?? 0,
    hourlyRows: counts?.hourly ?? 0,
    messagesInRollups: Math.round(counts?.messages ?? 0),
    generateSeconds,
    evaluationMs: { p50: Math.round(stats.p50), p95: Math.round(stats.p95), max: Math.round(Math.max(...times)) },
    processCpuMs: { p50: Math.round(cpuStats.p50), p95: Math.round(cpuStats.p95) },
    loadAverage: Math.round(((await import("node:os")).loadavg()[0] ?? 0) * 10) / 10,
    queriesPerEvaluation: queries,
    firedFirstTwoRuns: fired,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { openDatabase } = await import("../src/db/client.js");
  const { runMigrations } = await import("../src/db/migrate.js");
  const url = process.argv[2] === "pglite" ? undefined : process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(url ? { engine: "postgres", url } : { engine: "pglite" });
  await runMigrations(database);
  console.log(await runAlertsBench(database, { chats: Number(process.env.BENCH_ALERT_CHATS ?? 1_000) }));
  await database.close();
}
