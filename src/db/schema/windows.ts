import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/**
 * Per-member totals over the standard periods' complete days, so that the questions asked of
 * a period's senders (how many were active, engaged, retained; who leads; where a member
 * ranks) read one row per member of the window, plus today's senders, instead of every
 * member's every day. A cache of chat_user_daily_activity: src/ingest/member-windows.ts
 * refreshes it after each chat's local midnight, triggers (migration 0020) mark a chat's
 * windows dirty when a write reaches a day they cover, and every reader falls back to the
 * rollup itself when the windows are not current. docs/member-windows.md has the design.
 */
export const chatWindowState = pgTable("chat_window_state", {
  chatId: bigint("chat_id", { mode: "number" }).primaryKey(),
  /** The last complete local day the windows cover: the chat's yesterday when refreshed. */
  asOf: date("as_of", { mode: "string" }).notNull(),
  /** The chat's first day with a sender, as of the refresh (null: none yet). */
  firstDay: date("first_day", { mode: "string" }),
  /** Set by the triggers: the earliest covered day a write changed since the refresh. */
  dirtyFrom: date("dirty_from", { mode: "string" }),
  refreshedAt: timestamp("refreshed_at", { withTimezone: true }).notNull(),
});

/**
 * One row per chat, window and member active in the window's complete days or in the
 * window before it. `days` is the period's length (7, 30, 90, 365), or 0 for the chat's
 * whole history; the window holds that period's days but today.
 */
export const chatMemberWindows = pgTable(
  "chat_member_windows",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    days: smallint("days").notNull(),
    userId: bigint("user_id", { mode: "number" }).notNull(),
    messages: integer("messages").notNull(),
    /** Days with a row in the window; 0 when the member is here only for the window before. */
    activeDays: integer("active_days").notNull(),
    replies: integer("replies").notNull(),
    media: integer("media").notNull(),
    /** Active in the window before this one (the previous period's days). */
    inPrevious: boolean("in_previous").notNull(),
    /**
     * Place among the window's ranked members (active, not opted out) by messages, most first,
     * ties by user id; null for the others. How many have more than x messages is then the
     * position of the last one above x: one step down the rank index, not a count.
     */
    position: integer("position"),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.days, t.userId] }),
    // Leaders and ranks: read in this order until enough are found.
    index("chat_member_windows_rank_idx").on(t.chatId, t.days, t.messages.desc(), t.userId),
  ],
);

/** The window's whole: what its member rows add up to, so no reader has to add them. */
export const chatWindowTotals = pgTable(
  "chat_window_totals",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    days: smallint("days").notNull(),
    /** Every sender's messages (people, chats posting as themselves, members who opted out). */
    messages: bigint("messages", { mode: "number" }).notNull(),
    /** Distinct senders, chats included. */
    senders: integer("senders").notNull(),
    /** Senders who had not opted out when refreshed: the ones ranked. */
    ranked: integer("ranked").notNull(),
    /** People (user ids > 0) with a message, and with at least five. */
    people: integer("people").notNull(),
    engaged: integer("engaged").notNull(),
    /** People active in the window before, and those of them active in this one. */
    previousPeople: integer("previous_people").notNull(),
    retained: integer("retained").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.days] })],
);

/**
 * Distinct senders per complete calendar week (from Monday) and month: what a long period's
 * activity chart draws, and what cannot be summed from days. Refreshed with the windows for
 * buckets that ended by as_of; a bucket is used only while no covered day of it was written
 * since (chat_window_state.dirty_from).
 */
export const chatBucketSenders = pgTable(
  "chat_bucket_senders",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    /** "week" or "month". */
    unit: text("unit").notNull(),
    bucket: date("bucket", { mode: "string" }).notNull(),
    lastDay: date("last_day", { mode: "string" }).notNull(),
    senders: integer("senders").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.unit, t.bucket] })],
);

/**
 * Distinct senders over the parts of weeks and months a period's chart cuts: the complete days
 * of the running week and month, and the first, partial week or month of each standard period
 * ending tomorrow (both as of the refresh). With chat_bucket_senders, a long activity chart
 * counts from the days only today's senders.
 */
export const chatPartialBuckets = pgTable(
  "chat_partial_buckets",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    unit: text("unit").notNull(),
    firstDay: date("first_day", { mode: "string" }).notNull(),
    lastDay: date("last_day", { mode: "string" }).notNull(),
    senders: integer("senders").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.unit, t.firstDay, t.lastDay] })],
);

/**
 * Today's senders of a chat (the day after the windows' as_of), each with today's messages and
 * their standing in every window, so that what a window cannot say alone (who of today's
 * senders is new to it, who today lifts past a member) is one short scan, not one probe into
 * the windows per sender. The refresh rebuilds a chat's rows; triggers on
 * chat_user_daily_activity (migration 0026) keep them as today's rows are written, so a chat
 * of thousands of senders a day answers /me in constant time.
 */
export const chatTodaySenders = pgTable(
  "chat_today_senders",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    userId: bigint("user_id", { mode: "number" }).notNull(),
    day: date("day", { mode: "string" }).notNull(),
    /** Today's messages: chat_user_daily_activity's, as of the last write. */
    messages: integer("messages").notNull(),
    /** Messages in each window (7, 30, 90, 365 days, all); null when not active in it. */
    window7: integer("window_7"),
    window30: integer("window_30"),
    window90: integer("window_90"),
    window365: integer("window_365"),
    window0: integer("window_0"),
    /** Active in the period before each window. */
    previous7: boolean("previous_7").notNull(),
    previous30: boolean("previous_30").notNull(),
    previous90: boolean("previous_90").notNull(),
    previous365: boolean("previous_365").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] })],
);
