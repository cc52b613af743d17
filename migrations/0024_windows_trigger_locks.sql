-- Custom SQL migration file, put your code below! --
-- A write that reaches a chat's covered days, or an opt-out, must end either in the windows
-- or in their being marked dirty, even while the chat's refresh runs. The triggers of 0020
-- compared the state row as their statement's snapshot saw it, so a write of the day a refresh
-- was starting to cover (a late message for yesterday, right after midnight), or an opt-out
-- while the windows were already dirty, neither waited for the refresh nor marked what it
-- committed: the fresh windows missed the write and were used. Each trigger now first takes
-- the affected chats' state rows FOR KEY SHARE (in chat order): a refresh under way (it holds
-- its row FOR UPDATE) is waited for, and the UPDATE that follows, with a new snapshot, sees
-- its as_of; a refresh starting after the write waits for the write's commit and reads it.
CREATE OR REPLACE FUNCTION "pulse_windows_days_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "chat_window_state" s
  WHERE s."chat_id" IN (SELECT DISTINCT "chat_id" FROM "changed_rows")
  ORDER BY s."chat_id" FOR KEY SHARE;
  UPDATE "chat_window_state" s SET "dirty_from" = least(s."dirty_from", w."day")
  FROM (SELECT "chat_id", min("day") AS "day" FROM "changed_rows" GROUP BY "chat_id") w
  WHERE s."chat_id" = w."chat_id" AND w."day" <= s."as_of"
    AND (s."dirty_from" IS NULL OR w."day" < s."dirty_from");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "pulse_windows_opt_out_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "chat_window_state" s
  WHERE s."chat_id" IN (
    SELECT t."chat_id" FROM "old_rows" o
    JOIN "new_rows" n ON n."id" = o."id"
    JOIN "chat_member_totals" t ON t."user_id" = n."id"
    WHERE o."opted_out" IS DISTINCT FROM n."opted_out")
  ORDER BY s."chat_id" FOR KEY SHARE;
  UPDATE "chat_window_state" s SET "dirty_from" = s."as_of" + 1
  WHERE s."dirty_from" IS NULL AND s."chat_id" IN (
    SELECT t."chat_id" FROM "old_rows" o
    JOIN "new_rows" n ON n."id" = o."id"
    JOIN "chat_member_totals" t ON t."user_id" = n."id"
    WHERE o."opted_out" IS DISTINCT FROM n."opted_out");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "pulse_windows_opted_out_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "chat_window_state" s
  WHERE s."chat_id" IN (
    SELECT t."chat_id" FROM "new_rows" n
    JOIN "chat_member_totals" t ON t."user_id" = n."id"
    WHERE n."opted_out")
  ORDER BY s."chat_id" FOR KEY SHARE;
  UPDATE "chat_window_state" s SET "dirty_from" = s."as_of" + 1
  WHERE s."dirty_from" IS NULL AND s."chat_id" IN (
    SELECT t."chat_id" FROM "new_rows" n
    JOIN "chat_member_totals" t ON t."user_id" = n."id"
    WHERE n."opted_out");
  RETURN NULL;
END $$;
