-- Bot commands ("/stats", "/top@PulseBot") used to be stored as text and counted as chat
-- activity: ten minutes of trying the bot made the tester the chat's top sender. Every source
-- now stores them as kind 'command' (Telegram marks them with a bot_command entity at offset
-- 0) and no rollup counts them. This reclassifies what is already stored and recounts the
-- rollups it touched.
--
-- Stored rows keep no entities, so a stored text is taken for a command when it starts the
-- way Telegram's bot_command entity does: "/", 1 to 32 letters, digits or underscores,
-- optionally "@" and a bot's username, then whitespace or the end ("/stats week", "/top@PulseBot";
-- not "/ hi", "/usr/bin" or "//"). Rows stored without their text (STORE_MESSAGE_TEXT=false)
-- cannot be told apart and stay text. The LIKE lets the one scan of messages skip the regex
-- for almost every row.
CREATE TEMPORARY TABLE "command_messages" ("chat_id" bigint, "message_id" integer, "date" timestamptz, "sender_id" bigint) ON COMMIT DROP;
--> statement-breakpoint
WITH "reclassified" AS (
  UPDATE "messages" SET "kind" = 'command'
  WHERE "kind" = 'text' AND "text" LIKE '/%' AND "text" ~ '^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(\s|$)'
  RETURNING "chat_id", "message_id", "date", coalesce("user_id", "sender_chat_id") AS "sender_id"
)
INSERT INTO "command_messages" SELECT * FROM "reclassified";
--> statement-breakpoint
-- Each UTC hour that held a command: its message columns recounted from messages, as the
-- writer counts them (joins and leaves come from member_events and stay as they are).
WITH "hours" AS (
  SELECT DISTINCT "chat_id", date_trunc('hour', "date", 'UTC') AS "hour" FROM "command_messages"
),
"recount" AS (
  SELECT h."chat_id", h."hour",
    count(m."message_id") FILTER (WHERE m."kind" <> 'service') AS "messages",
    coalesce(sum(m."text_length") FILTER (WHERE m."kind" <> 'service'), 0) AS "text_chars",
    count(m."message_id") FILTER (WHERE m."kind" NOT IN ('text', 'service')) AS "media",
    count(m."message_id") FILTER (WHERE m."kind" <> 'service' AND m."reply_to_message_id" IS NOT NULL) AS "replies",
    count(m."message_id") FILTER (WHERE m."kind" <> 'service' AND m."forward_origin" IS NOT NULL) AS "forwards",
    count(m."message_id") FILTER (WHERE m."kind" = 'service') AS "service_messages"
  FROM "hours" h
  LEFT JOIN "messages" m ON m."chat_id" = h."chat_id" AND m."date" >= h."hour"
    AND m."date" < h."hour" + interval '1 hour' AND m."kind" <> 'command'
  GROUP BY h."chat_id", h."hour"
)
UPDATE "chat_hourly_activity" a SET "messages" = r."messages", "text_chars" = r."text_chars", "media" = r."media",
  "replies" = r."replies", "forwards" = r."forwards", "service_messages" = r."service_messages"
FROM "recount" r WHERE a."chat_id" = r."chat_id" AND a."hour" = r."hour";
--> statement-breakpoint
-- An hour that held only commands would never have had a row: drop it, so "first activity"
-- and period starts do not begin at a test of the bot.
DELETE FROM "chat_hourly_activity" a
USING (SELECT DISTINCT "chat_id", date_trunc('hour', "date", 'UTC') AS "hour" FROM "command_messages") h
WHERE a."chat_id" = h."chat_id" AND a."hour" = h."hour" AND a."messages" = 0 AND a."text_chars" = 0
  AND a."media" = 0 AND a."replies" = 0 AND a."forwards" = 0 AND a."service_messages" = 0
  AND a."joins" = 0 AND a."leaves" = 0;
--> statement-breakpoint
-- Sender-days: the day was taken in the chat's time zone when the row was written (a chat
-- without one used DEFAULT_TIMEZONE, which SQL cannot see). The row that counted a command
-- is the sender's row whose first..last message span holds the command's date: a local day
-- is one unbroken stretch of time, so the spans of one sender's days never overlap, and the
-- messages of that day are exactly the sender's messages within the span.
CREATE TEMPORARY TABLE "command_days" ON COMMIT DROP AS
SELECT DISTINCT d."chat_id", d."user_id", d."day", d."first_message_at", d."last_message_at"
FROM "command_messages" c
JOIN "chat_user_daily_activity" d ON d."chat_id" = c."chat_id" AND d."user_id" = c."sender_id"
  AND c."date" BETWEEN d."first_message_at" AND d."last_message_at";
--> statement-breakpoint
WITH "recount" AS (
  SELECT k."chat_id", k."user_id", k."day", count(m."message_id") AS "messages",
    coalesce(sum(m."text_length"), 0) AS "text_chars",
    count(m."message_id") FILTER (WHERE m."kind" <> 'text') AS "media",
    count(m."message_id") FILTER (WHERE m."reply_to_message_id" IS NOT NULL) AS "replies",
    count(m."message_id") FILTER (WHERE m."forward_origin" IS NOT NULL) AS "forwards",
    min(m."date") AS "first_message_at", max(m."date") AS "last_message_at"
  FROM "command_days" k
  LEFT JOIN "messages" m ON m."chat_id" = k."chat_id"
    AND m."date" BETWEEN k."first_message_at" AND k."last_message_at"
    AND coalesce(m."user_id", m."sender_chat_id") = k."user_id" AND m."kind" NOT IN ('service', 'command')
  GROUP BY k."chat_id", k."user_id", k."day"
)
UPDATE "chat_user_daily_activity" d SET "messages" = r."messages", "text_chars" = r."text_chars",
  "media" = r."media", "replies" = r."replies", "forwards" = r."forwards",
  "first_message_at" = coalesce(r."first_message_at", d."first_message_at"),
  "last_message_at" = coalesce(r."last_message_at", d."last_message_at")
FROM "recount" r WHERE d."chat_id" = r."chat_id" AND d."user_id" = r."user_id" AND d."day" = r."day";
--> statement-breakpoint
-- A sender-day of commands only: the sender was not active that day.
DELETE FROM "chat_user_daily_activity" d USING "command_days" k
WHERE d."chat_id" = k."chat_id" AND d."user_id" = k."user_id" AND d."day" = k."day" AND d."messages" = 0;
--> statement-breakpoint
UPDATE "chat_daily_activity" c SET "active_senders" = (
  SELECT count(*) FROM "chat_user_daily_activity" d WHERE d."chat_id" = c."chat_id" AND d."day" = c."day")
FROM (SELECT DISTINCT "chat_id", "day" FROM "command_days") k
WHERE c."chat_id" = k."chat_id" AND c."day" = k."day";
--> statement-breakpoint
DELETE FROM "chat_daily_activity" c USING (SELECT DISTINCT "chat_id", "day" FROM "command_days") k
WHERE c."chat_id" = k."chat_id" AND c."day" = k."day" AND c."active_senders" = 0;
--> statement-breakpoint
DROP TABLE "command_days";
--> statement-breakpoint
DROP TABLE "command_messages";
