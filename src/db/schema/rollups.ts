import { bigint, date, index, integer, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Rollups maintained by the writer from rows it newly inserted, so re-delivered data never
 * counts twice. Hours are UTC hour starts; any whole-hour time zone can be derived from them.
 */
export const chatHourlyActivity = pgTable(
  "chat_hourly_activity",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    messages: integer("messages").notNull().default(0),
    textChars: bigint("text_chars", { mode: "number" }).notNull().default(0),
    media: integer("media").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    forwards: integer("forwards").notNull().default(0),
    serviceMessages: integer("service_messages").notNull().default(0),
    joins: integer("joins").notNull().default(0),
    leaves: integer("leaves").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.hour] })],
);

/** Per sender and day, the day taken in the chat's time zone at the time of writing. */
export const chatUserDailyActivity = pgTable(
  "chat_user_daily_activity",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    // The sender: a user id, or the sender chat's id for anonymous admins and channels.
    userId: bigint("user_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    messages: integer("messages").notNull().default(0),
    textChars: bigint("text_chars", { mode: "number" }).notNull().default(0),
    media: integer("media").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    forwards: integer("forwards").notNull().default(0),
    firstMessageAt: timestamp("first_message_at", { withTimezone: true }).notNull(),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull(),
  },
  // The index also INCLUDEs (user_id, messages): added by hand in migrations/0002, since
  // drizzle's index builder has no INCLUDE.
  (t) => [primaryKey({ columns: [t.chatId, t.userId, t.day] }), index("chat_user_daily_day_idx").on(t.chatId, t.day)],
);

/**
 * Distinct senders per chat and local day: the number of chat_user_daily_activity rows of
 * that day, kept alongside so daily timelines need not count them.
 */
export const chatDailyActivity = pgTable(
  "chat_daily_activity",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    activeSenders: integer("active_senders").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.day] })],
);

/**
 * Messages per chat, local day and kind (the kinds the totals count: no service messages, no
 * bot commands), so the kind mix of any period is a sum over its days.
 */
export const chatDailyKinds = pgTable(
  "chat_daily_kinds",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    kind: text("kind").notNull(),
    messages: integer("messages").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.day, t.kind] })],
);

/**
 * Per message that was replied to: how many replies it has (service messages and bot commands
 * are no replies), and its first reply by someone else (at or after it), with the local day
 * that reply counts on and how many seconds it took. Recomputed from `messages` for every
 * message a write touches (see ingest/reply-stats.ts), so replays and out-of-order history
 * land on the same row.
 */
export const messageReplyStats = pgTable(
  "message_reply_stats",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    messageId: integer("message_id").notNull(),
    /** The message's own date, so a period's most-replied messages are an index range. */
    date: timestamp("date", { withTimezone: true }).notNull(),
    replies: integer("replies").notNull(),
    firstReplyAt: timestamp("first_reply_at", { withTimezone: true }),
    firstReplyDay: date("first_reply_day", { mode: "string" }),
    firstReplySeconds: integer("first_reply_seconds"),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.messageId] }),
    index("message_reply_stats_date_idx").on(t.chatId, t.date),
    // Exact first-reply times of a small period (a few hundred replies) without the histogram.
    index("message_reply_stats_first_reply_idx").on(t.chatId, t.firstReplyDay, t.firstReplySeconds),
  ],
);

/**
 * How long first replies took, per chat and local day of the reply, as a histogram: bucket b
 * counts first replies whose delay falls in it (src/queries/reply-times.ts has the buckets:
 * whole seconds below a minute, then 5 % wide). Medians and quartiles of any period come from
 * summing its days' buckets. Cells can fall to zero (a first reply found earlier moves away);
 * readers and the rebuild ignore zero cells.
 */
export const chatDailyReplyTimes = pgTable(
  "chat_daily_reply_times",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    bucket: smallint("bucket").notNull(),
    replies: integer("replies").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.day, t.bucket] })],
);

/**
 * All-time totals per member of a chat, kept with the per-day rows (same rules: no service
 * messages or commands, nothing for members who opted out), so all-time leaderboards and
 * a member's first and last message read one row each instead of every day they wrote.
 */
export const chatMemberTotals = pgTable(
  "chat_member_totals",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    userId: bigint("user_id", { mode: "number" }).notNull(),
    messages: integer("messages").notNull().default(0),
    textChars: bigint("text_chars", { mode: "number" }).notNull().default(0),
    media: integer("media").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    forwards: integer("forwards").notNull().default(0),
    activeDays: integer("active_days").notNull().default(0),
    firstMessageAt: timestamp("first_message_at", { withTimezone: true }).notNull(),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.userId] }),
    index("chat_member_totals_rank_idx").on(t.chatId, t.messages.desc(), t.userId),
    // A person's chats (/me in private).
    index("chat_member_totals_user_idx").on(t.userId),
  ],
);

/**
 * Per message with reactions (not bot commands): its count per reaction as Pulse counts them
 * (Telegram's aggregate counts where known, otherwise the visible reactors), with the
 * message's local day and author, so a member's reactions received are an index range.
 * Recomputed for every message a write touches (see ingest/reaction-counts.ts).
 */
export const messageReactionCounts = pgTable(
  "message_reaction_counts",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    messageId: integer("message_id").notNull(),
    reaction: text("reaction").notNull(),
    count: integer("count").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    senderId: bigint("sender_id", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.messageId, t.reaction] }),
    index("message_reaction_counts_day_idx").on(t.chatId, t.day),
    index("message_reaction_counts_sender_idx").on(t.chatId, t.senderId, t.day),
  ],
);

/**
 * Reactions per chat, local day of the reacted message, and reaction: the reaction mix of any
 * period is a sum over its days. Cells can fall to zero (reactions taken back); readers and
 * the rebuild ignore zero cells.
 */
export const chatDailyReactions = pgTable(
  "chat_daily_reactions",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    reaction: text("reaction").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.day, t.reaction] })],
);

/**
 * Reactions per chat, sender, local day of the reacted message, and reaction: the reactions a
 * member received over any period (/me, /stats @user) are a sum over the period's days, not
 * over every message of theirs that drew one. Moved with chat_daily_reactions by the same
 * recount (see ingest/reaction-counts.ts); messages without a sender are left out. Cells can
 * fall to zero; readers and the rebuild ignore zero cells.
 */
export const chatMemberDailyReactions = pgTable(
  "chat_member_daily_reactions",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    senderId: bigint("sender_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    reaction: text("reaction").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.senderId, t.day, t.reaction] })],
);
