// The worker thread of an import: reads the export and encodes it into chunks for the bulk
// loader, while the thread that started it writes the previous chunk to the database.
// Parsing a multi-GB file this way never blocks the bot's event loop, runs beside the
// database writes, and its heap is capped (see importer.ts), so memory stays flat.
import { stat } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { ChunkBuilder, type EncodedChunk, transferables } from "../../ingest/chunk.js";
import type { ChatRecord } from "../../ingest/records.js";
import { ExportFormatError } from "./errors.js";
import { readExport } from "./reader.js";

export interface ImportWorkerInput {
  path: string;
  chatId?: number;
  timezone?: string;
  storeText: boolean;
  chunkMessages: number;
  /** Messages dated after this instant (ms) are left out as invalid. */
  notAfterMs: number;
}

/** What the worker says, in file order. */
export type ImportWorkerMessage =
  | { type: "chat"; chat: ChatRecord; exportType: string; name: string }
  | { type: "chunk"; chunk: EncodedChunk }
  | { type: "progress"; messages: number; bytesRead: number }
  | { type: "skipped"; reason: string; count: number }
  | { type: "invalid"; message: string }
  | { type: "warning"; message: string }
  | { type: "done" }
  | { type: "error"; error: SerializedError };

/** The parent takes a chunk off the worker's hands: the worker may read further. */
export type ImportWorkerCommand = { type: "taken" };

export interface SerializedError {
  name: string;
  message: string;
  location?: { byteOffset?: number; line?: number; column?: number; path?: string };
  code?: ExportFormatError["code"];
  chatId?: number;
  problem?: string;
  key?: string;
  vars?: Record<string, string | number>;
}

/**
 * Chunks posted but not yet taken by the parent before the worker stops reading. The parent
 * takes one when it is about to write it, so at most three chunks exist at once: one being
 * written, one taken and waiting for that write, one posted.
 */
const READ_AHEAD = 1;

async function run(port: NonNullable<typeof parentPort>, input: ImportWorkerInput): Promise<void> {
  const send = (message: ImportWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  let untaken = 0;
  let resume: (() => void) | undefined;
  port.on("message", (command: ImportWorkerCommand) => {
    if (command.type !== "taken") return;
    untaken--;
    resume?.();
  });
  const post = async (chunk: EncodedChunk) => {
    send({ type: "chunk", chunk }, transferables(chunk));
    untaken++;
    while (untaken >= READ_AHEAD) await new Promise<void>((resolve) => (resume = resolve));
  };

  const builder = new ChunkBuilder();
  const fileBytes = (await stat(input.path)).size;
  let chunks = 0;
  let messages = 0;
  for await (const event of readExport(input.path, {
    chatId: input.chatId,
    timezone: input.timezone,
    storeText: input.storeText,
    notAfter: new Date(input.notAfterMs),
  })) {
    switch (event.type) {
      case "chat":
        // Its records follow in later chunks, so the parent sees the chat before them.
        send({ type: "chat", chat: event.chat, exportType: event.exportType, name: event.name });
        builder.add({ chats: [event.chat] });
        break;
      case "batch":
        builder.add(event.batch);
        send({ type: "progress", messages: event.messages, bytesRead: event.bytesRead });
        messages += event.messages;
        if (builder.messageCount >= chunkTarget(input.chunkMessages, chunks, messages, event.bytesRead, fileBytes)) {
          chunks++;
          await post(builder.take());
        }
        break;
      case "skipped":
        send({ type: "skipped", reason: event.reason, count: event.count });
        break;
      case "invalid":
        send({ type: "invalid", message: event.message });
        break;
      case "warning":
        send({ type: "warning", message: event.message });
        break;
    }
  }
  if (!builder.isEmpty) await post(builder.take());
  send({ type: "done" });
}

/**
 * How many messages the chunk being built should reach before it is posted. The database
 * waits for the first chunk and the file is done when the last one is still to be written:
 * neither overlaps anything. So the first chunks are small (an eighth, a quarter, a half),
 * and near the end of the file a chunk is posted once it holds what is left to read, as
 * estimated from the bytes per message so far: the tail halves each time, down to a batch.
 */
export function chunkTarget(
  chunkMessages: number,
  posted: number,
  messagesRead: number,
  bytesRead: number,
  fileBytes: number,
): number {
  let target = posted < 3 ? chunkMessages / 2 ** (3 - posted) : chunkMessages;
  if (messagesRead > 0 && bytesRead > 0) {
    const left = ((fileBytes - bytesRead) * messagesRead) / bytesRead;
    target = Math.min(target, left);
  }
  return target;
}

function serialize(error: unknown): SerializedError {
  if (error instanceof ExportFormatError) {
    const { byteOffset, line, column, path, code, chatId, problem, key, vars } = error;
    return {
      name: error.name,
      message: error.message,
      location: { byteOffset, line, column, path },
      code,
      chatId,
      problem,
      key,
      vars,
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as ImportWorkerInput).catch((error: unknown) => {
    port.postMessage({ type: "error", error: serialize(error) } satisfies ImportWorkerMessage);
  });
}
