CREATE TABLE "graph_changes" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "view_refreshes" ADD COLUMN "mode" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_forward_from_idx" ON "messages" USING btree ("forward_from_id","forward_from_message_id") WHERE forward_from_message_id IS NOT NULL;