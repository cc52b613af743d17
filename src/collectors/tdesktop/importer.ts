// Imports a Telegram Desktop export into the database. A worker thread reads the file and
// encodes it into chunks (import-worker.ts); this thread authorizes each chat and writes the
// chunks through the bulk loader, one while the next is read. Memory stays flat, a message
// already stored (seen live by the bot, or imported before) is neither duplicated nor counted
// twice, and the thread that runs the bot is never blocked by parsing.
import { stat } from "node:fs/promises";
import type { Worker } from "node:worker_threads";
import type { BulkTransaction, Database } from "../../db/client.js";
import { type BulkTotals, bulkLoadChunks, DEFAULT_CHUNK_MESSAGES, type IdRuns, noTotals } from "../../ingest/bulk.js";
import type { EncodedChunk } from "../../ingest/chunk.js";
import { siblingUrl, startWorker } from "../../worker-threads.js";
import { ExportFormatError } from "./errors.js";
import type { ImportWorkerCommand, ImportWorkerInput, ImportWorkerMessage, SerializedError } from "./import-worker.js";

export interface ImportOptions {
  chatId?: number;
  timezone?: string;
  dryRun?: boolean;
  storeText: boolean;
  defaultTimezone: string;
  /** Messages per chunk transaction. */
  chunkMessages?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Called for each chat before any of its records is written; throw to stop the import there. */
  authorizeChat?: (chat: { id: number; name: string; type: string }) => Promise<void>;
  /** Write everything in this transaction, which the caller commits (see BulkOptions). */
  transaction?: BulkTransaction;
  /** Gets the ids of the messages this import inserted added to it. */
  recordInserted?: IdRuns;
  /** Stops the import between chunks, with the signal's reason as the error. */
  signal?: AbortSignal;
  /** The clock (tests fix it): messages dated more than a day after it are left out as invalid. */
  now?: () => Date;
}

/**
 * How far past the import's own clock a message may be dated: the clocks of the computer that
 * made the export and of this one may disagree, and an older export's wall-clock times read
 * in a zone east of the real one land hours late.
 */
export const FUTURE_TOLERANCE_MS = 86_400_000;

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
  /**
   * The first few messages left out for invalid fields, each with its place in the file
   * (all of them are counted in `skipped` under INVALID_MESSAGE).
   */
  invalid: string[];
  /** The message ids read per chat (Bot API id → lowest and highest). */
  messageIds: Map<number, { low: number; high: number }>;
  warnings: string[];
  memberEvents: number;
  reactionStates: number;
  dryRun: boolean;
  seconds: number;
}

/**
 * The reader's heap holds one batch of records and the names of the users it has met (on the
 * 1M-message benchmark export the live heap stays under 40 MB); the encoded chunks live
 * outside it. The cap keeps the garbage collector from letting the heap grow with the file
 * (it would, lazily, to hundreds of MB) and stops a runaway worker. Records die young, but a
 * 16 MB young generation scavenged so often that the worker spent a sixth of its CPU in the
 * collector: with 32 MB the 1M-message import's client CPU fell from 21-24 s to 19-20 s
 * (runs taking turns on one machine) for 17-24 MB more peak RSS (226-230 -> 243-250 MB).
 */
const READER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 32 };

