// Delivery at Telegram's limits: a recap run's shape (one message to each of 1,000 groups, all
// handed to the sender at once), plus ten messages to one group and ten DMs to one person, sent
// by the real Pulse (startPulse: auto-retry and the throttler on the bot's Api) to a Bot API
// stand-in in its own process that answers 429 as a strict Telegram would. Reports the time,
// the rate achieved, the 429s, how long a reply in another chat queues behind the run, the cost
// of the stored-refusal lookup before each send, and RSS.
import { sql } from "drizzle-orm";
import pino from "pino";
import { startPulse } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import type { Database } from "../src/db/client.js";
import { getTargetMark, TELEGRAM_SEND_LIMITS } from "../src/delivery/index.js";
import { forkApiServer } from "./lib/api-server.js";
import { now, sampleRss, summarize } from "./lib/stats.js";

interface SendStatus {
  sent: number;
  tooMany: number;
  tooManyBy: { overall: number; chat: number; group: number };
  peakPerSecond: number;
  minChatGapMs: number;
  firstAt: number;
  lastAt: number;
}

export async function runDeliveryBench(database: Database, options: { chats: number; oneByOne: number }) {
  const { child, ready, nextMessage } = await forkApiServer();
  const limits = TELEGRAM_SEND_LIMITS;
  child.send({
    cmd: "sendLimits",
    overallPerSecond: limits.overall.count,
    perChatGapMs: limits.perChatGapMs,
    perGroupPerMinute: limits.perGroup.count,
  });
  await nextMessage("sendLimitsReady");
  const chatIds = Array.from({ length: options.chats }, (_, i) => -1_005_000_000_000 - i);
  await database.rows(sql`
    INSERT INTO chats (id, type, title, bot_status)
    SELECT value::bigint, 'supergroup', 'Delivery bench ' || value, 'administrator'
    FROM json_array_elements_text(${JSON.stringify(chatIds)}::json)
    ON CONFLICT (id) DO NOTHING`);

  const config = parseConfig({
    BOT_TOKEN: ready.token,
    TELEGRAM_API_ROOT: ready.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
  });
  const pulse = await startPulse(config, {
    log: pino({ level: "silent" }),
    database,
    botInfo: ready.botInfo,
    jobs: [],
  });
  /** A reply to someone in another chat while a run is under way: how long it queues (s). */
  const replyAfter = (ms: number, chatId: number) =>
    new Promise<number>((resolve) =>
      setTimeout(async () => {
        const asked = now();
        await pulse.delivery.sendMessage(chatId, "A reply during the run");
        resolve((now() - asked) / 1000);
      }, ms),
    );
  try {
    // What every send pays before it leaves: one primary-key lookup for a stored refusal.
    const lookups: number[] = [];
    for (const id of chatIds) {
      const started = now();
      await getTargetMark(database, id);
      lookups.push(now() - started);
    }

    const rss = sampleRss();
    const busyGroup = chatIds[0] as number;
    const person = 900_001;
    const started = now();
    const midRun = replyAfter(5_000, -1_005_999_999_999);
    const outcomes = await Promise.all([
      ...chatIds.map((id) => pulse.delivery.sendMessage(id, "Week 11 in numbers")),
      ...Array.from({ length: 10 }, (_, i) => pulse.delivery.sendMessage(busyGroup, `Busy group, message ${i + 2}`)),
      ...Array.from({ length: 10 }, (_, i) => pulse.delivery.dm(person, `Alert ${i + 1}`)),
    ]);
    const seconds = (now() - started) / 1000;
    const midRunWait = await midRun;
    const peakRssMb = rss.stop();

    // The same groups again, one send at a time as a job that awaits each would: the queue
    // stays short and a reply slips in between.
    const oneByOne = chatIds.slice(0, options.oneByOne);
    const oneByOneStarted = now();
    const oneByOneReply = replyAfter(5_000, -1_005_999_999_998);
    let oneByOneDelivered = 0;
    for (const id of oneByOne) {
      if ((await pulse.delivery.sendMessage(id, "Week 12 in numbers")).ok) oneByOneDelivered++;
    }
    const oneByOneSeconds = (now() - oneByOneStarted) / 1000;
    const oneByOneWait = await oneByOneReply;

    child.send({ cmd: "sendStatus" });
    const server = await nextMessage<SendStatus>("sendStatus");
    const lookup = summarize(lookups);
    return {
      messages: outcomes.length,
      delivered: outcomes.filter((o) => o.ok).length,
      seconds: Number(seconds.toFixed(1)),
      "messages/s": Number((server.sent / ((server.lastAt - server.firstAt) / 1000)).toFixed(1)),
      "peak in 1 s": server.peakPerSecond,
      "min gap in a chat ms": Math.round(server.minChatGapMs),
      "429s": server.tooMany,
      "429s for a chat's gap": server.tooManyBy.chat,
      "reply at 5 s waited s": Number(midRunWait.toFixed(1)),
      [`${options.oneByOne} one by one s`]: Number(oneByOneSeconds.toFixed(1)),
      "delivered one by one": oneByOneDelivered,
      "reply then waited s": Number(oneByOneWait.toFixed(2)),
      "lookup p50 ms": Number(lookup.p50.toFixed(2)),
      "lookup p95 ms": Number(lookup.p95.toFixed(2)),
      "rss MB": peakRssMb,
    };
  } finally {
    await pulse.stop();
    child.send({ cmd: "close" });
  }
}
