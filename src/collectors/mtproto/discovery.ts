// Channel metadata discovery (at start and daily): channels.getFullChannel (messages.getFullChat
// for basic groups) for every tracked chat → the chat's row (linked discussion group, member
// count), the tracked_peers row (reactions, stats access, stats DC) and the day's snapshots
// (participants, admins, online, kicked, banned, reactions enabled). A channel's discussion
// group is followed automatically (MTPROTO_TRACK_DISCUSSION_GROUPS) so its comments are
// collected without anyone tracking it by hand.
import { Api } from "telegram";
import type { ChatRecord } from "../../ingest/records.js";
import { AbortedError, utcDay } from "./clock.js";
import { type CollectorContext, recordChatFailure } from "./engagement.js";
import { channelChatId, chatKindOf, chatRecordOf, indexChats, reactionKey } from "./records.js";
import { fetchFullChat } from "./resolver.js";
import { type DailySnapshot, upsertDailySnapshots } from "./snapshots.js";
import {
  chatRefOf,
  type DiscoveredMetadata,
  getTrackedPeer,
  listTrackedPeers,
  saveDiscovery,
  type TrackedPeer,
  trackPeer,
} from "./tracked.js";

export interface DiscoveryTotals {
  chats: number;
  chatsFailed: number;
  snapshots: number;
  linkedGroupsFound: number;
  linkedGroupsTracked: number;
  statsAvailable: number;
  failures: { chatId: number; error: string }[];
}

export interface DiscoveryOptions {
  trackDiscussionGroups: boolean;
  signal?: AbortSignal;
}

export async function discoverMetadata(context: CollectorContext, options: DiscoveryOptions): Promise<DiscoveryTotals> {
  const totals: DiscoveryTotals = {
    chats: 0,
    chatsFailed: 0,
    snapshots: 0,
    linkedGroupsFound: 0,
    linkedGroupsTracked: 0,
    statsAvailable: 0,
    failures: [],
  };
  const peers = await listTrackedPeers(context.database.db);
  const pacer = context.safe.bulk(options.signal);
  for (const peer of peers) {
    if (options.signal?.aborted) throw new AbortedError();
    try {
      const result = await discoverChat(context, peer, options);
      totals.chats++;
      totals.snapshots += result.snapshots;
      if (result.linkedChatId) totals.linkedGroupsFound++;
      if (result.linkedTracked) totals.linkedGroupsTracked++;
      if (result.canViewStats) totals.statsAvailable++;
    } catch (error) {
      await recordChatFailure(context, totals, peer.chatId, error, new Date(context.clock.now()), "metadata discovery");
    }
    await pacer.step();
  }
  context.log.info({ ...totals, failures: totals.failures.length }, "metadata discovery finished");
  return totals;
}

function reactionsMode(reactions: Api.TypeChatReactions | undefined): {
  mode: DiscoveredMetadata["reactionsMode"];
  allowed: string[];
} {
  if (reactions instanceof Api.ChatReactionsAll)
    return { mode: "all", allowed: reactions.allowCustom ? ["custom"] : [] };
  if (reactions instanceof Api.ChatReactionsSome) {
    return {
      mode: reactions.reactions.length > 0 ? "some" : "none",
      allowed: reactions.reactions.map(reactionKey).filter((k): k is string => k !== undefined),
    };
  }
  if (reactions instanceof Api.ChatReactionsNone) return { mode: "none", allowed: [] };
  return { mode: null, allowed: [] };
}

