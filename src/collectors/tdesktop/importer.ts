// Imports a Telegram Desktop export into the database: the streaming reader's records go
// through the bulk loader, so memory stays flat and a message already stored (seen live by
// the bot, or imported before) is neither duplicated nor counted twice.
import type { Database } from "../../db/client.js";
import { type BulkTotals, bulkLoad } from "../../ingest/bulk.js";
import type { IngestBatch } from "../../ingest/records.js";
import { readExport } from "./reader.js";

export interface ImportOptions {
  chatId?: number;
  timezone?: string;
  dryRun?: boolean;
  storeText: boolean;
  defaultTimezone: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Called for each chat before any of its records is written; throw to stop the import there. */
  authorizeChat?: (chat: { id: number; name: string; type: string }) => Promise<void>;
}

export interface ImportProgress {
  bytesRead: number;
  messagesRead: number;
  totals: BulkTotals;
}

export interface ImportSummary {
  chats: { id: number; name: string; type: string }[];
  messagesRead: number;
  imported: number;
  alreadyPresent: number;
  skipped: Record<string, number>;
  warnings: string[];
  memberEvents: number;
  reactionStates: number;
  dryRun: boolean;
  seconds: number;
}

export async function importExport(
  database: Database,
  input: string | NodeJS.ReadableStream,
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = performance.now();
  const summary: ImportSummary = {
    chats: [],
    messagesRead: 0,
    imported: 0,
    alreadyPresent: 0,
    skipped: {},
    warnings: [],
    memberEvents: 0,
    reactionStates: 0,
    dryRun: options.dryRun === true,
    seconds: 0,
  };
  let bytesRead = 0;

  async function* batches(): AsyncGenerator<IngestBatch> {
    for await (const event of readExport(input, {
      chatId: options.chatId,
      timezone: options.timezone,
      storeText: options.storeText,
    })) {
      switch (event.type) {
        case "chat": {
          const chat = { id: event.chat.id, name: event.name, type: event.exportType };
          await options.authorizeChat?.(chat);
          summary.chats.push(chat);
          yield { chats: [event.chat] };
          break;
        }
        case "batch":
          summary.messagesRead += event.messages;
          bytesRead = event.bytesRead;
          yield event.batch;
          break;
        case "skipped":
          summary.skipped[event.reason] = (summary.skipped[event.reason] ?? 0) + event.count;
          break;
        case "warning":
          summary.warnings.push(event.message);
          break;
      }
    }
  }

  const totals = await bulkLoad(database, batches(), {
    defaultTimezone: options.defaultTimezone,
    dryRun: options.dryRun,
    onProgress: (totals) => options.onProgress?.({ bytesRead, messagesRead: summary.messagesRead, totals }),
  });
  summary.imported = totals.messagesInserted;
  summary.alreadyPresent = totals.messagesSeen - totals.messagesInserted;
  summary.memberEvents = totals.memberEvents;
  summary.reactionStates = totals.reactionStates;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
