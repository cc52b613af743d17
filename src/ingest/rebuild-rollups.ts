// Recomputes the rollups of a chat from what is stored (messages, member_events, users), by
// the rules the writer follows when it maintains them live (ROLLUPS_FROM_CHANGES and
// insertMemberEvents in ./upserts.ts). For when they can no longer be trusted or must move:
// after a restore, or after a chat's time zone (or DEFAULT_TIMEZONE) changed, since
// per-member days are local days. Each chat is one transaction, and only rows that differ are
// written, so rebuilding a chat that is already right writes nothing.
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Db, queryRows } from "../db/client.js";
import { recountChatReactions } from "./reaction-counts.js";
import { recountChatReplyStats, replyBucket } from "./reply-stats.js";

type Executor = Pick<Db, "execute">;

export interface RebuildOptions {
  /** One chat; every stored chat when absent. */
  chatId?: number;
  /** The zone of chats without their own (DEFAULT_TIMEZONE). */
  defaultTimezone: string;
  /** Compute and compare, write nothing. */
  dryRun?: boolean;
  /** Called as each chat is done, so a long run can report as it goes. */
  onChat?: (result: ChatRebuild) => void;
}

/** One rollup table of one chat: its rows before and after, and how many were added, removed or altered. */
export interface TableRebuild {
  before: number;
  after: number;
  changed: number;
}

export interface ChatRebuild {
  chatId: number;
  title: string | null;
  timezone: string;
  hourly: TableRebuild;
  memberDays: TableRebuild;
  activeDays: TableRebuild;
  kinds: TableRebuild;
  memberTotals: TableRebuild;
  replyStats: TableRebuild;
  replyTimes: TableRebuild;
  reactionCounts: TableRebuild;
  reactionDays: TableRebuild;
  /** Rows changed over all the tables (or that would change, in a dry run). */
  changed: number;
  dryRun: boolean;
}

export class UnknownChatError extends Error {
  override name = "UnknownChatError";
}

/**
 * A rollup table as the rebuild sees it: its key besides chat_id, its other columns, and the
 * temporary table the recount goes into.
 */
interface Rollup {
  table: string;
  recount: string;
  key: string[];
  values: string[];
  /** Stored rows that mean nothing (a histogram cell fallen to zero): not counted as rows, deleted by a rebuild. */
  empty?: string;
}

const HOURLY: Rollup = {
  table: "chat_hourly_activity",
  recount: "pulse_rebuild_hourly",
  key: ["hour"],
  values: ["messages", "text_chars", "media", "replies", "forwards", "service_messages", "joins", "leaves"],
};
const MEMBER_DAYS: Rollup = {
  table: "chat_user_daily_activity",
  recount: "pulse_rebuild_member_days",
  key: ["user_id", "day"],
  values: ["messages", "text_chars", "media", "replies", "forwards", "first_message_at", "last_message_at"],
};
const ACTIVE_DAYS: Rollup = {
  table: "chat_daily_activity",
  recount: "pulse_rebuild_active_days",
  key: ["day"],
  values: ["active_senders"],
};
const KINDS: Rollup = {
  table: "chat_daily_kinds",
  recount: "pulse_rebuild_kinds",
  key: ["day", "kind"],
  values: ["messages"],
};
const MEMBER_TOTALS: Rollup = {
  table: "chat_member_totals",
  recount: "pulse_rebuild_member_totals",
  key: ["user_id"],
  values: [
    "messages",
    "text_chars",
    "media",
    "replies",
    "forwards",
    "active_days",
    "first_message_at",
    "last_message_at",
  ],
};
const REPLY_STATS: Rollup = {
  table: "message_reply_stats",
  recount: "pulse_rebuild_reply_stats",
  key: ["message_id"],
  values: ["date", "replies", "first_reply_at", "first_reply_day", "first_reply_seconds"],
};
const REPLY_TIMES: Rollup = {
  table: "chat_daily_reply_times",
  recount: "pulse_rebuild_reply_times",
  key: ["day", "bucket"],
  values: ["replies"],
  empty: "replies = 0",
};
const REACTION_COUNTS: Rollup = {
  table: "message_reaction_counts",
  recount: "pulse_rebuild_reaction_counts",
  key: ["message_id", "reaction"],
  values: ["count", "day", "sender_id"],
};
const REACTION_DAYS: Rollup = {
  table: "chat_daily_reactions",
  recount: "pulse_rebuild_reaction_days",
  key: ["day", "reaction"],
  values: ["count"],
  empty: "count = 0",
};
const ROLLUPS = [
  HOURLY,
  MEMBER_DAYS,
  ACTIVE_DAYS,
  KINDS,
  MEMBER_TOTALS,
  REPLY_STATS,
  REPLY_TIMES,
  REACTION_COUNTS,
  REACTION_DAYS,
] as const;

