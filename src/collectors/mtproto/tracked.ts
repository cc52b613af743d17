// The follow list (tracked_peers): which chats the account reads, how to address them, and
// each one's backfill cursor and discovered metadata.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { trackedPeers } from "../../db/schema/tracked-peers.js";
import type { ChatRef } from "./history.js";
import type { ChatKind } from "./records.js";

export type TrackedPeer = typeof trackedPeers.$inferSelect;

export function chatRefOf(peer: TrackedPeer): ChatRef {
  return {
    chatId: peer.chatId,
    kind: peer.kind as ChatKind,
    peerType: peer.peerType as ChatRef["peerType"],
    accessHash: peer.accessHash,
  };
}

export interface NewTrackedPeer extends ChatRef {
  title: string | null;
  username: string | null;
  addedBy: number | null;
  origin?: "command" | "linked";
  linkedFromChatId?: number | null;
}

/** Adds a chat to the follow list, or re-activates it; the backfill cursor is kept. */
export async function trackPeer(
  db: Db,
  peer: NewTrackedPeer,
  at: Date,
): Promise<{ alreadyActive: boolean; existed: boolean }> {
  const existing = await getTrackedPeer(db, peer.chatId);
  await db
    .insert(trackedPeers)
    .values({
      chatId: peer.chatId,
      peerType: peer.peerType,
      kind: peer.kind,
      accessHash: peer.accessHash,
      title: peer.title,
      username: peer.username,
      addedBy: peer.addedBy,
      addedAt: at,
      origin: peer.origin ?? "command",
      linkedFromChatId: peer.linkedFromChatId ?? null,
    })
    .onConflictDoUpdate({
      target: trackedPeers.chatId,
      set: {
        peerType: peer.peerType,
        kind: peer.kind,
        accessHash: sql`coalesce(excluded.access_hash, ${trackedPeers.accessHash})`,
        title: sql`coalesce(excluded.title, ${trackedPeers.title})`,
        username: sql`coalesce(excluded.username, ${trackedPeers.username})`,
        active: true,
        untrackedAt: null,
        status: "ok",
        lastError: null,
        // A person's /track turns an automatically added discussion group into their own.
        ...(peer.origin === "linked" ? {} : { origin: "command", addedBy: peer.addedBy }),
      },
    });
  return { alreadyActive: existing?.active === true, existed: existing !== undefined };
}

export async function untrackPeer(db: Db, chatId: number, at: Date): Promise<TrackedPeer | undefined> {
  const [row] = await db
    .update(trackedPeers)
    .set({ active: false, untrackedAt: at })
    .where(and(eq(trackedPeers.chatId, chatId), eq(trackedPeers.active, true)))
    .returning();
  if (row) {
    // Discussion groups followed only because of this channel go with it.
    await db
      .update(trackedPeers)
      .set({ active: false, untrackedAt: at })
      .where(and(eq(trackedPeers.linkedFromChatId, chatId), eq(trackedPeers.origin, "linked")));
  }
  return row;
}

export async function getTrackedPeer(db: Db, chatId: number): Promise<TrackedPeer | undefined> {
  const [row] = await db.select().from(trackedPeers).where(eq(trackedPeers.chatId, chatId));
  return row;
}

export async function findTrackedByUsername(db: Db, username: string): Promise<TrackedPeer | undefined> {
  const [row] = await db
    .select()
    .from(trackedPeers)
    .where(sql`lower(${trackedPeers.username}) = ${username.toLowerCase()}`);
  return row;
}

/** The chats being followed, oldest first. */
export async function listTrackedPeers(db: Db): Promise<TrackedPeer[]> {
  return db
    .select()
    .from(trackedPeers)
    .where(eq(trackedPeers.active, true))
    .orderBy(asc(trackedPeers.addedAt), asc(trackedPeers.chatId));
}

export interface BackfillCursor {
  oldestId: number | null;
  newestId: number | null;
  messages: number;
  complete: boolean;
}

/** Records backfill progress once the pages it covers are committed. */
export async function saveBackfillCursor(
  db: Db,
  chatId: number,
  cursor: BackfillCursor,
  at: Date,
  /** The page came from the top of the history: the chat is caught up as of now. */
  fromTop = false,
): Promise<void> {
  await db
    .update(trackedPeers)
    .set({
      ...(fromTop ? { caughtUpAt: at } : {}),
      backfillOldestId: cursor.oldestId,
      backfillNewestId: cursor.newestId,
      backfillMessages: cursor.messages,
      backfillComplete: cursor.complete,
      backfillUpdatedAt: at,
      ...(cursor.complete ? { backfillCompletedAt: at } : {}),
    })
    .where(eq(trackedPeers.chatId, chatId));
}

export async function saveCaughtUp(db: Db, chatId: number, newestId: number | null, at: Date): Promise<void> {
  await db
    .update(trackedPeers)
    .set({ caughtUpAt: at, ...(newestId !== null ? { backfillNewestId: newestId } : {}) })
    .where(eq(trackedPeers.chatId, chatId));
}

export async function markPeerError(
  db: Db,
  chatId: number,
  error: string,
  at: Date,
  options: { inaccessible: boolean },
): Promise<void> {
  await db
    .update(trackedPeers)
    .set({
      lastError: error.slice(0, 500),
      lastErrorAt: at,
      ...(options.inaccessible ? { status: "inaccessible" } : {}),
    })
    .where(eq(trackedPeers.chatId, chatId));
}

export async function markPeerReachable(db: Db, chatId: number): Promise<void> {
  await db
    .update(trackedPeers)
    .set({ status: "ok" })
    .where(and(eq(trackedPeers.chatId, chatId), eq(trackedPeers.status, "inaccessible")));
}

export async function markPolled(db: Db, chatId: number, at: Date): Promise<void> {
  await db.update(trackedPeers).set({ polledAt: at }).where(eq(trackedPeers.chatId, chatId));
}

export interface DiscoveredMetadata {
  title: string | null;
  username: string | null;
  accessHash: string | null;
  linkedChatId: number | null;
  canViewStats: boolean;
  statsDc: number | null;
  reactionsMode: "all" | "some" | "none" | null;
}

export async function saveDiscovery(db: Db, chatId: number, meta: DiscoveredMetadata, at: Date): Promise<void> {
  await db
    .update(trackedPeers)
    .set({
      title: meta.title,
      username: meta.username,
      ...(meta.accessHash ? { accessHash: meta.accessHash } : {}),
      linkedChatId: meta.linkedChatId,
      canViewStats: meta.canViewStats,
      statsDc: meta.statsDc,
      reactionsMode: meta.reactionsMode,
      discoveredAt: at,
      status: "ok",
    })
    .where(eq(trackedPeers.chatId, chatId));
}

export async function markStatsFetched(db: Db, chatId: number, at: Date, canViewStats?: boolean): Promise<void> {
  await db
    .update(trackedPeers)
    .set({ statsAt: at, ...(canViewStats === undefined ? {} : { canViewStats }) })
    .where(eq(trackedPeers.chatId, chatId));
}

/** Removes a row /track added moments ago when the chat turned out unreadable. */
export async function forgetTrackedPeer(db: Db, chatId: number): Promise<void> {
  await db.delete(trackedPeers).where(eq(trackedPeers.chatId, chatId));
}
