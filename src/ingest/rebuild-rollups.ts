// Recomputes the rollups of chats from what is stored (messages, member_events, users,
// message_reactions), by the rules the writer follows when it maintains them live
// (ROLLUPS_FROM_CHANGES and insertMemberEvents in ./upserts.ts, ./reply-stats.ts,
// ./reaction-counts.ts). For when they can no longer be trusted or must move: after a restore,
// or after a chat's time zone (or DEFAULT_TIMEZONE) changed, since per-member days are local
// days. Only rows that differ are written, so rebuilding chats that are already right writes
// nothing.
//
// One chat (`--chat`, the time-zone change in /settings, the rollups.rezone job) is one
// transaction whose recounts read that chat's index ranges. Every chat at once is also one
// transaction, whose recounts are one grouped pass over each source table for all chats:
// per chat, each recount would read most of the heap again once chats' rows are interleaved
// on disk (at 10M messages in 100 chats: 31 s per chat, against a few seconds per scan of the
// whole table). The price is that live writes wait for the whole run instead of one chat.
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Db, queryRows } from "../db/client.js";
import { replyBucket } from "./reply-stats.js";

type Executor = Pick<Db, "execute">;

export interface RebuildOptions {
  /** One chat; every stored chat when absent. */
  chatId?: number;
  /** The zone of chats without their own (DEFAULT_TIMEZONE). */
  defaultTimezone: string;
  /** Compute and compare, write nothing. */
  dryRun?: boolean;
  /** Called for each chat once its rebuild is committed (all of them at the end, when every chat is rebuilt at once). */
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
  memberReactionDays: TableRebuild;
  /** Rows changed over all the tables (or that would change, in a dry run). */
  changed: number;
  dryRun: boolean;
}

export class UnknownChatError extends Error {
  override name = "UnknownChatError";
}

/**
 * A rollup table as the rebuild sees it: its key besides chat_id, its other columns, and the
 * temporary table the recount goes into (chat_id, then the key, then the values).
 */
interface Rollup {
  name: Exclude<keyof ChatRebuild, "chatId" | "title" | "timezone" | "changed" | "dryRun">;
  table: string;
  recount: string;
  key: string[];
  values: string[];
  /** Stored rows that mean nothing (a histogram cell fallen to zero): not counted as rows, deleted by a rebuild. */
  empty?: string;
}

const ROLLUPS: readonly Rollup[] = [
  {
    name: "hourly",
    table: "chat_hourly_activity",
    recount: "pulse_rebuild_hourly",
    key: ["hour"],
    values: ["messages", "text_chars", "media", "replies", "forwards", "service_messages", "joins", "leaves"],
  },
  {
    name: "memberDays",
    table: "chat_user_daily_activity",
    recount: "pulse_rebuild_member_days",
    key: ["user_id", "day"],
    values: ["messages", "text_chars", "media", "replies", "forwards", "first_message_at", "last_message_at"],
  },
  {
    name: "activeDays",
    table: "chat_daily_activity",
    recount: "pulse_rebuild_active_days",
    key: ["day"],
    values: ["active_senders"],
  },
  {
    name: "kinds",
    table: "chat_daily_kinds",
    recount: "pulse_rebuild_kinds",
    key: ["day", "kind"],
    values: ["messages"],
  },
  {
    name: "memberTotals",
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
  },
  {
    name: "replyStats",
    table: "message_reply_stats",
    recount: "pulse_rebuild_reply_stats",
    key: ["message_id"],
    values: ["date", "replies", "first_reply_at", "first_reply_day", "first_reply_seconds"],
  },
  {
    name: "replyTimes",
    table: "chat_daily_reply_times",
    recount: "pulse_rebuild_reply_times",
    key: ["day", "bucket"],
    values: ["replies"],
    empty: "replies = 0",
  },
  {
    name: "reactionCounts",
    table: "message_reaction_counts",
    recount: "pulse_rebuild_reaction_counts",
    key: ["message_id", "reaction"],
    values: ["count", "day", "sender_id"],
  },
  {
    name: "reactionDays",
    table: "chat_daily_reactions",
    recount: "pulse_rebuild_reaction_days",
    key: ["day", "reaction"],
    values: ["count"],
    empty: "count = 0",
  },
  {
    name: "memberReactionDays",
    table: "chat_member_daily_reactions",
    recount: "pulse_rebuild_member_reaction_days",
    key: ["sender_id", "day", "reaction"],
    values: ["count"],
    empty: "count = 0",
  },
];

