CREATE TABLE "chat_daily_activity" (
	"chat_id" bigint NOT NULL,
	"day" date NOT NULL,
	"active_senders" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_daily_activity_chat_id_day_pk" PRIMARY KEY("chat_id","day")
);
--> statement-breakpoint
-- Existing data: one active sender per row of the per-sender rollup.
INSERT INTO "chat_daily_activity" ("chat_id", "day", "active_senders")
SELECT "chat_id", "day", count(*) FROM "chat_user_daily_activity" GROUP BY 1, 2;
