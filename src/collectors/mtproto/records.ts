// MTProto objects → ingest records, keyed exactly as the bot keys them: chat ids in Bot API
// form (-100<channel id> for channels and supergroups, -<chat id> for basic groups), the
// same message kinds, anonymous senders as sender_chat, and reaction keys as reactionKey
// (emoji, custom:<document id>, paid). Pure functions: no I/O.
import { Api } from "telegram";
import type {
  ChatRecord,
  IngestBatch,
  MemberEventRecord,
  MessageKind,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
  UserRecord,
} from "../../ingest/records.js";
import { codePointLength, storableText } from "../../ingest/records.js";
import { channelChatId, toNumber } from "./ids.js";

export { channelChatId, channelIdOf, toNumber } from "./ids.js";

/** A peer as the Bot API identifies it: users positive, basic groups -id, channels -100id. */
export function peerChatId(peer: Api.TypePeer): number {
  if (peer instanceof Api.PeerUser) return toNumber(peer.userId);
  if (peer instanceof Api.PeerChat) return -toNumber(peer.chatId);
  return channelChatId(peer.channelId);
}

export type ChatKind = "channel" | "supergroup" | "group";

/** Chat entities (Channel, Chat) from a response, by Bot API id. */
export type ChatIndex = Map<number, Api.TypeChat>;
export type UserIndex = Map<number, Api.TypeUser>;

/** A chat entity's Bot API id: -100<id> for channels and supergroups, -<id> for basic groups. */
export function chatIdOfEntity(chat: Api.TypeChat): number | undefined {
  if (chat instanceof Api.Channel || chat instanceof Api.ChannelForbidden) return channelChatId(chat.id);
  if (chat instanceof Api.Chat || chat instanceof Api.ChatForbidden) return -toNumber(chat.id);
  return undefined; // ChatEmpty
}

export function indexChats(chats: readonly Api.TypeChat[]): ChatIndex {
  const index: ChatIndex = new Map();
  for (const chat of chats) {
    const id = chatIdOfEntity(chat);
    if (id !== undefined) index.set(id, chat);
  }
  return index;
}

/** The main @username, or else the first active collectible one. */
export function activeUsername(x: { username?: string; usernames?: readonly Api.TypeUsername[] }): string | null {
  return x.username ?? x.usernames?.find((u) => u.active)?.username ?? null;
}

export function indexUsers(users: readonly Api.TypeUser[]): UserIndex {
  const index: UserIndex = new Map();
  for (const user of users) index.set(toNumber(user.id), user);
  return index;
}

export function chatKindOf(chat: Api.TypeChat | undefined): ChatKind | undefined {
  if (chat instanceof Api.Channel || chat instanceof Api.ChannelForbidden)
    return chat.broadcast ? "channel" : "supergroup";
  if (chat instanceof Api.Chat || chat instanceof Api.ChatForbidden) return "group";
  return undefined;
}

export function chatRecordOf(chat: Api.TypeChat, seenAt: Date): ChatRecord | undefined {
  if (chat instanceof Api.Channel) {
    return {
      id: channelChatId(chat.id),
      type: chat.broadcast ? "channel" : "supergroup",
      title: storableText(chat.title) ?? null,
      username: activeUsername(chat),
      isForum: chat.forum === true,
      memberCount: chat.participantsCount ?? null,
      seenAt,
    };
  }
  if (chat instanceof Api.ChannelForbidden) {
    return {
      id: channelChatId(chat.id),
      type: chat.broadcast ? "channel" : "supergroup",
      title: storableText(chat.title),
      seenAt,
    };
  }
  if (chat instanceof Api.Chat) {
    return {
      id: -toNumber(chat.id),
      type: "group",
      title: storableText(chat.title),
      memberCount: chat.participantsCount,
      migratedToChatId: chat.migratedTo instanceof Api.InputChannel ? channelChatId(chat.migratedTo.channelId) : null,
      seenAt,
    };
  }
  if (chat instanceof Api.ChatForbidden)
    return { id: -toNumber(chat.id), type: "group", title: storableText(chat.title), seenAt };
  return undefined;
}

export function userRecordOf(user: Api.TypeUser): UserRecord | undefined {
  if (!(user instanceof Api.User)) return undefined;
  return {
    id: toNumber(user.id),
    isBot: user.bot === true,
    firstName: storableText(user.firstName) ?? null,
    lastName: storableText(user.lastName) ?? null,
    username: activeUsername(user),
    languageCode: user.langCode ?? null,
  };
}

