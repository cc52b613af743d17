// An update is settled (and so may be confirmed to Telegram) only once its records commit,
// even when a command handler after the collector throws.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Bot } from "grammy";
import pino from "pino";
import type { BotDeps, PulseContext } from "../../../src/bot/context.js";
import { UpdateWatermark } from "../../../src/bot/update-watermark.js";
import { collector } from "../../../src/collectors/bot/collector.js";
import { createMetrics } from "../../../src/metrics.js";
import { message, person, supergroup, TEST_BOT_INFO, update } from "../../helpers/updates.js";

const botInfo = TEST_BOT_INFO;

test("a throwing command handler does not end the update before its records commit", async () => {
  let commit: () => void = () => {};
  const committed = new Promise<void>((resolve) => {
    commit = resolve;
  });
  const watermark = new UpdateWatermark();
  const deps = {
    config: { storeMessageText: true },
    metrics: createMetrics(),
    log: pino({ level: "silent" }),
    writer: { write: () => committed },
    watermark,
  } as unknown as BotDeps;
  const bot = new Bot<PulseContext>("42:test", { botInfo });
  bot.use((ctx, next) => {
    ctx.deps = deps;
    return next();
  });
  bot.use(collector);
  bot.use(() => {
    throw new Error("the command failed");
  });
  bot.catch(() => {});

  const raw = update.message(
    message(supergroup(-1009990000001, "G"), 1, "2026-03-10T09:00:00Z", { from: person(7, "A"), text: "/stats" }),
  );
  const updateId = 500;
  watermark.take(updateId);
  let ended = false;
  const handled = bot.handleUpdate({ ...raw, update_id: updateId } as never).finally(() => {
    ended = true;
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(ended, false, "the handler waits for the commit");
  assert.equal(watermark.offset(), updateId, "not confirmable yet");
  commit();
  await handled.catch(() => {});
  assert.equal(ended, true);
  assert.equal(watermark.offset(), updateId + 1, "settled by the commit");
});
