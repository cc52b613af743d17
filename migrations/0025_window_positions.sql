ALTER TABLE "chat_member_windows" ADD COLUMN "position" integer;--> statement-breakpoint
-- Windows refreshed before this column existed have no positions: set them aside until the
-- next refresh (the stats.windows job runs at start), so no rank is read from a null.
UPDATE "chat_window_state" SET "dirty_from" = '-infinity';
