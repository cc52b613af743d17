CREATE TABLE "recap_posts" (
	"chat_id" bigint NOT NULL,
	"week_start" date NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"give_up_at" timestamp with time zone NOT NULL,
	"message_id" bigint,
	"error" text,
	"trigger" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "recap_posts_chat_id_week_start_pk" PRIMARY KEY("chat_id","week_start"),
	CONSTRAINT "recap_posts_status_check" CHECK ("recap_posts"."status" in ('claimed', 'sending', 'sent', 'retry', 'failed', 'empty'))
);
--> statement-breakpoint
CREATE INDEX "recap_posts_retry_idx" ON "recap_posts" USING btree ("next_attempt_at") WHERE "recap_posts"."status" = 'retry';