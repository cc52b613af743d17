// Bulk loading for imports and backfills: the same records and keys as the live writer,
// arranged for throughput. Messages are inserted batch by batch (duplicates ignored) inside a
// chunk transaction that also keeps the rows it inserted in a temporary table; at the end of
// the chunk the rollups are updated once from that table, instead of once per batch. A chunk
// commits its messages and their rollup contributions together, so an interrupted load
// leaves whole chunks behind and running it again adds only what is missing.
import { sql } from "drizzle-orm";
import type { Database, Db } from "../db/client.js";
import { mergeBatches } from "./merge.js";
import type { IngestBatch } from "./records.js";
import {
  insertMemberEvents,
  insertNewMessages,
  ROLLUPS_FROM_CHANGES,
  replaceReactionCounts,
  replaceUserReactions,
  upsertChats,
  upsertUsers,
} from "./upserts.js";

export interface BulkTotals {
  messagesSeen: number;
  messagesInserted: number;
  memberEvents: number;
  reactionStates: number;
  users: number;
  chunks: number;
}

export interface BulkOptions {
  defaultTimezone: string;
  /** Messages per chunk transaction. */
  chunkMessages?: number;
  /** Roll every chunk back: count what would be stored, store nothing. */
  dryRun?: boolean;
  onProgress?: (totals: BulkTotals) => void;
}

class DryRunRollback extends Error {}

const STAGING = sql.raw("pulse_bulk_new_messages");

export async function bulkLoad(
  database: Database,
  batches: AsyncIterable<IngestBatch>,
  options: BulkOptions,
): Promise<BulkTotals> {
  const chunkMessages = options.chunkMessages ?? 50_000;
  const totals: BulkTotals = {
    messagesSeen: 0,
    messagesInserted: 0,
    memberEvents: 0,
    reactionStates: 0,
    users: 0,
    chunks: 0,
  };
  const iterator = batches[Symbol.asyncIterator]();
  let exhausted = false;
  while (!exhausted) {
    const chunk = { ...totals };
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`
          CREATE TEMP TABLE IF NOT EXISTS ${STAGING} (
            chat_id bigint, user_id bigint, sender_chat_id bigint, date timestamptz, kind text,
            text_length int, reply_to_message_id int, forward_origin text
          ) ON COMMIT DELETE ROWS`);
        let seen = 0;
        while (seen < chunkMessages) {
          const next = await iterator.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          seen += await writeBatch(tx, next.value, chunk);
          options.onProgress?.({ ...chunk });
        }
        await tx.execute(sql`
          WITH changes AS (
            SELECT n.chat_id, n.date, true AS inserted, n.kind = 'service' AS is_service,
                   n.reply_to_message_id IS NOT NULL AS is_reply, n.forward_origin IS NOT NULL AS is_forward,
                   n.kind NOT IN ('text', 'service') AS is_media, n.text_length AS chars,
                   coalesce(n.user_id, n.sender_chat_id) AS sender_id,
                   (n.date AT TIME ZONE coalesce(c.timezone, ${options.defaultTimezone}))::date AS local_day
            FROM ${STAGING} n LEFT JOIN chats c ON c.id = n.chat_id
          ),
          ${ROLLUPS_FROM_CHANGES}`);
        chunk.chunks++;
        if (options.dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
    Object.assign(totals, chunk);
  }
  return totals;
}

async function writeBatch(tx: Pick<Db, "execute">, batch: IngestBatch, totals: BulkTotals): Promise<number> {
  const merged = mergeBatches([batch]);
  await upsertChats(tx, merged.chats);
  await upsertUsers(tx, merged.users);
  const inserted = await insertNewMessages(tx, merged.messages, STAGING);
  await insertMemberEvents(tx, merged.memberEvents);
  await replaceReactionCounts(tx, merged.reactionCounts);
  await replaceUserReactions(tx, merged.userReactions);
  totals.messagesSeen += merged.messages.length;
  totals.messagesInserted += inserted;
  totals.memberEvents += merged.memberEvents.length;
  totals.reactionStates += merged.reactionCounts.length + merged.userReactions.length;
  totals.users += merged.users.length;
  return merged.messages.length;
}
