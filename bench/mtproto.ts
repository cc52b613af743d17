// MTProto collector benchmarks, with Telegram replaced by a local answerer (a real, never
// connected TelegramClient whose invoke() builds Api.Message pages on the fly):
// 1. backfill throughput into the database (records/s), with the request rate taken out of
//    the picture (the SafeCaller set to a rate it never reaches), then a replay of the same
//    history (cursor reset) that must change nothing;
// 2. the limiter's achieved request rate against its setting, on the real clock.
import { sql } from "drizzle-orm";
import pino from "pino";
import { Registry } from "prom-client";
import { Api, TelegramClient } from "telegram";
import { Logger, LogLevel } from "telegram/extensions/Logger.js";
import { returnBigInt } from "telegram/Helpers.js";
import { StringSession } from "telegram/sessions/index.js";
import { runBackfill } from "../src/collectors/mtproto/backfill.js";
import { systemClock } from "../src/collectors/mtproto/clock.js";
import { MemorySafeCallStore, SafeCaller, type SafeCallerOptions } from "../src/collectors/mtproto/safe-call.js";
import { trackPeer } from "../src/collectors/mtproto/tracked.js";
import type { Database } from "../src/db/client.js";
import { BatchWriter } from "../src/ingest/writer.js";
import { now, sampleRss } from "./lib/stats.js";

const log = pino({ level: "silent" });
const FIRST_CHANNEL_ID = 1_999_000_001;
const chatIdOf = (channelId: number) => -(1_000_000_000_000 + channelId);
const USERS = 500;

function client(answer: (request: Api.AnyRequest) => unknown): TelegramClient {
  const c = new TelegramClient(new StringSession(""), 1, "00000000000000000000000000000000", {
    floodSleepThreshold: 0,
    baseLogger: new Logger(LogLevel.NONE),
  });
  c.invoke = (async (request: Api.AnyRequest) => answer(request)) as unknown as TelegramClient["invoke"];
  return c;
}

const options = (rate: number, burst: number): SafeCallerOptions => ({
  requestsPerSecond: rate,
  burst,
  floodWaitMaxSeconds: 120,
  floodMaxRetries: 3,
  bulkPauseEvery: 0,
  bulkPauseSeconds: 0,
  dailyDmQuota: 0,
  dailyJoinQuota: 0,
});

/** A supergroup with `total` messages: members' posts with replies, forwards, views and reactions. */
function historyAnswerer(channelId: number, total: number, lastDate: number) {
  const channel = new Api.Channel({
    id: returnBigInt(channelId),
    accessHash: returnBigInt(7),
    title: "Bench group",
    photo: new Api.ChatPhotoEmpty(),
    date: 0,
    megagroup: true,
  });
  const users = Array.from(
    { length: USERS },
    (_, i) => new Api.User({ id: returnBigInt(1000 + i), firstName: `User ${i}` }),
  );
  const peer = new Api.PeerChannel({ channelId: returnBigInt(channelId) });
  const message = (id: number) =>
    new Api.Message({
      id,
      peerId: peer,
      fromId: new Api.PeerUser({ userId: returnBigInt(1000 + (id % USERS)) }),
      date: lastDate - (total - id) * 20,
      message: `message ${id} with some text to store`,
      ...(id % 5 === 0 && id > 1 ? { replyTo: new Api.MessageReplyHeader({ replyToMsgId: id - 1 }) } : {}),
      ...(id % 50 === 0
        ? {
            reactions: new Api.MessageReactions({
              results: [new Api.ReactionCount({ reaction: new Api.ReactionEmoji({ emoticon: "👍" }), count: 3 })],
            }),
          }
        : {}),
    });
  return (request: Api.AnyRequest): unknown => {
    if (request instanceof Api.messages.GetHistory) {
      const top = request.offsetId === 0 ? total : request.offsetId - 1;
      const ids: number[] = [];
      for (let id = top; id > Math.max(0, request.minId) && ids.length < request.limit; id--) ids.push(id);
      // Only the users on this page, as Telegram sends them.
      const pageUsers = new Map<number, Api.User>();
      for (const id of ids) pageUsers.set(id % USERS, users[id % USERS] as Api.User);
      return new Api.messages.ChannelMessages({
        pts: 1,
        count: total,
        messages: ids.map(message),
        topics: [],
        chats: [channel],
        users: [...pageUsers.values()],
      });
    }
    if (request instanceof Api.updates.GetState) {
      return new Api.updates.State({ pts: 1, qts: 0, date: 0, seq: 0, unreadCount: 0 });
    }
    throw new Error(`bench: no answer for ${request.className}`);
  };
}

interface Variant {
  label: string;
  writerBatch: number;
  pagesInFlight: number;
}

