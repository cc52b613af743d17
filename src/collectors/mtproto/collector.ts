// The user-session collector: owns the gramjs client (handed straight to the SafeCaller),
// runs the four jobs (backfill, engagement, discovery, native statistics) when the scheduler's
// job files ask through its port (src/collectors/mtproto/port.ts), and serves /track and /untrack. A revoked session stops collection and tells
// the owners; everything else about Pulse keeps running.
import type { Registry } from "prom-client";
import { Api, type TelegramClient } from "telegram";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import { runBackfill } from "./backfill.js";
import { createTelegramClient } from "./client.js";
import { AbortedError, type Clock, systemClock } from "./clock.js";
import type { MtprotoConfig } from "./config.js";
import { discoverChat, discoverMetadata } from "./discovery.js";
import { type CollectorContext, type IngestSink, pollEngagement } from "./engagement.js";
import {
  describeError,
  FloodWaitParkedError,
  MtprotoError,
  type Notice,
  PeerNotFoundError,
  SessionRevokedError,
} from "./errors.js";
import { collectNativeStats } from "./native-stats.js";
import type { PeerInput } from "./peers.js";
import type { MtprotoJobName, MtprotoJobsPort, MtprotoRunResult } from "./port.js";
import { toNumber } from "./records.js";
import { fetchFullChat, PeerResolver, type ResolvedChat } from "./resolver.js";
import { DatabaseSafeCallStore, SafeCaller, type SafeCallStore } from "./safe-call.js";
import { readSessionFile, SessionFileError } from "./session-file.js";
import {
  findTrackedByUsername,
  forgetTrackedPeer,
  getTrackedPeer,
  listTrackedPeers,
  type TrackedPeer,
  trackPeer,
  untrackPeer,
} from "./tracked.js";

/**
 * What the /track feature needs. The bot reads it from `ctx.deps.mtproto` (BotDeps gains an
 * optional `mtproto?: MtprotoBotDeps`); absent when the collector is not running.
 */
export interface MtprotoBotDeps {
  track(input: PeerInput, by: { userId: number; isOwner: boolean }): Promise<TrackResult>;
  untrack(input: PeerInput): Promise<TrackedPeer | undefined>;
  list(): Promise<TrackedPeer[]>;
}

export interface TrackResult {
  chat: ResolvedChat;
  alreadyTracked: boolean;
  linkedChatId: number | null;
  memberCount: number | null;
}

export interface MtprotoCollectorDeps {
  config: MtprotoConfig;
  database: Database;
  writer: IngestSink;
  log: Logger;
  /** prom-client registry the SafeCaller's metrics go on (Pulse's own: metrics.registry). */
  registry?: Registry;
  storeMessageText: boolean;
  /** Tells the bot's owners something they must act on (revoked session, parked job), each in their language. */
  notify?: (notice: Notice) => Promise<void>;
  clock?: Clock;
  /** Tests: a never-connected client whose invoke answers locally. Default: built from the session file. */
  client?: TelegramClient;
  /** Tests: skip connecting. */
  connect?: boolean;
  store?: SafeCallStore;
}

export interface MtprotoStatus {
  started: boolean;
  revoked: string | undefined;
  accountId: number | undefined;
  parked: { method: string; until: Date }[];
  requests: number;
}

export interface MtprotoCollector extends MtprotoJobsPort {
  /** Reads the session, connects and checks the account; throws SessionFileError, SessionRevokedError, ApiCredentialsError. */
  start(): Promise<void>;
  /** Aborts running work and disconnects (after the scheduler has stopped). */
  stop(): Promise<void>;
  runJob(name: MtprotoJobName, signal?: AbortSignal): Promise<MtprotoRunResult>;
  readonly bot: MtprotoBotDeps;
  status(): MtprotoStatus;
}

