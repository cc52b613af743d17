CREATE TABLE "chats" (
	"id" bigint PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"title" text,
	"username" text,
	"is_forum" boolean DEFAULT false NOT NULL,
	"linked_chat_id" bigint,
	"migrated_to_chat_id" bigint,
	"bot_status" text,
	"member_count" integer,
	"timezone" text,
	"locale" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chat_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"method" text,
	"actor_id" bigint,
	"invite_link" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "member_events_key" UNIQUE("chat_id","user_id","kind","occurred_at")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"thread_id" integer,
	"user_id" bigint,
	"sender_chat_id" bigint,
	"date" timestamp with time zone NOT NULL,
	"edit_date" timestamp with time zone,
	"kind" text NOT NULL,
	"text_length" integer DEFAULT 0 NOT NULL,
	"text" text,
	"reply_to_message_id" integer,
	"forward_origin" text,
	"forward_from_id" bigint,
	"forward_from_name" text,
	"forward_from_message_id" integer,
	"forward_date" timestamp with time zone,
	"is_automatic_forward" boolean DEFAULT false NOT NULL,
	"media_group_id" text,
	"service_action" text,
	"views" integer,
	"forwards" integer,
	"replies" integer,
	"source" text NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_chat_id_message_id_pk" PRIMARY KEY("chat_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "message_reaction_states" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"actor_id" bigint,
	"date" timestamp with time zone NOT NULL,
	CONSTRAINT "message_reaction_states_key" UNIQUE NULLS NOT DISTINCT("chat_id","message_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "message_reactions" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"reaction" text NOT NULL,
	"user_id" bigint,
	"count" integer DEFAULT 1 NOT NULL,
	"date" timestamp with time zone,
	"source" text NOT NULL,
	CONSTRAINT "message_reactions_key" UNIQUE NULLS NOT DISTINCT("chat_id","message_id","reaction","user_id")
);
--> statement-breakpoint
CREATE TABLE "chat_hourly_activity" (
	"chat_id" bigint NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"text_chars" bigint DEFAULT 0 NOT NULL,
	"media" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"forwards" integer DEFAULT 0 NOT NULL,
	"service_messages" integer DEFAULT 0 NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	"leaves" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "chat_hourly_activity_chat_id_hour_pk" PRIMARY KEY("chat_id","hour")
);
--> statement-breakpoint
CREATE TABLE "chat_user_daily_activity" (
	"chat_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"day" date NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"text_chars" bigint DEFAULT 0 NOT NULL,
	"media" integer DEFAULT 0 NOT NULL,
	"replies" integer DEFAULT 0 NOT NULL,
	"forwards" integer DEFAULT 0 NOT NULL,
	"first_message_at" timestamp with time zone NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_user_daily_activity_chat_id_user_id_day_pk" PRIMARY KEY("chat_id","user_id","day")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigint PRIMARY KEY NOT NULL,
	"is_bot" boolean DEFAULT false NOT NULL,
	"first_name" text,
	"last_name" text,
	"username" text,
	"language_code" text,
	"opted_out" boolean DEFAULT false NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "member_events_chat_time_idx" ON "member_events" USING btree ("chat_id","occurred_at");--> statement-breakpoint
CREATE INDEX "messages_chat_date_idx" ON "messages" USING btree ("chat_id","date");--> statement-breakpoint
CREATE INDEX "message_reactions_user_idx" ON "message_reactions" USING btree ("chat_id","user_id");--> statement-breakpoint
CREATE INDEX "chat_user_daily_day_idx" ON "chat_user_daily_activity" USING btree ("chat_id","day");