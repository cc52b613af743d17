ALTER TABLE "users" ADD COLUMN "dm_status" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "dm_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_dm_status_check" CHECK ("users"."dm_status" in ('blocked', 'not_started', 'deactivated'));