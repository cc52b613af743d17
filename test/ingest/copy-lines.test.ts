import assert from "node:assert/strict";
import { test } from "node:test";
import { filterCopyLines } from "../../src/ingest/copy-lines.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (parts: Uint8Array[]) => parts.map((p) => Buffer.from(p).toString("utf8")).join("");

test("filterCopyLines keeps whole lines by their leading fields, across parts", () => {
  const parts = [
    // Escaped tabs and newlines inside a value are not separators.
    bytes("-100\t1\tfirst\\tline\\nstill first\n-100\t2\t\\N\n"),
    bytes("-100\t3\t🔥 émoji\n-200\t1\tother chat\n"),
    bytes("-100\t4\tkept whole\n"),
  ];
  const seen: string[][] = [];
  const kept = filterCopyLines(parts, 2, (fields) => {
    seen.push([...fields]);
    return fields[0] === "-100" && fields[1] !== "2";
  });
  assert.deepEqual(seen, [
    ["-100", "1"],
    ["-100", "2"],
    ["-100", "3"],
    ["-200", "1"],
    ["-100", "4"],
  ]);
  assert.equal(text(kept), "-100\t1\tfirst\\tline\\nstill first\n-100\t3\t🔥 émoji\n-100\t4\tkept whole\n");
  // A part kept whole is passed on as it is; a part with nothing kept is left out.
  assert.equal(kept[2], parts[2]);
  assert.deepEqual(
    filterCopyLines(parts, 1, () => false),
    [],
  );
});

test("filterCopyLines reads the fields it is asked for, even the last one of a line", () => {
  const kept = filterCopyLines([bytes("1\t2\t\\N\t2026-01-02T03:04:05.000Z\n")], 4, (fields) => {
    assert.deepEqual(fields, ["1", "2", "\\N", "2026-01-02T03:04:05.000Z"]);
    return true;
  });
  assert.equal(kept.length, 1);
});