/** The rollup tables a rebuild writes. */
export const ROLLUP_TABLES: readonly string[] = ROLLUPS.map((r) => r.table);

interface Chat {
  chatId: number;
  title: string | null;
  timezone: string;
}

/**
 * Which chats a rebuild's statements read and write, as SQL on a table alias. One chat: a
 * literal chat id on every source table (its index ranges). Every chat: the source tables are
 * read whole and grouped; only the groups of stored chats (the temporary pulse_rebuild_chats)
 * are kept, which costs one probe per group instead of one per row.
 */
interface Scope {
  /** A condition on the source rows of alias. */
  rows(alias: string): SQL;
  /** A condition on a grouped recount's chat id column. */
  kept(column: string): SQL;
  /** A condition on alias's stored rollup rows. */
  stored(alias: string): SQL;
  /** The zone of alias.chat_id's local days: a parameter when every chat rebuilt has the same. */
  zone(alias: string): SQL;
  /** What `zone` needs joined after alias in FROM: the chats' zones when they differ. */
  zoneJoin(alias: string): SQL;
}

function oneChat(chat: Chat): Scope {
  const same = (alias: string) => sql`${sql.raw(alias)}.chat_id = ${chat.chatId}`;
  return {
    rows: same,
    kept: () => sql`TRUE`,
    stored: same,
    zone: () => sql`${chat.timezone}`,
    zoneJoin: () => sql``,
  };
}

function allChats(chats: Chat[]): Scope {
  const zones = new Set(chats.map((c) => c.timezone));
  const [only] = zones;
  const single = zones.size === 1 && only !== undefined;
  const stored = (column: string) => sql.raw(`${column} IN (SELECT chat_id FROM pulse_rebuild_chats)`);
  return {
    rows: () => sql`TRUE`,
    kept: stored,
    stored: (alias) => stored(`${alias}.chat_id`),
    zone: (alias) => (single ? sql`${only}` : sql.raw(`${alias}_chat.timezone`)),
    zoneJoin: (alias) =>
      single ? sql`` : sql.raw(`JOIN pulse_rebuild_chats ${alias}_chat ON ${alias}_chat.chat_id = ${alias}.chat_id`),
  };
}

/** Rebuilds the rollups of one chat or of every chat; answers what it found per chat, in chat id order. */
export async function rebuildRollups(database: Database, options: RebuildOptions): Promise<ChatRebuild[]> {
  const dryRun = options.dryRun ?? false;
  if (options.chatId === undefined) {
    const results = await database.db.transaction((tx) => rebuildAll(tx, database, dryRun, options.defaultTimezone));
    for (const result of results) options.onChat?.(result);
    return results;
  }
  const [chat] = await database.rows<{ id: number; title: string | null; timezone: string }>(sql`
    SELECT id, title, coalesce(timezone, ${options.defaultTimezone}) AS timezone FROM chats WHERE id = ${options.chatId}`);
  if (!chat) {
    throw new UnknownChatError(
      `No chat with id ${options.chatId} is stored in this database, so it has no rollups to rebuild. Bot API ids of groups and channels are negative (supergroups start with -100); leave out --chat to rebuild every stored chat.`,
    );
  }
  const result = await database.db.transaction(async (tx) => {
    await lockRollups(tx, dryRun);
    // The zone as it is now, read after the lock: a zone changed (/settings) while this
    // rebuild waited for the lock is the one the writers after it will use.
    const [current] = await queryRows<{ timezone: string }>(
      tx,
      sql`SELECT coalesce(timezone, ${options.defaultTimezone}) AS timezone FROM chats WHERE id = ${chat.id}`,
    );
    const one: Chat = { chatId: Number(chat.id), title: chat.title, timezone: current?.timezone ?? chat.timezone };
    const [rebuilt] = await rebuild(tx, [one], oneChat(one), dryRun, options.defaultTimezone);
    return rebuilt as ChatRebuild;
  });
  options.onChat?.(result);
  return [result];
}

/**
 * The live writer adds to these tables in the same statement that inserts messages. With
 * writers held off from the first recount to the commit, every message is counted exactly
 * once: by this recount if its writer committed before, by its writer's own increments
 * (applied on top of the rebuilt rows) if after. Readers are not held off. PGlite is one
 * session, where this costs nothing.
 */
