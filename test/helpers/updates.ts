// Builders for Bot API update objects shaped as Telegram sends them. Each returns a plain
// object (no update_id: the test Bot API server assigns one).
import type { Chat, ChatMember, Message, User, UserFromGetMe } from "grammy/types";

export const GROUP_ANONYMOUS_BOT: User = {
  id: 1087968824,
  is_bot: true,
  first_name: "Group",
  username: "GroupAnonymousBot",
};
/** The bot as getMe describes it, for tests that build grammY contexts without a server. */
export const TEST_BOT_INFO = {
  id: 42,
  is_bot: true,
  first_name: "Pulse",
  username: "pulse_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: true,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;
export const TELEGRAM_SERVICE: User = { id: 777000, is_bot: false, first_name: "Telegram" };

export const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function person(id: number, firstName: string, username?: string): User {
  return { id, is_bot: false, first_name: firstName, ...(username ? { username } : {}), language_code: "en" };
}

export function supergroup(id: number, title: string, isForum = false): Chat.SupergroupChat {
  return { id, type: "supergroup", title, ...(isForum ? { is_forum: true as const } : {}) };
}

export function channel(id: number, title: string, username?: string): Chat.ChannelChat {
  return { id, type: "channel", title, ...(username ? { username } : {}) };
}

type MessageFields = Omit<Partial<Message>, "reply_to_message"> & { reply_to_message?: Message } & Record<
    string,
    unknown
  >;

export function message(chat: Chat, id: number, at: string, fields: MessageFields = {}): Message {
  return { message_id: id, date: seconds(at), chat, ...fields } as Message;
}

export const update = {
  message: (m: Message) => ({ message: m }),
  edited: (m: Message) => ({ edited_message: m }),
  channelPost: (m: Message) => ({ channel_post: m }),
  editedChannelPost: (m: Message) => ({ edited_channel_post: m }),
};

export function member(user: User, status: "member" | "left" | "kicked" | "administrator"): ChatMember {
  switch (status) {
    case "member":
      return { status, user };
    case "left":
      return { status, user };
    case "kicked":
      return { status, user, until_date: 0 };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: false,
        can_manage_video_chats: false,
        can_restrict_members: false,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: false,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      } as ChatMember;
  }
}

export function chatMemberUpdate(
  kind: "chat_member" | "my_chat_member",
  chat: Chat,
  from: User,
  at: string,
  before: ChatMember,
  after: ChatMember,
  extra: Record<string, unknown> = {},
) {
  return { [kind]: { chat, from, date: seconds(at), old_chat_member: before, new_chat_member: after, ...extra } };
}

export function reactionUpdate(
  chat: Chat,
  messageId: number,
  user: User,
  at: string,
  before: string[],
  after: string[],
) {
  const toTypes = (list: string[]) => list.map((emoji) => ({ type: "emoji", emoji }));
  return {
    message_reaction: {
      chat,
      message_id: messageId,
      user,
      date: seconds(at),
      old_reaction: toTypes(before),
      new_reaction: toTypes(after),
    },
  };
}

export function reactionCountUpdate(chat: Chat, messageId: number, at: string, counts: Record<string, number>) {
  return {
    message_reaction_count: {
      chat,
      message_id: messageId,
      date: seconds(at),
      reactions: Object.entries(counts).map(([emoji, total_count]) => ({
        type: { type: "emoji", emoji },
        total_count,
      })),
    },
  };
}