export async function importExport(database: Database, path: string, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const summary: ImportSummary = {
    chats: [],
    messagesRead: 0,
    imported: 0,
    alreadyPresent: 0,
    skipped: {},
    invalid: [],
    messageIds: new Map(),
    warnings: [],
    memberEvents: 0,
    reactionStates: 0,
    dryRun: options.dryRun === true,
    seconds: 0,
  };
  let bytesRead = 0;
  let totals: BulkTotals = noTotals();
  const progress = () =>
    options.onProgress?.({
      bytesRead,
      messagesRead: summary.messagesRead,
      totals,
    });

  await requireRegularFile(path);
  const input: ImportWorkerInput = {
    path,
    chatId: options.chatId,
    timezone: options.timezone,
    storeText: options.storeText,
    chunkMessages: options.chunkMessages ?? DEFAULT_CHUNK_MESSAGES,
    notAfterMs: (options.now?.() ?? new Date()).getTime() + FUTURE_TOLERANCE_MS,
  };
  const worker = startWorker(siblingUrl("import-worker", import.meta.url), {
    resourceLimits: READER_LIMITS,
    workerData: input,
  });

  async function* chunks(): AsyncGenerator<EncodedChunk> {
    for await (const message of messagesOf(worker)) {
      options.signal?.throwIfAborted();
      switch (message.type) {
        case "chat": {
          const chat = { id: message.chat.id, name: message.name, type: message.exportType };
          await options.authorizeChat?.(chat);
          summary.chats.push(chat);
          break;
        }
        case "chunk":
          for (const [chatId, range] of message.chunk.ranges) {
            const seen = summary.messageIds.get(chatId);
            if (!seen) summary.messageIds.set(chatId, { ...range });
            else
              summary.messageIds.set(chatId, {
                low: Math.min(seen.low, range.low),
                high: Math.max(seen.high, range.high),
              });
          }
          worker.postMessage({ type: "taken" } satisfies ImportWorkerCommand);
          yield message.chunk;
          break;
        case "progress":
          summary.messagesRead += message.messages;
          bytesRead = message.bytesRead;
          progress();
          break;
        case "skipped":
          summary.skipped[message.reason] = (summary.skipped[message.reason] ?? 0) + message.count;
          break;
        case "invalid":
          summary.invalid.push(message.message);
          break;
        case "warning":
          summary.warnings.push(message.message);
          break;
        case "done":
          return;
        case "error":
          throw revive(message.error);
      }
    }
  }

  try {
    totals = await bulkLoadChunks(database, chunks(), {
      defaultTimezone: options.defaultTimezone,
      dryRun: options.dryRun,
      transaction: options.transaction,
      recordInserted: options.recordInserted,
      onProgress: (current) => {
        totals = current;
        progress();
      },
    });
  } finally {
    await worker.terminate();
  }
  summary.imported = totals.messagesInserted;
  summary.alreadyPresent = totals.messagesSeen - totals.messagesInserted;
  summary.memberEvents = totals.memberEvents;
  summary.reactionStates = totals.reactionStates;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The worker's messages in order, ending with an error if the worker dies. */
async function* messagesOf(worker: Worker): AsyncGenerator<ImportWorkerMessage> {
  const queue: ImportWorkerMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (message: ImportWorkerMessage) => {
    queue.push(message);
    notify();
  });
  worker.on("error", (error) => {
    failure =
      (error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY"
        ? new Error(
            `the export reader ran out of memory (its heap is capped at ${READER_LIMITS.maxOldGenerationSizeMb} MB): a single message is too large, or the export names too many users`,
          )
        : error;
    notify();
  });
  worker.on("exit", (code) => {
    failure ??= new Error(`the export reader stopped unexpectedly (exit code ${code})`);
    notify();
  });
  while (true) {
    const next = queue.shift();
    if (next) {
      yield next;
      continue;
    }
    if (failure) throw failure;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

function revive(error: SerializedError): Error {
  if (error.name === "ExportFormatError") {
    const revived = new ExportFormatError("");
    revived.message = error.message;
    if (error.code !== undefined) revived.code = error.code;
    if (error.chatId !== undefined) revived.chatId = error.chatId;
    revived.problem = error.problem ?? error.message;
    if (error.key !== undefined) revived.key = error.key;
    if (error.vars !== undefined) revived.vars = error.vars;
    return Object.assign(revived, error.location);
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

/**
 * Only a regular file is read: a directory fails deep in the reader with EISDIR, and a FIFO
 * or a device would block the reader forever waiting for data.
 */
async function requireRegularFile(path: string): Promise<void> {
  let what: string;
  try {
    const stats = await stat(path);
    if (stats.isFile()) return;
    what = stats.isDirectory()
      ? "a directory"
      : stats.isFIFO()
        ? "a named pipe"
        : stats.isSocket()
          ? "a socket"
          : stats.isCharacterDevice() || stats.isBlockDevice()
            ? "a device"
            : "not a regular file";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") throw new ExportFormatError(`${path}: no such file`);
    if (code === "EACCES") throw new ExportFormatError(`${path}: permission denied`);
    throw error;
  }
  throw new ExportFormatError(`${path} is ${what}: give the export's result.json file itself`);
}