async function lockRollups(tx: Executor, dryRun: boolean): Promise<void> {
  if (!dryRun) await tx.execute(sql.raw(`LOCK TABLE ${ROLLUPS.map((r) => r.table).join(", ")} IN EXCLUSIVE MODE`));
}

async function rebuildAll(tx: Executor, database: Database, dryRun: boolean, defaultTimezone: string) {
  await lockRollups(tx, dryRun);
  // The chats and their zones as they are under the lock (see rebuildRollups).
  await tx.execute(sql`
    CREATE TEMP TABLE pulse_rebuild_chats ON COMMIT DROP AS
    SELECT id AS chat_id, title, coalesce(timezone, ${defaultTimezone}) AS timezone FROM chats`);
  await tx.execute(sql`ANALYZE pulse_rebuild_chats`);
  const chats = (
    await database.rows<{ chat_id: number; title: string | null; timezone: string }>(
      sql`SELECT chat_id, title, timezone FROM pulse_rebuild_chats ORDER BY chat_id`,
      tx,
    )
  ).map((c) => ({ chatId: Number(c.chat_id), title: c.title, timezone: c.timezone }));
  const results = chats.length === 0 ? [] : await rebuild(tx, chats, allChats(chats), dryRun, defaultTimezone);
  await tx.execute(sql`DROP TABLE pulse_rebuild_chats`);
  return results;
}

async function rebuild(
  tx: Executor,
  chats: Chat[],
  scope: Scope,
  dryRun: boolean,
  defaultTimezone: string,
): Promise<ChatRebuild[]> {
  // The recounts group whole histories; PostgreSQL's default 4 MB would sort on disk. Modest
  // enough for the embedded engine in the bot's own process (as the graph rebuild's); more
  // was slower on PostgreSQL (256 MB: the 5M-message chat's member days 8.7 → 11.8 s). JIT
  // compiled each recount anew for about 0.4 s and bought nothing back.
  await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
  await tx.execute(sql`SET LOCAL jit = off`);
  for (const statement of recounts(scope)) await tx.execute(statement);

  // One comparison per rollup, in ROLLUPS order; only tables that differ are written.
  const byTable = new Map<Rollup, Map<number, TableRebuild>>();
  for (const rollup of ROLLUPS) byTable.set(rollup, await compare(tx, rollup, scope));
  const results = chats.map((chat) => {
    const result = { ...chat, changed: 0, dryRun } as ChatRebuild;
    for (const rollup of ROLLUPS) {
      const table = byTable.get(rollup)?.get(chat.chatId) ?? { before: 0, after: 0, changed: 0 };
      result[rollup.name] = table;
      result.changed += table.changed;
    }
    return result;
  });
  if (!dryRun) {
    for (const rollup of ROLLUPS) {
      const tables = [...(byTable.get(rollup)?.values() ?? [])];
      if (!tables.some((t) => t.changed > 0)) continue;
      await apply(
        tx,
        rollup,
        scope,
        tables.every((t) => t.before === 0),
      );
    }
  }
  await tx.execute(sql.raw(`DROP TABLE ${ROLLUPS.map((r) => r.recount).join(", ")}`));
  if (!dryRun) {
    // A rebuild owed (a zone changed by /settings, an upgrade's new rollups) is done by this
    // one, whoever ran it: the rollups.rezone job need not do it again. The zone is the one
    // read under the lock, so a zone changed since keeps its mark.
    await tx.execute(sql`
      UPDATE chats c SET settings = c.settings - 'rollupsPendingSince'
      FROM (SELECT * FROM jsonb_to_recordset(${JSON.stringify(chats.map((c) => ({ id: c.chatId, timezone: c.timezone })))}::jsonb)
            AS r(id bigint, timezone text)) r
      WHERE c.id = r.id AND c.settings ? 'rollupsPendingSince'
        AND coalesce(c.timezone, ${defaultTimezone}) = r.timezone`);
  }
  return results;
}

/**
 * The recounts, each into its temporary table, by the writer's rules. Hourly, member days and
 * kinds read `messages` once each, reply stats once as a join of replies to their messages,
 * reaction counts once over message_reactions; the other rollups are sums of those.
 */
