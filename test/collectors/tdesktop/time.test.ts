// Wall-clock export dates → instants, across daylight-saving transitions of several zones.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseExportDate, parseWallTime, ZoneClock } from "../../../src/collectors/tdesktop/time.js";

const iso = (ms: number) => new Date(ms).toISOString();

describe("parseWallTime", () => {
  test("reads Telegram Desktop's format, with or without fractions", () => {
    assert.equal(iso(parseWallTime("2020-10-13T23:31:04")), "2020-10-13T23:31:04.000Z");
    assert.equal(iso(parseWallTime("2020-10-13 23:31:04.25")), "2020-10-13T23:31:04.250Z");
  });

  test("rejects anything else", () => {
    for (const bad of [
      "",
      "2020-10-13",
      "2020-13-01T00:00:00",
      "2020-10-13T24:00:00",
      "2020/10/13T00:00:00",
      "2020-10-13T00:00:00x",
    ]) {
      assert.ok(Number.isNaN(parseWallTime(bad)), bad);
    }
  });

  test("explicit offsets are honoured", () => {
    const { wall, offset } = parseExportDate("2024-03-31T03:00:00+02:00");
    assert.equal(iso(wall - offset), "2024-03-31T01:00:00.000Z");
    const utc = parseExportDate("2024-03-31T03:00:00Z");
    assert.equal(iso(utc.wall - utc.offset), "2024-03-31T03:00:00.000Z");
  });
});

describe("ZoneClock", () => {
  test("Europe/Berlin around both 2024 transitions", () => {
    const berlin = new ZoneClock("Europe/Berlin");
    const at = (wall: string, notBefore?: number) => iso(berlin.toInstant(parseWallTime(wall), notBefore));
    assert.equal(at("2024-03-31T01:59:59"), "2024-03-31T00:59:59.000Z");
    assert.equal(at("2024-03-31T02:30:00"), "2024-03-31T01:30:00.000Z"); // skipped hour: read before the jump
    assert.equal(at("2024-03-31T03:00:00"), "2024-03-31T01:00:00.000Z");
    assert.equal(at("2024-10-27T02:30:00"), "2024-10-27T00:30:00.000Z"); // repeated hour: first pass
    assert.equal(at("2024-10-27T02:30:00", Date.parse("2024-10-27T00:45:00Z")), "2024-10-27T01:30:00.000Z");
    assert.equal(at("2024-10-27T03:00:00"), "2024-10-27T02:00:00.000Z");
    assert.equal(at("2024-07-01T12:00:00"), "2024-07-01T10:00:00.000Z");
    assert.equal(at("2024-01-01T12:00:00"), "2024-01-01T11:00:00.000Z");
  });

  test("zones with half-hour offsets and southern-hemisphere DST", () => {
    const stJohns = new ZoneClock("America/St_Johns"); // -03:30 / -02:30
    assert.equal(iso(stJohns.toInstant(parseWallTime("2024-03-10T01:59:00"))), "2024-03-10T05:29:00.000Z");
    assert.equal(iso(stJohns.toInstant(parseWallTime("2024-03-10T03:00:00"))), "2024-03-10T05:30:00.000Z");
    const sydney = new ZoneClock("Australia/Sydney"); // +11 in January, +10 in July
    assert.equal(iso(sydney.toInstant(parseWallTime("2024-01-15T12:00:00"))), "2024-01-15T01:00:00.000Z");
    assert.equal(iso(sydney.toInstant(parseWallTime("2024-07-15T12:00:00"))), "2024-07-15T02:00:00.000Z");
    const utc = new ZoneClock("UTC");
    assert.equal(iso(utc.toInstant(parseWallTime("2024-03-31T02:30:00"))), "2024-03-31T02:30:00.000Z");
  });

  test("unknown zones are refused", () => {
    assert.throws(() => new ZoneClock("Nowhere/Special"), /unknown time zone/);
  });
});
