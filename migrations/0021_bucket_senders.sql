CREATE TABLE "chat_bucket_senders" (
	"chat_id" bigint NOT NULL,
	"unit" text NOT NULL,
	"bucket" date NOT NULL,
	"last_day" date NOT NULL,
	"senders" integer NOT NULL,
	CONSTRAINT "chat_bucket_senders_chat_id_unit_bucket_pk" PRIMARY KEY("chat_id","unit","bucket")
);
--> statement-breakpoint
-- Windows refreshed before this table existed have no buckets: the next refresh computes them all.
UPDATE "chat_window_state" SET "dirty_from" = '-infinity';
