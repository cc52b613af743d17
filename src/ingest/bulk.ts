// Bulk loading for imports: the same records, keys and rollups as the live writer, arranged
// for throughput.
//
// Records are gathered into chunks (50,000 messages by default), encoded as COPY text, and
// each chunk is written in one transaction with COPY, the fastest way into PostgreSQL. While
// one chunk is being written, the next one is produced (by the import's worker thread, see
// collectors/tdesktop/import-worker.ts), so reading and the database work at the same time.
//
// A chunk takes one of two paths:
// - fast: none of its message ids, and no reaction state of those messages, is stored yet
//   (the usual case: history nobody has seen). Rows are copied straight into their tables.
// - merge: some are stored already (a re-import, or history the bot saw live). The stored
//   message keys and reaction-state dates are read first and the rows that would change
//   nothing are dropped from the COPY text; the rest goes through temporary tables and is
//   merged: existing messages are kept as they are, and a reaction state replaces the stored
//   one only when it is newer.
// If a fast chunk collides with rows written meanwhile (the bot or another import writing
// the same messages), its transaction fails on the unique key and the chunk is redone as a
// merge. Either way the rollups are fed from the rows this transaction inserted (matched by
// transaction id), so nothing is counted twice. An interrupted load leaves whole chunks
// behind and running it again adds only what is missing.
//
// A load may also run inside a transaction its caller holds (reading an older export again in
// another time zone forgets the earlier reading and loads the file in one transaction, so a
// failure or a stop changes nothing). Then every chunk is merged and the rollups are fed once
// at the end, from the union of the chunks' id ranges: rows a transaction inserted carry its id
// whichever chunk wrote them, so per-chunk counting could count overlapping ranges twice.
import { type SQL, sql } from "drizzle-orm";
import { type BulkTransaction, type Database, queryRows } from "../db/client.js";
import { ChunkBuilder, type EncodedChunk } from "./chunk.js";
import { filterCopyLines } from "./copy-lines.js";
import { MESSAGE_COPY_COLUMNS, REACTION_COLUMNS } from "./copy-text.js";
import { mergeBatches } from "./merge.js";
import { copyReactionCounts, reactedInRanges, refreshReactionCounts } from "./reaction-counts.js";
import type { IngestBatch } from "./records.js";
import { refreshReplyStats } from "./reply-stats.js";
import { insertMemberEvents, ROLLUPS_FROM_CHANGES, upsertChats, upsertUsers } from "./upserts.js";

export interface BulkTotals {
  messagesSeen: number;
  messagesInserted: number;
  memberEvents: number;
  reactionStates: number;
  users: number;
  chunks: number;
  /** Chunks that found some of their rows already stored and were merged. */
  mergedChunks: number;
}

/**
 * Message ids per chat as sorted runs of consecutive ids, flattened: [low, high, low, high, …].
 * What a load inserted, kept compactly so that exactly those rows can be found again.
 */
export type IdRuns = Map<number, number[]>;

/** Adds the run low..high of `chatId` to `runs`, merged with the runs it touches. */
export function addIdRun(runs: IdRuns, chatId: number, low: number, high: number): void {
  const list = runs.get(chatId);
  if (!list) {
    runs.set(chatId, [low, high]);
    return;
  }
  if (low > (list[list.length - 1] as number) + 1) {
    list.push(low, high); // the usual case: ids arrive in ascending order
    return;
  }
  const pairs: [number, number][] = [[low, high]];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i] as number, list[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: number[] = [];
  for (const [l, h] of pairs) {
    const end = merged.length - 1;
    if (end > 0 && l <= (merged[end] as number) + 1) merged[end] = Math.max(merged[end] as number, h);
    else merged.push(l, h);
  }
  runs.set(chatId, merged);
}

export function noTotals(): BulkTotals {
  return {
    messagesSeen: 0,
    messagesInserted: 0,
    memberEvents: 0,
    reactionStates: 0,
    users: 0,
    chunks: 0,
    mergedChunks: 0,
  };
}

