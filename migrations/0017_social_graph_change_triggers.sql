-- Custom SQL migration file, put your code below! --
-- Records in graph_changes (migration 0016) which messages' rows of the social graph a write
-- may have changed, so the daily refresh rebuilds those instead of the whole history
-- (src/graph/refresh.ts, docs/social-graph.md#refresh). Triggers, so that every path that
-- writes (the bot's writer, the user session, the importer, forgetting an export, erasure)
-- is covered without each having to remember it. One row per statement's worth of rows
-- (FOR EACH STATEMENT with transition tables), never one call per row.
--
-- A message's row depends on the message itself (author, kind, Telegram's forward count,
-- views), on its replies, on its copies forwarded elsewhere and on its reactions. So:
--   * a new message records what it replies to and what it copies, and itself if it is a
--     forward (its chat's network edge and influencers change) or has forwards of its own;
--   * an edit records the message and its old and new targets when one of those changed
--     (a text edit changes nothing here and records nothing);
--   * a deleted message records itself and its targets;
--   * a reaction written or removed records its message;
--   * a member opting out or back in asks for a full rebuild (row 0, 0): they leave or rejoin
--     every list, as an influencer and as a forwarding source.
-- Duplicates are fine: the refresh takes distinct rows.
CREATE FUNCTION "pulse_graph_messages_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "graph_changes" ("chat_id", "message_id")
  SELECT "chat_id", "reply_to_message_id" FROM "new_rows" WHERE "reply_to_message_id" IS NOT NULL
  UNION ALL
  SELECT "forward_from_id", "forward_from_message_id" FROM "new_rows"
  WHERE "forward_from_id" IS NOT NULL AND "forward_from_message_id" IS NOT NULL
  UNION ALL
  SELECT "chat_id", "message_id" FROM "new_rows" WHERE "forward_from_id" IS NOT NULL OR "forwards" > 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "pulse_graph_messages_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "graph_changes" ("chat_id", "message_id")
  SELECT t."chat_id", t."message_id"
  FROM "old_rows" o JOIN "new_rows" n ON n."chat_id" = o."chat_id" AND n."message_id" = o."message_id"
  CROSS JOIN LATERAL (VALUES
    (n."chat_id", n."message_id"),
    (o."chat_id", o."reply_to_message_id"), (n."chat_id", n."reply_to_message_id"),
    (o."forward_from_id", o."forward_from_message_id"), (n."forward_from_id", n."forward_from_message_id")
  ) AS t("chat_id", "message_id")
  WHERE (o."user_id", o."sender_chat_id", o."kind", o."reply_to_message_id", o."forward_from_id",
         o."forward_from_message_id", o."is_automatic_forward", o."views", o."forwards", o."date")
        IS DISTINCT FROM
        (n."user_id", n."sender_chat_id", n."kind", n."reply_to_message_id", n."forward_from_id",
         n."forward_from_message_id", n."is_automatic_forward", n."views", n."forwards", n."date")
    AND t."chat_id" IS NOT NULL AND t."message_id" IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "pulse_graph_messages_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "graph_changes" ("chat_id", "message_id")
  SELECT t."chat_id", t."message_id" FROM "old_rows" o
  CROSS JOIN LATERAL (VALUES
    (o."chat_id", o."message_id"), (o."chat_id", o."reply_to_message_id"),
    (o."forward_from_id", o."forward_from_message_id")
  ) AS t("chat_id", "message_id")
  WHERE t."chat_id" IS NOT NULL AND t."message_id" IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "pulse_graph_reactions_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "graph_changes" ("chat_id", "message_id") SELECT "chat_id", "message_id" FROM "old_rows";
  ELSE
    INSERT INTO "graph_changes" ("chat_id", "message_id") SELECT "chat_id", "message_id" FROM "new_rows";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "pulse_graph_users_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "graph_changes" ("chat_id", "message_id")
  SELECT 0, 0 WHERE EXISTS (
    SELECT 1 FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id" WHERE n."opted_out" IS DISTINCT FROM o."opted_out");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "messages_graph_inserted" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_messages_inserted"();
--> statement-breakpoint
CREATE TRIGGER "messages_graph_updated" AFTER UPDATE ON "messages"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_messages_updated"();
--> statement-breakpoint
CREATE TRIGGER "messages_graph_deleted" AFTER DELETE ON "messages"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_messages_deleted"();
--> statement-breakpoint
CREATE TRIGGER "message_reactions_graph_inserted" AFTER INSERT ON "message_reactions"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_reactions_changed"();
--> statement-breakpoint
CREATE TRIGGER "message_reactions_graph_updated" AFTER UPDATE ON "message_reactions"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_reactions_changed"();
--> statement-breakpoint
CREATE TRIGGER "message_reactions_graph_deleted" AFTER DELETE ON "message_reactions"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_reactions_changed"();
--> statement-breakpoint
CREATE TRIGGER "users_graph_updated" AFTER UPDATE ON "users"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "pulse_graph_users_changed"();
--> statement-breakpoint
-- What was written before these triggers existed was never recorded: the next refresh
-- rebuilds everything.
INSERT INTO "graph_changes" ("chat_id", "message_id") VALUES (0, 0);