async function backfillOnce(database: Database, channelId: number, total: number, variant: Variant) {
  const { writerBatch, pagesInFlight } = variant;
  const safe = await SafeCaller.create({
    client: client(historyAnswerer(channelId, total, Math.floor(Date.now() / 1000))),
    options: options(1e9, 1e9),
    store: new MemorySafeCallStore(),
    registry: new Registry(),
  });
  const writer = new BatchWriter(
    database,
    { flushMs: 20, batchSize: writerBatch, queueLimit: Math.max(20_000, writerBatch * 4), defaultTimezone: "UTC" },
    log,
  );
  const rss = sampleRss();
  const started = now();
  const totals = await runBackfill(
    { safe, database, writer, clock: systemClock, log, storeText: true },
    { pagesPerRun: Math.ceil(total / 100) + 5, pagesInFlight },
  );
  await writer.close();
  const seconds = (now() - started) / 1000;
  return { totals, seconds, peakRssMb: rss.stop(), requests: safe.sent };
}

async function measureLimiter(rate: number, burst: number, seconds: number) {
  const safe = await SafeCaller.create({
    client: client(() => new Api.updates.State({ pts: 1, qts: 0, date: 0, seq: 0, unreadCount: 0 })),
    options: options(rate, burst),
    store: new MemorySafeCallStore(),
  });
  const started = now();
  let afterBurst = 0;
  let count = 0;
  while (now() - started < seconds * 1000) {
    await safe.call(new Api.updates.GetState());
    count++;
    if (count === burst) afterBurst = now();
  }
  const elapsed = (now() - started) / 1000;
  const steady = (count - burst) / ((now() - afterBurst) / 1000);
  return {
    setting: rate,
    burst,
    requests: count,
    achievedOverall: Math.round((count / elapsed) * 100) / 100,
    achievedSteady: Math.round(steady * 100) / 100,
    errorPct: Math.round(((steady - rate) / rate) * 10_000) / 100,
  };
}

export interface MtprotoBenchOptions {
  /** Messages in the synthetic history (default 200,000). */
  messages?: number;
  /** Limiter settings to measure, requests/s (default 4, 20, 100), and seconds each. */
  limiterRates?: number[];
  limiterSeconds?: number;
}

// The writer as Pulse runs it by default (WRITER_BATCH_SIZE=1000), and a writer with bulk
// batches (what a collector-owned writer or WRITER_BATCH_SIZE=5000 gives).
const VARIANTS: Variant[] = [
  { label: "writer batch 1000", writerBatch: 1_000, pagesInFlight: 32 },
  { label: "writer batch 5000", writerBatch: 5_000, pagesInFlight: 128 },
];

export async function runMtprotoBench(database: Database, bench: MtprotoBenchOptions = {}) {
  const total = bench.messages ?? 200_000;
  const backfill = [];
  for (const [index, variant] of VARIANTS.entries()) {
    const channelId = FIRST_CHANNEL_ID + index;
    const chatId = chatIdOf(channelId);
    await trackPeer(
      database.db,
      {
        chatId,
        kind: "supergroup",
        peerType: "channel",
        accessHash: "7",
        title: "Bench group",
        username: null,
        addedBy: null,
      },
      new Date(),
    );
    const count = async () =>
      (
        await database.rows<{ messages: number; hourly: number; daily: number; reactions: number }>(sql`
          SELECT (SELECT count(*)::int FROM messages WHERE chat_id = ${chatId}) AS messages,
                 (SELECT coalesce(sum(messages), 0)::int FROM chat_hourly_activity WHERE chat_id = ${chatId}) AS hourly,
                 (SELECT coalesce(sum(messages), 0)::int FROM chat_user_daily_activity WHERE chat_id = ${chatId}) AS daily,
                 (SELECT count(*)::int FROM message_reactions WHERE chat_id = ${chatId}) AS reactions`)
      )[0];
    const first = await backfillOnce(database, channelId, total, variant);
    const afterFirst = await count();
    // The same history again, from the top (a lost cursor): nothing may be counted twice.
    await database.rows(
      sql`UPDATE tracked_peers SET backfill_oldest_id = NULL, backfill_newest_id = NULL, backfill_complete = false, backfill_messages = 0 WHERE chat_id = ${chatId}`,
    );
    const replay = await backfillOnce(database, channelId, total, variant);
    const afterReplay = await count();
    // Later variants must not re-read this chat.
    await database.rows(sql`UPDATE tracked_peers SET active = false WHERE chat_id = ${chatId}`);
    backfill.push({
      variant: variant.label,
      messages: total,
      requests: first.requests,
      seconds: Math.round(first.seconds * 100) / 100,
      recordsPerSecond: Math.round(total / first.seconds),
      peakRssMb: first.peakRssMb,
      lost: total - (afterFirst?.messages ?? 0),
      stored: afterFirst,
      replayRecordsPerSecond: Math.round(total / replay.seconds),
      replayUnchanged: JSON.stringify(afterFirst) === JSON.stringify(afterReplay),
      countedTwice: (afterReplay?.hourly ?? 0) - (afterFirst?.hourly ?? 0),
    });
  }

  const limiter = [];
  for (const rate of bench.limiterRates ?? [4, 20, 100]) {
    limiter.push(await measureLimiter(rate, Math.min(4, rate), bench.limiterSeconds ?? 5));
  }
  return { backfill, limiter };
}