function recounts(scope: Scope): SQL[] {
  // OFFSET 0 keeps each grouping a subquery of its own: without it the planner would move
  // `kept` (a condition on a grouped column) into the grouping's WHERE, a probe per row.
  return [
    // Hourly: every non-command message (service messages in their own column) and every
    // join or leave, by UTC hour.
    sql`CREATE TEMP TABLE pulse_rebuild_hourly ON COMMIT DROP AS
    WITH counted AS (
      SELECT m.chat_id, date_trunc('hour', m.date, 'UTC') AS hour,
             count(*) FILTER (WHERE m.kind <> 'service') AS messages,
             coalesce(sum(m.text_length) FILTER (WHERE m.kind <> 'service'), 0) AS text_chars,
             count(*) FILTER (WHERE m.kind NOT IN ('text', 'service')) AS media,
             count(*) FILTER (WHERE m.kind <> 'service' AND m.reply_to_message_id IS NOT NULL) AS replies,
             count(*) FILTER (WHERE m.kind <> 'service' AND m.forward_origin IS NOT NULL) AS forwards,
             count(*) FILTER (WHERE m.kind = 'service') AS service_messages
      FROM messages m WHERE ${scope.rows("m")} AND m.kind <> 'command' GROUP BY 1, 2 OFFSET 0
    ),
    movement AS (
      SELECT e.chat_id, date_trunc('hour', e.occurred_at, 'UTC') AS hour,
             count(*) FILTER (WHERE e.kind = 'join') AS joins, count(*) FILTER (WHERE e.kind <> 'join') AS leaves
      FROM member_events e WHERE ${scope.rows("e")} GROUP BY 1, 2 OFFSET 0
    )
    SELECT chat_id, hour, coalesce(c.messages, 0)::int AS messages, coalesce(c.text_chars, 0)::bigint AS text_chars,
           coalesce(c.media, 0)::int AS media, coalesce(c.replies, 0)::int AS replies,
           coalesce(c.forwards, 0)::int AS forwards, coalesce(c.service_messages, 0)::int AS service_messages,
           coalesce(m.joins, 0)::int AS joins, coalesce(m.leaves, 0)::int AS leaves
    FROM counted c FULL JOIN movement m USING (chat_id, hour)
    WHERE ${scope.kept("chat_id")}`,

    // Per sender and local day: messages that are neither service messages nor commands and
    // have a sender, except those the writer left out of their sender's numbers (member_state,
    // see src/db/schema/messages.ts: 1 written while the member had opted out, never counted;
    // 2 erased since, still an active sender of the chat that day). A member who opted out
    // keeps what they had before, as the writer kept it. Days with only erased messages are
    // here (messages = 0) for the active senders below, and deleted after.
    sql`CREATE TEMP TABLE pulse_rebuild_member_days ON COMMIT DROP AS
    SELECT s.* FROM (
      SELECT m.chat_id, coalesce(m.user_id, m.sender_chat_id) AS user_id, (m.date AT TIME ZONE ${scope.zone("m")})::date AS day,
             count(*) FILTER (WHERE m.member_state = 0)::int AS messages,
             coalesce(sum(m.text_length) FILTER (WHERE m.member_state = 0), 0)::bigint AS text_chars,
             count(*) FILTER (WHERE m.member_state = 0 AND m.kind <> 'text')::int AS media,
             count(*) FILTER (WHERE m.member_state = 0 AND m.reply_to_message_id IS NOT NULL)::int AS replies,
             count(*) FILTER (WHERE m.member_state = 0 AND m.forward_origin IS NOT NULL)::int AS forwards,
             min(m.date) FILTER (WHERE m.member_state = 0) AS first_message_at,
             max(m.date) FILTER (WHERE m.member_state = 0) AS last_message_at
      FROM messages m ${scope.zoneJoin("m")}
      WHERE ${scope.rows("m")} AND m.kind NOT IN ('service', 'command') AND coalesce(m.user_id, m.sender_chat_id) IS NOT NULL
        AND m.member_state <> 1
      GROUP BY 1, 2, 3 OFFSET 0
    ) s
    WHERE ${scope.kept("s.chat_id")}`,

    // Active senders of a day: the senders the writer counted that day (a per-member row
    // created), erased ones included.
    sql`CREATE TEMP TABLE pulse_rebuild_active_days ON COMMIT DROP AS
    SELECT chat_id, day, count(*)::int AS active_senders FROM pulse_rebuild_member_days GROUP BY 1, 2`,
    sql`DELETE FROM pulse_rebuild_member_days WHERE messages = 0`,

    // All-time per member: the sum of the member's days.
    sql`CREATE TEMP TABLE pulse_rebuild_member_totals ON COMMIT DROP AS
    SELECT chat_id, user_id, sum(messages)::int AS messages, sum(text_chars)::bigint AS text_chars,
           sum(media)::int AS media, sum(replies)::int AS replies, sum(forwards)::int AS forwards,
           count(*)::int AS active_days, min(first_message_at) AS first_message_at, max(last_message_at) AS last_message_at
    FROM pulse_rebuild_member_days GROUP BY 1, 2`,

    // Kinds per local day: the messages the hourly rollup counts, without service messages.
    sql`CREATE TEMP TABLE pulse_rebuild_kinds ON COMMIT DROP AS
    SELECT k.* FROM (
      SELECT m.chat_id, (m.date AT TIME ZONE ${scope.zone("m")})::date AS day, m.kind, count(*)::int AS messages
      FROM messages m ${scope.zoneJoin("m")}
      WHERE ${scope.rows("m")} AND m.kind NOT IN ('service', 'command') GROUP BY 1, 2, 3 OFFSET 0
    ) k
    WHERE ${scope.kept("k.chat_id")}`,

    // Reply stats, by the rules of ingest/reply-stats.ts: per message that is not a command,
    // its replies (messages other than service messages and commands), and the first of them
    // by someone other than its author, at or after it, on that reply's local day. Grouped by
    // the replied message's key, of which its other columns are a function.
    sql`CREATE TEMP TABLE pulse_rebuild_reply_stats ON COMMIT DROP AS
    SELECT s.chat_id, s.message_id, s.date, s.replies, s.first_reply_at,
           (s.first_reply_at AT TIME ZONE ${scope.zone("s")})::date AS first_reply_day,
           floor(extract(epoch FROM s.first_reply_at - s.date))::int AS first_reply_seconds
    FROM (
      SELECT p.chat_id, p.message_id, p.date, count(*)::int AS replies,
             min(r.date) FILTER (WHERE r.date >= p.date
               AND coalesce(r.user_id, r.sender_chat_id) IS DISTINCT FROM coalesce(p.user_id, p.sender_chat_id)) AS first_reply_at
      FROM messages r JOIN messages p ON p.chat_id = r.chat_id AND p.message_id = r.reply_to_message_id
      WHERE ${scope.rows("r")} AND r.reply_to_message_id IS NOT NULL AND r.kind NOT IN ('service', 'command')
        AND p.kind <> 'command'
      GROUP BY p.chat_id, p.message_id OFFSET 0
    ) s ${scope.zoneJoin("s")}
    WHERE ${scope.kept("s.chat_id")}`,
    // The bucket (numeric logarithms, slow by the million) once per distinct delay; MATERIALIZED,
    // or the planner would compute it per row again.
    sql`CREATE TEMP TABLE pulse_rebuild_reply_times ON COMMIT DROP AS
    WITH buckets AS MATERIALIZED (
      SELECT seconds, ${replyBucket("seconds")} AS bucket
      FROM (SELECT DISTINCT first_reply_seconds AS seconds FROM pulse_rebuild_reply_stats WHERE first_reply_at IS NOT NULL) d
    )
    SELECT s.chat_id, s.first_reply_day AS day, b.bucket, count(*)::int AS replies
    FROM pulse_rebuild_reply_stats s JOIN buckets b ON b.seconds = s.first_reply_seconds
    WHERE s.first_reply_at IS NOT NULL GROUP BY 1, 2, 3`,

    // Reaction counts, by the rules of ingest/reaction-counts.ts: per message that is not a
    // command and reaction, Telegram's aggregate count when the message has that tier (for any
    // of its reactions; one row per reaction, user_id NULL), otherwise one per visible reactor;
    // on the message's local day. Split by tier, only the visible reactors need grouping.
    sql`CREATE TEMP TABLE pulse_rebuild_reaction_counts ON COMMIT DROP AS
    WITH counted AS (
      SELECT a.chat_id, a.message_id, a.reaction, a.count FROM message_reactions a
      WHERE ${scope.rows("a")} AND a.user_id IS NULL AND a.count > 0
      UNION ALL
      SELECT v.chat_id, v.message_id, v.reaction, count(*)::int FROM message_reactions v
      WHERE ${scope.rows("v")} AND v.user_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM message_reactions a WHERE a.chat_id = v.chat_id AND a.message_id = v.message_id AND a.user_id IS NULL)
      GROUP BY 1, 2, 3
    )
    SELECT c.chat_id, c.message_id, c.reaction, c.count,
           (m.date AT TIME ZONE ${scope.zone("m")})::date AS day, coalesce(m.user_id, m.sender_chat_id) AS sender_id
    FROM counted c JOIN messages m ON m.chat_id = c.chat_id AND m.message_id = c.message_id ${scope.zoneJoin("m")}
    WHERE m.kind <> 'command' AND ${scope.kept("c.chat_id")}`,
    sql`CREATE TEMP TABLE pulse_rebuild_reaction_days ON COMMIT DROP AS
    SELECT chat_id, day, reaction, sum(count)::int AS count FROM pulse_rebuild_reaction_counts GROUP BY 1, 2, 3`,
    sql`CREATE TEMP TABLE pulse_rebuild_member_reaction_days ON COMMIT DROP AS
    SELECT chat_id, sender_id, day, reaction, sum(count)::int AS count FROM pulse_rebuild_reaction_counts
    WHERE sender_id IS NOT NULL GROUP BY 1, 2, 3, 4`,
  ];
}

