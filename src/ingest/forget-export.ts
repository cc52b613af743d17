// Takes back what one reading of an export stored, so the same export can be imported again
// differently: an older export has wall-clock times only, and when the time zone it was read
// in was wrong, its messages must move. A re-import alone cannot move them (a message already
// stored is kept as it is), so they are forgotten first, in the transaction that imports the
// file again: the rows that reading inserted (recorded by the bulk loader; rows stored before
// it, by the bot, the user session or another export, are never touched), the join and leave
// events of their service messages, and their contributions to every rollup, subtracted
// exactly as the writer added them. Rollup rows left empty go, as a recount would not have
// them. Rollups then equal a recount, before and after the re-import adds the messages back
// with their new times.
import { sql } from "drizzle-orm";
import type { BulkTransaction } from "../db/client.js";
import { queryRows } from "../db/client.js";
import type { IdRuns } from "./bulk.js";
import { refreshReactionCounts } from "./reaction-counts.js";
import { refreshReplyStats } from "./reply-stats.js";

/**
 * Forgets the messages with the given ids that an export stored, in the caller's transaction.
 * Answers how many were forgotten.
 */
export async function forgetExportedMessages(
  tx: BulkTransaction,
  ids: IdRuns,
  defaultTimezone: string,
): Promise<number> {
  const runs: { chat_id: number; low: number; high: number }[] = [];
  for (const [chat_id, list] of ids) {
    for (let i = 0; i < list.length; i += 2)
      runs.push({ chat_id, low: list[i] as number, high: list[i + 1] as number });
  }
  if (runs.length === 0) return 0;
  // The day a message counts on is the chat's local day, as the writer computed it. Dropped at
  // the end: the import that follows runs in the same transaction.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_forget AS
    SELECT m.chat_id, m.message_id, m.date, m.kind, m.reply_to_message_id, m.forward_origin, m.text_length,
           coalesce(m.user_id, m.sender_chat_id) AS sender_id,
           (m.date AT TIME ZONE coalesce(c.timezone, ${defaultTimezone}))::date AS local_day,
           coalesce(c.timezone, ${defaultTimezone}) AS zone
    FROM json_to_recordset(${JSON.stringify(runs)}::json) AS r(chat_id bigint, low int, high int)
    CROSS JOIN LATERAL (SELECT * FROM messages m WHERE m.chat_id = r.chat_id
      AND m.message_id BETWEEN r.low AND r.high AND m.source = 'export' OFFSET 0) m
    LEFT JOIN chats c ON c.id = m.chat_id`);
  const forgotten = await forget(tx, defaultTimezone);
  await tx.execute(sql`DROP TABLE pulse_forget`);
  return forgotten;
}

async function forget(tx: BulkTransaction, defaultTimezone: string): Promise<number> {
  const [count] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM pulse_forget`);
  if (!count?.n) return 0;

  // Hourly: the same filters as ROLLUPS_FROM_CHANGES (ingest/upserts.ts), subtracted.
  await tx.execute(sql`
    UPDATE chat_hourly_activity h SET
      messages = h.messages - x.messages, text_chars = h.text_chars - x.chars, media = h.media - x.media,
      replies = h.replies - x.replies, forwards = h.forwards - x.forwards,
      service_messages = h.service_messages - x.service
    FROM (SELECT chat_id, date_trunc('hour', date, 'UTC') AS hour,
            count(*) FILTER (WHERE kind <> 'service') AS messages,
            coalesce(sum(text_length) FILTER (WHERE kind <> 'service'), 0) AS chars,
            count(*) FILTER (WHERE kind NOT IN ('text', 'service', 'command')) AS media,
            count(*) FILTER (WHERE reply_to_message_id IS NOT NULL AND kind <> 'service') AS replies,
            count(*) FILTER (WHERE forward_origin IS NOT NULL AND kind <> 'service') AS forwards,
            count(*) FILTER (WHERE kind = 'service') AS service
          FROM pulse_forget WHERE kind <> 'command' GROUP BY 1, 2) x
    WHERE h.chat_id = x.chat_id AND h.hour = x.hour`);

  // Per sender and day. A member who opted out has no row for messages counted after that:
  // nothing to subtract there, and nothing goes below zero.
  await tx.execute(sql`
    UPDATE chat_user_daily_activity d SET
      messages = greatest(d.messages - x.messages, 0), text_chars = greatest(d.text_chars - x.chars, 0),
      media = greatest(d.media - x.media, 0), replies = greatest(d.replies - x.replies, 0),
      forwards = greatest(d.forwards - x.forwards, 0)
    FROM (SELECT chat_id, sender_id, local_day, count(*) AS messages, coalesce(sum(text_length), 0) AS chars,
            count(*) FILTER (WHERE kind NOT IN ('text', 'service', 'command')) AS media,
            count(*) FILTER (WHERE reply_to_message_id IS NOT NULL) AS replies,
            count(*) FILTER (WHERE forward_origin IS NOT NULL) AS forwards
          FROM pulse_forget WHERE kind NOT IN ('service', 'command') AND sender_id IS NOT NULL GROUP BY 1, 2, 3) x
    WHERE d.chat_id = x.chat_id AND d.user_id = x.sender_id AND d.day = x.local_day`);

  await tx.execute(sql`
    DELETE FROM messages m USING pulse_forget f WHERE m.chat_id = f.chat_id AND m.message_id = f.message_id`);

  // A sender left without messages on a day is one active sender fewer that day.
  await tx.execute(sql`
    WITH touched AS (
      SELECT DISTINCT chat_id, sender_id, local_day FROM pulse_forget
      WHERE kind NOT IN ('service', 'command') AND sender_id IS NOT NULL
    ),
    emptied AS (
      DELETE FROM chat_user_daily_activity d USING touched t
      WHERE d.chat_id = t.chat_id AND d.user_id = t.sender_id AND d.day = t.local_day AND d.messages <= 0
      RETURNING d.chat_id, d.day
    )
    UPDATE chat_daily_activity c SET active_senders = greatest(c.active_senders - e.n, 0)
    FROM (SELECT chat_id, day, count(*) AS n FROM emptied GROUP BY 1, 2) e
    WHERE c.chat_id = e.chat_id AND c.day = e.day`);
  // The others' first and last message of the day, from what is left.
  await tx.execute(sql`
    UPDATE chat_user_daily_activity d SET first_message_at = s.first_at, last_message_at = s.last_at
    FROM (
      SELECT t.chat_id, t.sender_id, t.local_day, min(m.date) AS first_at, max(m.date) AS last_at
      FROM (SELECT DISTINCT chat_id, sender_id, local_day, zone FROM pulse_forget
            WHERE kind NOT IN ('service', 'command') AND sender_id IS NOT NULL) t
      JOIN messages m ON m.chat_id = t.chat_id
        AND m.date >= (t.local_day::timestamp AT TIME ZONE t.zone)
        AND m.date < ((t.local_day + 1)::timestamp AT TIME ZONE t.zone)
        AND coalesce(m.user_id, m.sender_chat_id) = t.sender_id AND m.kind NOT IN ('service', 'command')
      GROUP BY 1, 2, 3
    ) s
    WHERE d.chat_id = s.chat_id AND d.user_id = s.sender_id AND d.day = s.local_day`);

  // Joins and leaves the export's service messages recorded, at those messages' times (an
  // export's event is stored only beside an export's service message at its time: see
  // insertChunkMemberEvents in bulk.ts).
  await tx.execute(sql`
    WITH gone AS (
      DELETE FROM member_events e
      USING (SELECT DISTINCT chat_id, date FROM pulse_forget WHERE kind = 'service') f
      WHERE e.chat_id = f.chat_id AND e.occurred_at = f.date AND e.source = 'export'
        AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = e.chat_id AND m.date = e.occurred_at
                          AND m.kind = 'service' AND m.source = 'export')
      RETURNING e.chat_id, e.kind, e.occurred_at
    )
    UPDATE chat_hourly_activity h SET joins = h.joins - g.joins, leaves = h.leaves - g.leaves
    FROM (SELECT chat_id, date_trunc('hour', occurred_at, 'UTC') AS hour,
            count(*) FILTER (WHERE kind = 'join') AS joins, count(*) FILTER (WHERE kind <> 'join') AS leaves
          FROM gone GROUP BY 1, 2) g
    WHERE h.chat_id = g.chat_id AND h.hour = g.hour`);

  // What a recount would not have: hours left with nothing, days left without senders.
  await tx.execute(sql`
    DELETE FROM chat_hourly_activity h
    USING (SELECT DISTINCT chat_id, date_trunc('hour', date, 'UTC') AS hour FROM pulse_forget) f
    WHERE h.chat_id = f.chat_id AND h.hour = f.hour AND h.messages = 0 AND h.text_chars = 0 AND h.media = 0
      AND h.replies = 0 AND h.forwards = 0 AND h.service_messages = 0 AND h.joins = 0 AND h.leaves = 0`);
  await tx.execute(sql`
    DELETE FROM chat_daily_activity c USING (SELECT DISTINCT chat_id, local_day FROM pulse_forget) f
    WHERE c.chat_id = f.chat_id AND c.day = f.local_day AND c.active_senders = 0`);

  // Kinds per local day, subtracted; days left without a kind go.
  await tx.execute(sql`
    UPDATE chat_daily_kinds k SET messages = k.messages - x.messages
    FROM (SELECT chat_id, local_day, kind, count(*) AS messages FROM pulse_forget
          WHERE kind NOT IN ('service', 'command') GROUP BY 1, 2, 3) x
    WHERE k.chat_id = x.chat_id AND k.day = x.local_day AND k.kind = x.kind`);
  await tx.execute(sql`
    DELETE FROM chat_daily_kinds k USING (SELECT DISTINCT chat_id, local_day, kind FROM pulse_forget) f
    WHERE k.chat_id = f.chat_id AND k.day = f.local_day AND k.kind = f.kind AND k.messages <= 0`);

  // A touched member's all-time totals are the sum of the days they have left (none: no row).
  await tx.execute(sql`
    WITH touched AS (
      SELECT DISTINCT chat_id, sender_id FROM pulse_forget
      WHERE kind NOT IN ('service', 'command') AND sender_id IS NOT NULL
    ),
    summed AS (
      SELECT t.chat_id, t.sender_id, d.*
      FROM touched t CROSS JOIN LATERAL (
        SELECT sum(messages)::int AS messages, sum(text_chars)::bigint AS text_chars, sum(media)::int AS media,
               sum(replies)::int AS replies, sum(forwards)::int AS forwards, count(*)::int AS active_days,
               min(first_message_at) AS first_at, max(last_message_at) AS last_at
        FROM chat_user_daily_activity WHERE chat_id = t.chat_id AND user_id = t.sender_id) d
    ),
    emptied AS (
      DELETE FROM chat_member_totals m USING summed s
      WHERE m.chat_id = s.chat_id AND m.user_id = s.sender_id AND s.active_days = 0
    )
    UPDATE chat_member_totals m SET messages = s.messages, text_chars = s.text_chars, media = s.media,
      replies = s.replies, forwards = s.forwards, active_days = s.active_days,
      first_message_at = s.first_at, last_message_at = s.last_at
    FROM summed s WHERE m.chat_id = s.chat_id AND m.user_id = s.sender_id AND s.active_days > 0`);

  // The forgotten messages' own reply stats, and those of the messages they replied to.
  await refreshReplyStats(
    tx,
    sql`SELECT chat_id, message_id FROM pulse_forget
        UNION SELECT chat_id, reply_to_message_id FROM pulse_forget WHERE reply_to_message_id IS NOT NULL`,
    defaultTimezone,
  );
  await refreshReactionCounts(tx, sql`SELECT chat_id, message_id FROM pulse_forget`, defaultTimezone);
  return count.n;
}
