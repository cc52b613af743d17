// The operations endpoint: /health for orchestrators, /metrics for Prometheus, and, when
// CRON_SECRET is set, /internal/jobs to see and start jobs.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "../db/client.js";
import type { BatchWriter } from "../ingest/writer.js";
import { type Scheduler, UnknownJobError } from "../jobs/scheduler.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

export interface HttpDeps {
  database: Database;
  writer: BatchWriter;
  metrics: Metrics;
  log: Logger;
  /** Updates fetched from Telegram and still being handled. */
  inFlightUpdates?: () => number;
  /** Unset: the /internal/jobs endpoints answer 404 like any unknown path. */
  cronSecret?: string;
  /** Set once the scheduler exists (it starts after the HTTP server). */
  scheduler?: Pick<Scheduler, "list" | "trigger" | "instance">;
}

/** The job endpoints take no input in the body; anything longer than this is refused. */
const MAX_BODY_BYTES = 1_024;

export interface HttpServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpServer(deps: HttpDeps, host: string, port: number): Promise<HttpServer> {
  const probe: Probe = { databaseAnswered: true };
  const server: Server = createServer((req, res) => {
    handle(deps, probe, req, res).catch((error: unknown) => {
      deps.log.error({ err: error }, "http handler failed");
      if (!res.headersSent) send(res, 500, { error: "internal error" });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the last /health probe found, for /metrics between probes. */
interface Probe {
  databaseAnswered: boolean;
}

async function handle(deps: HttpDeps, probe: Probe, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (deps.cronSecret && (path === "/internal/jobs" || path.startsWith("/internal/jobs/"))) {
    return handleJobs(deps, deps.cronSecret, path, req, res);
  }
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, { error: "method not allowed" });
  if (path === "/health") {
    // Anyone who can reach the port may ask: the answer is a status, never an error text
    // (a database error names its host, port and user). Details go to the log.
    const writer = deps.writer.status();
    const body = {
      status: "ok" as "ok" | "degraded",
      database: { engine: deps.database.engine, reachable: true },
      writer: { queued: writer.queued, inFlight: writer.inFlight, databaseReachable: writer.databaseReachable },
      updatesInFlight: deps.inFlightUpdates?.() ?? 0,
    };
    try {
      await deps.database.ping(2_000);
    } catch (error) {
      body.status = "degraded";
      body.database.reachable = false;
      deps.log.warn({ err: error, writerError: writer.lastError }, "health check: the database did not answer");
    }
    probe.databaseAnswered = body.database.reachable;
    if (!writer.databaseReachable) body.status = "degraded";
    return send(res, body.status === "ok" ? 200 : 503, body);
  }
  if (path === "/metrics") {
    const reachable = probe.databaseAnswered && deps.writer.status().databaseReachable;
    deps.metrics.databaseReachable.set(reachable ? 1 : 0);
    res.writeHead(200, { "content-type": deps.metrics.registry.contentType });
    res.end(await deps.metrics.registry.metrics());
    return;
  }
  send(res, 404, { error: "not found", endpoints: ["/health", "/metrics"] });
}

async function handleJobs(
  deps: HttpDeps,
  secret: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // Nothing about the jobs, not even whether a name exists, before the secret matches.
  if (!secretMatches(req.headers["x-cron-secret"], secret)) return send(res, 401, { error: "unauthorized" });
  if (!(await bodyWithinLimit(req))) return send(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
  const scheduler = deps.scheduler;
  if (!scheduler) return send(res, 503, { error: "the scheduler is not running yet" });
  if (path === "/internal/jobs") {
    if (req.method !== "GET") return send(res, 405, { error: "method not allowed" });
    return send(res, 200, { instance: scheduler.instance, jobs: await scheduler.list() });
  }
  const match = /^\/internal\/jobs\/([^/]+)\/run$/.exec(path);
  if (!match?.[1]) return send(res, 404, { error: "not found" });
  if (req.method !== "POST") return send(res, 405, { error: "method not allowed" });
  let name: string;
  try {
    name = decodeURIComponent(match[1]);
  } catch {
    return send(res, 404, { error: "no such job" });
  }
  try {
    const attempt = await scheduler.trigger(name, "manual");
    switch (attempt.status) {
      case "started":
        attempt.done.catch(() => {});
        return send(res, 202, { job: name, runId: attempt.runId });
      case "running":
        return send(res, 409, { error: "the job is running", job: name, instance: attempt.instance ?? null });
      case "done":
        return send(res, 409, { error: "the job just ran", job: name });
      case "disabled":
        return send(res, 409, { error: "the job is not enabled in this configuration", job: name });
      case "stopping":
        return send(res, 503, { error: "Pulse is shutting down" });
    }
  } catch (error) {
    if (error instanceof UnknownJobError) return send(res, 404, { error: "no such job", job: name });
    throw error;
  }
}

/** Compares digests, which have equal length whatever was sent, in constant time. */
function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** Reads (and drops) the request body; false as soon as it passes MAX_BODY_BYTES. */
function bodyWithinLimit(req: IncomingMessage): Promise<boolean> {
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    let size = 0;
    // Keeps reading past the limit (and dropping it) so the 413 reaches the client.
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(false);
    });
    req.on("end", () => resolve(size <= MAX_BODY_BYTES));
    req.on("error", () => resolve(false));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
