ALTER TABLE "chat_user_daily_activity" ADD COLUMN "hours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Which hours of its day each member wrote in. The bits depend on the chat's local day, and
-- the default zone (DEFAULT_TIMEZONE) is not known here: every chat with messages is marked
-- for the rollups.rezone job, which runs at start and rebuilds its rollups in the background,
-- as migration 0013 did. Until then the days written before the upgrade count no one per hour.
UPDATE "chats" SET "settings" = "settings" || jsonb_build_object('rollupsPendingSince', '1970-01-01T00:00:00.000Z'::text)
WHERE EXISTS (SELECT 1 FROM "messages" m WHERE m."chat_id" = "chats"."id");
