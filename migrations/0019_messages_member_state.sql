ALTER TABLE "messages" ADD COLUMN "member_state" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Messages stored before this migration, of members who have opted out: how the writer
-- counted them was not recorded, so it is inferred. An opted-out member's users row is not
-- updated after they opt out (the writer skips it), so updated_at is when they did: what they
-- wrote from then on was never counted (1). A member with no all-time row left in a chat was
-- erased there (erasure deletes it): what they wrote before counts for the chat only (2).
-- (A member erased and then back in cannot be told apart: a rebuild counts their old messages
-- for them again.)
UPDATE "messages" m SET "member_state" = CASE WHEN m."date" >= u."updated_at" THEN 1 ELSE 2 END
FROM "users" u
WHERE u."id" = m."user_id" AND u."opted_out"
  AND (m."date" >= u."updated_at"
    OR NOT EXISTS (SELECT 1 FROM "chat_member_totals" t WHERE t."chat_id" = m."chat_id" AND t."user_id" = u."id"));