export function reactionKey(reaction: Api.TypeReaction): string | undefined {
  if (reaction instanceof Api.ReactionEmoji) return reaction.emoticon;
  if (reaction instanceof Api.ReactionCustomEmoji) return `custom:${reaction.documentId.toString()}`;
  if (reaction instanceof Api.ReactionPaid) return "paid";
  return undefined; // ReactionEmpty
}

function documentKind(media: Api.MessageMediaDocument): MessageKind {
  const document = media.document;
  const attributes = document instanceof Api.Document ? document.attributes : [];
  const has = <T>(type: abstract new (...args: never[]) => T) =>
    attributes.find((a): a is T & Api.TypeDocumentAttribute => a instanceof type);
  if (has(Api.DocumentAttributeSticker)) return "sticker";
  if (has(Api.DocumentAttributeAnimated)) return "animation";
  const video = has(Api.DocumentAttributeVideo);
  if (media.round || video?.roundMessage) return "video_note";
  if (media.video || video) return "video";
  const audio = has(Api.DocumentAttributeAudio);
  if (media.voice || audio?.voice) return "voice";
  if (audio) return "audio";
  return "document";
}

/** The Bot API's name for what a message carries (its MessageKind). */
export function mediaKind(message: Api.Message): MessageKind {
  const media = message.media;
  if (!media || media instanceof Api.MessageMediaEmpty || media instanceof Api.MessageMediaWebPage) {
    if (!message.message) return "other";
    // A bot command at the very start, as Telegram marks it: the same rule as the bot's.
    const command = message.entities?.some((e) => e instanceof Api.MessageEntityBotCommand && e.offset === 0);
    return command ? "command" : "text";
  }
  if (media instanceof Api.MessageMediaPhoto) return "photo";
  if (media instanceof Api.MessageMediaDocument) return documentKind(media);
  if (media instanceof Api.MessageMediaPoll) return "poll";
  if (media instanceof Api.MessageMediaVenue) return "venue";
  if (media instanceof Api.MessageMediaGeo || media instanceof Api.MessageMediaGeoLive) return "location";
  if (media instanceof Api.MessageMediaContact) return "contact";
  if (media instanceof Api.MessageMediaDice) return "dice";
  if (media instanceof Api.MessageMediaGame) return "game";
  if (media instanceof Api.MessageMediaStory) return "story";
  if (media instanceof Api.MessageMediaPaidMedia) return "paid_media";
  if (media instanceof Api.MessageMediaGiveaway) return "giveaway";
  if (media instanceof Api.MessageMediaGiveawayResults) return "service"; // the Bot API's giveaway_winners
  return "other";
}

