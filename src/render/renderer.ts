// The chart renderer the bot calls: a small pool of worker threads does the drawing (50 ms
// of synchronous canvas work per chart would otherwise stall every update behind it), and an
// LRU cache answers repeated requests for the same chart without drawing again.
import { createRequire } from "node:module";
import type { Worker } from "node:worker_threads";
import { siblingUrl, startWorker } from "../worker-threads.js";
import type { AlertChartSpec } from "./alert-chart.js";
import type { ChartSpec } from "./charts.js";
import type { RecapCardSpec } from "./recap/spec.js";
import type { RenderReply, RenderRequest, WorkerNotice } from "./worker.js";

/** What the workers draw: a Chart.js chart, the weekly recap card (src/render/recap/), an alert's chart. */
export type RenderSpec = ChartSpec | RecapCardSpec | AlertChartSpec;

export interface ChartRenderer {
  /** PNG bytes. With a cacheKey, an identical key returns the cached PNG without rendering. */
  render(spec: RenderSpec, cacheKey?: string): Promise<Buffer>;
  stats(): RendererStats;
  /** Rejects renders still waiting, lets the ones being drawn finish, stops the workers. */
  close(): Promise<void>;
}

export interface RendererStats {
  /** Charts drawn by a worker (cache hits not included). */
  renders: number;
  /** Requests answered from the cache, or by joining an identical render already under way. */
  cacheHits: number;
  /** Requests accepted and not yet answered: waiting for a worker or being drawn. */
  queued: number;
  /** Workers that died or were stopped for taking too long, and were replaced. */
  crashes?: number;
}

export interface ChartRendererOptions {
  /** Worker threads (default 1: on a 2-core host one draws while the other serves the bot). */
  workers?: number;
  /** PNGs kept in the LRU cache (default 200, about 60 kB each); 0 disables it. */
  cacheEntries?: number;
  /** A render taking longer than this stops its worker (default 15 s). */
  timeoutMs?: number;
  /** Renders allowed to wait for a worker before new ones are refused (default 100). */
  maxQueued?: number;
  /**
   * Stop a worker after this long without work (default 0: never). A warm worker holds
   * ~80–100 MB (fonts, glyph caches, allocator arenas); a cold one adds ~250 ms to the next chart.
   */
  idleTimeoutMs?: number;
  /** The worker entry; tests swap in one that can be made to crash. */
  workerUrl?: URL;
}

/** A render failed: bad spec, worker crash, timeout, full queue or closed renderer. */
export class ChartRenderError extends Error {
  override name = "ChartRenderError";
}

interface Job {
  id: number;
  spec: RenderSpec;
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker | undefined;
  /** Set once the worker has loaded its fonts and modules. */
  ready: boolean;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  /** Why the worker is going away, when we stopped it ourselves. */
  stopping: string | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  lastError: Error | undefined;
}

const IDLE = "idle";

function defaultWorkerUrl(): URL {
  return siblingUrl("worker", import.meta.url);
}

/**
 * The worker's JavaScript heap is small (~10 MB); the cap turns a runaway render into a
 * replaced worker instead of a process out of memory. A small young generation makes the
 * 4 MB pixel buffers each chart leaves behind get collected sooner.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

function startRenderWorker(url: URL): Worker {
  return startWorker(url, { resourceLimits: WORKER_LIMITS });
}

/**
 * node-canvas's native library must stay loaded in this thread. Loaded only by workers, it is
 * unloaded when the last of them exits and its teardown then segfaults the whole process
 * (the same failure as napi-rs/package-template#308). Holding a reference here prevents that.
 */
let canvasPinned = false;
function pinCanvasLibrary(): void {
  if (canvasPinned) return;
  createRequire(import.meta.url)("canvas");
  canvasPinned = true;
}

function isReply(message: unknown): message is RenderReply {
  return typeof message === "object" && message !== null && typeof (message as { id?: unknown }).id === "number";
}

function isNotice(message: unknown): message is WorkerNotice {
  return typeof message === "object" && message !== null && (message as { ready?: unknown }).ready === true;
}

