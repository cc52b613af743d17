CREATE TABLE "chat_daily_kinds" (
	"chat_id" bigint NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_daily_kinds_chat_id_day_kind_pk" PRIMARY KEY("chat_id","day","kind")
);
--> statement-breakpoint
CREATE TABLE "chat_daily_reply_times" (
	"chat_id" bigint NOT NULL,
	"day" date NOT NULL,
	"bucket" smallint NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_daily_reply_times_chat_id_day_bucket_pk" PRIMARY KEY("chat_id","day","bucket")
);
--> statement-breakpoint
CREATE TABLE "chat_member_totals" (
	"chat_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"text_chars" bigint DEFAULT 0 NOT NULL,
	"media" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"forwards" integer DEFAULT 0 NOT NULL,
	"active_days" integer DEFAULT 0 NOT NULL,
	"first_message_at" timestamp with time zone NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_member_totals_chat_id_user_id_pk" PRIMARY KEY("chat_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "message_reply_stats" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"replies" integer NOT NULL,
	"first_reply_at" timestamp with time zone,
	"first_reply_day" date,
	"first_reply_seconds" integer,
	CONSTRAINT "message_reply_stats_chat_id_message_id_pk" PRIMARY KEY("chat_id","message_id")
);
--> statement-breakpoint
CREATE INDEX "chat_member_totals_rank_idx" ON "chat_member_totals" USING btree ("chat_id","messages" DESC NULLS LAST,"user_id");--> statement-breakpoint
CREATE INDEX "chat_member_totals_user_idx" ON "chat_member_totals" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "message_reply_stats_date_idx" ON "message_reply_stats" USING btree ("chat_id","date");--> statement-breakpoint
CREATE INDEX "message_reply_stats_first_reply_idx" ON "message_reply_stats" USING btree ("chat_id","first_reply_day","first_reply_seconds");--> statement-breakpoint
CREATE INDEX "messages_reply_to_idx" ON "messages" USING btree ("chat_id","reply_to_message_id") WHERE reply_to_message_id IS NOT NULL;--> statement-breakpoint
-- Existing data. Member totals follow from the per-member days already kept.
INSERT INTO "chat_member_totals" ("chat_id", "user_id", "messages", "text_chars", "media", "replies", "forwards",
  "active_days", "first_message_at", "last_message_at")
SELECT "chat_id", "user_id", sum("messages"), sum("text_chars"), sum("media"), sum("replies"), sum("forwards"),
       count(*), min("first_message_at"), max("last_message_at")
FROM "chat_user_daily_activity" GROUP BY 1, 2;
--> statement-breakpoint
-- Kinds and reply times are counted on local days, and the default zone (DEFAULT_TIMEZONE)
-- is not known here: every chat with messages is marked for the rollups.rezone job, which
-- runs at start and rebuilds its rollups (all of them, in its zone) in the background.
UPDATE "chats" SET "settings" = "settings" || jsonb_build_object('rollupsPendingSince', '1970-01-01T00:00:00.000Z'::text)
WHERE EXISTS (SELECT 1 FROM "messages" m WHERE m."chat_id" = "chats"."id");
