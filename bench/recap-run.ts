// A weekly recap run for many chats at once, the way the job posts them: N groups, each with a
// week of messages, all posted by one manual run of the real Pulse (startPulse: delivery's
// throttler and auto-retry, each card drawn in the renderer's worker) to the Bot API stand-in,
// which answers sendPhoto with 429 whenever Telegram's limits (30/s overall, 1/s per chat,
// 20/min per group) would be broken. Reports the run's time, recaps per second, the 429s and
// the peak RSS.
import { sql } from "drizzle-orm";
import pino from "pino";
import { startPulse } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import type { Database } from "../src/db/client.js";
import { TELEGRAM_SEND_LIMITS } from "../src/delivery/index.js";
import { BatchWriter } from "../src/ingest/writer.js";
import { weeklyRecapJob } from "../src/jobs/weekly-recap.js";
import { TestBotApiServer } from "../test/helpers/bot-api-server.js";
import { messageRecord } from "../test/helpers/records.js";
import { now, sampleRss } from "./lib/stats.js";

/** Wednesday of week 47: the run posts week 46 (9–15 Nov 2026) everywhere. */
const NOW = new Date("2026-11-18T12:00:00Z");

export async function runRecapRunBench(database: Database, options: { chats: number; messagesPerChat: number }) {
  const server = await TestBotApiServer.start({ recordCalls: false });
  const limits = TELEGRAM_SEND_LIMITS;
  const overall: number[] = [];
  const lastByChat = new Map<number, number>();
  const byGroup = new Map<number, number[]>();
  const stats = { sent: 0, tooMany: 0, peakPerSecond: 0, firstAt: 0, lastAt: 0 };
  let nextMessageId = 1;
  server.setResult("sendPhoto", (payload) => {
    const at = performance.now();
    const chatId = Number(payload.chat_id);
    while (overall.length > 0 && (overall[0] as number) <= at - limits.overall.perMs) overall.shift();
    const group = (byGroup.get(chatId) ?? []).filter((t) => t > at - limits.perGroup.perMs);
    const last = lastByChat.get(chatId);
    if (
      overall.length >= limits.overall.count ||
      (last !== undefined && at - last < limits.perChatGapMs) ||
      group.length >= limits.perGroup.count
    ) {
      stats.tooMany++;
      throw { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
    }
    overall.push(at);
    lastByChat.set(chatId, at);
    byGroup.set(chatId, [...group, at]);
    stats.sent++;
    stats.peakPerSecond = Math.max(stats.peakPerSecond, overall.length);
    stats.firstAt ||= at;
    stats.lastAt = at;
    return {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "supergroup" },
      photo: [],
    };
  });

  const chatIds = Array.from({ length: options.chats }, (_, i) => -1_006_000_000_000 - i);
  await database.rows(sql`
    INSERT INTO chats (id, type, title, bot_status, timezone)
    SELECT value::bigint, 'supergroup', 'Recap bench ' || value, 'administrator', 'Europe/Berlin'
    FROM json_array_elements_text(${JSON.stringify(chatIds)}::json)
    ON CONFLICT (id) DO NOTHING`);
  const writer = new BatchWriter(
    database,
    { flushMs: 5, batchSize: 5_000, queueLimit: 100_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  const start = Date.parse("2026-11-09T07:00:00Z");
  for (const chatId of chatIds) {
    const messages = Array.from({ length: options.messagesPerChat }, (_, i) =>
      messageRecord(
        chatId,
        i + 1,
        new Date(start + (i % 7) * 86_400_000 + (i % 13) * 3_600_000 + i * 1_000).toISOString(),
        {
          userId: 1_000 + (i % 25),
          text: `message ${i} of the week`,
          replyToMessageId: i > 0 && i % 4 === 0 ? i : null,
        },
      ),
    );
    await writer.write({ messages });
  }
  await writer.close();

  const config = parseConfig({
    BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
  });
  const pulse = await startPulse(config, {
    log: pino({ level: "silent" }),
    database,
    botInfo: server.botInfo,
    now: () => NOW,
    jobs: [weeklyRecapJob],
  });
  try {
    await pulse.scheduler.idle();
    const rss = sampleRss();
    const started = now();
    const result = await pulse.scheduler.runNow("weekly-recap");
    const seconds = (now() - started) / 1000;
    const peakRssMb = rss.stop();
    const posted = Number(result.totals.sent ?? 0);
    return {
      chats: options.chats,
      "messages per chat": options.messagesPerChat,
      outcome: result.outcome,
      posted,
      failed: Number(result.totals.failed ?? 0),
      seconds: Number(seconds.toFixed(1)),
      "recaps/s": Number((posted / seconds).toFixed(1)),
      "peak sends in 1 s": stats.peakPerSecond,
      "429s": stats.tooMany,
      "rss MB": peakRssMb,
    };
  } finally {
    await pulse.stop();
    await server.close();
  }
}