export function createMtprotoCollector(deps: MtprotoCollectorDeps): MtprotoCollector {
  const { config, database, log } = deps;
  const clock = deps.clock ?? systemClock;
  const controller = new AbortController();
  let safe: SafeCaller | undefined;
  let context: CollectorContext | undefined;
  let resolver: PeerResolver | undefined;
  let accountId: number | undefined;
  let started = false;
  const notified = new Set<string>();

  const notify = (key: string, notice: Notice) => {
    if (notified.has(key) || !deps.notify) return;
    notified.add(key);
    deps.notify(notice).catch((error: unknown) => log.warn({ err: String(error) }, "could not notify the owners"));
  };

  const onRevoked = (reason: string) => {
    notify("revoked", { key: "track-notice-revoked", vars: { reason } });
    // Nothing more can be done with this session; let go of the connection.
    void safe?.disconnect().catch(() => {});
  };

  const combined = (signal: AbortSignal | undefined) =>
    signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;

  async function start(): Promise<void> {
    if (started) return;
    let client = deps.client;
    if (!client) {
      const session = readSessionFile(config.sessionFile);
      if (!session) {
        throw new SessionFileError(`no session at ${config.sessionFile}: run npm run login first`);
      }
      client = createTelegramClient({ apiId: config.apiId, apiHash: config.apiHash, session, log });
    }
    safe = await SafeCaller.create({
      client,
      options: config,
      store: deps.store ?? new DatabaseSafeCallStore(database),
      registry: deps.registry,
      clock,
      log: log.child({ module: "mtproto-safe-call" }),
      onRevoked,
    });
    try {
      if (deps.connect !== false) await safe.connect();
      const users = await safe.call(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
      const me = users[0];
      if (!(me instanceof Api.User)) throw new SessionRevokedError("the session is not logged in");
      if (me.bot) {
        throw new SessionFileError(
          "the session belongs to a bot: the collector needs a person's account (bots cannot read history)",
        );
      }
      accountId = toNumber(me.id);
    } catch (error) {
      await safe.disconnect().catch(() => {});
      throw error;
    }
    context = {
      safe,
      database,
      writer: deps.writer,
      clock,
      log: log.child({ module: "mtproto" }),
      storeText: deps.storeMessageText,
    };
    resolver = new PeerResolver(safe, database);
    started = true;
    log.info({ accountId, requestsPerSecond: config.requestsPerSecond }, "MTProto collector connected");
  }

  async function runJob(name: MtprotoJobName, signal?: AbortSignal): Promise<MtprotoRunResult> {
    if (!started || !context || !safe)
      return { outcome: "skipped", totals: {}, error: "the MTProto collector is not running" };
    if (safe.revokedReason) {
      return { outcome: "skipped", totals: {}, error: `the session was revoked (${safe.revokedReason})` };
    }
    const sentBefore = safe.sent;
    const runSignal = combined(signal);
    try {
      let totals: Record<string, unknown>;
      switch (name) {
        case "engagement":
          totals = {
            ...(await pollEngagement(context, { windowHours: config.engagementWindowHours, signal: runSignal })),
          };
          break;
        case "discovery":
          totals = {
            ...(await discoverMetadata(context, {
              trackDiscussionGroups: config.trackDiscussionGroups,
              signal: runSignal,
            })),
          };
          break;
        case "native-stats":
          totals = { ...(await collectNativeStats(context, { signal: runSignal })) };
          break;
        case "backfill":
          totals = { ...(await runBackfill(context, { pagesPerRun: config.backfillPagesPerRun, signal: runSignal })) };
          break;
      }
      totals.requests = safe.sent - sentBefore;
      if (name === "backfill" && totals.chats === 0) {
        return { outcome: "skipped", totals, error: "nothing to backfill or catch up" };
      }
      const failures = (totals.failures as unknown[] | undefined)?.length ?? 0;
      return {
        outcome: "ok",
        totals,
        ...(failures > 0 ? { error: `${failures} chat(s) failed; see totals.failures` } : {}),
      };
    } catch (error) {
      const totals = { requests: safe.sent - sentBefore };
      if (error instanceof FloodWaitParkedError) {
        notify(`parked:${error.method}:${error.until.getTime()}`, {
          key: "track-notice-parked",
          vars: { seconds: error.seconds, method: error.method, job: name, until: error.until },
        });
        return { outcome: "parked", totals, error: error.message };
      }
      if (error instanceof AbortedError) return { outcome: "interrupted", totals, error: error.message };
      if (error instanceof SessionRevokedError) return { outcome: "error", totals, error: error.message };
      throw error;
    }
  }

  const bot: MtprotoBotDeps = {
    async track(input, by) {
      if (!started || !resolver || !context || !safe) {
        throw new MtprotoError("The MTProto collector is not running.", { key: "track-error-not-running" });
      }
      if (safe.revokedReason) throw new SessionRevokedError(safe.revokedReason);
      const signal = controller.signal;
      const chat = await resolver.resolve(input, { allowJoin: by.isOwner, signal });
      // Readable? (CHANNEL_PRIVATE and friends become a sentence.) The same answer feeds discovery.
      const full = await fetchFullChat(safe, chat, signal);
      const now = new Date(clock.now());
      const { alreadyActive, existed } = await trackPeer(database.db, { ...chat, addedBy: by.userId }, now);
      const peer = await getTrackedPeer(database.db, chat.chatId);
      if (!peer) throw new MtprotoError("the tracked chat could not be stored");
      try {
        const discovered = await discoverChat(
          context,
          peer,
          { trackDiscussionGroups: config.trackDiscussionGroups, signal },
          full,
        );
        return {
          chat,
          alreadyTracked: alreadyActive,
          linkedChatId: discovered.linkedChatId,
          memberCount: discovered.memberCount,
        };
      } catch (error) {
        // Leave the follow list as it was: a new row goes, an old one keeps its cursor but not the reactivation.
        if (!existed) await forgetTrackedPeer(database.db, chat.chatId);
        else if (!alreadyActive) await untrackPeer(database.db, chat.chatId, now);
        throw error;
      }
    },
    async untrack(input) {
      const now = new Date(clock.now());
      let chatId: number | undefined;
      if (input.kind === "chat_id") chatId = input.chatId;
      else if (input.kind === "username") chatId = (await findTrackedByUsername(database.db, input.username))?.chatId;
      else {
        if (!resolver)
          throw new MtprotoError("The MTProto collector is not running.", { key: "track-error-not-running" });
        chatId = (await resolver.resolve(input, { allowJoin: false, signal: controller.signal })).chatId;
      }
      if (chatId === undefined) {
        throw new PeerNotFoundError("That chat is not tracked.", { key: "track-not-followed" });
      }
      return untrackPeer(database.db, chatId, now);
    },
    list: () => listTrackedPeers(database.db),
  };

  const collector: MtprotoCollector = {
    start,
    async stop() {
      controller.abort();
      if (safe)
        await safe
          .disconnect()
          .catch((error: unknown) => log.warn({ err: describeError(error) }, "MTProto disconnect failed"));
      started = false;
    },
    runJob,
    bot,
    status: () => ({
      started,
      revoked: safe?.revokedReason,
      accountId,
      parked: safe?.parked() ?? [],
      requests: safe?.sent ?? 0,
    }),
  };
  return collector;
}
