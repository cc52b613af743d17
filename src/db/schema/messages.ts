import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Every message, keyed as Telegram keys it (chat id in Bot API form, message id), so the
 * bot, MTProto and an export all land on the same row.
 */
export const messages = pgTable(
  "messages",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    messageId: integer("message_id").notNull(),
    threadId: integer("thread_id"),
    userId: bigint("user_id", { mode: "number" }),
    senderChatId: bigint("sender_chat_id", { mode: "number" }),
    date: timestamp("date", { withTimezone: true }).notNull(),
    editDate: timestamp("edit_date", { withTimezone: true }),
    kind: text("kind").notNull(),
    textLength: integer("text_length").notNull().default(0),
    text: text("text"),
    replyToMessageId: integer("reply_to_message_id"),
    forwardOrigin: text("forward_origin"), // user | hidden_user | chat | channel
    forwardFromId: bigint("forward_from_id", { mode: "number" }),
    forwardFromName: text("forward_from_name"),
    forwardFromMessageId: integer("forward_from_message_id"),
    forwardDate: timestamp("forward_date", { withTimezone: true }),
    isAutomaticForward: boolean("is_automatic_forward").notNull().default(false),
    mediaGroupId: text("media_group_id"),
    serviceAction: text("service_action"),
    views: integer("views"),
    forwards: integer("forwards"),
    replies: integer("replies"),
    source: text("source").notNull(), // bot | mtproto | export
    // How the message counts for its sender (src/ingest/optout.ts): 0 in their numbers; 1 not
    // at all, written while they had opted out (the chat's totals only); 2 erased since (the
    // chat's totals and active senders, not their numbers). Kept on the message so that a
    // rebuild of the rollups recounts exactly what the writer counted.
    memberState: smallint("member_state").notNull().default(0),
    ingestedAt: timestamp("ingested_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.messageId] }),
    index("messages_chat_date_idx").on(t.chatId, t.date),
    // A message's replies, for recomputing its reply stats when it or they arrive (replies
    // are about a third of messages; the rest stay out of the index).
    index("messages_reply_to_idx").on(t.chatId, t.replyToMessageId).where(sql`reply_to_message_id IS NOT NULL`),
    // The copies of a message in other chats (forwards Pulse stored), for rebuilding one
    // message's row of the social graph (src/graph/); forwards are a small share of messages.
    index("messages_forward_from_idx")
      .on(t.forwardFromId, t.forwardFromMessageId)
      .where(sql`forward_from_message_id IS NOT NULL`),
  ],
);
