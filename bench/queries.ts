// Query latency at scale: each /stats query against one random chat among 100, repeated,
// on a generated dataset of N messages.
import type { Database } from "../src/db/client.js";
import { getHourOfWeekHeatmap, getMessageSummary, getTimeline } from "../src/queries/activity.js";
import {
  getMedianFirstReplySeconds,
  getTopMessagesByReactions,
  getTopMessagesByReplies,
} from "../src/queries/conversations.js";
import { getEngagement } from "../src/queries/engagement.js";
import { getMemberStats } from "../src/queries/members.js";
import { localDate, parsePeriod } from "../src/queries/period.js";
import { currentRange, previousRange } from "../src/queries/range.js";
import { getReactionMix } from "../src/queries/reactions.js";
import { getTopSenders } from "../src/queries/senders.js";
import { BENCH_CHATS, benchChatId, generateDataset, USERS_PER_CHAT } from "./lib/dataset.js";
import { summarize } from "./lib/stats.js";

export const BENCH_NOW = new Date("2026-11-01T12:00:00Z");

type Query = (database: Database, chatId: number) => Promise<unknown>;

const at = (key: string) => parsePeriod(key, "UTC", BENCH_NOW);
const QUERIES: Record<string, Query> = {
  "top senders 7d": (d, c) => getTopSenders(d, currentRange(c, at("7d")), 10),
  "daily counts 30d": (d, c) => getTimeline(d, currentRange(c, at("30d")), "day"),
  "heatmap 90d": (d, c) => getHourOfWeekHeatmap(d, currentRange(c, at("90d"))),
  "summary 7d": (d, c) => getMessageSummary(d, currentRange(c, at("7d"))),
  "engagement 30d": (d, c) => getEngagement(d, currentRange(c, at("30d")), previousRange(c, at("30d"))),
  "timeline 365d monthly": (d, c) => getTimeline(d, currentRange(c, at("365d")), "month"),
  "top by reactions 30d": (d, c) => getTopMessagesByReactions(d, currentRange(c, at("30d"))),
  "top by replies 30d": (d, c) => getTopMessagesByReplies(d, currentRange(c, at("30d"))),
  "reaction mix 30d": (d, c) => getReactionMix(d, currentRange(c, at("30d"))),
  "first reply median 7d": (d, c) => getMedianFirstReplySeconds(d, currentRange(c, at("7d"))),
  "member 30d": (d, c) =>
    getMemberStats(
      d,
      currentRange(c, at("30d")),
      1000000 + (-c - 1006000000000) * USERS_PER_CHAT,
      localDate(BENCH_NOW, "UTC"),
    ),
};

export async function runQueryBench(database: Database, messages: number, iterations = 100) {
  const started = performance.now();
  await generateDataset(database, messages, BENCH_NOW);
  const generateSeconds = (performance.now() - started) / 1000;
  const results: Record<string, { p50: number; p95: number }> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    for (let i = 0; i < 5; i++) await query(database, benchChatId(i)); // warm-up
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const chatId = benchChatId(Math.floor(Math.random() * BENCH_CHATS));
      const t = performance.now();
      await query(database, chatId);
      times.push(performance.now() - t);
    }
    const s = summarize(times);
    results[name] = { p50: round(s.p50), p95: round(s.p95) };
  }
  return { messages, generateSeconds: round(generateSeconds), queries: results };
}

const round = (value: number) => Math.round(value * 100) / 100;
