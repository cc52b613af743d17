import assert from "node:assert/strict";
import { test } from "node:test";
import { UpdateWatermark } from "../../src/bot/update-watermark.js";

test("the offset never passes an update whose records are not committed", () => {
  const watermark = new UpdateWatermark();
  assert.equal(watermark.offset(), undefined, "before the first fetch Telegram chooses");
  for (const id of [10, 11, 12, 13]) assert.equal(watermark.take(id), true);
  assert.equal(watermark.offset(), 10);
  watermark.settle(11);
  watermark.settle(13);
  assert.equal(watermark.offset(), 10, "11 and 13 are safe, 10 is not");
  watermark.settle(10);
  assert.equal(watermark.offset(), 12);
  watermark.settle(12);
  assert.equal(watermark.offset(), 14);
  assert.equal(watermark.pending, 0);
});

test("updates Telegram sends again are recognised, in flight or already safe", () => {
  const watermark = new UpdateWatermark();
  watermark.take(5);
  watermark.take(6);
  watermark.settle(6);
  assert.equal(watermark.take(5), false);
  assert.equal(watermark.take(6), false);
  assert.equal(watermark.take(7), true);
  assert.equal(watermark.span(), 3, "ids 5..7 would come back from offset 5");
});

test("a held update is never confirmed by this process, even when its handler ends", () => {
  const watermark = new UpdateWatermark();
  watermark.take(1);
  watermark.take(2);
  watermark.hold(1);
  watermark.settle(1);
  watermark.settle(2);
  assert.equal(watermark.offset(), 1);
});

test("settled() wakes on a settle and gives up after its timeout", async () => {
  const watermark = new UpdateWatermark();
  watermark.take(1);
  const woken = watermark.settled(10_000);
  watermark.settle(1);
  await woken;
  const started = Date.now();
  await watermark.settled(20);
  assert.ok(Date.now() - started >= 15);
});
