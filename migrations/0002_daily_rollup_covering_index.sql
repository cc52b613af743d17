-- Per-chat date-range reads of the daily per-sender rollup (top senders, active users per
-- day, engagement) become index-only scans: the index carries the sender and the count.
DROP INDEX IF EXISTS "chat_user_daily_day_idx";--> statement-breakpoint
CREATE INDEX "chat_user_daily_day_idx" ON "chat_user_daily_activity" USING btree ("chat_id","day") INCLUDE ("user_id","messages");
