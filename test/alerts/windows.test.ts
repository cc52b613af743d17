import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HOUR_MS, trailingCount, windowHours } from "../../src/alerts/windows.js";

const at = (iso: string) => Date.parse(iso);

describe("trailing windows over hourly rollups", () => {
  const counts = new Map<number, number>([
    [at("2026-11-24T19:00:00Z"), 30],
    [at("2026-11-24T20:00:00Z"), 60],
    [at("2026-11-24T21:00:00Z"), 100],
  ]);
  const count = (hour: number) => counts.get(hour) ?? 0;

  it("counts the current hour exactly and the share of the previous one still in the window", () => {
    // 21:20 → 20 minutes of 21:00 (100) + 40/60 of 20:00 (60 → 40)
    assert.equal(trailingCount(count, at("2026-11-24T21:20:00Z"), 1), 140);
    // two hours: 100 + 60 + 40/60 × 30
    assert.equal(trailingCount(count, at("2026-11-24T21:20:00Z"), 2), 180);
  });

  it("takes whole hours when the window ends on the hour", () => {
    assert.equal(trailingCount(count, at("2026-11-24T21:00:00Z"), 1), 60);
    assert.equal(trailingCount(count, at("2026-11-24T22:00:00Z"), 3), 190);
  });

  it("lists the hours a window touches", () => {
    assert.deepEqual(windowHours(at("2026-11-24T21:20:00Z"), 1), [
      at("2026-11-24T20:00:00Z"),
      at("2026-11-24T21:00:00Z"),
    ]);
    assert.deepEqual(windowHours(at("2026-11-24T21:00:00Z"), 2), [
      at("2026-11-24T19:00:00Z"),
      at("2026-11-24T20:00:00Z"),
    ]);
    assert.equal(windowHours(at("2026-11-24T21:00:01Z"), 24).length, 25);
    assert.equal(HOUR_MS, 3_600_000);
  });
});
