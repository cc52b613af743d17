// Cron slots in a time zone: a skipped local time runs once just after the gap, a repeated
// one runs once (its first occurrence), and zones with odd offsets land where they should.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CronExpressionError, cronSlots } from "../../src/jobs/slots.js";

function slots(expression: string, timezone: string, from: string, count: number): string[] {
  const schedule = cronSlots(expression, timezone);
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(at);
    if (!next) break;
    out.push(next.toISOString());
    at = next;
  }
  return out;
}

test("a daily local time across Berlin's spring and autumn changes: once a day", () => {
  assert.deepEqual(slots("30 2 * * *", "Europe/Berlin", "2026-03-27T12:00:00Z", 3), [
    "2026-03-28T01:30:00.000Z", // 02:30 CET
    "2026-03-29T01:30:00.000Z", // 02:30 does not exist: 03:30 CEST
    "2026-03-30T00:30:00.000Z", // 02:30 CEST
  ]);
  assert.deepEqual(slots("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 2), [
    "2026-10-25T00:30:00.000Z", // the first 02:30 (CEST), not the second (CET)
    "2026-10-26T01:30:00.000Z",
  ]);
});

test("hourly through the changes: the skipped hour's slot merges with the next, the repeated hour runs once", () => {
  assert.deepEqual(slots("0 * * * *", "Europe/Berlin", "2026-03-29T00:30:00Z", 3), [
    "2026-03-29T01:00:00.000Z", // 03:00 CEST (02:00 does not exist and lands here too)
    "2026-03-29T02:00:00.000Z",
    "2026-03-29T03:00:00.000Z",
  ]);
  assert.deepEqual(slots("0 * * * *", "Europe/Berlin", "2026-10-24T23:30:00Z", 3), [
    "2026-10-25T00:00:00.000Z", // 02:00 CEST
    "2026-10-25T02:00:00.000Z", // 03:00 CET: the second 02:00 is not run again
    "2026-10-25T03:00:00.000Z",
  ]);
});

test("zones with half-hour offsets and half-hour DST, weekdays, leap days", () => {
  assert.deepEqual(slots("0 9 * * *", "Asia/Kathmandu", "2026-03-29T00:30:00Z", 1), ["2026-03-29T03:15:00.000Z"]);
  // Lord Howe Island moves 30 minutes, 02:00 → 02:30, on 2026-10-04.
  assert.deepEqual(slots("15 2 * * *", "Australia/Lord_Howe", "2026-10-02T00:00:00Z", 3), [
    "2026-10-02T15:45:00.000Z", // 02:15 +10:30
    "2026-10-03T15:45:00.000Z", // 02:15 does not exist: 02:45 +11
    "2026-10-04T15:15:00.000Z", // 02:15 +11
  ]);
  assert.deepEqual(slots("0 12 * * 1-5", "America/Sao_Paulo", "2026-05-01T00:00:00Z", 3), [
    "2026-05-01T15:00:00.000Z", // Friday
    "2026-05-04T15:00:00.000Z", // Monday
    "2026-05-05T15:00:00.000Z",
  ]);
  assert.deepEqual(slots("0 0 29 2 *", "UTC", "2026-11-01T00:00:00Z", 2), [
    "2028-02-29T00:00:00.000Z",
    "2032-02-29T00:00:00.000Z",
  ]);
  assert.deepEqual(slots("*/20 * * * * *", "UTC", "2026-05-04T10:00:05Z", 3), [
    "2026-05-04T10:00:20.000Z",
    "2026-05-04T10:00:40.000Z",
    "2026-05-04T10:01:00.000Z",
  ]);
});

test("latestBetween finds the last slot of an outage, or none", () => {
  const every10 = cronSlots("*/10 * * * *", "UTC");
  assert.equal(
    every10.latestBetween(new Date("2026-05-04T10:01:00Z"), new Date("2026-05-04T10:55:00Z"))?.toISOString(),
    "2026-05-04T10:50:00.000Z",
  );
  assert.equal(every10.latestBetween(new Date("2026-05-04T10:01:00Z"), new Date("2026-05-04T10:09:59Z")), undefined);
  // Down for three years: still one answer, found without stepping through every slot.
  assert.equal(
    cronSlots("* * * * *", "Europe/Berlin")
      .latestBetween(new Date("2023-01-01T00:00:00Z"), new Date("2026-01-08T00:00:30Z"))
      ?.toISOString(),
    "2026-01-08T00:00:00.000Z",
  );
  assert.equal(
    cronSlots("0 0 29 2 *", "UTC")
      .latestBetween(new Date("2020-01-01T00:00:00Z"), new Date("2026-05-01T00:00:00Z"))
      ?.toISOString(),
    "2024-02-29T00:00:00.000Z",
  );
});

test("a malformed expression is refused", () => {
  assert.throws(() => cronSlots("61 * * * *"), CronExpressionError);
  assert.throws(() => cronSlots("every day"), /"every day" is not a valid cron expression/);
});
