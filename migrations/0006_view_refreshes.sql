CREATE TABLE "view_refreshes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"view" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"concurrent" boolean NOT NULL,
	"rows" bigint,
	"success" boolean NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE INDEX "view_refreshes_view_started_idx" ON "view_refreshes" USING btree ("view","started_at");