/** Rebuilds the rollups of one chat or of every chat; answers what it found per chat. */
export async function rebuildRollups(database: Database, options: RebuildOptions): Promise<ChatRebuild[]> {
  const chats = await database.rows<{ id: number; title: string | null; timezone: string }>(sql`
    SELECT id, title, coalesce(timezone, ${options.defaultTimezone}) AS timezone FROM chats
    ${options.chatId === undefined ? sql`` : sql`WHERE id = ${options.chatId}`} ORDER BY id`);
  if (options.chatId !== undefined && chats.length === 0) {
    throw new UnknownChatError(
      `No chat with id ${options.chatId} is stored in this database, so it has no rollups to rebuild. Bot API ids of groups and channels are negative (supergroups start with -100); leave out --chat to rebuild every stored chat.`,
    );
  }
  const results: ChatRebuild[] = [];
  for (const chat of chats) {
    const result = await database.db.transaction((tx) =>
      rebuildChat(
        tx,
        { chatId: Number(chat.id), title: chat.title, timezone: chat.timezone },
        options.dryRun ?? false,
        options.defaultTimezone,
      ),
    );
    results.push(result);
    options.onChat?.(result);
  }
  return results;
}

async function rebuildChat(
  tx: Executor,
  chat: { chatId: number; title: string | null; timezone: string },
  dryRun: boolean,
  defaultTimezone: string,
): Promise<ChatRebuild> {
  const { chatId } = chat;
  if (!dryRun) {
    // The live writer adds to these tables in the same statement that inserts messages. With
    // writers held off from the first recount to the commit, every message is counted exactly
    // once: by this recount if its writer committed before, by its writer's own increments
    // (applied on top of the rebuilt rows) if after. Readers are not held off. PGlite is one
    // session, where this costs nothing.
    await tx.execute(sql.raw(`LOCK TABLE ${ROLLUPS.map((r) => r.table).join(", ")} IN EXCLUSIVE MODE`));
  }
  // The zone as it is now, read after the lock: a zone changed (/settings) while this rebuild
  // waited for the lock is the one the writers after it will use.
  const [current] = await queryRows<{ timezone: string }>(
    tx,
    sql`SELECT coalesce(timezone, ${defaultTimezone}) AS timezone FROM chats WHERE id = ${chatId}`,
  );
  const timezone = current?.timezone ?? chat.timezone;
  // The recounts group a chat's whole history; PostgreSQL's default 4 MB would sort on disk.
  // Modest enough for the embedded engine in the bot's own process (as the graph rebuild's).
  await tx.execute(sql`SET LOCAL work_mem = '64MB'`);

  // Hourly: every non-command message (service messages in their own column) and every
  // join or leave, by UTC hour.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_hourly ON COMMIT DROP AS
    WITH counted AS (
      SELECT date_trunc('hour', date, 'UTC') AS hour,
             count(*) FILTER (WHERE kind <> 'service') AS messages,
             coalesce(sum(text_length) FILTER (WHERE kind <> 'service'), 0) AS text_chars,
             count(*) FILTER (WHERE kind NOT IN ('text', 'service')) AS media,
             count(*) FILTER (WHERE kind <> 'service' AND reply_to_message_id IS NOT NULL) AS replies,
             count(*) FILTER (WHERE kind <> 'service' AND forward_origin IS NOT NULL) AS forwards,
             count(*) FILTER (WHERE kind = 'service') AS service_messages
      FROM messages WHERE chat_id = ${chatId} AND kind <> 'command' GROUP BY 1
    ),
    movement AS (
      SELECT date_trunc('hour', occurred_at, 'UTC') AS hour,
             count(*) FILTER (WHERE kind = 'join') AS joins, count(*) FILTER (WHERE kind <> 'join') AS leaves
      FROM member_events WHERE chat_id = ${chatId} GROUP BY 1
    )
    SELECT hour, coalesce(c.messages, 0)::int AS messages, coalesce(c.text_chars, 0)::bigint AS text_chars,
           coalesce(c.media, 0)::int AS media, coalesce(c.replies, 0)::int AS replies,
           coalesce(c.forwards, 0)::int AS forwards, coalesce(c.service_messages, 0)::int AS service_messages,
           coalesce(m.joins, 0)::int AS joins, coalesce(m.leaves, 0)::int AS leaves
    FROM counted c FULL JOIN movement m USING (hour)`);

  // Per sender and local day: messages that are neither service messages nor commands and
  // have a sender; none for members who opted out (they count in the chat's totals only).
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_member_days ON COMMIT DROP AS
    SELECT s.* FROM (
      SELECT coalesce(user_id, sender_chat_id) AS user_id, (date AT TIME ZONE ${timezone})::date AS day,
             count(*)::int AS messages, coalesce(sum(text_length), 0)::bigint AS text_chars,
             count(*) FILTER (WHERE kind <> 'text')::int AS media,
             count(*) FILTER (WHERE reply_to_message_id IS NOT NULL)::int AS replies,
             count(*) FILTER (WHERE forward_origin IS NOT NULL)::int AS forwards,
             min(date) AS first_message_at, max(date) AS last_message_at
      FROM messages
      WHERE chat_id = ${chatId} AND kind NOT IN ('service', 'command') AND coalesce(user_id, sender_chat_id) IS NOT NULL
      GROUP BY 1, 2
    ) s
    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.opted_out)`);

  // Active senders of a day: the number of per-member rows of that day, as the writer counts them.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_active_days ON COMMIT DROP AS
    SELECT day, count(*)::int AS active_senders FROM pulse_rebuild_member_days GROUP BY day`);

  // All-time per member: the sum of the member's days.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_member_totals ON COMMIT DROP AS
    SELECT user_id, sum(messages)::int AS messages, sum(text_chars)::bigint AS text_chars, sum(media)::int AS media,
           sum(replies)::int AS replies, sum(forwards)::int AS forwards, count(*)::int AS active_days,
           min(first_message_at) AS first_message_at, max(last_message_at) AS last_message_at
    FROM pulse_rebuild_member_days GROUP BY user_id`);

  // Kinds per local day: the messages the hourly rollup counts, without service messages.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_kinds ON COMMIT DROP AS
    SELECT (date AT TIME ZONE ${timezone})::date AS day, kind, count(*)::int AS messages
    FROM messages WHERE chat_id = ${chatId} AND kind NOT IN ('service', 'command') GROUP BY 1, 2`);

  // Reply stats by the writer's own recount (ingest/reply-stats.ts), and their histogram.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_reply_stats ON COMMIT DROP AS
    SELECT message_id, date, replies, first_reply_at, first_reply_day, first_reply_seconds
    FROM (${recountChatReplyStats(chatId, defaultTimezone)}) s`);
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_reply_times ON COMMIT DROP AS
    SELECT first_reply_day AS day, ${replyBucket("first_reply_seconds")} AS bucket, count(*)::int AS replies
    FROM pulse_rebuild_reply_stats WHERE first_reply_at IS NOT NULL GROUP BY 1, 2`);

  // Reaction counts by the writer's own recount (ingest/reaction-counts.ts), and per day.
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_reaction_counts ON COMMIT DROP AS
    SELECT message_id, reaction, count, day, sender_id FROM (${recountChatReactions(chatId, defaultTimezone)}) s`);
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_reaction_days ON COMMIT DROP AS
    SELECT day, reaction, sum(count)::int AS count FROM pulse_rebuild_reaction_counts GROUP BY 1, 2`);

  // One comparison per rollup, in ROLLUPS order; only tables that differ are written.
  const tables: TableRebuild[] = [];
  for (const rollup of ROLLUPS) tables.push(await compare(tx, rollup, chatId));
  const changed = tables.reduce((sum, table) => sum + table.changed, 0);
  if (!dryRun && changed > 0) {
    for (const [i, rollup] of ROLLUPS.entries()) {
      const table = tables[i] as TableRebuild;
      if (table.changed === 0) continue;
      // A first build (a new rollup after an upgrade, a restore without rollups) has nothing
      // to compare with: the recount goes in as it is.
      await apply(tx, rollup, chatId, table.before === 0);
    }
  }
  await tx.execute(sql.raw(`DROP TABLE ${ROLLUPS.map((r) => r.recount).join(", ")}`));
  if (!dryRun) {
    // A rebuild owed (a zone changed by /settings, an upgrade's new rollups) is done by this
    // one, whoever ran it: the rollups.rezone job need not do it again. Its zone is the one
    // read under the lock, so a zone changed since keeps its mark.
    await tx.execute(sql`
      UPDATE chats SET settings = settings - 'rollupsPendingSince'
      WHERE id = ${chatId} AND settings ? 'rollupsPendingSince'
        AND coalesce(timezone, ${defaultTimezone}) = ${timezone}`);
  }
  const [hourly, memberDays, activeDays, kinds, memberTotals, replyStats, replyTimes, reactionCounts, reactionDays] =
    tables;
  return {
    ...chat,
    timezone,
    hourly: hourly as TableRebuild,
    memberDays: memberDays as TableRebuild,
    activeDays: activeDays as TableRebuild,
    kinds: kinds as TableRebuild,
    memberTotals: memberTotals as TableRebuild,
    replyStats: replyStats as TableRebuild,
    replyTimes: replyTimes as TableRebuild,
    reactionCounts: reactionCounts as TableRebuild,
    reactionDays: reactionDays as TableRebuild,
    changed,
    dryRun,
  };
}

const list = (columns: string[], alias: string) => columns.map((c) => `${alias}.${c}`).join(", ");

/** Rows of the chat in `rollup.table` against the recount: before, after and changed. */
async function compare(tx: Executor, rollup: Rollup, chatId: number): Promise<TableRebuild> {
  const { table, recount, key, values } = rollup;
  const stored = sql.raw(rollup.empty ? `AND NOT (${rollup.empty})` : "");
  const [row] = await queryRows<{ before: number; after: number; changed: number }>(
    tx,
    sql`SELECT
      (SELECT count(*)::int FROM ${sql.raw(table)} WHERE chat_id = ${chatId} ${stored}) AS before,
      (SELECT count(*)::int FROM ${sql.raw(recount)}) AS after,
      (SELECT count(*)::int FROM (SELECT * FROM ${sql.raw(table)} WHERE chat_id = ${chatId} ${stored}) o
         FULL JOIN ${sql.raw(recount)} n USING (${sql.raw(key.join(", "))})
         WHERE (${sql.raw(list(values, "o"))}) IS DISTINCT FROM (${sql.raw(list(values, "n"))})) AS changed`,
  );
  return { before: row?.before ?? 0, after: row?.after ?? 0, changed: row?.changed ?? 0 };
}

/** Makes the chat's rows in `rollup.table` equal the recount, touching only rows that differ. */
async function apply(tx: Executor, rollup: Rollup, chatId: number, empty: boolean): Promise<void> {
  const { table, recount, key, values } = rollup;
  const sameKey = key.map((k) => `n.${k} = o.${k}`).join(" AND ");
  const columns = [...key, ...values];
  if (empty) {
    // Rows that mean nothing (rollup.empty) may still be there: they go first.
    await tx.execute(sql`DELETE FROM ${sql.raw(table)} WHERE chat_id = ${chatId}`);
    await tx.execute(sql`
      INSERT INTO ${sql.raw(table)} (chat_id, ${sql.raw(columns.join(", "))})
      SELECT ${chatId}::bigint, ${sql.raw(list(columns, "n"))} FROM ${sql.raw(recount)} n`);
    return;
  }
  const deleteStale: SQL = sql`
    DELETE FROM ${sql.raw(table)} o WHERE o.chat_id = ${chatId} AND NOT EXISTS (
      SELECT 1 FROM ${sql.raw(recount)} n
      WHERE ${sql.raw(sameKey)} AND (${sql.raw(list(values, "n"))}) = (${sql.raw(list(values, "o"))}))`;
  await tx.execute(deleteStale);
  // What is left equals the recount; the rest of the recount is inserted.
  await tx.execute(sql`
    INSERT INTO ${sql.raw(table)} (chat_id, ${sql.raw(columns.join(", "))})
    SELECT ${chatId}::bigint, ${sql.raw(list(columns, "n"))} FROM ${sql.raw(recount)} n
    WHERE NOT EXISTS (SELECT 1 FROM ${sql.raw(table)} o WHERE o.chat_id = ${chatId} AND ${sql.raw(sameKey)})
    ORDER BY ${sql.raw(list(key, "n"))}`);
}
