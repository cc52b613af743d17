CREATE TABLE "chat_member_daily_reactions" (
	"chat_id" bigint NOT NULL,
	"sender_id" bigint NOT NULL,
	"day" date NOT NULL,
	"reaction" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_member_daily_reactions_chat_id_sender_id_day_reaction_pk" PRIMARY KEY("chat_id","sender_id","day","reaction")
);
--> statement-breakpoint
-- Filled from the per-message counts, which hold the same numbers message by message.
INSERT INTO "chat_member_daily_reactions" ("chat_id", "sender_id", "day", "reaction", "count")
SELECT "chat_id", "sender_id", "day", "reaction", sum("count")::int FROM "message_reaction_counts"
WHERE "sender_id" IS NOT NULL
GROUP BY 1, 2, 3, 4 HAVING sum("count") <> 0;
