import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per chat and recap week: the claim that makes a weekly recap go out at most once,
 * however many instances see it come due. Inserted (ON CONFLICT DO NOTHING) before anything is
 * sent; its status then moves claimed → sending → sent, or to retry (with next_attempt_at) and
 * finally failed, or to empty when the week had nothing to show.
 */
export const recapPosts = pgTable(
  "recap_posts",
  {
    chatId: bigint("chat_id", { mode: "number" }).notNull(),
    /** The week's local Monday in the chat's time zone when it was claimed. */
    weekStart: date("week_start", { mode: "string" }).notNull(),
    status: text("status").notNull(), // claimed | sending | sent | retry | failed | empty
    attempts: integer("attempts").notNull().default(0),
    /** The claim's owner (instance and a random token) while claimed or sending. */
    claimedBy: text("claimed_by"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull(),
    /** For status retry: not before this moment. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** Retries stop after this moment and the post is recorded as failed. */
    giveUpAt: timestamp("give_up_at", { withTimezone: true }).notNull(),
    messageId: bigint("message_id", { mode: "number" }),
    error: text("error"),
    trigger: text("trigger").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.chatId, t.weekStart] }),
    check("recap_posts_status_check", sql`${t.status} in ('claimed', 'sending', 'sent', 'retry', 'failed', 'empty')`),
    index("recap_posts_retry_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'retry'`),
  ],
);
