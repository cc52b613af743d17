// The normalised records every source (bot, MTProto, export import) produces. Sources never
// write SQL: they build these and hand them to the batch writer.

export type Source = "bot" | "mtproto" | "export";

export interface ChatRecord {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  title?: string | null;
  username?: string | null;
  isForum?: boolean;
  linkedChatId?: number | null;
  migratedToChatId?: number | null;
  botStatus?: string | null;
  memberCount?: number | null;
  seenAt: Date;
  lastMessageAt?: Date | null;
}

export interface UserRecord {
  id: number;
  /**
   * Only a display name is known (Telegram Desktop exports): such a record creates a user
   * Pulse has not seen but never overwrites what the bot or the user session stored.
   */
  partial?: boolean;
  isBot: boolean;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  languageCode?: string | null;
}

export type MessageKind =
  | "text"
  // A text that starts with a bot command ("/stats", "/top@PulseBot"): someone talking to a
  // bot, not to the chat. Stored, but left out of messages, senders, heatmaps and reply times.
  | "command"
  | "photo"
  | "video"
  | "animation"
  | "voice"
  | "video_note"
  | "audio"
  | "document"
  | "sticker"
  | "poll"
  | "location"
  | "venue"
  | "contact"
  | "dice"
  | "game"
  | "story"
  | "paid_media"
  | "giveaway"
  | "checklist"
  | "service"
  | "other";

export interface MessageRecord {
  chatId: number;
  messageId: number;
  threadId: number | null;
  userId: number | null;
  senderChatId: number | null;
  date: Date;
  editDate: Date | null;
  kind: MessageKind;
  textLength: number;
  text: string | null;
  replyToMessageId: number | null;
  forwardOrigin: "user" | "hidden_user" | "chat" | "channel" | null;
  forwardFromId: number | null;
  forwardFromName: string | null;
  forwardFromMessageId: number | null;
  forwardDate: Date | null;
  isAutomaticForward: boolean;
  mediaGroupId: string | null;
  serviceAction: string | null;
  views: number | null;
  forwards: number | null;
  replies: number | null;
  source: Source;
}

/** The complete set of reactions one actor has on one message at `date` (empty = removed). */
export interface UserReactionsRecord {
  chatId: number;
  messageId: number;
  actorId: number;
  reactions: string[];
  date: Date;
  source: Source;
}

/** The complete anonymous per-reaction counts of one message at `date`. */
export interface ReactionCountsRecord {
  chatId: number;
  messageId: number;
  counts: { reaction: string; count: number }[];
  date: Date;
  source: Source;
}

export interface MemberEventRecord {
  chatId: number;
  userId: number;
  kind: "join" | "leave" | "kick" | "ban";
  method: "self" | "added" | "link" | "request" | "folder" | null;
  actorId: number | null;
  inviteLink: string | null;
  occurredAt: Date;
  source: "chat_member" | "service_message" | "mtproto" | "export";
}

export interface IngestBatch {
  chats?: ChatRecord[];
  users?: UserRecord[];
  messages?: MessageRecord[];
  userReactions?: UserReactionsRecord[];
  reactionCounts?: ReactionCountsRecord[];
  memberEvents?: MemberEventRecord[];
}

export function batchSize(batch: IngestBatch): number {
  return (
    (batch.chats?.length ?? 0) +
    (batch.users?.length ?? 0) +
    (batch.messages?.length ?? 0) +
    (batch.userReactions?.length ?? 0) +
    (batch.reactionCounts?.length ?? 0) +
    (batch.memberEvents?.length ?? 0)
  );
}

/**
 * Makes a string storable: PostgreSQL text cannot hold NUL, and its JSON parser rejects
 * lone UTF-16 surrogates, both of which Telegram content can contain.
 */
export function storableText<T extends string | null | undefined>(value: T): T {
  if (typeof value !== "string") return value;
  const wellFormed = value.isWellFormed() ? value : value.toWellFormed();
  return (wellFormed.includes("\u0000") ? wellFormed.replaceAll("\u0000", "") : wellFormed) as T;
}

/** Length in Unicode code points (what people mean by characters); the same for every source. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