const list = (columns: string[], alias: string) => columns.map((c) => `${alias}.${c}`).join(", ");

/** Stored rows of the scope in `rollup.table` against the recount, per chat: before, after and changed. */
async function compare(tx: Executor, rollup: Rollup, scope: Scope): Promise<Map<number, TableRebuild>> {
  const table = sql.raw(rollup.table);
  const recount = sql.raw(rollup.recount);
  const [stored] = await queryRows<{ any: boolean }>(
    tx,
    sql`SELECT EXISTS (SELECT 1 FROM ${table} o WHERE ${scope.stored("o")}) AS any`,
  );
  // Nothing stored yet (a first build: a new rollup after an upgrade, a restore without
  // rollups, a generated dataset): every recounted row is new, nothing to compare.
  const counted = stored?.any
    ? sql`SELECT chat_id, count(o.chat_id)::int AS before, count(n.chat_id)::int AS after,
             count(*) FILTER (WHERE (${sql.raw(list(rollup.values, "o"))}) IS DISTINCT FROM (${sql.raw(list(rollup.values, "n"))}))::int AS changed
          FROM (SELECT * FROM ${table} o WHERE ${scope.stored("o")} ${sql.raw(rollup.empty ? `AND NOT (${rollup.empty})` : "")}) o
          FULL JOIN ${recount} n USING (chat_id, ${sql.raw(rollup.key.join(", "))})
          GROUP BY chat_id`
    : sql`SELECT chat_id, 0 AS before, count(*)::int AS after, count(*)::int AS changed FROM ${recount} GROUP BY chat_id`;
  const rows = await queryRows<{ chat_id: number; before: number; after: number; changed: number }>(tx, counted);
  return new Map(rows.map((r) => [Number(r.chat_id), { before: r.before, after: r.after, changed: r.changed }]));
}

