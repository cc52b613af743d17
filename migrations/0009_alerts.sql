CREATE TABLE "alert_deliveries" (
	"event_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"error" text,
	CONSTRAINT "alert_deliveries_event_id_user_id_pk" PRIMARY KEY("event_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" bigint,
	"chat_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"values" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_recipients" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"quiet_from" smallint,
	"quiet_to" smallint,
	"timezone" text,
	"daily_cap" integer
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"condition" jsonb NOT NULL,
	"severity" text NOT NULL,
	"cooldown_minutes" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_evaluated_at" timestamp with time zone,
	"last_fired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"chat_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_subscriptions_chat_id_user_id_pk" PRIMARY KEY("chat_id","user_id")
);
--> statement-breakpoint
CREATE INDEX "alert_deliveries_user_at_idx" ON "alert_deliveries" USING btree ("user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_events_rule_dedupe_idx" ON "alert_events" USING btree ("rule_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_events_chat_at_idx" ON "alert_events" USING btree ("chat_id","at");--> statement-breakpoint
CREATE INDEX "alert_rules_chat_idx" ON "alert_rules" USING btree ("chat_id");--> statement-breakpoint
CREATE INDEX "alert_rules_active_idx" ON "alert_rules" USING btree ("status","chat_id");