// The one path every MTProto request takes. The SafeCaller takes over the gramjs client's
// invoke(), so even gramjs's own internal requests pass through it, and collector modules
// are handed the SafeCaller, never the client. On the way it applies, in order:
// - a parked method (a FLOOD_WAIT above the threshold, persisted across restarts) fails at once;
// - daily quotas for DMs and joins (persistent counters, one per UTC day);
// - a token bucket (GCRA): `requestsPerSecond` with bursts of `burst`;
// - FLOOD_WAIT_X: wait X·2^(attempt-1) s and retry, up to `floodMaxRetries` and
//   `floodWaitMaxSeconds`; beyond that the method is parked and the caller gets
//   FloodWaitParkedError, which jobs report instead of retrying;
// - a revoked session (AUTH_KEY_UNREGISTERED…) stops every further call.
import { sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { Api, errors, type TelegramClient } from "telegram";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import { type Clock, nextUtcMidnight, systemClock, utcDay } from "./clock.js";
import {
  ApiCredentialsError,
  FloodWaitParkedError,
  isApiCredentialsError,
  isRevocation,
  MtprotoError,
  QuotaExceededError,
  rpcErrorName,
  SessionRevokedError,
} from "./errors.js";

export type QuotaKind = "dm" | "join";

export interface SafeCallerOptions {
  requestsPerSecond: number;
  burst: number;
  floodWaitMaxSeconds: number;
  floodMaxRetries: number;
  bulkPauseEvery: number;
  bulkPauseSeconds: number;
  dailyDmQuota: number;
  dailyJoinQuota: number;
}

export interface FloodBlock {
  method: string;
  until: Date;
  seconds: number;
}

/** Where quota counters and parked methods survive restarts. */
export interface SafeCallStore {
  /** Adds one use if below `limit`; answers the new count, or undefined when the quota is used up. */
  consumeQuota(kind: QuotaKind, day: string, limit: number): Promise<number | undefined>;
  quotaUsed(kind: QuotaKind, day: string): Promise<number>;
  loadFloodBlocks(now: Date): Promise<FloodBlock[]>;
  saveFloodBlock(block: FloodBlock): Promise<void>;
}

export class MemorySafeCallStore implements SafeCallStore {
  private readonly quotas = new Map<string, number>();
  private readonly blocks = new Map<string, FloodBlock>();
  async consumeQuota(kind: QuotaKind, day: string, limit: number) {
    const used = this.quotas.get(`${kind}:${day}`) ?? 0;
    if (used >= limit) return undefined;
    this.quotas.set(`${kind}:${day}`, used + 1);
    return used + 1;
  }
  async quotaUsed(kind: QuotaKind, day: string) {
    return this.quotas.get(`${kind}:${day}`) ?? 0;
  }
  async loadFloodBlocks(now: Date) {
    return [...this.blocks.values()].filter((b) => b.until > now);
  }
  async saveFloodBlock(block: FloodBlock) {
    this.blocks.set(block.method, block);
  }
}

/** Counters in mtproto_quotas and parked methods in mtproto_flood_blocks; PostgreSQL or PGlite. */
export class DatabaseSafeCallStore implements SafeCallStore {
  constructor(private readonly database: Database) {}
  async consumeQuota(kind: QuotaKind, day: string, limit: number) {
    if (limit <= 0) return undefined;
    // One statement: concurrent callers cannot both take the last unit.
    const rows = await this.database.rows<{ used: number }>(sql`
      INSERT INTO mtproto_quotas AS q (kind, day, used, updated_at) VALUES (${kind}, ${day}::date, 1, now())
      ON CONFLICT (kind, day) DO UPDATE SET used = q.used + 1, updated_at = now()
      WHERE q.used < ${limit}
      RETURNING used`);
    return rows[0]?.used;
  }
  async quotaUsed(kind: QuotaKind, day: string) {
    const rows = await this.database.rows<{ used: number }>(
      sql`SELECT used FROM mtproto_quotas WHERE kind = ${kind} AND day = ${day}::date`,
    );
    return rows[0]?.used ?? 0;
  }
  async loadFloodBlocks(now: Date) {
    const rows = await this.database.rows<{ method: string; until: string | Date; seconds: number }>(
      sql`SELECT method, until, seconds FROM mtproto_flood_blocks WHERE until > ${now.toISOString()}::timestamptz`,
    );
    return rows.map((r) => ({ method: r.method, until: new Date(r.until), seconds: r.seconds }));
  }
  async saveFloodBlock(block: FloodBlock) {
    await this.database.rows(sql`
      INSERT INTO mtproto_flood_blocks (method, until, seconds) VALUES (${block.method}, ${block.until.toISOString()}::timestamptz, ${block.seconds})
      ON CONFLICT (method) DO UPDATE SET until = excluded.until, seconds = excluded.seconds, created_at = now()`);
  }
}

export type MtprotoMetrics = ReturnType<typeof mtprotoMetrics>;

function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Registered once per registry; a second SafeCaller on the same registry shares them. */
export function mtprotoMetrics(registry: Registry) {
  const registers = [registry];
  return {
    requests: metric(
      registry,
      "pulse_mtproto_requests_total",
      () =>
        new Counter({
          name: "pulse_mtproto_requests_total",
          help: "MTProto requests sent through the SafeCaller, by method and outcome",
          labelNames: ["method", "outcome"] as const,
          registers,
        }),
    ),
    throttled: metric(
      registry,
      "pulse_mtproto_throttled_total",
      () =>
        new Counter({
          name: "pulse_mtproto_throttled_total",
          help: "MTProto requests that waited for the token bucket, by method",
          labelNames: ["method"] as const,
          registers,
        }),
    ),
    floodWaits: metric(
      registry,
      "pulse_mtproto_flood_waits_total",
      () =>
        new Counter({
          name: "pulse_mtproto_flood_waits_total",
          help: "FLOOD_WAIT errors received, by method and handling (retried or parked)",
          labelNames: ["method", "handling"] as const,
          registers,
        }),
    ),
    floodWaitSeconds: metric(
      registry,
      "pulse_mtproto_flood_wait_seconds_total",
      () =>
        new Counter({
          name: "pulse_mtproto_flood_wait_seconds_total",
          help: "Seconds spent waiting out FLOOD_WAITs",
          registers,
        }),
    ),
    latency: metric(
      registry,
      "pulse_mtproto_request_seconds",
      () =>
        new Histogram({
          name: "pulse_mtproto_request_seconds",
          help: "MTProto call latency (Telegram round trip, without limiter waits), by method",
          labelNames: ["method"] as const,
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers,
        }),
    ),
    bulkPauses: metric(
      registry,
      "pulse_mtproto_bulk_pauses_total",
      () =>
        new Counter({
          name: "pulse_mtproto_bulk_pauses_total",
          help: "Pauses taken inside bulk operations (backfill, polling)",
          registers,
        }),
    ),
    quotaUsed: metric(
      registry,
      "pulse_mtproto_quota_used",
      () =>
        new Gauge({
          name: "pulse_mtproto_quota_used",
          help: "Today's (UTC) use of the daily quotas, by kind",
          labelNames: ["kind"] as const,
          registers,
        }),
    ),
    sessionUsable: metric(
      registry,
      "pulse_mtproto_session_usable",
      () =>
        new Gauge({
          name: "pulse_mtproto_session_usable",
          help: "1 while the account's session is accepted by Telegram, 0 once revoked",
          registers,
        }),
    ),
  };
}

export interface CallOptions {
  /** Sends the request to another data centre (native statistics live on stats_dc). */
  dcId?: number;
  /** Aborts limiter and FLOOD_WAIT waits (shutdown). */
  signal?: AbortSignal;
}

export interface SafeCallerDeps {
  client: TelegramClient;
  options: SafeCallerOptions;
  store: SafeCallStore;
  registry?: Registry;
  clock?: Clock;
  log?: Logger;
  /** Called once, the first time Telegram says the session is gone. */
  onRevoked?: (reason: string) => void;
  /** Logging in: "not authorized" answers are expected, not a revoked session. */
  loggingIn?: boolean;
}

type Invoke = (request: Api.AnyRequest, dcId?: number) => Promise<unknown>;

/** Paces a bulk operation: a pause of `bulkPauseSeconds` after every `bulkPauseEvery` requests. */
export interface BulkPacer {
  step(): Promise<void>;
}

export class SafeCaller {
  readonly #client: TelegramClient;
  readonly #invoke: Invoke;
  readonly #options: SafeCallerOptions;
  readonly #store: SafeCallStore;
  readonly #clock: Clock;
  readonly #log: Logger | undefined;
  readonly #metrics: MtprotoMetrics | undefined;
  readonly #onRevoked: ((reason: string) => void) | undefined;
  readonly #loggingIn: boolean;
  readonly #blocks = new Map<string, { until: number; parked: boolean }>();
  #tat = 0; // GCRA theoretical arrival time, ms
  #revoked: string | undefined;
  #sent = 0;

  private constructor(deps: SafeCallerDeps) {
    this.#client = deps.client;
    this.#options = deps.options;
    this.#store = deps.store;
    this.#clock = deps.clock ?? systemClock;
    this.#log = deps.log;
    this.#metrics = deps.registry ? mtprotoMetrics(deps.registry) : undefined;
    this.#onRevoked = deps.onRevoked;
    this.#loggingIn = deps.loggingIn === true;
    const client = deps.client;
    // Take the client's invoke over: from here on, a call on the client is a call through us.
    const original = client.invoke.bind(client) as Invoke;
    this.#invoke = original;
    client.invoke = ((request: Api.AnyRequest, dcId?: number) =>
      this.call(request, { dcId })) as unknown as TelegramClient["invoke"];
    client.invokeWithSender = (() => {
      throw new Error("invokeWithSender would bypass the SafeCaller and is not allowed in Pulse");
    }) as unknown as TelegramClient["invokeWithSender"];
    this.#metrics?.sessionUsable.set(1);
  }

  static async create(deps: SafeCallerDeps): Promise<SafeCaller> {
    const caller = new SafeCaller(deps);
    for (const block of await deps.store.loadFloodBlocks(new Date(caller.#clock.now()))) {
      caller.#blocks.set(block.method, { until: block.until.getTime(), parked: true });
      deps.log?.warn(
        { method: block.method, until: block.until.toISOString() },
        "a method is still parked by an earlier FLOOD_WAIT",
      );
    }
    return caller;
  }

  /** Requests sent to Telegram so far (attempts, retries included). */
  get sent(): number {
    return this.#sent;
  }

  /** Telegram's reason when the session was revoked; undefined while it works. */
  get revokedReason(): string | undefined {
    return this.#revoked;
  }

  /** Parked methods and the time each may be called again. */
  parked(): { method: string; until: Date }[] {
    const now = this.#clock.now();
    return [...this.#blocks]
      .filter(([, b]) => b.parked && b.until > now)
      .map(([method, b]) => ({ method, until: new Date(b.until) }));
  }

  /** Opens the connection; throws when Telegram cannot be reached (gramjs answers false). */
  async connect(): Promise<void> {
    const connected = (await this.#client.connect()) as boolean | undefined;
    if (connected === false) {
      throw new MtprotoError("Telegram could not be reached (network, firewall or proxy?); nothing was sent.", {
        key: "track-error-unreachable",
      });
    }
  }

  async disconnect(): Promise<void> {
    // destroy() also ends gramjs's update loop; disconnect() alone leaves its timer running.
    await this.#client.destroy();
  }

  async quotaUsage(): Promise<Record<QuotaKind, { used: number; limit: number }>> {
    const day = utcDay(this.#clock.now());
    return {
      dm: { used: await this.#store.quotaUsed("dm", day), limit: this.#options.dailyDmQuota },
      join: { used: await this.#store.quotaUsed("join", day), limit: this.#options.dailyJoinQuota },
    };
  }

  bulk(signal?: AbortSignal): BulkPacer {
    let count = 0;
    const { bulkPauseEvery, bulkPauseSeconds } = this.#options;
    return {
      step: async () => {
        count++;
        if (bulkPauseEvery > 0 && bulkPauseSeconds > 0 && count % bulkPauseEvery === 0) {
          this.#metrics?.bulkPauses.inc();
          await this.#clock.sleep(bulkPauseSeconds * 1000, signal);
        }
      },
    };
  }

  async call<R extends Api.AnyRequest>(request: R, options: CallOptions = {}): Promise<R["__response"]> {
    const method = request.className;
    if (this.#revoked) throw new SessionRevokedError(this.#revoked);
    await this.#waitOutBlock(method, options.signal);
    const quota = quotaKind(request);
    if (quota) await this.#consumeQuota(quota);
    let attempt = 0;
    for (;;) {
      await this.#acquire(method, options.signal);
      if (this.#revoked) throw new SessionRevokedError(this.#revoked);
      const started = performance.now();
      this.#sent++;
      try {
        const result = await this.#invoke(request, options.dcId);
        this.#metrics?.latency.observe({ method }, (performance.now() - started) / 1000);
        this.#metrics?.requests.inc({ method, outcome: "ok" });
        return result as R["__response"];
      } catch (error) {
        this.#metrics?.latency.observe({ method }, (performance.now() - started) / 1000);
        if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError) {
          attempt++;
          const seconds = error.seconds;
          const wait = seconds * 2 ** (attempt - 1);
          const max = this.#options.floodWaitMaxSeconds;
          if (seconds > max || wait > max || attempt > this.#options.floodMaxRetries) {
            this.#metrics?.requests.inc({ method, outcome: "parked" });
            this.#metrics?.floodWaits.inc({ method, handling: "parked" });
            const block = { method, seconds, until: new Date(this.#clock.now() + seconds * 1000) };
            this.#blocks.set(method, { until: block.until.getTime(), parked: true });
            await this.#store.saveFloodBlock(block).catch((e: unknown) => {
              this.#log?.error({ err: String(e) }, "could not persist a FLOOD_WAIT park");
            });
            this.#log?.warn(
              { method, seconds, attempt, until: block.until.toISOString() },
              "FLOOD_WAIT too long: parked",
            );
            throw new FloodWaitParkedError(method, seconds, block.until);
          }
          this.#metrics?.requests.inc({ method, outcome: "flood_wait" });
          this.#metrics?.floodWaits.inc({ method, handling: "retried" });
          this.#metrics?.floodWaitSeconds.inc(wait);
          this.#log?.info({ method, seconds, wait, attempt }, "FLOOD_WAIT: waiting before retrying");
          // Other callers of the same method wait too, instead of provoking the next one.
          this.#blocks.set(method, { until: this.#clock.now() + wait * 1000, parked: false });
          await this.#clock.sleep(wait * 1000, options.signal);
          continue;
        }
        if (isRevocation(error) && !this.#loggingIn) {
          this.#metrics?.requests.inc({ method, outcome: "revoked" });
          this.#revoke(rpcErrorName(error) ?? "revoked");
          throw new SessionRevokedError(rpcErrorName(error) ?? "revoked");
        }
        this.#metrics?.requests.inc({ method, outcome: "error" });
        if (isApiCredentialsError(error)) throw new ApiCredentialsError(rpcErrorName(error) ?? "API_ID_INVALID");
        throw error;
      }
    }
  }

  #revoke(reason: string): void {
    if (this.#revoked) return;
    this.#revoked = reason;
    this.#metrics?.sessionUsable.set(0);
    this.#log?.error({ reason }, "Telegram revoked the account's session; MTProto collection stops");
    try {
      this.#onRevoked?.(reason);
    } catch (error) {
      this.#log?.error({ err: String(error) }, "onRevoked handler failed");
    }
  }

  async #waitOutBlock(method: string, signal: AbortSignal | undefined): Promise<void> {
    const block = this.#blocks.get(method);
    if (!block) return;
    const remaining = block.until - this.#clock.now();
    if (remaining <= 0) {
      this.#blocks.delete(method);
      return;
    }
    // What is left of a park may be short enough to sit out; otherwise fail without calling.
    if (remaining > this.#options.floodWaitMaxSeconds * 1000) {
      this.#metrics?.requests.inc({ method, outcome: "parked" });
      throw new FloodWaitParkedError(method, Math.ceil(remaining / 1000), new Date(block.until));
    }
    await this.#clock.sleep(remaining, signal);
  }

  async #consumeQuota(kind: QuotaKind): Promise<void> {
    const now = this.#clock.now();
    const limit = kind === "dm" ? this.#options.dailyDmQuota : this.#options.dailyJoinQuota;
    const used = await this.#store.consumeQuota(kind, utcDay(now), limit);
    if (used === undefined) {
      this.#metrics?.requests.inc({ method: kind, outcome: "quota" });
      throw new QuotaExceededError(kind === "dm" ? "direct message" : "join", limit, nextUtcMidnight(now));
    }
    this.#metrics?.quotaUsed.set({ kind }, used);
  }

  async #acquire(method: string, signal: AbortSignal | undefined): Promise<void> {
    const interval = 1000 / this.#options.requestsPerSecond;
    const now = this.#clock.now();
    const tat = Math.max(this.#tat, now);
    const allowedAt = tat - (this.#options.burst - 1) * interval;
    this.#tat = tat + interval;
    if (allowedAt > now) {
      this.#metrics?.throttled.inc({ method });
      await this.#clock.sleep(allowedAt - now, signal);
    }
  }
}

/** Which daily quota a request draws on: joining a chat, or a message to a person. */
export function quotaKind(request: Api.AnyRequest): QuotaKind | undefined {
  if (request instanceof Api.channels.JoinChannel || request instanceof Api.messages.ImportChatInvite) return "join";
  if (
    request instanceof Api.messages.SendMessage ||
    request instanceof Api.messages.SendMedia ||
    request instanceof Api.messages.SendMultiMedia
  ) {
    return isPersonPeer(request.peer) ? "dm" : undefined;
  }
  if (request instanceof Api.messages.ForwardMessages) return isPersonPeer(request.toPeer) ? "dm" : undefined;
  return undefined;
}

function isPersonPeer(peer: unknown): boolean {
  return peer instanceof Api.InputPeerUser || peer instanceof Api.InputPeerUserFromMessage;
}