/** Makes the scope's rows in `rollup.table` equal the recount, touching only rows that differ. */
async function apply(tx: Executor, rollup: Rollup, scope: Scope, empty: boolean): Promise<void> {
  const table = sql.raw(rollup.table);
  const recount = sql.raw(rollup.recount);
  const keys = ["chat_id", ...rollup.key];
  const columns = sql.raw([...keys, ...rollup.values].join(", "));
  const fresh = sql.raw(list([...keys, ...rollup.values], "n"));
  const order = sql.raw(list(keys, "n"));
  const sameKey = sql.raw(keys.map((k) => `n.${k} = o.${k}`).join(" AND "));
  if (empty) {
    // Rows that mean nothing (rollup.empty) may still be there: they go first.
    await tx.execute(sql`DELETE FROM ${table} o WHERE ${scope.stored("o")}`);
    await tx.execute(sql`INSERT INTO ${table} (${columns}) SELECT ${fresh} FROM ${recount} n ORDER BY ${order}`);
    return;
  }
  // Joined on the key (one hash join over the whole table, not a probe per row); a row whose
  // values are equal stays.
  await tx.execute(sql`
    DELETE FROM ${table} o WHERE ${scope.stored("o")} AND NOT EXISTS (
      SELECT 1 FROM ${recount} n
      WHERE ${sameKey} AND (${sql.raw(list(rollup.values, "n"))}) IS NOT DISTINCT FROM (${sql.raw(list(rollup.values, "o"))}))`);
  // What is left equals the recount; the rest of the recount is inserted.
  await tx.execute(sql`
    INSERT INTO ${table} (${columns})
    SELECT ${fresh} FROM ${recount} n WHERE NOT EXISTS (SELECT 1 FROM ${table} o WHERE ${sameKey})
    ORDER BY ${order}`);
}
