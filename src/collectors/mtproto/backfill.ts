// History backfill: every tracked chat's whole history, newest to oldest, 100 messages per
// request, into the same tables (and keys) the bot writes. The cursor (the lowest message
// id committed so far) is saved only after the pages below it are committed, so a crash or
// a shutdown resumes where the data really stands; re-reading a page is harmless (writes
// are idempotent). Pages are written while the next one is fetched (a few in flight), so
// the database is not what limits the rate: the SafeCaller's limiter is.
// After the history is complete, a catch-up reads what arrived since the newest message
// stored (at most hourly), covering gaps the hourly engagement window cannot (downtime).
import type { Db } from "../../db/client.js";
import { AbortedError } from "./clock.js";
import { type CollectorContext, recordChatFailure } from "./engagement.js";
import { getHistoryPage, highestId, lowestId } from "./history.js";
import { mapMessages } from "./records.js";
import {
  type BackfillCursor,
  chatRefOf,
  listTrackedPeers,
  markPeerReachable,
  saveBackfillCursor,
  saveCaughtUp,
  type TrackedPeer,
} from "./tracked.js";

export interface BackfillOptions {
  /** Pages (requests) this run may use across all chats. */
  pagesPerRun: number;
  /** Pages handed to the writer before the oldest must be committed (enough to fill its batches). */
  pagesInFlight?: number;
  signal?: AbortSignal;
}

export interface BackfillTotals {
  chats: number;
  chatsFailed: number;
  pages: number;
  messages: number;
  completed: number;
  caughtUp: number;
  incomplete: number;
  failures: { chatId: number; error: string }[];
}

export async function runBackfill(context: CollectorContext, options: BackfillOptions): Promise<BackfillTotals> {
  const totals: BackfillTotals = {
    chats: 0,
    chatsFailed: 0,
    pages: 0,
    messages: 0,
    completed: 0,
    caughtUp: 0,
    incomplete: 0,
    failures: [],
  };
  const catchUpEvery = 3_600_000; // a finished chat is checked for new messages at most hourly
  const peers = (await listTrackedPeers(context.database.db)).filter((p) => p.status !== "inaccessible");
  const now = context.clock.now();
  const needsCatchUp = (p: TrackedPeer) =>
    p.backfillNewestId !== null && (!p.caughtUpAt || now - p.caughtUpAt.getTime() >= catchUpEvery);
  const work = peers.filter((p) => !p.backfillComplete || needsCatchUp(p));
  let budget = options.pagesPerRun;
  let remainingChats = work.length;
  for (const peer of work) {
    if (options.signal?.aborted) throw new AbortedError();
    // Share what is left of the budget among the chats still waiting, so one huge chat
    // cannot starve the others.
    const share = Math.max(1, Math.ceil(budget / remainingChats));
    remainingChats--;
    if (budget <= 0) {
      totals.incomplete += peer.backfillComplete ? 0 : 1;
      continue;
    }
    try {
      totals.chats++;
      let used = 0;
      if (needsCatchUp(peer)) {
        const caught = await catchUp(context, peer, share, options.signal);
        used += caught.pages;
        totals.pages += caught.pages;
        totals.messages += caught.messages;
        if (caught.done) totals.caughtUp++;
      }
      if (!peer.backfillComplete && share - used > 0) {
        const result = await backfillChat(context, peer, share - used, options);
        used += result.pages;
        totals.pages += result.pages;
        totals.messages += result.messages;
        if (result.complete) totals.completed++;
        else totals.incomplete++;
      } else if (!peer.backfillComplete) {
        totals.incomplete++;
      }
      budget -= used;
      await markPeerReachable(context.database.db, peer.chatId);
    } catch (error) {
      await recordChatFailure(context, totals, peer.chatId, error, new Date(context.clock.now()), "backfill");
    }
  }
  context.log.info({ ...totals, failures: totals.failures.length }, "backfill run finished");
  return totals;
}

