// /stats end to end: a command goes into the local Bot API server, the real bot (started as
// `npm start` starts it) queries, renders off the event loop and uploads; the clock stops when
// the server has received the photo. Commands rotate over chats, charts and periods, so most
// renders miss the cache, as they would across many groups. Runs on either dataset shape: its
// chats are passed in (by default the 100 chats of the query benchmark).
import { loadavg } from "node:os";
import pino from "pino";
import { startPulse } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import type { Database } from "../src/db/client.js";
import { TestBotApiServer } from "../test/helpers/bot-api-server.js";
import { benchChatIds, HUNDRED_CHATS } from "./lib/dataset.js";
import { summarize } from "./lib/stats.js";
import { BENCH_NOW } from "./queries.js";

const COMMANDS = ["/stats", "/stats 30d", "/top", "/activity 90d", "/stats 90d", "/top 30d"];
// Telegram lets a bot send a group 20 messages a minute, and Pulse keeps to it: commands into
// one chat come at most this often, so that the time measured is the answer's, not the wait
// for the group's sending budget (the one-chat shape would otherwise queue after 20).
const PER_CHAT_SPACING_MS = 3_100;

export async function runStatsEndToEndBench(
  database: Database,
  iterations = 120,
  options: { chatIds?: number[]; budgetSeconds?: number } = {},
) {
  const chatIds = options.chatIds ?? benchChatIds(HUNDRED_CHATS);
  // Commands that take seconds (a slow shape) stop at the budget, after 10 at least.
  const budgetMs = (options.budgetSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const server = await TestBotApiServer.start({ recordCalls: true });
  const config = parseConfig({
    BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
    RATE_LIMIT_USER_PER_MINUTE: "10000",
    RATE_LIMIT_CHAT_PER_MINUTE: "10000",
  });
  const pulse = await startPulse(config, {
    log: pino({ level: "silent" }),
    database,
    botInfo: server.botInfo,
    now: () => BENCH_NOW,
    // No scheduled jobs: started right after the dataset is generated, their start-up runs (the
    // social-graph build over every message, among others) would compete with the commands for
    // the database (all of it on PGlite, one session), which is not what a /stats costs.
    jobs: [],
  });
  const from = { id: 42, is_bot: false, first_name: "Bench" };
  const times: number[] = [];
  const lastSent = new Map<number, number>();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    for (let i = 0; i < iterations + 5; i++) {
      if (times.length >= 10 && performance.now() - started > budgetMs) break;
      const index = i % chatIds.length;
      const chatId = chatIds[index] as number;
      const text = COMMANDS[i % COMMANDS.length] as string;
      const since = performance.now() - (lastSent.get(chatId) ?? Number.NEGATIVE_INFINITY);
      if (since < PER_CHAT_SPACING_MS) await new Promise((resolve) => setTimeout(resolve, PER_CHAT_SPACING_MS - since));
      server.reset();
      const sent = performance.now();
      lastSent.set(chatId, sent);
      server.pushUpdate({
        message: {
          message_id: 50_000_000 + i, // above the giant chat's ids
          // Dated after the benchmark's "now", so recording the command changes no result.
          date: Math.floor(BENCH_NOW.getTime() / 1000) + 86_400 * 30,
          chat: { id: chatId, type: "supergroup", title: `Bench chat ${index}` },
          from,
          text,
          entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
        },
      });
      await server.waitForCall("sendPhoto", (c) => c.payload.chat_id === chatId, 30_000);
      if (i >= 5) times.push(performance.now() - sent); // the first few warm up JIT and fonts
    }
  } finally {
    await pulse.stop();
    await server.close();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const s = summarize(times);
  return {
    commands: times.length,
    p50: round(s.p50),
    p95: round(s.p95),
    max: round(s.max),
    // This process's CPU time per command, mean (the bot, the renderer's worker and the Bot API
    // stand-in all run here), and the host's load: wall times on a busy host include waiting.
    "cpu ms": round((cpu.user + cpu.system) / 1000 / iterationsRun(times.length)),
    load: round(loadavg()[0] ?? 0),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
/** Commands run, counting the five warm-up ones. */
const iterationsRun = (timed: number) => timed + 5;
