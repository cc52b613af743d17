// The worker renderer end to end: real PNGs of the right size for every chart kind, the
// cache, empty and hostile data, colour emoji, drawing off the main thread, and workers
// that crash or hang being replaced.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createCanvas, loadImage } from "canvas";
import { sampleSpecs } from "../../bench/render.js";
import { CHART_HEIGHT, CHART_WIDTH, type ChartSpec } from "../../src/render/charts.js";
import { ChartRenderError, type ChartRenderer, createChartRenderer } from "../../src/render/renderer.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, after checking the signature and chunk type. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), "PNG signature");
  assert.equal(png.toString("latin1", 12, 16), "IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGBA pixels of a region, decoded by node-canvas (an independent PNG decoder). */
async function pixels(png: Buffer, x: number, y: number, width: number, height: number) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(x, y, width, height).data;
}

function countPixels(data: Uint8ClampedArray, match: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (match(data[i] as number, data[i + 1] as number, data[i + 2] as number)) n++;
  }
  return n;
}

const specs = sampleSpecs();
const spec = (name: string): ChartSpec => {
  const found = specs[name];
  assert.ok(found, name);
  return found;
};

describe("chart renderer", () => {
  let renderer: ChartRenderer;
  before(() => {
    renderer = createChartRenderer({ workers: 1 });
  });
  after(() => renderer.close());

  for (const kind of ["timeline", "heatmap", "top_senders", "kinds", "reactions"]) {
    test(`${kind}: a ${CHART_WIDTH}×${CHART_HEIGHT} PNG that depends on the data`, async () => {
      const original = spec(kind);
      const png = await renderer.render(original);
      assert.deepEqual(pngSize(png), { width: CHART_WIDTH, height: CHART_HEIGHT });
      assert.ok(png.length > 20_000, `a real chart, not a blank image (${png.length} bytes)`);
      // Rendering is deterministic, so a difference in bytes is a difference in the data.
      assert.ok(png.equals(await renderer.render(original)), "same spec, same bytes");
      const changed = structuredClone(original);
      changed.title = `${changed.title} (changed)`;
      if (changed.kind === "heatmap") changed.values = changed.values.map((row) => row.map((v) => v * 2 + 1));
      if (changed.kind === "top_senders") changed.rows = changed.rows.slice(3);
      assert.ok(!png.equals(await renderer.render(changed)), "different spec, different bytes");
    });
  }

  test("a 400-point hourly timeline renders", async () => {
    assert.deepEqual(pngSize(await renderer.render(spec("timeline_400"))), {
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
    });
  });

  test("the PNG draws what the chart shows: accent bars on a white background", async () => {
    const png = await renderer.render(spec("top_senders"));
    const corner = await pixels(png, 0, 0, 20, 20);
    assert.equal(
      countPixels(corner, (r, g, b) => r === 255 && g === 255 && b === 255),
      400,
    );
    // The first bar sits in the upper middle of the chart, in the accent colour #2563eb.
    const bars = await pixels(png, 500, 150, 400, 60);
    assert.ok(countPixels(bars, (r, g, b) => r === 0x25 && g === 0x63 && b === 0xeb) > 5_000);
  });

  test("emoji are drawn in colour, not as black outlines", async () => {
    const png = await renderer.render(spec("reactions"));
    // The label column: 👍 ❤️ 🔥 😂 … are yellow, red and orange; text and bars are not.
    const labels = await pixels(png, 0, 150, 210, 580);
    const warm = countPixels(labels, (r, _g, b) => r > 200 && b < 90 && r - b > 150);
    assert.ok(warm > 2_000, `expected colour emoji pixels, found ${warm}`);
  });

  test("names in Cyrillic, Arabic, Hebrew, CJK and emoji, and very long ones, render", async () => {
    const names = ["Алексей", "محمد علي", "יעל כהן", "李小龙", "佐藤 健", "🔥🔥🔥", "👨‍👩‍👧 family", "x".repeat(500)];
    const png = await renderer.render({
      kind: "top_senders",
      title: `🎉 Клуб 中文 عربي ${"very long chat name ".repeat(10)}`,
      subtitle: "Last 7 days · Asia/Tokyo",
      rows: names.map((name, i) => ({ name, messages: 100 - i })),
    });
    assert.deepEqual(pngSize(png), { width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  test("empty data renders the 'No messages in this period' image for every kind", async () => {
    const frame = { title: "Quiet chat", subtitle: "Last 7 days · UTC" };
    const empties: ChartSpec[] = [
      { ...frame, kind: "timeline", interval: "day", points: [{ label: "Mon", messages: 0, activeUsers: 0 }] },
      { ...frame, kind: "heatmap", values: Array.from({ length: 7 }, () => Array<number>(24).fill(0)) },
      { ...frame, kind: "top_senders", rows: [] },
      { ...frame, kind: "kinds", slices: [] },
      { ...frame, kind: "reactions", rows: [] },
    ];
    const pngs = await Promise.all(empties.map((s) => renderer.render(s)));
    // One image for all five: the same frame and message, no axes or bars of any kind.
    for (const png of pngs) {
      assert.deepEqual(pngSize(png), { width: CHART_WIDTH, height: CHART_HEIGHT });
      assert.ok((pngs[0] as Buffer).equals(png));
    }
    const message = await pixels(pngs[0] as Buffer, 200, 440, 880, 60);
    assert.ok(countPixels(message, (r) => r < 160) > 1_000, "the message is written in the middle");
    const chartArea = await pixels(pngs[0] as Buffer, 40, 160, 1200, 250);
    assert.equal(
      countPixels(chartArea, (r, g, b) => r !== 255 || g !== 255 || b !== 255),
      0,
      "nothing else drawn",
    );
    const custom = await renderer.render({ ...frame, kind: "reactions", rows: [], emptyText: "No reactions yet" });
    assert.ok(!custom.equals(pngs[0] as Buffer));
  });

  test("NaN, negative and missing values do not crash the worker", async () => {
    const before = renderer.stats().crashes;
    const bad = [
      {
        kind: "timeline",
        title: "t",
        interval: "day",
        points: [{ label: "a", messages: Number.NaN, activeUsers: -4 }],
      },
      { kind: "timeline", title: "t", interval: "day", points: [{ label: "a", messages: 5, activeUsers: Number.NaN }] },
      { kind: "heatmap", title: "t", values: [[1, Number.POSITIVE_INFINITY, -1], [Number.NaN]] },
      { kind: "heatmap", title: "t", values: "nope" },
      {
        kind: "top_senders",
        title: "t",
        rows: [
          { name: "a", messages: -1 },
          { name: null, messages: 3 },
        ],
      },
      { kind: "kinds", title: "", slices: [{ kind: "text", count: Number.NaN }, { count: 2 }] },
      { kind: "reactions", title: "t", rows: [{ reaction: "👍", count: 1e18 }, {}] },
    ] as unknown as ChartSpec[];
    for (const spec of bad) assert.deepEqual(pngSize(await renderer.render(spec)).width, CHART_WIDTH);
    assert.equal(renderer.stats().crashes, before);
  });

  test("an unknown kind rejects with a clear error and the worker keeps going", async () => {
    await assert.rejects(
      renderer.render({ kind: "pie", title: "t" } as unknown as ChartSpec),
      (error: Error) =>
        error instanceof ChartRenderError && /could not draw a pie chart: .*unknown chart kind/.test(error.message),
    );
    assert.ok((await renderer.render(spec("kinds"))).length > 0);
  });

  test("drawing happens off the main thread: the event loop keeps turning during a render", async () => {
    const heavy = spec("timeline_400");
    await renderer.render(heavy); // warm
    let ticks = 0;
    let done = false;
    const spin = () => {
      ticks++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const started = performance.now();
    await renderer.render(heavy);
    const elapsed = performance.now() - started;
    done = true;
    // Drawn on this thread, the chart would block for its whole duration: one or two turns.
    assert.ok(ticks > 50, `${ticks} event-loop turns during a ${elapsed.toFixed(0)} ms render`);
  });
});

describe("cache", () => {
  let renderer: ChartRenderer;
  before(() => {
    renderer = createChartRenderer({ cacheEntries: 2 });
  });
  after(() => renderer.close());

  test("the same key is answered from the cache; a different key renders", async () => {
    const first = await renderer.render(spec("kinds"), "chat:1:kinds:7d");
    assert.deepEqual(renderer.stats(), { renders: 1, cacheHits: 0, queued: 0, crashes: 0 });
    const again = await renderer.render(spec("heatmap"), "chat:1:kinds:7d");
    assert.equal(again, first, "the cached PNG, even though the spec differs");
    assert.equal(renderer.stats().renders, 1);
    assert.equal(renderer.stats().cacheHits, 1);
    const other = await renderer.render(spec("kinds"), "chat:2:kinds:7d");
    assert.equal(renderer.stats().renders, 2);
    assert.ok(other.equals(first) && other !== first, "rendered again, to identical bytes");
  });

  test("identical requests in flight share one render", async () => {
    const before = renderer.stats();
    const [a, b, c] = await Promise.all([
      renderer.render(spec("reactions"), "burst"),
      renderer.render(spec("reactions"), "burst"),
      renderer.render(spec("reactions"), "burst"),
    ]);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.equal(renderer.stats().renders, before.renders + 1);
    assert.equal(renderer.stats().cacheHits, before.cacheHits + 2);
  });

  test("the least recently used entry is evicted first", async () => {
    await renderer.render(spec("kinds"), "a");
    await renderer.render(spec("kinds"), "b");
    await renderer.render(spec("kinds"), "a"); // a is now the most recent
    await renderer.render(spec("kinds"), "c"); // evicts b
    const renders = renderer.stats().renders;
    await renderer.render(spec("kinds"), "a");
    assert.equal(renderer.stats().renders, renders, "a stayed");
    await renderer.render(spec("kinds"), "b");
    assert.equal(renderer.stats().renders, renders + 1, "b was evicted");
  });

  test("without a key nothing is cached", async () => {
    const before = renderer.stats().renders;
    await renderer.render(spec("kinds"));
    await renderer.render(spec("kinds"));
    assert.equal(renderer.stats().renders, before + 2);
  });
});

describe("worker failures", () => {
  const workerUrl = new URL("./misbehaving-worker.ts", import.meta.url);

  test("a worker that dies mid-render is replaced and the render rejects clearly", async () => {
    const renderer = createChartRenderer({ workerUrl });
    try {
      assert.ok((await renderer.render(spec("kinds"))).length > 0);
      const crash = { ...spec("kinds"), title: "__crash__" };
      await assert.rejects(
        renderer.render(crash),
        (error: Error) =>
          error instanceof ChartRenderError &&
          /chart worker stopped while drawing a kinds chart: exit code 3/.test(error.message),
      );
      assert.equal(renderer.stats().crashes, 1);
      // Renders queued behind the crash, and later ones, go to the replacement.
      const pngs = await Promise.all([renderer.render(spec("heatmap")), renderer.render(spec("reactions"))]);
      for (const png of pngs) assert.equal(pngSize(png).width, CHART_WIDTH);
      assert.deepEqual(renderer.stats(), { renders: 3, cacheHits: 0, queued: 0, crashes: 1 });
    } finally {
      await renderer.close();
    }
  });

  test("a worker that stops answering is stopped after the timeout and replaced", async () => {
    // Long enough for a first render on a busy machine (starting the worker loads canvas and
    // Chart.js), which the same timeout covers.
    const renderer = createChartRenderer({ workerUrl, timeoutMs: 5_000 });
    try {
      await renderer.render(spec("kinds")); // the worker is up
      await assert.rejects(renderer.render({ ...spec("kinds"), title: "__hang__" }), /no answer after 5000 ms/);
      assert.equal(renderer.stats().crashes, 1);
      assert.equal(pngSize(await renderer.render(spec("kinds"))).height, CHART_HEIGHT);
    } finally {
      await renderer.close();
    }
  });

  test("an idle worker is stopped and started again on demand, without counting as a crash", async () => {
    const renderer = createChartRenderer({ idleTimeoutMs: 50 });
    try {
      await renderer.render(spec("kinds"));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(pngSize(await renderer.render(spec("kinds"))).width, CHART_WIDTH);
      assert.equal(renderer.stats().crashes, 0);
    } finally {
      await renderer.close();
    }
  });

  test("after close, waiting renders are rejected and new ones refused", async () => {
    const renderer = createChartRenderer();
    const drawing = renderer.render(spec("timeline"));
    const waiting = renderer.render(spec("heatmap"));
    const closed = renderer.close();
    await assert.rejects(waiting, /chart renderer is closed/);
    assert.equal(pngSize(await drawing).width, CHART_WIDTH, "the render under way finishes");
    await closed;
    await assert.rejects(renderer.render(spec("kinds")), /chart renderer is closed/);
  });
});
