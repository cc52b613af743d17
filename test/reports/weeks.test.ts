// Recap weeks: Monday–Sunday in a time zone, ISO week numbers, DST-length weeks.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { lastCompleteWeek, nextWeek, previousWeek, weekContaining, weekDays } from "../../src/reports/weeks.js";

const hours = (w: { startsAt: Date; endsAt: Date }) => (w.endsAt.getTime() - w.startsAt.getTime()) / 3_600_000;

describe("weeks", () => {
  test("a day names its Monday–Sunday week and ISO number", () => {
    const w = weekContaining("2026-11-25", "Europe/Berlin");
    assert.equal(w.start, "2026-11-23");
    assert.equal(w.end, "2026-11-29");
    assert.equal(w.isoYear, 2026);
    assert.equal(w.isoWeek, 48);
    assert.equal(w.startsAt.toISOString(), "2026-11-22T23:00:00.000Z");
    assert.equal(w.endsAt.toISOString(), "2026-11-29T23:00:00.000Z");
    assert.deepEqual(weekDays(w), [
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
    // Monday and Sunday themselves.
    assert.equal(weekContaining("2026-11-23", "UTC").start, "2026-11-23");
    assert.equal(weekContaining("2026-11-29", "UTC").start, "2026-11-23");
  });

  test("ISO years at the turn of the year", () => {
    // 2026 starts on a Thursday, so it has 53 weeks and 1 January 2027 still belongs to it.
    const w = weekContaining("2027-01-01", "UTC");
    assert.deepEqual([w.start, w.isoYear, w.isoWeek], ["2026-12-28", 2026, 53]);
    assert.deepEqual(
      [weekContaining("2021-01-03", "UTC").isoYear, weekContaining("2021-01-03", "UTC").isoWeek],
      [2020, 53],
    );
    const y2025 = weekContaining("2024-12-31", "UTC");
    assert.deepEqual([y2025.start, y2025.isoYear, y2025.isoWeek], ["2024-12-30", 2025, 1]);
  });

  test("an instant is placed by its local day", () => {
    // Sunday 23:30 in Los Angeles is already Monday in UTC.
    const at = new Date("2026-11-30T07:30:00Z");
    assert.equal(weekContaining(at, "America/Los_Angeles").start, "2026-11-23");
    assert.equal(weekContaining(at, "UTC").start, "2026-11-30");
    // Monday 00:30 in Tokyo is still Sunday in UTC.
    const tokyo = new Date("2026-11-29T15:30:00Z");
    assert.equal(weekContaining(tokyo, "Asia/Tokyo").start, "2026-11-30");
    assert.equal(weekContaining(tokyo, "UTC").start, "2026-11-23");
  });

  test("DST weeks last 167 and 169 hours; their bounds are local midnights", () => {
    const spring = weekContaining("2026-03-29", "Europe/Berlin");
    assert.equal(hours(spring), 167);
    assert.equal(spring.startsAt.toISOString(), "2026-03-22T23:00:00.000Z");
    assert.equal(spring.endsAt.toISOString(), "2026-03-29T22:00:00.000Z");
    const autumn = weekContaining("2026-11-01", "America/New_York");
    assert.equal(hours(autumn), 169);
    assert.equal(autumn.endsAt.toISOString(), "2026-11-02T05:00:00.000Z");
    assert.equal(hours(weekContaining("2026-06-10", "America/New_York")), 168);
  });

  test("previous, next and the last complete week", () => {
    const w = weekContaining("2026-11-25", "Asia/Kolkata");
    assert.equal(previousWeek(w).start, "2026-11-16");
    assert.equal(nextWeek(w).start, "2026-11-30");
    assert.equal(previousWeek(w).endsAt.getTime(), w.startsAt.getTime());
    assert.equal(previousWeek(w).timezone, "Asia/Kolkata");
    // Monday 10:00 in Berlin: last week is the one that ended at midnight.
    assert.equal(lastCompleteWeek(new Date("2026-11-30T09:00:00Z"), "Europe/Berlin").start, "2026-11-23");
    // The same instant is Monday already in Auckland but Sunday night in Honolulu.
    assert.equal(lastCompleteWeek(new Date("2026-11-30T09:00:00Z"), "Pacific/Honolulu").start, "2026-11-16");
  });

  test("a malformed day is refused", () => {
    assert.throws(() => weekContaining("2026-13-01", "UTC"), RangeError);
    assert.throws(() => weekContaining("yesterday", "UTC"), RangeError);
    assert.throws(() => weekContaining("2026-02-30", "UTC"), RangeError);
  });
});
