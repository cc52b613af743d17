// Chart rendering benchmark: latency per chart kind through the worker renderer (no cache),
// and how much the main event loop is delayed meanwhile. `tsx bench/render.ts` prints the
// figures; `tsx bench/render.ts --examples docs/charts` writes one PNG per kind.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { ChartSpec } from "../src/render/charts.js";
import { createChartRenderer } from "../src/render/renderer.js";
import { printTable, summarize } from "./lib/stats.js";

/** Deterministic pseudo-random numbers, so every run draws the same charts. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SUBTITLE_30D = "Last 30 days · Europe/Berlin";

/** Realistic data for every chart kind, including names in several scripts and emoji. */
export function sampleSpecs(): Record<string, ChartSpec> {
  const rnd = random(42);
  const title = "Berlin Rust & Systems 🦀 Meetup";
  const days = Array.from({ length: 30 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 9, 24 + i));
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const base = weekend ? 120 : 380;
    const messages = Math.round(base * (0.6 + rnd() * 0.8) + (i === 17 ? 900 : 0));
    return {
      label: date.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }),
      messages,
      activeUsers: Math.round(messages / (5 + rnd() * 4)) + 8,
    };
  });
  const hourly = Array.from({ length: 400 }, (_, i) => {
    const hour = i % 24;
    const wave = Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI));
    const messages = Math.round(wave * 60 * (0.5 + rnd()));
    return {
      label: `${String(Math.floor(i / 24) + 1).padStart(2, "0")} Nov ${String(hour).padStart(2, "0")}:00`,
      messages,
      activeUsers: Math.round(wave * 9 * (0.8 + rnd() * 0.4)),
    };
  });
  const values = Array.from({ length: 7 }, (_, day) =>
    Array.from({ length: 24 }, (_, hour) => {
      const workday = day < 5;
      const daytime = Math.max(0, Math.sin(((hour - 7) / 17) * Math.PI));
      const evening = hour >= 19 && hour <= 23 ? 1.4 : 1;
      return Math.round((workday ? 90 : 45) * daytime * evening * (0.7 + rnd() * 0.6));
    }),
  );
  const names = [
    "Алексей Смирнов",
    "Jessica 🌸 Summers",
    "李小龙",
    "محمد علي",
    "Maximilian Alexander von Hohenberg-Schwarzenfels (admin, ask me about the meetup venue)",
    "🔥🔥🔥",
    "Sophie",
    "Дмитрий 🚀",
    "佐藤 健",
    "Ola Nordmann",
    "יעל כהן",
    "Chris",
    "Ana María García",
    "👨‍👩‍👧 The Family Account",
    "Tom",
    "Zoë",
    "Bot Watcher",
  ];
  let messages = 2_450;
  const rows = names.map((name) => {
    messages = Math.round(messages * (0.62 + rnd() * 0.3));
    return { name, messages: messages + 40 };
  });
  return {
    // The last day is today, still running: drawn as partial.
    timeline: {
      kind: "timeline",
      title,
      subtitle: SUBTITLE_30D,
      interval: "day",
      points: days.map((p, i) => (i === days.length - 1 ? { ...p, messages: 140, activeUsers: 31, partial: true } : p)),
      partialNote: "today so far",
    },
    timeline_400: {
      kind: "timeline",
      title,
      subtitle: "Last 400 hours · Europe/Berlin",
      interval: "hour",
      points: hourly,
    },
    heatmap: { kind: "heatmap", title, subtitle: "Last 90 days · Europe/Berlin", values },
    top_senders: {
      kind: "top_senders",
      title,
      subtitle: SUBTITLE_30D,
      rows,
      totals: { messages: rows.reduce((sum, r) => sum + r.messages, 0) + 2_310, senders: 212 },
    },
    kinds: {
      kind: "kinds",
      title,
      subtitle: SUBTITLE_30D,
      slices: [
        { kind: "text", count: 8_412 },
        { kind: "photo", count: 1_233 },
        { kind: "sticker", count: 978 },
        { kind: "animation", count: 402 },
        { kind: "voice", count: 311 },
        { kind: "video", count: 154 },
        { kind: "document", count: 96 },
        { kind: "video_note", count: 58 },
        { kind: "poll", count: 12 },
        { kind: "location", count: 4 },
        { kind: "dice", count: 3 },
        { kind: "service", count: 88 },
      ],
    },
    reactions: {
      kind: "reactions",
      title,
      subtitle: SUBTITLE_30D,
      rows: [
        { reaction: "👍", count: 1_840 },
        { reaction: "❤️", count: 1_202 },
        { reaction: "🔥", count: 877 },
        { reaction: "😂", count: 640 },
        { reaction: "🎉", count: 322 },
        { reaction: "🤔", count: 190 },
        { reaction: "custom:5368324170671202286", count: 150 },
        { reaction: "custom:5370870893004203704", count: 61 },
        { reaction: "👏", count: 133 },
        { reaction: "😢", count: 71 },
        { reaction: "paid", count: 42 },
        { reaction: "🙏", count: 39 },
        { reaction: "💯", count: 25 },
        { reaction: "🤯", count: 12 },
      ],
    },
  };
}

export async function runRenderBench(options?: {
  iterations?: number;
}): Promise<Record<string, { p50: number; p95: number }> & { eventLoopDelayP99Ms: number }> {
  const iterations = options?.iterations ?? 40;
  const specs = sampleSpecs();
  const renderer = createChartRenderer({ workers: 1, cacheEntries: 0 });
  const figures: Record<string, { p50: number; p95: number }> = {};
  try {
    // Worker start-up and JIT warm-up are paid once per process; they are not render latency.
    for (const spec of Object.values(specs)) await renderer.render(spec);
    // Samples every 1 ms; the figure includes that 1 ms, so an idle loop reads ~1–2 ms.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    for (const [name, spec] of Object.entries(specs)) {
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const started = performance.now();
        await renderer.render(spec);
        times.push(performance.now() - started);
      }
      const { p50, p95 } = summarize(times);
      figures[name] = { p50: round(p50), p95: round(p95) };
    }
    loop.disable();
    return Object.assign(figures, { eventLoopDelayP99Ms: round(loop.percentile(99) / 1e6) });
  } finally {
    await renderer.close();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function writeExamples(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const renderer = createChartRenderer();
  try {
    const specs = sampleSpecs();
    for (const [name, spec] of Object.entries(specs)) {
      if (name === "timeline_400") continue;
      writeFileSync(join(dir, `${name}.png`), await renderer.render(spec));
    }
    const empty: ChartSpec = { kind: "top_senders", title: "Quiet Chat", subtitle: SUBTITLE_30D, rows: [] };
    writeFileSync(join(dir, "empty.png"), await renderer.render(empty));
  } finally {
    await renderer.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const examples = process.argv.indexOf("--examples");
  if (examples >= 0) {
    await writeExamples(process.argv[examples + 1] ?? "docs/charts");
  } else {
    const result = await runRenderBench();
    const { eventLoopDelayP99Ms, ...kinds } = result;
    printTable(
      "chart render through the worker (ms)",
      Object.entries(kinds).map(([kind, t]) => ({ kind, p50: t.p50, p95: t.p95 })),
    );
    console.log(`main event loop delay p99 while rendering: ${eventLoopDelayP99Ms} ms`);
  }
}
