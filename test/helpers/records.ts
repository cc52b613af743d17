// Builders for ingest records, with defaults, for writer and query tests.
import type { ChatRecord, MemberEventRecord, MessageRecord } from "../../src/ingest/records.js";

export function messageRecord(
  chatId: number,
  messageId: number,
  at: string,
  fields: Partial<MessageRecord> = {},
): MessageRecord {
  return {
    chatId,
    messageId,
    threadId: null,
    userId: 1,
    senderChatId: null,
    date: new Date(at),
    editDate: null,
    kind: "text",
    textLength: 5,
    text: "hello",
    replyToMessageId: null,
    forwardOrigin: null,
    forwardFromId: null,
    forwardFromName: null,
    forwardFromMessageId: null,
    forwardDate: null,
    isAutomaticForward: false,
    mediaGroupId: null,
    serviceAction: null,
    views: null,
    forwards: null,
    replies: null,
    source: "bot",
    ...fields,
  };
}

export function chatRecord(id: number, fields: Partial<ChatRecord> = {}): ChatRecord {
  return { id, type: "supergroup", title: `Chat ${id}`, seenAt: new Date("2026-01-01T00:00:00Z"), ...fields };
}

export function joinEvent(
  chatId: number,
  userId: number,
  at: string,
  fields: Partial<MemberEventRecord> = {},
): MemberEventRecord {
  return {
    chatId,
    userId,
    kind: "join",
    method: null,
    actorId: null,
    inviteLink: null,
    occurredAt: new Date(at),
    source: "service_message",
    ...fields,
  };
}