export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const size = Math.max(1, Math.floor(options.workers ?? 1));
  const cacheEntries = Math.max(0, Math.floor(options.cacheEntries ?? 200));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxQueued = options.maxQueued ?? 100;
  const idleTimeoutMs = options.idleTimeoutMs ?? 0;
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();

  const cache = new Map<string, Buffer>(); // insertion order = recency
  const inFlight = new Map<string, Promise<Buffer>>();
  const waiting: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let renders = 0;
  let cacheHits = 0;
  let crashes = 0;
  let closed = false;
  let closing: Promise<void> | undefined;
  const idleWaiters = new Set<() => void>();

  function spawn(slot: Slot): void {
    // Before the first worker loads canvas (see pinCanvasLibrary); a bot that never draws
    // never loads it.
    pinCanvasLibrary();
    const worker = startRenderWorker(workerUrl);
    slot.worker = worker;
    slot.ready = false;
    slot.stopping = undefined;
    slot.lastError = undefined;
    // An idle pool must not keep the process alive; a busy worker does (see assign).
    worker.unref();
    worker.on("message", (message: unknown) => {
      if (isNotice(message)) {
        slot.ready = true;
        if (message.missingFonts.length > 0) {
          process.emitWarning(`chart fonts missing, text may fall back: ${message.missingFonts.join(", ")}`);
        }
      } else if (isReply(message)) {
        finish(slot, message);
      }
    });
    worker.on("error", (error) => {
      slot.lastError = error;
    });
    worker.on("exit", (code) => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      const wasReady = slot.ready;
      const reason = slot.stopping ?? slot.lastError?.message ?? `exit code ${code}`;
      const wentIdle = slot.stopping === IDLE;
      clearTimeout(slot.timer);
      clearTimeout(slot.idleTimer);
      slot.worker = undefined;
      slot.job = undefined;
      slot.timer = undefined;
      slot.ready = false;
      slot.stopping = undefined;
      job?.reject(new ChartRenderError(`chart worker stopped while drawing a ${job.spec.kind} chart: ${reason}`));
      if (closed) return notifyIdle();
      if (wentIdle) return pump();
      crashes++;
      // A worker that never got ready would likely fail again: start the next one only when
      // a render asks for it, so a broken install cannot spin in a restart loop.
      if (wasReady) spawn(slot);
      pump();
    });
  }

  function finish(slot: Slot, reply: RenderReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.worker?.unref();
    if (idleTimeoutMs > 0) {
      slot.idleTimer = setTimeout(() => {
        if (slot.job || !slot.worker) return;
        slot.stopping = IDLE;
        void slot.worker.terminate();
      }, idleTimeoutMs);
      slot.idleTimer.unref();
    }
    if ("png" in reply) {
      renders++;
      job.resolve(Buffer.from(reply.png));
    } else {
      job.reject(new ChartRenderError(`could not draw a ${job.spec.kind} chart: ${reply.error}`));
    }
    pump();
  }

  function assign(slot: Slot, job: Job): void {
    if (!slot.worker) {
      try {
        spawn(slot);
      } catch (error) {
        job.reject(new ChartRenderError(`could not start a chart worker: ${String(error)}`));
        return;
      }
    }
    const worker = slot.worker as Worker;
    clearTimeout(slot.idleTimer);
    slot.job = job;
    worker.ref();
    slot.timer = setTimeout(() => {
      slot.stopping = `no answer after ${timeoutMs} ms`;
      void worker.terminate();
    }, timeoutMs);
    slot.timer.unref();
    const request: RenderRequest = { id: job.id, spec: job.spec };
    try {
      worker.postMessage(request);
    } catch (error) {
      // A spec that cannot be cloned (functions, symbols) never reaches the worker.
      clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.job = undefined;
      worker.unref();
      job.reject(new ChartRenderError(`chart spec could not be sent to the worker: ${String(error)}`));
    }
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.job || slot.stopping) continue;
      const job = waiting.shift();
      if (!job) break;
      assign(slot, job);
    }
    notifyIdle();
  }

  function busy(): boolean {
    return waiting.length > 0 || slots.some((slot) => slot.job);
  }

  function notifyIdle(): void {
    if (busy()) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters.clear();
  }

  function draw(spec: RenderSpec): Promise<Buffer> {
    if (closed) return Promise.reject(new ChartRenderError("chart renderer is closed"));
    if (waiting.length >= maxQueued) {
      return Promise.reject(new ChartRenderError(`chart renderer is busy: ${waiting.length} renders waiting`));
    }
    return new Promise<Buffer>((resolve, reject) => {
      waiting.push({ id: nextId++, spec, resolve, reject });
      pump();
    });
  }

  function remember(key: string, png: Buffer): void {
    cache.delete(key);
    cache.set(key, png);
    while (cache.size > cacheEntries) {
      const oldest = cache.keys().next();
      if (oldest.done) break;
      cache.delete(oldest.value);
    }
  }

  for (let i = 0; i < size; i++) {
    const slot: Slot = {
      worker: undefined,
      ready: false,
      job: undefined,
      timer: undefined,
      stopping: undefined,
      idleTimer: undefined,
      lastError: undefined,
    };
    // Workers start with the first render: a worker costs ~100 MB once warm, and one stopped
    // while it is still loading canvas and its fonts can abort the whole process.
    slots.push(slot);
  }

  return {
    render(spec, cacheKey) {
      if (cacheKey === undefined || cacheEntries === 0) return draw(spec);
      const cached = cache.get(cacheKey);
      if (cached) {
        cacheHits++;
        remember(cacheKey, cached); // refresh recency
        return Promise.resolve(cached);
      }
      const pending = inFlight.get(cacheKey);
      if (pending) {
        cacheHits++;
        return pending;
      }
      const rendering = draw(spec).then(
        (png) => {
          inFlight.delete(cacheKey);
          if (!closed) remember(cacheKey, png);
          return png;
        },
        (error: unknown) => {
          inFlight.delete(cacheKey);
          throw error;
        },
      );
      inFlight.set(cacheKey, rendering);
      return rendering;
    },

    stats() {
      const drawing = slots.filter((slot) => slot.job).length;
      return { renders, cacheHits, queued: waiting.length + drawing, crashes };
    },

    close() {
      closing ??= (async () => {
        closed = true;
        for (const job of waiting.splice(0)) job.reject(new ChartRenderError("chart renderer is closed"));
        if (busy()) await new Promise<void>((resolve) => idleWaiters.add(resolve));
        cache.clear();
        await Promise.all(
          slots.map((slot) => {
            const worker = slot.worker;
            clearTimeout(slot.idleTimer);
            slot.stopping = "renderer closed";
            return worker ? worker.terminate() : undefined;
          }),
        );
      })();
      return closing;
    },
  };
}