export async function discoverChat(
  context: CollectorContext,
  peer: TrackedPeer,
  options: DiscoveryOptions,
  /** Already fetched (by /track, which checks the chat is readable before following it). */
  prefetched?: Api.messages.ChatFull,
) {
  const ref = chatRefOf(peer);
  const full = prefetched ?? (await fetchFullChat(context.safe, ref, options.signal));
  const now = new Date(context.clock.now());
  const day = utcDay(now.getTime());
  const chats = indexChats(full.chats);
  const entity = chats.get(ref.chatId);
  const record: ChatRecord = (entity ? chatRecordOf(entity, now) : undefined) ?? {
    id: ref.chatId,
    type: ref.kind,
    seenAt: now,
  };
  const snapshots: DailySnapshot[] = [];
  const snap = (metric: string, value: number | null | undefined, metadata?: Record<string, unknown>) => {
    if (value !== undefined && value !== null) {
      snapshots.push({ chatId: ref.chatId, date: day, metric, value, metadata, source: "mtproto" });
    }
  };
  let linkedChatId: number | null = null;
  let canViewStats = false;
  let statsDc: number | null = null;
  let reactions: ReturnType<typeof reactionsMode> = { mode: null, allowed: [] };
  const fullChat = full.fullChat;
  if (fullChat instanceof Api.ChannelFull) {
    linkedChatId = fullChat.linkedChatId !== undefined ? channelChatId(fullChat.linkedChatId) : null;
    canViewStats = fullChat.canViewStats === true;
    statsDc = fullChat.statsDc ?? null;
    reactions = reactionsMode(fullChat.availableReactions);
    if (fullChat.participantsCount !== undefined) record.memberCount = fullChat.participantsCount;
    snap("member_count", fullChat.participantsCount);
    snap("admin_count", fullChat.adminsCount);
    snap("online_count", fullChat.onlineCount);
    snap("kicked_count", fullChat.kickedCount);
    snap("banned_count", fullChat.bannedCount);
  } else if (fullChat instanceof Api.ChatFull) {
    reactions = reactionsMode(fullChat.availableReactions);
    if (fullChat.participants instanceof Api.ChatParticipants) {
      record.memberCount = fullChat.participants.participants.length;
      snap("member_count", fullChat.participants.participants.length);
    }
  }
  if (reactions.mode !== null) {
    snap("reactions_enabled", reactions.mode === "none" ? 0 : 1, {
      mode: reactions.mode,
      reactions: reactions.allowed,
    });
  }
  record.linkedChatId = linkedChatId;
  const chatRecords: ChatRecord[] = [record];
  // The discussion group (or, for a group, its channel) comes back in `chats`; remember it.
  let linkedTracked = false;
  if (linkedChatId !== null) {
    const linked = chats.get(linkedChatId);
    const linkedRecord = linked ? chatRecordOf(linked, now) : undefined;
    if (linkedRecord) chatRecords.push({ ...linkedRecord, linkedChatId: ref.chatId });
    if (options.trackDiscussionGroups && ref.kind === "channel" && linked instanceof Api.Channel && !linked.min) {
      const existing = await getTrackedPeer(context.database.db, linkedChatId);
      if (!existing) {
        await trackPeer(
          context.database.db,
          {
            chatId: linkedChatId,
            kind: chatKindOf(linked) ?? "supergroup",
            peerType: "channel",
            accessHash: linked.accessHash?.toString() ?? null,
            title: linked.title,
            username: linked.username ?? null,
            addedBy: null,
            origin: "linked",
            linkedFromChatId: ref.chatId,
          },
          now,
        );
        linkedTracked = true;
      }
    }
  }
  await context.writer.write({ chats: chatRecords });
  const channel = entity instanceof Api.Channel ? entity : undefined;
  await saveDiscovery(
    context.database.db,
    ref.chatId,
    {
      title: record.title ?? peer.title,
      username: record.username ?? null,
      accessHash: channel?.accessHash && !channel.min ? channel.accessHash.toString() : null,
      linkedChatId,
      canViewStats,
      statsDc,
      reactionsMode: reactions.mode,
    },
    now,
  );
  await upsertDailySnapshots(context.database, snapshots, now);
  return {
    snapshots: snapshots.length,
    linkedChatId,
    linkedTracked,
    canViewStats,
    memberCount: record.memberCount ?? null,
  };
}