/** Walks one chat's history downward from its cursor for at most `pages` requests. */
export async function backfillChat(
  context: CollectorContext,
  peer: TrackedPeer,
  pages: number,
  options: Pick<BackfillOptions, "pagesInFlight" | "signal">,
): Promise<{ pages: number; messages: number; complete: boolean }> {
  const db: Db = context.database.db;
  const ref = chatRefOf(peer);
  const pacer = context.safe.bulk(options.signal);
  const maxInFlight = Math.max(1, options.pagesInFlight ?? 32);
  const cursor: BackfillCursor = {
    oldestId: peer.backfillOldestId,
    newestId: peer.backfillNewestId,
    messages: peer.backfillMessages,
    complete: false,
  };
  // Cursor saves run in page order, each after its own page (and every earlier one) committed.
  let saved: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];
  let fetched = 0;
  let messages = 0;
  let failure: unknown;
  try {
    while (fetched < pages) {
      if (options.signal?.aborted) throw new AbortedError();
      const page = await getHistoryPage(context.safe, ref, { offsetId: cursor.oldestId ?? 0, signal: options.signal });
      fetched++;
      const low = lowestId(page.messages);
      if (page.messages.length === 0 || low === undefined) {
        cursor.complete = true;
        break;
      }
      const at = new Date(context.clock.now());
      const mapped = mapMessages(
        page.messages,
        page,
        { chatId: ref.chatId, kind: ref.kind, storeText: context.storeText },
        at,
      );
      const fromTop = cursor.oldestId === null; // this page is the newest of the chat
      cursor.oldestId = low;
      cursor.newestId = Math.max(cursor.newestId ?? 0, highestId(page.messages) ?? 0) || null;
      cursor.messages += mapped.messages.length;
      cursor.complete = low <= 1;
      messages += mapped.messages.length;
      const snapshot = { ...cursor };
      const committed = context.writer.write(mapped.batch);
      committed.catch(() => {}); // observed through `saved`
      const previous = saved;
      saved = (async () => {
        await previous;
        await committed;
        await saveBackfillCursor(db, ref.chatId, snapshot, at, fromTop);
      })();
      saved.catch(() => {}); // observed below
      inFlight.push(saved);
      // Waiting for the oldest page bounds memory, and a failed write stops the walk there.
      if (inFlight.length >= maxInFlight) await inFlight.shift();
      if (cursor.complete) break;
      await pacer.step();
    }
  } catch (error) {
    failure = error;
  }
  try {
    await saved;
  } catch (error) {
    failure ??= error;
  }
  if (failure) throw failure;
  if (cursor.complete) await saveBackfillCursor(db, ref.chatId, cursor, new Date(context.clock.now()));
  return { pages: fetched, messages, complete: cursor.complete };
}

/** Reads messages newer than the newest stored, top down to it; the marker moves only when done. */
async function catchUp(
  context: CollectorContext,
  peer: TrackedPeer,
  pages: number,
  signal: AbortSignal | undefined,
): Promise<{ pages: number; messages: number; done: boolean }> {
  const ref = chatRefOf(peer);
  const minId = peer.backfillNewestId ?? 0;
  const pacer = context.safe.bulk(signal);
  let offsetId = 0;
  let newest = minId;
  let fetched = 0;
  let messages = 0;
  while (fetched < pages) {
    const page = await getHistoryPage(context.safe, ref, { offsetId, minId, signal });
    fetched++;
    const low = lowestId(page.messages);
    if (page.messages.length === 0 || low === undefined) {
      await saveCaughtUp(context.database.db, ref.chatId, newest, new Date(context.clock.now()));
      return { pages: fetched, messages, done: true };
    }
    const at = new Date(context.clock.now());
    const mapped = mapMessages(
      page.messages,
      page,
      { chatId: ref.chatId, kind: ref.kind, storeText: context.storeText },
      at,
    );
    await context.writer.write(mapped.batch);
    messages += mapped.messages.length;
    newest = Math.max(newest, highestId(page.messages) ?? 0);
    if (low <= minId + 1 || page.messages.length < 100) {
      await saveCaughtUp(context.database.db, ref.chatId, newest, at);
      return { pages: fetched, messages, done: true };
    }
    offsetId = low;
    await pacer.step();
  }
  return { pages: fetched, messages, done: false };
}