/** The Bot API field a service message would carry, so both sources name the action alike. */
export function serviceActionName(action: Api.TypeMessageAction, kind: ChatKind | undefined): string {
  if (
    action instanceof Api.MessageActionChatAddUser ||
    action instanceof Api.MessageActionChatJoinedByLink ||
    action instanceof Api.MessageActionChatJoinedByRequest
  )
    return "new_chat_members";
  if (action instanceof Api.MessageActionChatDeleteUser) return "left_chat_member";
  if (action instanceof Api.MessageActionChatEditTitle) return "new_chat_title";
  if (action instanceof Api.MessageActionChatEditPhoto) return "new_chat_photo";
  if (action instanceof Api.MessageActionChatDeletePhoto) return "delete_chat_photo";
  if (action instanceof Api.MessageActionChatCreate) return "group_chat_created";
  if (action instanceof Api.MessageActionChannelCreate)
    return kind === "channel" ? "channel_chat_created" : "supergroup_chat_created";
  if (action instanceof Api.MessageActionSetMessagesTTL) return "message_auto_delete_timer_changed";
  if (action instanceof Api.MessageActionChatMigrateTo) return "migrate_to_chat_id";
  if (action instanceof Api.MessageActionChannelMigrateFrom) return "migrate_from_chat_id";
  if (action instanceof Api.MessageActionPinMessage) return "pinned_message";
  if (action instanceof Api.MessageActionTopicCreate) return "forum_topic_created";
  if (action instanceof Api.MessageActionTopicEdit) {
    if (action.closed !== undefined) return action.closed ? "forum_topic_closed" : "forum_topic_reopened";
    if (action.hidden !== undefined)
      return action.hidden ? "general_forum_topic_hidden" : "general_forum_topic_unhidden";
    return "forum_topic_edited";
  }
  if (action instanceof Api.MessageActionGroupCall)
    return action.duration !== undefined ? "video_chat_ended" : "video_chat_started";
  if (action instanceof Api.MessageActionGroupCallScheduled) return "video_chat_scheduled";
  if (action instanceof Api.MessageActionInviteToGroupCall) return "video_chat_participants_invited";
  if (action instanceof Api.MessageActionBoostApply) return "boost_added";
  if (action instanceof Api.MessageActionSetChatWallPaper) return "chat_background_set";
  if (action instanceof Api.MessageActionGiveawayLaunch) return "giveaway_created";
  if (action instanceof Api.MessageActionGiveawayResults) return "giveaway_completed";
  if (action instanceof Api.MessageActionGeoProximityReached) return "proximity_alert_triggered";
  if (action instanceof Api.MessageActionBotAllowed) return "write_access_allowed";
  if (action instanceof Api.MessageActionRequestedPeer || action instanceof Api.MessageActionRequestedPeerSentMe)
    return "users_shared";
  if (action instanceof Api.MessageActionPaymentSentMe || action instanceof Api.MessageActionPaymentSent)
    return "successful_payment";
  if (action instanceof Api.MessageActionPaymentRefunded) return "refunded_payment";
  if (action instanceof Api.MessageActionStarGift) return "gift";
  if (action instanceof Api.MessageActionStarGiftUnique) return "unique_gift";
  // Actions the Bot API does not deliver keep gramjs's name: messageActionHistoryClear → history_clear.
  return action.className
    .replace(/^MessageAction/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

export interface MappingContext {
  chatId: number;
  kind: ChatKind;
  storeText: boolean;
}

function forwardFields(fwd: Api.TypeMessageFwdHeader | undefined, chats: ChatIndex) {
  const none = {
    forwardOrigin: null,
    forwardFromId: null,
    forwardFromName: null,
    forwardFromMessageId: null,
    forwardDate: null,
  } as const;
  if (!(fwd instanceof Api.MessageFwdHeader)) return none;
  const forwardDate = new Date(fwd.date * 1000);
  const from = fwd.fromId;
  if (from instanceof Api.PeerUser) {
    return { ...none, forwardOrigin: "user" as const, forwardFromId: toNumber(from.userId), forwardDate };
  }
  if (from instanceof Api.PeerChannel || from instanceof Api.PeerChat) {
    const id = peerChatId(from);
    const source = chats.get(id);
    // A post of a channel is a "channel" origin; a message sent on behalf of a group is "chat".
    const isChannel = fwd.channelPost !== undefined || (source !== undefined && chatKindOf(source) === "channel");
    return {
      forwardOrigin: isChannel ? ("channel" as const) : ("chat" as const),
      forwardFromId: id,
      forwardFromName: storableText(fwd.postAuthor) ?? null,
      forwardFromMessageId: isChannel ? (fwd.channelPost ?? null) : null,
      forwardDate,
    };
  }
  if (fwd.fromName) {
    return { ...none, forwardOrigin: "hidden_user" as const, forwardFromName: storableText(fwd.fromName), forwardDate };
  }
  return { ...none, forwardDate };
}

/** Who sent a message, as the bot records it: a user, or (anonymous admins, channels) a chat. */
function sender(message: Api.Message | Api.MessageService, context: MappingContext) {
  // A channel post is the channel's, as in the Bot API (sender_chat), even when a signed
  // post names its author in from_id.
  if (context.kind === "channel") return { userId: null, senderChatId: context.chatId };
  const from = message.fromId;
  if (from instanceof Api.PeerUser) return { userId: toNumber(from.userId), senderChatId: null };
  if (from instanceof Api.PeerChannel || from instanceof Api.PeerChat) {
    return { userId: null, senderChatId: peerChatId(from) };
  }
  return { userId: null, senderChatId: null };
}

/** Thread and reply as the Bot API reports them (message_thread_id for supergroups only). */
function replyFields(message: Api.Message | Api.MessageService, context: MappingContext) {
  const header = message.replyTo;
  if (!(header instanceof Api.MessageReplyHeader) || header.replyToPeerId !== undefined) {
    return { threadId: null, replyToMessageId: null };
  }
  const inTopicOnly = header.forumTopic === true && header.replyToTopId === undefined;
  const threadId = context.kind === "supergroup" ? (header.replyToTopId ?? header.replyToMsgId ?? null) : null;
  return { threadId, replyToMessageId: inTopicOnly ? null : (header.replyToMsgId ?? null) };
}

export function messageRecordOf(
  message: Api.Message | Api.MessageService,
  context: MappingContext,
  chats: ChatIndex,
): MessageRecord {
  const service = message instanceof Api.MessageService;
  const body = service ? "" : message.message;
  const kind: MessageKind = service ? "service" : mediaKind(message);
  const fwd = service ? undefined : message.fwdFrom;
  const who = sender(message, context);
  const forward = forwardFields(fwd, chats);
  // A channel post copied into its discussion group: sent as the channel, saved from it.
  const isAutomaticForward =
    !service &&
    context.kind === "supergroup" &&
    fwd instanceof Api.MessageFwdHeader &&
    fwd.savedFromPeer instanceof Api.PeerChannel &&
    message.fromId instanceof Api.PeerChannel &&
    toNumber(fwd.savedFromPeer.channelId) === toNumber(message.fromId.channelId);
  const replies = !service && message.replies instanceof Api.MessageReplies ? message.replies.replies : null;
  const { threadId, replyToMessageId } = replyFields(message, context);
  return {
    chatId: context.chatId,
    messageId: message.id,
    threadId,
    userId: who.userId,
    senderChatId: who.senderChatId,
    date: new Date(message.date * 1000),
    editDate: !service && message.editDate && !message.editHide ? new Date(message.editDate * 1000) : null,
    kind,
    textLength: body ? codePointLength(body) : 0,
    text: context.storeText && body ? storableText(body) : null,
    replyToMessageId,
    ...forward,
    isAutomaticForward,
    mediaGroupId: !service && message.groupedId !== undefined ? message.groupedId.toString() : null,
    serviceAction: service
      ? serviceActionName(message.action, context.kind)
      : kind === "service"
        ? "giveaway_winners"
        : null,
    views: service ? null : (message.views ?? null),
    forwards: service ? null : (message.forwards ?? null),
    replies,
    source: "mtproto",
  };
}

/** Join and leave events a service message records (the same events the bot derives). */
export function memberEventsOf(message: Api.MessageService, chatId: number): MemberEventRecord[] {
  const action = message.action;
  const occurredAt = new Date(message.date * 1000);
  const actor = message.fromId instanceof Api.PeerUser ? toNumber(message.fromId.userId) : null;
  const base = { chatId, occurredAt, inviteLink: null, source: "mtproto" as const };
  if (action instanceof Api.MessageActionChatAddUser) {
    return action.users.map((id) => {
      const userId = toNumber(id);
      const self = actor === userId;
      return {
        ...base,
        userId,
        kind: "join" as const,
        method: self ? ("self" as const) : ("added" as const),
        actorId: self ? null : actor,
      };
    });
  }
  if (action instanceof Api.MessageActionChatJoinedByLink && actor !== null) {
    return [{ ...base, userId: actor, kind: "join", method: "link", actorId: null }];
  }
  if (action instanceof Api.MessageActionChatJoinedByRequest && actor !== null) {
    return [{ ...base, userId: actor, kind: "join", method: "request", actorId: null }];
  }
  if (action instanceof Api.MessageActionChatDeleteUser) {
    const userId = toNumber(action.userId);
    const self = actor === userId;
    return [{ ...base, userId, kind: self ? "leave" : "kick", method: null, actorId: self ? null : actor }];
  }
  return [];
}

export interface ReactionSummary {
  /** Per key, Telegram's count; "paid" counts Stars. */
  byKey: Record<string, number>;
  /** Total of the emoji and custom-emoji counts (paid reactions excepted). */
  total: number;
}

export function reactionSummary(reactions: Api.MessageReactions | undefined): ReactionSummary {
  const byKey: Record<string, number> = {};
  let total = 0;
  for (const result of reactions?.results ?? []) {
    const key = reactionKey(result.reaction);
    if (key === undefined) continue;
    byKey[key] = (byKey[key] ?? 0) + result.count;
    if (key !== "paid") total += result.count;
  }
  return { byKey, total };
}

/**
 * Both reaction tiers of a message: the anonymous counts (as of `capturedAt`) and, where
 * Telegram shows who reacted (recent_reactions), each reactor's reactions dated by their own
 * reaction time, so a newer state the bot saw is never overwritten by an older one.
 */
export function reactionRecordsOf(
  message: Api.Message | Api.MessageService,
  chatId: number,
  capturedAt: Date,
): { counts: ReactionCountsRecord | undefined; users: UserReactionsRecord[] } {
  const reactions = message.reactions;
  if (!(reactions instanceof Api.MessageReactions)) return { counts: undefined, users: [] };
  const summary = reactionSummary(reactions);
  const counts: ReactionCountsRecord = {
    chatId,
    messageId: message.id,
    counts: Object.entries(summary.byKey).map(([reaction, count]) => ({ reaction, count })),
    date: capturedAt,
    source: "mtproto",
  };
  const byActor = new Map<number, { reactions: Set<string>; date: number }>();
  for (const recent of reactions.recentReactions ?? []) {
    const key = reactionKey(recent.reaction);
    if (key === undefined) continue;
    const actorId = peerChatId(recent.peerId);
    const entry = byActor.get(actorId) ?? { reactions: new Set<string>(), date: 0 };
    entry.reactions.add(key);
    entry.date = Math.max(entry.date, recent.date);
    byActor.set(actorId, entry);
  }
  const users = [...byActor].map(([actorId, entry]) => ({
    chatId,
    messageId: message.id,
    actorId,
    reactions: [...entry.reactions],
    date: new Date(entry.date * 1000),
    source: "mtproto" as const,
  }));
  return { counts, users };
}

export interface MappedMessages {
  batch: IngestBatch;
  /** The mapped messages in the order Telegram sent them (newest first for history). */
  messages: { raw: Api.Message | Api.MessageService; record: MessageRecord }[];
}

/**
 * One page of messages (history, getMessages) → an ingest batch: the messages, both reaction
 * tiers, member events from service messages, the chat and sender chats, and the users who
 * appear as senders, forward origins, members or reactors.
 */
export function mapMessages(
  raw: readonly Api.TypeMessage[],
  response: { chats: readonly Api.TypeChat[]; users: readonly Api.TypeUser[] },
  context: MappingContext,
  capturedAt: Date,
): MappedMessages {
  const chats = indexChats(response.chats);
  const users = indexUsers(response.users);
  const mapped: MappedMessages["messages"] = [];
  const reactionCounts: ReactionCountsRecord[] = [];
  const userReactions: UserReactionsRecord[] = [];
  const memberEvents: MemberEventRecord[] = [];
  const userIds = new Set<number>();
  const chatIds = new Set<number>([context.chatId]);
  let lastMessageAt: Date | undefined;
  for (const message of raw) {
    if (!(message instanceof Api.Message || message instanceof Api.MessageService)) continue;
    if (peerChatId(message.peerId) !== context.chatId) continue;
    const record = messageRecordOf(message, context, chats);
    mapped.push({ raw: message, record });
    if (!lastMessageAt || record.date > lastMessageAt) lastMessageAt = record.date;
    if (record.userId !== null) userIds.add(record.userId);
    if (record.senderChatId !== null) chatIds.add(record.senderChatId);
    if (record.forwardOrigin === "user" && record.forwardFromId !== null) userIds.add(record.forwardFromId);
    if (message instanceof Api.MessageService) {
      for (const event of memberEventsOf(message, context.chatId)) {
        memberEvents.push(event);
        userIds.add(event.userId);
      }
    }
    const reactions = reactionRecordsOf(message, context.chatId, capturedAt);
    if (reactions.counts) reactionCounts.push(reactions.counts);
    for (const state of reactions.users) {
      userReactions.push(state);
      if (state.actorId > 0) userIds.add(state.actorId);
    }
  }
  const chatRecords: ChatRecord[] = [];
  for (const id of chatIds) {
    const entity = chats.get(id);
    const record = entity ? chatRecordOf(entity, capturedAt) : undefined;
    if (!record) continue;
    if (id === context.chatId && lastMessageAt) record.lastMessageAt = lastMessageAt;
    chatRecords.push(record);
  }
  const userRecords: UserRecord[] = [];
  for (const id of userIds) {
    const entity = users.get(id);
    const record = entity ? userRecordOf(entity) : undefined;
    if (record) userRecords.push(record);
  }
  return {
    batch: {
      chats: chatRecords,
      users: userRecords,
      messages: mapped.map((m) => m.record),
      reactionCounts,
      userReactions,
      memberEvents,
    },
    messages: mapped,
  };
}
