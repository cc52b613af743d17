// COPY text fields: escaping, NULL, and dates written exactly as toISOString writes them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { copyDate, copyNumber, copyText, messageCopyLine } from "../../src/ingest/copy-text.js";
import { messageRecord } from "../helpers/records.js";

describe("copyText", () => {
  test("escapes backslash, tab, newline and carriage return", () => {
    assert.equal(copyText("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
    assert.equal(copyText("\\N"), "\\\\N");
    assert.equal(copyText("plain ünïcode 👋"), "plain ünïcode 👋");
    assert.equal(copyText(""), "");
  });

  test("writes null and undefined as \\N", () => {
    assert.equal(copyText(null), "\\N");
    assert.equal(copyText(undefined), "\\N");
    assert.equal(copyNumber(null), "\\N");
    assert.equal(copyNumber(undefined), "\\N");
    assert.equal(copyNumber(0), "0");
    assert.equal(copyNumber(-1001234567890), "-1001234567890");
    assert.equal(copyDate(null), "\\N");
    assert.equal(copyDate(undefined), "\\N");
  });
});

describe("copyDate", () => {
  test("writes what toISOString writes, milliseconds included", () => {
    for (const ms of [
      0,
      1,
      999,
      1_763_767_143_000,
      1_763_767_143_007,
      1_763_767_143_456,
      86_399_999,
      86_400_000,
      951_782_400_000, // 2000-02-29
    ]) {
      assert.equal(copyDate(new Date(ms)), new Date(ms).toISOString(), String(ms));
    }
  });

  test("before 1970 and far from today", () => {
    for (const ms of [
      -1,
      -999,
      -86_400_000,
      -86_400_001,
      -2_208_988_800_000, // 1900-01-01
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001, // a year with a sign
      253_402_300_799_999, // 9999-12-31T23:59:59.999
      253_402_300_800_000, // a year with a sign
      8_640_000_000_000_000,
    ]) {
      assert.equal(copyDate(new Date(ms)), new Date(ms).toISOString(), String(ms));
    }
  });

  test("dates in any order, on the same day and across days", () => {
    // A fixed walk of steps of up to two days, back and forth (no randomness: same run every time).
    let ms = 1_700_000_000_123;
    for (let i = 0; i < 5000; i++) {
      ms += ((i * 7919) % 172_800_001) * (i % 3 === 0 ? -1 : 1) + (i % 1000);
      assert.equal(copyDate(new Date(ms)), new Date(ms).toISOString());
    }
  });

  test("an invalid date throws, as toISOString does", () => {
    assert.throws(() => copyDate(new Date(Number.NaN)), RangeError);
  });
});

describe("messageCopyLine", () => {
  const message = messageRecord(-1001734560921, 42, "1969-07-20T20:17:40.005Z", {
    userId: 6447388721,
    editDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    textLength: 9,
    text: "a\tb\nc\\d\r",
    replyToMessageId: 7,
    source: "export",
  });

  test("writes the columns in order, escaped, one line", () => {
    assert.equal(
      messageCopyLine(message),
      "-1001734560921\t42\t\\N\t6447388721\t\\N\t1969-07-20T20:17:40.005Z\t2026-01-02T03:04:05.000Z\ttext\t9\t" +
        "a\\tb\\nc\\\\d\\r\t7\t\\N\t\\N\t\\N\t\\N\t\\N\tf\t\\N\t\\N\t\\N\t\\N\t\\N\texport\n",
    );
  });

  test("a forwarded service message", () => {
    const line = messageCopyLine({
      ...message,
      kind: "service",
      text: null,
      textLength: 0,
      forwardOrigin: "channel",
      forwardFromId: -1001,
      forwardFromName: "Näme",
      forwardDate: new Date(0),
      isAutomaticForward: true,
      serviceAction: "pin_message",
    });
    const fields = line.slice(0, -1).split("\t");
    assert.equal(fields.length, 23);
    assert.deepEqual(fields.slice(7, 19), [
      "service",
      "0",
      "\\N",
      "7",
      "channel",
      "-1001",
      "Näme",
      "\\N",
      "1970-01-01T00:00:00.000Z",
      "t",
      "\\N",
      "pin_message",
    ]);
  });
});
