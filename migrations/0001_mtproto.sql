CREATE TABLE "message_engagement_timeline" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"captured_at" timestamp with time zone NOT NULL,
	"message_date" timestamp with time zone NOT NULL,
	"views" integer,
	"forwards" integer,
	"replies" integer,
	"reactions" integer DEFAULT 0 NOT NULL,
	"reactions_by_key" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"views_delta" integer,
	"forwards_delta" integer,
	"replies_delta" integer,
	"reactions_delta" integer,
	"age_hours" double precision NOT NULL,
	"propagation_rate" double precision,
	"engagement_rate" double precision,
	CONSTRAINT "message_engagement_timeline_chat_id_message_id_captured_at_pk" PRIMARY KEY("chat_id","message_id","captured_at")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"totals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "mtproto_flood_blocks" (
	"method" text PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mtproto_quotas" (
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mtproto_quotas_kind_day_pk" PRIMARY KEY("kind","day")
);
--> statement-breakpoint
CREATE TABLE "chat_daily_snapshots" (
	"chat_id" bigint NOT NULL,
	"date" date NOT NULL,
	"metric" text NOT NULL,
	"value" double precision,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"captured_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_daily_snapshots_chat_id_date_metric_pk" PRIMARY KEY("chat_id","date","metric")
);
--> statement-breakpoint
CREATE TABLE "native_stats_points" (
	"chat_id" bigint NOT NULL,
	"graph" text NOT NULL,
	"series" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "native_stats_points_chat_id_graph_series_at_pk" PRIMARY KEY("chat_id","graph","series","at")
);
--> statement-breakpoint
CREATE TABLE "native_stats_snapshots" (
	"chat_id" bigint NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"summary" jsonb NOT NULL,
	"graphs" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "native_stats_snapshots_chat_id_date_kind_pk" PRIMARY KEY("chat_id","date","kind")
);
--> statement-breakpoint
CREATE TABLE "tracked_peers" (
	"chat_id" bigint PRIMARY KEY NOT NULL,
	"peer_type" text NOT NULL,
	"kind" text NOT NULL,
	"access_hash" text,
	"title" text,
	"username" text,
	"active" boolean DEFAULT true NOT NULL,
	"origin" text DEFAULT 'command' NOT NULL,
	"linked_from_chat_id" bigint,
	"added_by" bigint,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"untracked_at" timestamp with time zone,
	"status" text DEFAULT 'ok' NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"backfill_oldest_id" integer,
	"backfill_newest_id" integer,
	"backfill_complete" boolean DEFAULT false NOT NULL,
	"backfill_messages" bigint DEFAULT 0 NOT NULL,
	"backfill_updated_at" timestamp with time zone,
	"backfill_completed_at" timestamp with time zone,
	"caught_up_at" timestamp with time zone,
	"linked_chat_id" bigint,
	"can_view_stats" boolean,
	"stats_dc" integer,
	"reactions_mode" text,
	"discovered_at" timestamp with time zone,
	"polled_at" timestamp with time zone,
	"stats_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "engagement_chat_captured_idx" ON "message_engagement_timeline" USING btree ("chat_id","captured_at");--> statement-breakpoint
CREATE INDEX "job_runs_job_started_idx" ON "job_runs" USING btree ("job","started_at");--> statement-breakpoint
CREATE INDEX "chat_daily_snapshots_metric_idx" ON "chat_daily_snapshots" USING btree ("chat_id","metric","date");--> statement-breakpoint
CREATE INDEX "tracked_peers_active_idx" ON "tracked_peers" USING btree ("active");