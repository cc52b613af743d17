// Turns Bot API objects into ingest records. Pure functions: no I/O, so every odd shape an
// update can take is easy to test. Unknown fields are ignored; missing ones become NULL.
import type {
  Chat,
  ChatMember,
  ChatMemberUpdated,
  Message,
  MessageOrigin,
  MessageReactionCountUpdated,
  MessageReactionUpdated,
  ReactionType,
  User,
} from "grammy/types";
import {
  type ChatRecord,
  codePointLength,
  type IngestBatch,
  type MemberEventRecord,
  type MessageKind,
  type MessageRecord,
  storableText,
  type UserRecord,
} from "../../ingest/records.js";

/** Accounts Telegram puts in `from` when the real sender is hidden behind `sender_chat`. */
const PLACEHOLDER_SENDERS = new Set([
  1087968824, // @GroupAnonymousBot: anonymous group admins
  136817688, // @Channel_Bot: messages sent on behalf of a channel
  777000, // Telegram: automatic forwards from a linked channel
]);

const MEDIA_KINDS: readonly (keyof Message & MessageKind)[] = [
  "photo",
  "video",
  "animation", // before document: animations also carry a document
  "voice",
  "video_note",
  "audio",
  "sticker",
  "document",
  "poll",
  "venue", // before location: venues also carry a location
  "location",
  "contact",
  "dice",
  "game",
  "story",
  "paid_media",
  "giveaway",
  "checklist",
];

/** Service-message fields, in the order they are looked for; the first present one names the action. */
const SERVICE_ACTIONS = [
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "channel_chat_created",
  "message_auto_delete_timer_changed",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
  "general_forum_topic_hidden",
  "general_forum_topic_unhidden",
  "video_chat_scheduled",
  "video_chat_started",
  "video_chat_ended",
  "video_chat_participants_invited",
  "boost_added",
  "chat_background_set",
  "giveaway_created",
  "giveaway_completed",
  "giveaway_winners",
  "proximity_alert_triggered",
  "write_access_allowed",
  "users_shared",
  "chat_shared",
  "successful_payment",
  "refunded_payment",
  "gift",
  "unique_gift",
  "paid_message_price_changed",
  "direct_message_price_changed",
  "checklist_tasks_done",
  "checklist_tasks_added",
] as const;

export interface MessageOptions {
  storeText: boolean;
  botId: number;
}

export function userRecord(user: User): UserRecord {
  return {
    id: user.id,
    isBot: user.is_bot,
    firstName: storableText(user.first_name) ?? null,
    lastName: storableText(user.last_name) ?? null,
    username: user.username ?? null,
    languageCode: user.language_code ?? null,
  };
}

export function chatRecord(chat: Chat, seenAt: Date): ChatRecord {
  return {
    id: chat.id,
    type: chat.type,
    title: storableText("title" in chat ? chat.title : undefined) ?? null,
    username: ("username" in chat ? chat.username : undefined) ?? null,
    isForum: "is_forum" in chat ? chat.is_forum === true : false,
    seenAt,
  };
}

export function messageKind(message: Message): MessageKind {
  const record = message as unknown as Record<string, unknown>;
  for (const action of SERVICE_ACTIONS) if (record[action] !== undefined) return "service";
  for (const kind of MEDIA_KINDS) if (record[kind] !== undefined) return kind;
  if (typeof message.text === "string") return startsWithCommand(message) ? "command" : "text";
  return "other";
}

/**
 * A text that opens with a bot command entity, as Telegram marks it ("/top", "/top@PulseBot"):
 * what grammY's command filter answers to. The command entity need not be listed first: a
 * bold or italic entity over the same characters may come before it.
 */
function startsWithCommand(message: Message): boolean {
  return message.entities?.some((e) => e.type === "bot_command" && e.offset === 0) === true;
}

/**
 * A text that answers one of Pulse's own messages (the time zone typed under a /settings
 * prompt, "thanks" under a chart) is talking to Pulse, like a command: stored with kind
 * `command`, it counts as nothing, so configuring the bot never makes an admin more active.
 */
function answersPulse(message: Message, botId: number): boolean {
  return message.reply_to_message?.from?.id === botId && messageKind(message) === "text";
}