export interface BulkOptions {
  defaultTimezone: string;
  /** Messages per chunk transaction. */
  chunkMessages?: number;
  /** Roll every chunk back: count what would be stored, store nothing. */
  dryRun?: boolean;
  onProgress?: (totals: BulkTotals) => void;
  /**
   * Write every chunk in this transaction, held by the caller, who commits or rolls back the
   * whole load. Chunks are merged, and the rollups fed once when the last chunk is written.
   */
  transaction?: BulkTransaction;
  /** Gets the ids of the messages this load inserted added to it. */
  recordInserted?: IdRuns;
}

interface RangeRow {
  chat_id: number;
  low: number;
  high: number;
}

function chunkRanges(chunk: EncodedChunk): RangeRow[] {
  return [...chunk.ranges].map(([chat_id, r]) => ({ chat_id, low: r.low, high: r.high }));
}

function rangesSql(rows: RangeRow[]): SQL {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) AS r(chat_id bigint, low int, high int)`;
}

function rangesJson(chunk: EncodedChunk): SQL {
  return rangesSql(chunkRanges(chunk));
}

const REACTION_STATE_COLUMNS = "chat_id, message_id, actor_id, date";

class DryRunRollback extends Error {}
class StoredRowsFound extends Error {}

/** Loads ingest batches (gathered into chunks here, in this thread). */
export function bulkLoad(
  database: Database,
  batches: AsyncIterable<IngestBatch>,
  options: BulkOptions,
): Promise<BulkTotals> {
  return bulkLoadChunks(database, chunksOf(batches, options.chunkMessages ?? DEFAULT_CHUNK_MESSAGES), options);
}

export const DEFAULT_CHUNK_MESSAGES = 50_000;

export async function* chunksOf(batches: AsyncIterable<IngestBatch>, chunkMessages: number) {
  const builder = new ChunkBuilder();
  for await (const batch of batches) {
    builder.add(batch);
    if (builder.messageCount >= chunkMessages) yield builder.take();
  }
  if (!builder.isEmpty) yield builder.take();
}

/** Loads encoded chunks, writing one while the next is being produced. */
export async function bulkLoadChunks(
  database: Database,
  chunks: AsyncIterable<EncodedChunk>,
  options: BulkOptions,
): Promise<BulkTotals> {
  const totals = noTotals();
  const shared = options.transaction;
  /** In a shared transaction: the id ranges the chunks covered, per chat, merged. */
  const covered: IdRuns = new Map();
  const write = async (chunk: EncodedChunk) => {
    let inserted = 0;
    let merged = true;
    if (shared) {
      await mergeChunk(shared, chunk, options);
      for (const [chatId, range] of chunk.ranges) addIdRun(covered, chatId, range.low, range.high);
    } else {
      ({ inserted, merged } = await writeChunk(database, chunk, options));
    }
    totals.messagesSeen += chunk.messageCount;
    totals.messagesInserted += inserted;
    totals.memberEvents += chunk.memberEvents.length;
    totals.reactionStates += chunk.stateCount;
    totals.users += chunk.users.length;
    totals.chunks++;
    if (merged) totals.mergedChunks++;
    options.onProgress?.({ ...totals });
  };

  // At most one chunk is being written while the next one is produced.
  let writing: Promise<void> | undefined;
  try {
    for await (const chunk of chunks) {
      await writing;
      writing = write(chunk);
      // A failed write surfaces at the next await; keep it from being reported as unhandled.
      writing.catch(() => {});
    }
  } catch (error) {
    // The producer failed: the chunk being written is whole, let it commit before reporting.
    await writing;
    throw error;
  }
  await writing;
  if (shared && covered.size > 0) {
    const ranges: RangeRow[] = [];
    for (const [chat_id, runs] of covered) {
      for (let i = 0; i < runs.length; i += 2)
        ranges.push({ chat_id, low: runs[i] as number, high: runs[i + 1] as number });
    }
    totals.messagesInserted = await rollupsFromInserted(shared, ranges, options);
    await refreshReactionCounts(shared, reactedInRanges(rangesSql(ranges)), options.defaultTimezone);
    options.onProgress?.({ ...totals });
  }
  return totals;
}

async function writeChunk(
  database: Database,
  chunk: EncodedChunk,
  options: BulkOptions,
): Promise<{ inserted: number; merged: boolean }> {
  /** One transaction of `write`; a dry run rolls it back and still answers its count. */
  const attempt = async (write: typeof copyChunk): Promise<number> => {
    let inserted = 0;
    try {
      await database.bulkTransaction(async (tx) => {
        inserted = await write(tx, chunk, options);
        if (options.dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    return inserted;
  };
  try {
    return { inserted: await attempt(copyChunk), merged: false };
  } catch (error) {
    // Stored rows (found up front, or written by someone else meanwhile): merge instead.
    if (!(error instanceof StoredRowsFound || isUniqueViolation(error))) throw error;
  }
  return { inserted: await attempt(mergeChunk), merged: true };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

async function writeRecords(tx: BulkTransaction, chunk: EncodedChunk): Promise<void> {
  const merged = mergeBatches([{ chats: chunk.chats, users: chunk.users }]);
  // An export is a file anyone can edit: it may add chats Pulse has not seen, but what a
  // known chat is called and what type it is come only from Telegram (bot or user session).
  // Otherwise an admin of one chat could rename any other by naming it as a sender.
  await upsertChats(tx, merged.chats, "create");
  await upsertUsers(tx, merged.users);
}

/** The fast path: nothing of this chunk is stored yet, so its rows are copied in as they are. */
async function copyChunk(tx: BulkTransaction, chunk: EncodedChunk, options: BulkOptions): Promise<number> {
  await writeRecords(tx, chunk);
  if (chunk.ranges.size > 0) {
    // LATERAL … LIMIT 1 makes each range one index probe, whatever the planner guesses
    // about the ranges (it cannot see into the JSON).
    const probe = (table: SQL) => sql`EXISTS (SELECT 1 FROM r, LATERAL (
        SELECT 1 FROM ${table} t WHERE t.chat_id = r.chat_id AND t.message_id BETWEEN r.low AND r.high LIMIT 1) p)`;
    const stored = await queryRows<{ found: boolean }>(
      tx,
      sql`WITH r AS (SELECT * FROM ${rangesJson(chunk)})
          SELECT ${probe(sql`messages`)} OR ${probe(sql`message_reaction_states`)}
          OR ${probe(sql`message_reactions`)} AS found`,
    );
    if (stored[0]?.found) throw new StoredRowsFound();
  }
  if (chunk.messages.length) await tx.copyFrom("messages", MESSAGE_COPY_COLUMNS, chunk.messages);
  if (chunk.states.length) await tx.copyFrom("message_reaction_states", REACTION_STATE_COLUMNS, chunk.states);
  if (chunk.reactions.length) await tx.copyFrom("message_reactions", REACTION_COLUMNS, chunk.reactions);
  const inserted = chunk.messageCount === 0 ? 0 : await rollupsFromInserted(tx, chunkRanges(chunk), options);
  if (chunk.reactionCountsExact) await copyReactionCounts(tx, chunk.reactionCounts, options.defaultTimezone);
  else if (chunk.ranges.size > 0)
    await refreshReactionCounts(tx, reactedInRanges(rangesJson(chunk)), options.defaultTimezone);
  await dropOptedOutTexts(tx, chunk);
  await insertChunkMemberEvents(tx, chunk);
  return inserted;
}

/**
 * COPY stores what the file says, so texts of members who opted out (and their name on
 * messages forwarded from them) are cleared from this chunk's new rows in its transaction,
 * as the live writer never stores them, and their messages are marked member_state 1, as the
 * writer marks them (the rollups leave them out of the member's numbers). Costs one look at
 * `users` when nobody opted out.
 */
async function dropOptedOutTexts(tx: BulkTransaction, chunk: EncodedChunk): Promise<void> {
  if (chunk.ranges.size === 0) return;
  const [optedOut] = await queryRows<{ ids: string | null }>(
    tx,
    sql`SELECT json_agg(id)::text AS ids FROM users WHERE opted_out`,
  );
  if (!optedOut?.ids) return;
  const ids = sql`(SELECT (json_array_elements_text(${optedOut.ids}::json))::bigint)`;
  await tx.execute(sql`
    UPDATE messages m SET
      text = CASE WHEN m.user_id IN ${ids} THEN NULL ELSE m.text END,
      member_state = CASE WHEN m.user_id IN ${ids} THEN 1 ELSE m.member_state END,
      forward_from_name = CASE WHEN m.forward_from_id IN ${ids} THEN NULL ELSE m.forward_from_name END
    FROM ${rangesJson(chunk)}
    WHERE m.chat_id = r.chat_id AND m.message_id BETWEEN r.low AND r.high AND m.xmin = pg_current_xact_id()::xid
      AND (m.user_id IN ${ids} OR (m.forward_from_name IS NOT NULL AND m.forward_from_id IN ${ids}))`);
}

const STAGED_MESSAGES = sql.raw("pulse_bulk_messages");
const STAGED_STATES = sql.raw("pulse_bulk_reaction_states");
const STAGED_REACTIONS = sql.raw("pulse_bulk_reactions");
const APPLIED_STATES = sql.raw("pulse_bulk_applied_states");

/** The merge path: rows go through temporary tables; stored messages and newer states win. */
async function mergeChunk(tx: BulkTransaction, chunk: EncodedChunk, options: BulkOptions): Promise<number> {
  await writeRecords(tx, chunk);
  // Temporary tables live as long as the connection; ON COMMIT DELETE ROWS empties them.
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS ${STAGED_MESSAGES}
    (LIKE messages INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS ${STAGED_STATES}
    (LIKE message_reaction_states) ON COMMIT DELETE ROWS`);
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS ${STAGED_REACTIONS}
    (LIKE message_reactions) ON COMMIT DELETE ROWS`);
  await tx.execute(sql`CREATE TEMP TABLE IF NOT EXISTS ${APPLIED_STATES}
    (LIKE message_reaction_states) ON COMMIT DELETE ROWS`);
  // In a shared transaction the previous chunk's rows are still there.
  if (options.transaction) {
    await tx.execute(sql`TRUNCATE ${STAGED_MESSAGES}, ${STAGED_STATES}, ${STAGED_REACTIONS}, ${APPLIED_STATES}`);
  }

  // Rows already stored as they are in the chunk are left out before anything is copied.
  const storedMessages = new Set(
    (
      await queryRows<{ key: string }>(
        tx,
        sql`SELECT m.chat_id::text || ':' || m.message_id AS key FROM ${rangesJson(chunk)}, LATERAL (
          SELECT chat_id, message_id FROM messages m
          WHERE m.chat_id = r.chat_id AND m.message_id BETWEEN r.low AND r.high) m`,
      )
    ).map((row) => row.key),
  );
  const newMessages = filterCopyLines(chunk.messages, 2, ([chat, id]) => !storedMessages.has(`${chat}:${id}`));
  let inserted = 0;
  if (newMessages.length > 0) {
    await tx.copyFrom("pulse_bulk_messages", MESSAGE_COPY_COLUMNS, newMessages);
    await tx.execute(sql`
      INSERT INTO messages (${sql.raw(MESSAGE_COPY_COLUMNS)})
      SELECT ${sql.raw(MESSAGE_COPY_COLUMNS)} FROM ${STAGED_MESSAGES}
      ON CONFLICT (chat_id, message_id) DO NOTHING`);
    // In a shared transaction the rollups are fed once, after the last chunk.
    if (!options.transaction) inserted = await rollupsFromInserted(tx, chunkRanges(chunk), options);
    await dropOptedOutTexts(tx, chunk);
  }

  // A stored reaction state as new as the chunk's (a replay) needs no work at all.
  const storedStates = new Map(
    (
      await queryRows<{ key: string; ms: number }>(
        tx,
        sql`SELECT s.chat_id::text || ':' || s.message_id || ':' || coalesce(s.actor_id::text, '\\N') AS key,
                   (extract(epoch FROM s.date) * 1000)::float8 AS ms
            FROM ${rangesJson(chunk)}, LATERAL (
              SELECT chat_id, message_id, actor_id, date FROM message_reaction_states s
              WHERE s.chat_id = r.chat_id AND s.message_id BETWEEN r.low AND r.high) s`,
      )
    ).map((row) => [row.key, row.ms] as const),
  );
  const newer = (key: string, date: string) => {
    const stored = storedStates.get(key);
    return stored === undefined || Date.parse(date) > stored;
  };
  const states = filterCopyLines(chunk.states, 4, ([chat, id, actor, date]) =>
    newer(`${chat}:${id}:${actor}`, date as string),
  );
  const reactions = filterCopyLines(chunk.reactions, 6, ([chat, id, , user, , date]) =>
    newer(`${chat}:${id}:${user}`, date as string),
  );
  if (states.length > 0) {
    await tx.copyFrom("pulse_bulk_reaction_states", REACTION_STATE_COLUMNS, states);
    if (reactions.length > 0) await tx.copyFrom("pulse_bulk_reactions", REACTION_COLUMNS, reactions);
    // A state is applied when it is new or newer than the stored one (the latest per key
    // within the chunk); an equal date is the same state again and changes nothing.
    await tx.execute(sql`
      WITH applied AS (
        INSERT INTO message_reaction_states AS s (chat_id, message_id, actor_id, date)
        SELECT DISTINCT ON (chat_id, message_id, actor_id) chat_id, message_id, actor_id, date
        FROM ${STAGED_STATES} ORDER BY chat_id, message_id, actor_id, date DESC
        ON CONFLICT ON CONSTRAINT message_reaction_states_key DO UPDATE SET date = excluded.date
        WHERE excluded.date > s.date
        RETURNING chat_id, message_id, actor_id, date
      )
      INSERT INTO ${APPLIED_STATES} SELECT * FROM applied`);
    await tx.execute(sql`
      DELETE FROM message_reactions r USING ${APPLIED_STATES} a
      WHERE r.chat_id = a.chat_id AND r.message_id = a.message_id AND r.user_id IS NOT DISTINCT FROM a.actor_id`);
    // Telegram never uses 0 as an id, so coalesce(…, 0) matches the aggregate tier (NULL)
    // with an equality the planner can hash.
    await tx.execute(sql`
      INSERT INTO message_reactions (${sql.raw(REACTION_COLUMNS)})
      SELECT x.chat_id, x.message_id, x.reaction, x.user_id, x.count, x.date, x.source
      FROM ${STAGED_REACTIONS} x JOIN ${APPLIED_STATES} a
        ON x.chat_id = a.chat_id AND x.message_id = a.message_id
       AND coalesce(x.user_id, 0) = coalesce(a.actor_id, 0) AND x.date = a.date
      ON CONFLICT ON CONSTRAINT message_reactions_key DO NOTHING`);
  }
  // In a shared transaction the reaction counts are fed once, after the last chunk.
  if (!options.transaction && chunk.ranges.size > 0) {
    await refreshReactionCounts(tx, reactedInRanges(rangesJson(chunk)), options.defaultTimezone);
  }
  await insertChunkMemberEvents(tx, chunk);
  return inserted;
}

/**
 * An export's joins and leaves come from its service messages, at their times. Each is stored
 * only beside a service message an export stored at that moment: one the bot or the user
 * session stored already has its event (at its exact time, which an older export's wall clock
 * read in the wrong zone misses, so the export's would be a second one), and forgetting an
 * export's service messages takes exactly their events with them (ingest/forget-export.ts).
 * Events named late (members the export lists by name) find their message stored by an earlier
 * chunk.
 */
async function insertChunkMemberEvents(tx: BulkTransaction, chunk: EncodedChunk): Promise<void> {
  const events = mergeBatches([{ memberEvents: chunk.memberEvents }]).memberEvents;
  const fromExport = events.flatMap((e, i) =>
    e.source === "export" ? [{ i, chat_id: e.chatId, at: e.occurredAt.toISOString() }] : [],
  );
  let kept = events;
  if (fromExport.length > 0) {
    const backed = await queryRows<{ i: number }>(
      tx,
      sql`SELECT t.i FROM json_to_recordset(${JSON.stringify(fromExport)}::json) AS t(i int, chat_id bigint, at timestamptz)
          WHERE EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = t.chat_id AND m.date = t.at
                          AND m.kind = 'service' AND m.source = 'export')`,
    );
    const keep = new Set(backed.map((row) => row.i));
    kept = events.filter((e, i) => e.source !== "export" || keep.has(i));
  }
  await insertMemberEvents(tx, kept);
}

/**
 * Feeds the rollups from the messages this transaction inserted in the given id ranges (xmin
 * is the inserting transaction; the ranges must not overlap), and answers how many there were.
 * Records their ids when asked to.
 */
async function rollupsFromInserted(tx: BulkTransaction, ranges: RangeRow[], options: BulkOptions): Promise<number> {
  const result = await queryRows<{ inserted: number }>(
    tx,
    sql`
      WITH changes AS (
        SELECT n.chat_id, n.date, n.kind, true AS inserted, n.kind = 'service' AS is_service, n.kind = 'command' AS is_command,
               n.reply_to_message_id IS NOT NULL AS is_reply, n.forward_origin IS NOT NULL AS is_forward,
               n.kind NOT IN ('text', 'service', 'command') AS is_media, n.text_length AS chars,
               coalesce(n.user_id, n.sender_chat_id) AS sender_id,
               (n.date AT TIME ZONE coalesce(c.timezone, ${options.defaultTimezone}))::date AS local_day
        FROM ${rangesSql(ranges)}
        -- LATERAL: a primary-key range scan per chat, never a scan of the whole table.
        CROSS JOIN LATERAL (SELECT m.chat_id, m.date, m.kind, m.reply_to_message_id, m.forward_origin,
            m.text_length, m.user_id, m.sender_chat_id FROM messages m WHERE m.chat_id = r.chat_id
          AND m.message_id BETWEEN r.low AND r.high AND m.xmin = pg_current_xact_id()::xid OFFSET 0) n
        LEFT JOIN chats c ON c.id = n.chat_id
      ),
      ${ROLLUPS_FROM_CHANGES}`,
  );
  const inserted = result[0]?.inserted ?? 0;
  if (inserted > 0) {
    // The messages whose reply stats may have changed are the ones with replies among the
    // new rows, and the ones in these id ranges with replies stored before (one range of
    // the reply index per chat finds both); the new rows only ever point at those.
    await refreshReplyStats(
      tx,
      sql`SELECT r.chat_id, x.reply_to_message_id AS message_id FROM ${rangesSql(ranges)}
          CROSS JOIN LATERAL (SELECT m.reply_to_message_id FROM messages m WHERE m.chat_id = r.chat_id
            AND m.reply_to_message_id BETWEEN r.low AND r.high OFFSET 0) x
          UNION
          SELECT r.chat_id, n.reply_to_message_id FROM ${rangesSql(ranges)}
          CROSS JOIN LATERAL (SELECT m.reply_to_message_id FROM messages m WHERE m.chat_id = r.chat_id
            AND m.message_id BETWEEN r.low AND r.high AND m.xmin = pg_current_xact_id()::xid
            AND m.reply_to_message_id IS NOT NULL OFFSET 0) n`,
      options.defaultTimezone,
    );
  }
  if (options.recordInserted && inserted > 0) {
    // Runs of consecutive ids: ids minus their rank are equal within a run.
    const runs = await queryRows<{ chat_id: string; low: number; high: number }>(
      tx,
      sql`SELECT chat_id::text, min(message_id) AS low, max(message_id) AS high FROM (
            SELECT n.chat_id, n.message_id,
                   n.message_id - row_number() OVER (PARTITION BY n.chat_id ORDER BY n.message_id) AS run
            FROM ${rangesSql(ranges)}
            CROSS JOIN LATERAL (SELECT m.chat_id, m.message_id FROM messages m WHERE m.chat_id = r.chat_id
              AND m.message_id BETWEEN r.low AND r.high AND m.xmin = pg_current_xact_id()::xid OFFSET 0) n
          ) x GROUP BY chat_id, run ORDER BY chat_id, low`,
    );
    for (const run of runs) addIdRun(options.recordInserted, Number(run.chat_id), run.low, run.high);
  }
  return inserted;
}
