CREATE TABLE "chat_daily_reactions" (
	"chat_id" bigint NOT NULL,
	"day" date NOT NULL,
	"reaction" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_daily_reactions_chat_id_day_reaction_pk" PRIMARY KEY("chat_id","day","reaction")
);
--> statement-breakpoint
CREATE TABLE "message_reaction_counts" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"reaction" text NOT NULL,
	"count" integer NOT NULL,
	"day" date NOT NULL,
	"sender_id" bigint,
	CONSTRAINT "message_reaction_counts_chat_id_message_id_reaction_pk" PRIMARY KEY("chat_id","message_id","reaction")
);
--> statement-breakpoint
CREATE INDEX "message_reaction_counts_day_idx" ON "message_reaction_counts" USING btree ("chat_id","day");--> statement-breakpoint
CREATE INDEX "message_reaction_counts_sender_idx" ON "message_reaction_counts" USING btree ("chat_id","sender_id","day");--> statement-breakpoint
-- Reactions are counted on the reacted message's local day, in a zone not known here: every
-- chat with messages is marked for the rollups.rezone job, which rebuilds its rollups at start.
UPDATE "chats" SET "settings" = "settings" || jsonb_build_object('rollupsPendingSince', '1970-01-01T00:00:00.000Z'::text)
WHERE EXISTS (SELECT 1 FROM "messages" m WHERE m."chat_id" = "chats"."id");
