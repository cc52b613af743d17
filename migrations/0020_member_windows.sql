CREATE TABLE "chat_member_windows" (
	"chat_id" bigint NOT NULL,
	"days" smallint NOT NULL,
	"user_id" bigint NOT NULL,
	"messages" integer NOT NULL,
	"active_days" integer NOT NULL,
	"replies" integer NOT NULL,
	"media" integer NOT NULL,
	"in_previous" boolean NOT NULL,
	CONSTRAINT "chat_member_windows_chat_id_days_user_id_pk" PRIMARY KEY("chat_id","days","user_id")
);
--> statement-breakpoint
CREATE TABLE "chat_window_state" (
	"chat_id" bigint PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"first_day" date,
	"dirty_from" date,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_window_totals" (
	"chat_id" bigint NOT NULL,
	"days" smallint NOT NULL,
	"messages" bigint NOT NULL,
	"senders" integer NOT NULL,
	"ranked" integer NOT NULL,
	"people" integer NOT NULL,
	"engaged" integer NOT NULL,
	"previous_people" integer NOT NULL,
	"retained" integer NOT NULL,
	CONSTRAINT "chat_window_totals_chat_id_days_pk" PRIMARY KEY("chat_id","days")
);
--> statement-breakpoint
CREATE INDEX "chat_member_windows_rank_idx" ON "chat_member_windows" USING btree ("chat_id","days","messages" DESC NULLS LAST,"user_id");--> statement-breakpoint
-- Custom SQL below (written by hand, after drizzle-kit's tables above).
-- A chat's member windows (src/ingest/member-windows.ts) are a cache of the complete days of
-- chat_user_daily_activity up to chat_window_state.as_of. Any write that reaches one of those
-- days, by whatever path (the bot's writer, the user session's history, the importer,
-- forgetting an export, erasure, a rollup rebuild, SQL by hand), marks the chat dirty from
-- that day, and readers fall back to the rollup until the next refresh. Writes to today
-- (the usual case) change nothing here: the windows leave today out. One UPDATE per
-- statement (FOR EACH STATEMENT with a transition table), never one per row.
CREATE FUNCTION "pulse_windows_days_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "chat_window_state" s SET "dirty_from" = least(s."dirty_from", w."day")
  FROM (SELECT "chat_id", min("day") AS "day" FROM "changed_rows" GROUP BY "chat_id") w
  WHERE s."chat_id" = w."chat_id" AND w."day" <= s."as_of"
    AND (s."dirty_from" IS NULL OR w."day" < s."dirty_from");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "pulse_windows_days_inserted" AFTER INSERT ON "chat_user_daily_activity"
  REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_windows_days_changed"();
--> statement-breakpoint
CREATE TRIGGER "pulse_windows_days_updated" AFTER UPDATE ON "chat_user_daily_activity"
  REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_windows_days_changed"();
--> statement-breakpoint
CREATE TRIGGER "pulse_windows_days_deleted" AFTER DELETE ON "chat_user_daily_activity"
  REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_windows_days_changed"();
--> statement-breakpoint
-- A member opting out or back in leaves or rejoins the rankings of every chat they wrote in:
-- those chats' windows (their count of ranked senders) wait for a refresh. dirty_from is set
-- past as_of, since no day's rows changed.
CREATE FUNCTION "pulse_windows_opt_out_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "chat_window_state" s SET "dirty_from" = s."as_of" + 1
  WHERE s."dirty_from" IS NULL AND s."chat_id" IN (
    SELECT t."chat_id" FROM "old_rows" o
    JOIN "new_rows" n ON n."id" = o."id"
    JOIN "chat_member_totals" t ON t."user_id" = n."id"
    WHERE o."opted_out" IS DISTINCT FROM n."opted_out");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "pulse_windows_opt_out_changed" AFTER UPDATE ON "users"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "pulse_windows_opt_out_changed"();
--> statement-breakpoint
-- The same when the member was not yet a row of users (a sender known only by id).
CREATE FUNCTION "pulse_windows_opted_out_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "chat_window_state" s SET "dirty_from" = s."as_of" + 1
  WHERE s."dirty_from" IS NULL AND s."chat_id" IN (
    SELECT t."chat_id" FROM "new_rows" n
    JOIN "chat_member_totals" t ON t."user_id" = n."id"
    WHERE n."opted_out");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "pulse_windows_opted_out_inserted" AFTER INSERT ON "users"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_windows_opted_out_inserted"();
