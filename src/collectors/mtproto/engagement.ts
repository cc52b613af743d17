// Hourly engagement polling: for every tracked chat, the messages of the last
// `windowHours` are read again (messages.getHistory, 100 per request, newest first) and
// their views, forwards, replies (comments on channel posts) and reactions become
// (a) fresher counters on `messages` and both reaction tiers, through the writer, and
// (b) one row each in message_engagement_timeline, with deltas and rates.
// One chat failing (private, deleted…) is recorded on its tracked_peers row and the others
// go on; a parked FLOOD_WAIT or a revoked session ends the run.
import { Api } from "telegram";
import type { Database } from "../../db/client.js";
import type { IngestBatch } from "../../ingest/records.js";
import type { Logger } from "../../logger.js";
import type { Clock } from "./clock.js";
import { AbortedError } from "./clock.js";
import { describeError, FloodWaitParkedError, isInaccessible, SessionRevokedError } from "./errors.js";
import { getHistoryPage, lowestId } from "./history.js";
import { mapMessages, reactionSummary } from "./records.js";
import type { SafeCaller } from "./safe-call.js";
import { type EngagementReading, insertEngagementSnapshots } from "./snapshots.js";
import {
  chatRefOf,
  listTrackedPeers,
  markPeerError,
  markPeerReachable,
  markPolled,
  type TrackedPeer,
} from "./tracked.js";

export interface IngestSink {
  write(batch: IngestBatch): Promise<void>;
}

export interface CollectorContext {
  safe: SafeCaller;
  database: Database;
  writer: IngestSink;
  clock: Clock;
  log: Logger;
  storeText: boolean;
}

export interface EngagementTotals {
  chats: number;
  chatsFailed: number;
  pages: number;
  messages: number;
  snapshots: number;
  views: number;
  reactions: number;
  userReactionStates: number;
  failures: { chatId: number; error: string }[];
}

/** Errors that concern the whole account, not one chat: they end a run. */
export function isRunFatal(error: unknown): boolean {
  return error instanceof FloodWaitParkedError || error instanceof SessionRevokedError || error instanceof AbortedError;
}

/**
 * One chat failed in a run over many: rethrows what ends the whole run, otherwise counts and
 * logs the failure and marks it on the peer (inaccessible when the account cannot read it).
 */
export async function recordChatFailure(
  context: CollectorContext,
  totals: { chatsFailed: number; failures: { chatId: number; error: string }[] },
  chatId: number,
  error: unknown,
  at: Date,
  job: string,
): Promise<void> {
  if (isRunFatal(error)) throw error;
  totals.chatsFailed++;
  const message = describeError(error);
  totals.failures.push({ chatId, error: message });
  await markPeerError(context.database.db, chatId, message, at, { inaccessible: isInaccessible(error) });
  context.log.warn({ chatId, err: message }, `${job} failed for one chat; continuing`);
}

export async function pollEngagement(
  context: CollectorContext,
  options: { windowHours: number; signal?: AbortSignal },
): Promise<EngagementTotals> {
  const capturedAt = new Date(context.clock.now());
  const totals: EngagementTotals = {
    chats: 0,
    chatsFailed: 0,
    pages: 0,
    messages: 0,
    snapshots: 0,
    views: 0,
    reactions: 0,
    userReactionStates: 0,
    failures: [],
  };
  const peers = (await listTrackedPeers(context.database.db)).filter((p) => p.status !== "inaccessible");
  for (const peer of peers) {
    if (options.signal?.aborted) throw new AbortedError();
    try {
      const result = await pollChat(context, peer, capturedAt, options.windowHours, options.signal);
      totals.chats++;
      totals.pages += result.pages;
      totals.messages += result.messages;
      totals.snapshots += result.snapshots;
      totals.views += result.views;
      totals.reactions += result.reactions;
      totals.userReactionStates += result.userReactionStates;
    } catch (error) {
      await recordChatFailure(context, totals, peer.chatId, error, capturedAt, "engagement poll");
    }
  }
  context.log.info({ ...totals, failures: totals.failures.length }, "engagement poll finished");
  return totals;
}

async function pollChat(
  context: CollectorContext,
  peer: TrackedPeer,
  capturedAt: Date,
  windowHours: number,
  signal: AbortSignal | undefined,
) {
  const ref = chatRefOf(peer);
  const cutoff = capturedAt.getTime() - windowHours * 3_600_000;
  const pacer = context.safe.bulk(signal);
  const readings: EngagementReading[] = [];
  const result = { pages: 0, messages: 0, snapshots: 0, views: 0, reactions: 0, userReactionStates: 0 };
  let offsetId = 0;
  for (;;) {
    const page = await getHistoryPage(context.safe, ref, { offsetId, signal });
    result.pages++;
    await pacer.step();
    const dated = page.messages.filter((m) => m instanceof Api.Message || m instanceof Api.MessageService);
    const inWindow = dated.filter((m) => m.date * 1000 >= cutoff);
    const reachedCutoff = inWindow.length < dated.length;
    if (inWindow.length > 0) {
      const mapped = mapMessages(
        inWindow,
        page,
        { chatId: ref.chatId, kind: ref.kind, storeText: context.storeText },
        capturedAt,
      );
      await context.writer.write(mapped.batch);
      result.userReactionStates += mapped.batch.userReactions?.length ?? 0;
      for (const { raw, record } of mapped.messages) {
        if (!(raw instanceof Api.Message)) continue;
        const summary = reactionSummary(raw.reactions);
        readings.push({
          messageId: record.messageId,
          messageDate: record.date,
          views: record.views,
          forwards: record.forwards,
          replies: record.replies,
          reactions: summary.total,
          reactionsByKey: summary.byKey,
        });
        result.messages++;
        result.views += record.views ?? 0;
        result.reactions += summary.total;
      }
    }
    const lowest = lowestId(page.messages);
    if (page.messages.length === 0 || reachedCutoff || lowest === undefined || lowest <= 1) break;
    offsetId = lowest;
  }
  result.snapshots = await insertEngagementSnapshots(context.database, ref.chatId, capturedAt, readings);
  await markPolled(context.database.db, ref.chatId, capturedAt);
  await markPeerReachable(context.database.db, ref.chatId);
  return result;
}
