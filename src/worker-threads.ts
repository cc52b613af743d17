// Starting worker threads the same way from tsx (development, tests) and compiled JavaScript.
import { type ResourceLimits, Worker } from "node:worker_threads";

/**
 * Starts a worker on `url`. Compiled (.js) entries load directly. A .ts entry needs tsx inside
 * the worker too, and on Node 20 tsx's `--import` hook, though inherited through execArgv, does
 * not apply to a worker's entry module (privatenumber/tsx#354): so a tiny ESM bootstrap
 * registers tsx in the worker first, then imports the entry.
 */
export function startWorker(url: URL, options: { resourceLimits: ResourceLimits; workerData?: unknown }): Worker {
  if (!url.pathname.endsWith(".ts")) return new Worker(url, options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = [
    `import { register } from ${JSON.stringify(tsx)};`,
    "register();",
    `await import(${JSON.stringify(url.href)});`,
  ].join("\n");
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}

/** The URL of a sibling module, with the extension the running code has (.ts or .js). */
export function siblingUrl(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base);
}
