// When the import worker posts a chunk: small ones first (the database waits for the first),
// full ones in the middle, and near the end of the file one as soon as it holds what is left
// to read, so the last write, which nothing overlaps, is short.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chunkTarget } from "../../../src/collectors/tdesktop/import-worker.js";

const FULL = 50_000;
const FILE = 420_000_000; // 1M messages of 420 bytes

test("the first three chunks are an eighth, a quarter and half of a full one", () => {
  assert.deepEqual(
    [0, 1, 2, 3, 10].map((posted) => chunkTarget(FULL, posted, 100_000, 42_000_000, FILE)),
    [6_250, 12_500, 25_000, 50_000, 50_000],
  );
});

test("before anything is read the target is not limited by the end of the file", () => {
  assert.equal(chunkTarget(FULL, 5, 0, 0, FILE), FULL);
});

test("near the end of the file a chunk is posted once it holds the messages estimated to be left", () => {
  // 420 bytes a message so far; 12.6 MB left is about 30,000 messages.
  assert.equal(chunkTarget(FULL, 12, 970_000, 407_400_000, FILE), 30_000);
  // Nothing left: whatever the chunk holds goes now.
  assert.equal(chunkTarget(FULL, 20, 1_000_000, FILE, FILE), 0);
  // Far from the end the full size applies.
  assert.equal(chunkTarget(FULL, 12, 500_000, 210_000_000, FILE), FULL);
});
