// The operations endpoint: /health for orchestrators, /metrics for Prometheus.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "../db/client.js";
import type { BatchWriter } from "../ingest/writer.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

export interface HttpDeps {
  database: Database;
  writer: BatchWriter;
  metrics: Metrics;
  log: Logger;
  /** Updates fetched from Telegram and still being handled. */
  inFlightUpdates?: () => number;
}

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

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