export function serviceAction(message: Message): string | null {
  const record = message as unknown as Record<string, unknown>;
  return SERVICE_ACTIONS.find((action) => record[action] !== undefined) ?? null;
}

function forwardFields(origin: MessageOrigin | undefined) {
  if (!origin) {
    return {
      forwardOrigin: null,
      forwardFromId: null,
      forwardFromName: null,
      forwardFromMessageId: null,
      forwardDate: null,
    };
  }
  const forwardDate = new Date(origin.date * 1000);
  switch (origin.type) {
    case "user":
      return {
        forwardOrigin: "user" as const,
        forwardFromId: origin.sender_user.id,
        forwardFromName: null,
        forwardFromMessageId: null,
        forwardDate,
      };
    case "hidden_user":
      return {
        forwardOrigin: "hidden_user" as const,
        forwardFromId: null,
        forwardFromName: storableText(origin.sender_user_name),
        forwardFromMessageId: null,
        forwardDate,
      };
    case "chat":
      return {
        forwardOrigin: "chat" as const,
        forwardFromId: origin.sender_chat.id,
        forwardFromName: storableText(origin.author_signature) ?? null,
        forwardFromMessageId: null,
        forwardDate,
      };
    case "channel":
      return {
        forwardOrigin: "channel" as const,
        forwardFromId: origin.chat.id,
        forwardFromName: storableText(origin.author_signature) ?? null,
        forwardFromMessageId: origin.message_id,
        forwardDate,
      };
    default:
      return {
        forwardOrigin: null,
        forwardFromId: null,
        forwardFromName: null,
        forwardFromMessageId: null,
        forwardDate,
      };
  }
}

export function messageRecord(message: Message, options: MessageOptions): MessageRecord {
  const hiddenSender =
    message.sender_chat !== undefined || (message.from !== undefined && PLACEHOLDER_SENDERS.has(message.from.id));
  const body = message.text ?? message.caption ?? null;
  const kind = answersPulse(message, options.botId) ? "command" : messageKind(message);
  return {
    chatId: message.chat.id,
    messageId: message.message_id,
    threadId: message.message_thread_id ?? null,
    userId: hiddenSender ? null : (message.from?.id ?? null),
    senderChatId: message.sender_chat?.id ?? null,
    date: new Date(message.date * 1000),
    editDate: message.edit_date ? new Date(message.edit_date * 1000) : null,
    kind,
    textLength: body ? codePointLength(body) : 0,
    text: options.storeText && body ? storableText(body) : null,
    replyToMessageId: message.reply_to_message?.message_id ?? null,
    ...forwardFields(message.forward_origin),
    isAutomaticForward: message.is_automatic_forward === true,
    mediaGroupId: message.media_group_id ?? null,
    serviceAction: kind === "service" ? serviceAction(message) : null,
    views: null,
    forwards: null,
    replies: null,
    source: "bot",
  };
}

/** Everything one message (new or edited) contributes: the message, its chat and the people in it. */
export function messageBatch(message: Message, options: MessageOptions): IngestBatch {
  const date = new Date(message.date * 1000);
  const record = messageRecord(message, options);
  const chat = { ...chatRecord(message.chat, date), lastMessageAt: date };
  if (message.migrate_to_chat_id) chat.migratedToChatId = message.migrate_to_chat_id;
  const chats: ChatRecord[] = [chat];
  if (message.sender_chat && message.sender_chat.id !== message.chat.id) {
    chats.push(chatRecord(message.sender_chat, date));
  }
  const users = new Map<number, UserRecord>();
  const addUser = (user: User | undefined) => {
    if (user && !PLACEHOLDER_SENDERS.has(user.id)) users.set(user.id, userRecord(user));
  };
  if (record.userId !== null) addUser(message.from);
  if (message.forward_origin?.type === "user") addUser(message.forward_origin.sender_user);

  const memberEvents: MemberEventRecord[] = [];
  for (const member of message.new_chat_members ?? []) {
    addUser(member);
    if (member.id === options.botId) continue; // the bot's own membership comes from my_chat_member
    const self = message.from?.id === member.id;
    memberEvents.push({
      chatId: message.chat.id,
      userId: member.id,
      kind: "join",
      method: self ? "self" : "added",
      actorId: self ? null : (message.from?.id ?? null),
      inviteLink: null,
      occurredAt: date,
      source: "service_message",
    });
  }
  const left = message.left_chat_member;
  if (left && left.id !== options.botId) {
    addUser(left);
    const self = message.from?.id === left.id;
    memberEvents.push({
      chatId: message.chat.id,
      userId: left.id,
      kind: self ? "leave" : "kick",
      method: null,
      actorId: self ? null : (message.from?.id ?? null),
      inviteLink: null,
      occurredAt: date,
      source: "service_message",
    });
  }
  return { chats, users: [...users.values()], messages: [record], memberEvents };
}

