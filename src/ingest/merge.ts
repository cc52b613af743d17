// Folds many queued batches into one whose rows are unique per key, because a single
// INSERT ... ON CONFLICT DO UPDATE may not touch the same row twice. Later state wins.
// Every record is cut to Pulse's stored limits here, on its way to any writer.
import {
  limitChat,
  limitMemberEvent,
  limitMessage,
  limitReactionCounts,
  limitUser,
  limitUserReactions,
} from "./limits.js";
import type {
  ChatRecord,
  IngestBatch,
  MemberEventRecord,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
  UserRecord,
} from "./records.js";

export interface MergedBatch {
  chats: ChatRecord[];
  users: UserRecord[];
  messages: MessageRecord[];
  userReactions: UserReactionsRecord[];
  reactionCounts: ReactionCountsRecord[];
  memberEvents: MemberEventRecord[];
}

export function mergeBatches(batches: readonly IngestBatch[]): MergedBatch {
  const chats = new Map<number, ChatRecord>();
  const users = new Map<number, UserRecord>();
  const messages = new Map<string, MessageRecord>();
  const userReactions = new Map<string, UserReactionsRecord>();
  const reactionCounts = new Map<string, ReactionCountsRecord>();
  const memberEvents = new Map<string, MemberEventRecord>();

  for (const batch of batches) {
    for (const raw of batch.chats ?? []) {
      const chat = limitChat(raw);
      const previous = chats.get(chat.id);
      chats.set(chat.id, previous ? mergeChat(previous, chat) : chat);
    }
    for (const user of batch.users ?? []) {
      if (user.partial && users.has(user.id) && !users.get(user.id)?.partial) continue;
      users.set(user.id, limitUser(user));
    }
    for (const message of batch.messages ?? []) {
      const key = `${message.chatId}:${message.messageId}`;
      const previous = messages.get(key);
      if (!previous || version(message) >= version(previous)) messages.set(key, limitMessage(message));
    }
    for (const state of batch.userReactions ?? []) {
      const key = `${state.chatId}:${state.messageId}:${state.actorId}`;
      const previous = userReactions.get(key);
      if (!previous || state.date >= previous.date) userReactions.set(key, limitUserReactions(state));
    }
    for (const state of batch.reactionCounts ?? []) {
      const key = `${state.chatId}:${state.messageId}`;
      const previous = reactionCounts.get(key);
      if (!previous || state.date >= previous.date) reactionCounts.set(key, limitReactionCounts(state));
    }
    for (const event of batch.memberEvents ?? []) {
      const key = `${event.chatId}:${event.userId}:${event.kind}:${event.occurredAt.getTime()}`;
      const previous = memberEvents.get(key);
      // chat_member updates know how someone joined; service messages often do not.
      if (!previous || event.source === "chat_member") memberEvents.set(key, limitMemberEvent(event));
    }
  }
  // Rows sorted by key: concurrent batches then lock shared rows (chats, users, rollups) in
  // the same order and cannot deadlock each other.
  return {
    chats: [...chats.values()].sort((a, b) => a.id - b.id),
    users: [...users.values()].sort((a, b) => a.id - b.id),
    messages: [...messages.values()].sort((a, b) => a.chatId - b.chatId || a.messageId - b.messageId),
    userReactions: [...userReactions.values()],
    reactionCounts: [...reactionCounts.values()],
    memberEvents: [...memberEvents.values()],
  };
}

function version(message: MessageRecord): number {
  return (message.editDate ?? message.date).getTime();
}

function mergeChat(previous: ChatRecord, next: ChatRecord): ChatRecord {
  const merged: ChatRecord = { ...previous };
  for (const [key, value] of Object.entries(next) as [keyof ChatRecord, unknown][]) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (previous.lastMessageAt && next.lastMessageAt && previous.lastMessageAt > next.lastMessageAt) {
    merged.lastMessageAt = previous.lastMessageAt;
  }
  return merged;
}
