// The line uploaded imports wait in: never more running than the limit, first come first
// served, every waiter told its place as it moves up, one import per user at a time.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ImportQueue } from "../../src/bot/import-queue.js";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("the import queue", () => {
  for (const limit of [1, 2]) {
    test(`runs at most ${limit} at a time, in arrival order, telling each waiter its place`, async () => {
      const queue = new ImportQueue(limit);
      let running = 0;
      let peak = 0;
      const started: number[] = [];
      const places = new Map<number, number[]>();
      const gates = Array.from({ length: 5 }, gate);
      const jobs = gates.map((g, i) =>
        queue.run(
          async () => {
            started.push(i);
            running++;
            peak = Math.max(peak, running);
            await g.opened;
            running--;
            return i * 10;
          },
          (place) => places.set(i, [...(places.get(i) ?? []), place]),
        ),
      );
      assert.equal(queue.active, limit);
      assert.equal(queue.queued, 5 - limit);
      for (const g of gates) {
        g.open();
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.deepEqual(await Promise.all(jobs), [0, 10, 20, 30, 40]);
      assert.equal(peak, limit);
      assert.deepEqual(started, [0, 1, 2, 3, 4]);
      if (limit === 1) {
        // Job 4 came fourth in line and moved up to the front one place at a time.
        assert.deepEqual(places.get(4), [4, 3, 2, 1]);
        assert.equal(places.get(0), undefined);
      } else {
        assert.deepEqual(places.get(4), [3, 2, 1]);
      }
      assert.equal(queue.active, 0);
    });
  }

  test("a failing job frees its slot for the next", async () => {
    const queue = new ImportQueue(1);
    const failing = queue.run(async () => {
      throw new Error("broken file");
    });
    const next = queue.run(async () => "ran");
    await assert.rejects(failing, /broken file/);
    assert.equal(await next, "ran");
    assert.equal(queue.active, 0);
  });

  test("one import per user until released", () => {
    const queue = new ImportQueue(1);
    assert.equal(queue.claim(7), true);
    assert.equal(queue.claim(7), false);
    assert.equal(queue.claim(8), true);
    queue.release(7);
    assert.equal(queue.claim(7), true);
  });
});