function isMember(member: ChatMember): boolean {
  switch (member.status) {
    case "creator":
    case "administrator":
    case "member":
      return true;
    case "restricted":
      return member.is_member;
    default:
      return false;
  }
}

/** A chat_member update: a join, a leave, a kick or a ban, or nothing we count (promotions). */
export function memberUpdateBatch(update: ChatMemberUpdated): IngestBatch {
  const user = update.new_chat_member.user;
  const was = isMember(update.old_chat_member);
  const is = isMember(update.new_chat_member);
  const chats = [chatRecord(update.chat, new Date(update.date * 1000))];
  const users = [userRecord(user)];
  if (update.from.id !== user.id) users.push(userRecord(update.from));
  const base = {
    chatId: update.chat.id,
    userId: user.id,
    occurredAt: new Date(update.date * 1000),
    source: "chat_member" as const,
  };
  const bySomeoneElse = update.from.id !== user.id;
  let event: MemberEventRecord | undefined;
  if (!was && is) {
    const method = update.via_join_request
      ? "request"
      : update.invite_link
        ? "link"
        : update.via_chat_folder_invite_link
          ? "folder"
          : bySomeoneElse
            ? "added"
            : "self";
    event = {
      ...base,
      kind: "join",
      method,
      actorId: bySomeoneElse ? update.from.id : null,
      inviteLink: storableText(update.invite_link?.name ?? update.invite_link?.invite_link) ?? null,
    };
  } else if (was && !is) {
    const kind = update.new_chat_member.status === "kicked" ? "ban" : bySomeoneElse ? "kick" : "leave";
    event = { ...base, kind, method: null, actorId: bySomeoneElse ? update.from.id : null, inviteLink: null };
  }
  return { chats, users, memberEvents: event ? [event] : [] };
}

/** The bot's own membership changed: remember its status in the chat. */
export function botMembershipBatch(update: ChatMemberUpdated): IngestBatch {
  return {
    chats: [{ ...chatRecord(update.chat, new Date(update.date * 1000)), botStatus: update.new_chat_member.status }],
    users: [userRecord(update.from)],
  };
}

export function reactionKey(reaction: ReactionType): string {
  switch (reaction.type) {
    case "emoji":
      return reaction.emoji;
    case "custom_emoji":
      return `custom:${reaction.custom_emoji_id}`;
    case "paid":
      return "paid";
    default:
      return `unknown:${(reaction as { type: string }).type}`;
  }
}

export function userReactionBatch(update: MessageReactionUpdated): IngestBatch {
  const actorId = update.user?.id ?? update.actor_chat?.id;
  const chats = [chatRecord(update.chat, new Date(update.date * 1000))];
  if (actorId === undefined) return { chats };
  return {
    chats,
    users: update.user ? [userRecord(update.user)] : [],
    userReactions: [
      {
        chatId: update.chat.id,
        messageId: update.message_id,
        actorId,
        reactions: [...new Set(update.new_reaction.map(reactionKey))],
        date: new Date(update.date * 1000),
        source: "bot",
      },
    ],
  };
}

export function reactionCountBatch(update: MessageReactionCountUpdated): IngestBatch {
  const counts = new Map<string, number>();
  for (const r of update.reactions)
    counts.set(reactionKey(r.type), (counts.get(reactionKey(r.type)) ?? 0) + r.total_count);
  return {
    chats: [chatRecord(update.chat, new Date(update.date * 1000))],
    reactionCounts: [
      {
        chatId: update.chat.id,
        messageId: update.message_id,
        counts: [...counts].map(([reaction, count]) => ({ reaction, count })),
        date: new Date(update.date * 1000),
        source: "bot",
      },
    ],
  };
}
