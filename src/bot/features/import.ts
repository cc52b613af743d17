// An admin sends a Telegram Desktop export (result.json) to the bot in private; Pulse imports
// it, with progress in the chat. Only chats the sender administers (and the bot is in) are
// imported; the file is streamed to a temporary file and read from there with flat memory.
// Imports run a few at a time (IMPORT_CONCURRENCY), the rest wait in line; any other file
// gets an answer saying how to make a JSON export. On shutdown, imports stop between chunks
// (stopImports) and tell their senders what was kept.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Composer, InlineKeyboard } from "grammy";
import type { Document } from "grammy/types";
import { ExportFormatError } from "../../collectors/tdesktop/errors.js";
import { type ImportOptions, type ImportSummary, importExport } from "../../collectors/tdesktop/importer.js";
import { INVALID_MESSAGE } from "../../collectors/tdesktop/reader.js";
import type { IdRuns } from "../../ingest/bulk.js";
import { forgetExportedMessages } from "../../ingest/forget-export.js";
import { getChatInfo } from "../../queries/chats.js";
import type { BotDeps, PulseContext } from "../context.js";
import { escapeHtml, formatNumber } from "../format.js";
import { ImportQueue } from "../import-queue.js";

export const importFeature = new Composer<PulseContext>();

class NotAllowed extends Error {}
class ShuttingDown extends Error {}

/** One signal per running bot, raised by stopImports; every import of that bot watches it. */
const stopSignals = new WeakMap<BotDeps, AbortController>();
/** The imports of a running bot that have not ended, so a shutdown can wait for them. */
const running = new WeakMap<BotDeps, Set<Promise<void>>>();

function stopSignalOf(deps: BotDeps): AbortSignal {
  let controller = stopSignals.get(deps);
  if (!controller) {
    controller = new AbortController();
    stopSignals.set(deps, controller);
  }
  return controller.signal;
}

/**
 * Stops the bot's imports between chunks and waits up to `timeoutMs` for each to end and tell
 * its sender what was kept. An import already written stays; a reading in another zone is one
 * transaction and is rolled back whole.
 */
export async function stopImports(deps: BotDeps, timeoutMs: number): Promise<void> {
  stopSignalOf(deps);
  stopSignals.get(deps)?.abort(new ShuttingDown("Pulse is shutting down"));
  const pending = [...(running.get(deps) ?? [])];
  if (pending.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(pending),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/** Runs an import beside the update that started it, where a shutdown can find it. */
function track(deps: BotDeps, work: Promise<void>): void {
  let set = running.get(deps);
  if (!set) {
    set = new Set();
    running.set(deps, set);
  }
  const all = set;
  const done = work.finally(() => all.delete(done));
  all.add(done);
}

/**
 * Zones offered for re-reading an older export, one button each: where most exports come
 * from; the command line takes any IANA zone.
 */
export const OFFERED_ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Moscow",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "America/New_York",
  "America/Los_Angeles",
];

/** An older export imported in an assumed zone, which its sender may have re-read in another. */
interface RezoneOffer {
  userId: number;
  fileId: string;
  zone: string;
  /** The messages this reading inserted, per chat: the only ones a re-reading moves. */
  inserted: IdRuns;
  expires: number;
}

const OFFER_MS = 24 * 3_600_000;
const MAX_OFFERS = 500;
/** Run bounds kept over all offers (8 bytes each): the oldest offers go beyond that. */
const MAX_OFFER_BOUNDS = 4_000_000;
const offers = new WeakMap<BotDeps, Map<string, RezoneOffer>>();

const boundsOf = (offer: RezoneOffer) => [...offer.inserted.values()].reduce((sum, runs) => sum + runs.length, 0);

function offersOf(deps: BotDeps): Map<string, RezoneOffer> {
  let map = offers.get(deps);
  if (!map) {
    map = new Map();
    offers.set(deps, map);
  }
  return map;
}

/** Keeps an offer under a new random token, making room by dropping expired and the oldest ones. */
function keepOffer(deps: BotDeps, offer: RezoneOffer): string | undefined {
  const map = offersOf(deps);
  const now = Date.now();
  let bounds = boundsOf(offer);
  if (bounds > MAX_OFFER_BOUNDS) return undefined;
  for (const other of map.values()) bounds += boundsOf(other);
  for (const [token, old] of map) {
    if (old.expires < now || map.size >= MAX_OFFERS || bounds > MAX_OFFER_BOUNDS) {
      map.delete(token);
      bounds -= boundsOf(old);
    }
  }
  const token = randomBytes(6).toString("base64url");
  map.set(token, offer);
  return token;
}

/** Buttons for the zones other than `zone`; their data names the offer by its token. */
function zoneKeyboard(token: string, current: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  let inRow = 0;
  OFFERED_ZONES.forEach((zone, index) => {
    if (zone === current) return;
    keyboard.text(zone, `iz|${token}|${index}`);
    if (++inRow % 2 === 0) keyboard.row();
  });
  return keyboard;
}

/** One line of imports per running bot (tests start several in one process). */
const queues = new WeakMap<BotDeps, ImportQueue>();

function queueOf(deps: BotDeps): ImportQueue {
  let queue = queues.get(deps);
  if (!queue) {
    queue = new ImportQueue(deps.config.importConcurrency);
    queues.set(deps, queue);
  }
  return queue;
}

export const HOW_TO_EXPORT =
  "To export a chat as JSON in Telegram Desktop: open the chat → ⋮ menu → <b>Export chat history</b> → " +
  "<b>Format: Machine-readable JSON</b>; uncheck photos, videos, files and the other media (I don't need " +
  "them, and they make the export big) → <b>Export</b>. Then send me the <code>result.json</code> it saves.";

/** The answer to a document that is not a JSON export, or undefined for one that may be. */
function notAnExport(document: Document): string | undefined {
  const name = document.file_name?.toLowerCase() ?? "";
  const mime = document.mime_type ?? "";
  if (name.endsWith(".json") || mime === "application/json") return undefined;
  let what: string;
  if (name.endsWith(".html") || name.endsWith(".htm") || mime === "text/html") {
    what =
      "That is an HTML export (Telegram Desktop's default format), made for reading. I can import only the JSON format.";
  } else if (/\.(zip|7z|rar|tar|gz|tgz)$/.test(name) || /zip|compressed|x-tar|gzip|rar/.test(mime)) {
    what = "That is an archive. I can't unpack archives: send me the export's <code>result.json</code> itself.";
  } else {
    const file = document.file_name ? `“${escapeHtml(document.file_name)}”` : "that file";
    what = `I can't import ${file}: I import Telegram Desktop chat exports in JSON format (<code>result.json</code>).`;
  }
  return `${what}\n\n${HOW_TO_EXPORT}`;
}

importFeature.chatType("private").on("message:document", async (ctx) => {
  const document = ctx.msg.document;
  const refusal = notAnExport(document);
  if (refusal) {
    await ctx.reply(refusal, { parse_mode: "HTML" });
    return;
  }
  const limit = ctx.deps.config.importMaxUploadBytes;
  if ((document.file_size ?? 0) > limit) {
    await ctx.reply(
      `That file is ${formatMb(document.file_size ?? 0)}; I accept exports up to ${formatMb(limit)} here. For bigger ones, run \`npm run import -- result.json\` on the server.`,
    );
    return;
  }
  const queue = queueOf(ctx.deps);
  const userId = ctx.from.id;
  if (!queue.claim(userId)) {
    await ctx.reply("An import of yours is still queued or running. Send the next file when it has finished.");
    return;
  }
  // The import runs beside the handler, not in it: it can wait in line and take minutes,
  // and an update is confirmed to Telegram (and polling goes on) only once its handler ends.
  track(ctx.deps, importDocument(ctx, document.file_id, queue));
});

// A zone button under the summary of an older export: read the same file again in that zone.
importFeature.callbackQuery(/^iz\|([A-Za-z0-9_-]{8})\|(\d{1,2})$/, async (ctx) => {
  const offersNow = offersOf(ctx.deps);
  const token = ctx.match[1] as string;
  const offer = offersNow.get(token);
  const zone = OFFERED_ZONES[Number(ctx.match[2])];
  if (!offer || offer.expires < Date.now() || zone === undefined) {
    await ctx.answerCallbackQuery({ text: "This button has expired: send the file again." });
    return;
  }
  if (offer.userId !== ctx.from.id) {
    await ctx.answerCallbackQuery({ text: "Only the person who sent this export can change how it is read." });
    return;
  }
  const queue = queueOf(ctx.deps);
  if (!queue.claim(ctx.from.id)) {
    await ctx.answerCallbackQuery({
      text: "An import of yours is still queued or running: try again when it has finished.",
    });
    return;
  }
  // The offer stays until the new reading is committed: if it fails, the same buttons work again.
  await ctx.answerCallbackQuery({ text: `Reading the export again in ${zone}…` });
  await ctx.editMessageReplyMarkup().catch(() => {});
  track(ctx.deps, importDocument(ctx, offer.fileId, queue, { token, zone, offer }));
});

/** A zone button pressed: the offer it belongs to and the zone picked. */
interface Rezone {
  token: string;
  zone: string;
  offer: RezoneOffer;
}

/**
 * Waits for a slot, downloads and imports, and reports in one message that it keeps editing.
 * The user may send the next file as soon as the last report is out. With `rezone`, the file
 * was imported before in another zone: what that reading inserted is forgotten and the file
 * read in the new zone, in one transaction, so a failure or a stop leaves the earlier reading
 * as it was (and its buttons working).
 */
async function importDocument(ctx: PulseContext, fileId: string, queue: ImportQueue, rezone?: Rezone): Promise<void> {
  const userId = ctx.from?.id as number;
  const { deps } = ctx;
  const chatId = ctx.chat?.id as number;
  let progressId: number | undefined;
  let shown = "";
  let lastEdit = 0;
  const say = async (text: string, force = false, keyboard?: InlineKeyboard) => {
    if (progressId === undefined || text === shown || (!force && Date.now() - lastEdit < 2_000)) return;
    lastEdit = Date.now();
    shown = text;
    await ctx.api
      .editMessageText(chatId, progressId, text, { parse_mode: "HTML", reply_markup: keyboard })
      .catch(() => {});
  };
  let dir: string | undefined;
  let outcome: string;
  let keyboard: InlineKeyboard | undefined;
  const signal = stopSignalOf(deps);
  try {
    dir = await mkdtemp(join(tmpdir(), "pulse-import-"));
    const path = join(dir, "result.json");
    const ahead = queue.active >= deps.config.importConcurrency ? queue.queued + 1 : 0;
    shown = ahead > 0 ? queuedText(ahead) : "📥 Downloading the export…";
    progressId = (await ctx.reply(shown, { parse_mode: "HTML" })).message_id;
    outcome = await queue.run(
      async () => {
        signal.throwIfAborted();
        await say("📥 Downloading the export…", true);
        await download(ctx, fileId, path, signal);
        const onProgress = ({ messagesRead }: { messagesRead: number }) =>
          void say(`📥 Importing… ${formatNumber(messagesRead)} messages so far`);
        let replaced = 0;
        let read: Awaited<ReturnType<typeof importWithZone>>;
        if (rezone) {
          await say(`📥 Reading the export again in ${escapeHtml(rezone.zone)}…`, true);
          await requireAdmin(ctx, [...rezone.offer.inserted.keys()]);
          read = await deps.database.bulkTransaction(async (transaction) => {
            replaced = await forgetExportedMessages(transaction, rezone.offer.inserted, deps.config.defaultTimezone);
            return importWithZone(ctx, path, { onProgress, timezone: rezone.zone, transaction, signal });
          });
          // Committed: the earlier reading is gone, and so are its buttons.
          offersOf(deps).delete(rezone.token);
        } else {
          await say("📥 Importing…", true);
          read = await importWithZone(ctx, path, { onProgress, signal });
        }
        const { summary, assumed, inserted } = read;
        // Buttons only for messages this reading stored: only those can move.
        const token =
          assumed && inserted.size > 0
            ? keepOffer(deps, { userId, fileId, zone: assumed.timezone, inserted, expires: Date.now() + OFFER_MS })
            : undefined;
        if (assumed && token) keyboard = zoneKeyboard(token, assumed.timezone);
        return summaryText(summary, assumed, replaced, keyboard !== undefined);
      },
      (place) => void say(queuedText(place), true),
    );
  } catch (error) {
    // A stop surfaces as whatever was interrupted: an aborted download, the reader's signal.
    const stopped = signal.aborted;
    const rejected =
      error instanceof NotAllowed || error instanceof ExportFormatError || error instanceof DownloadError;
    if (!stopped && !rejected) deps.log.error({ err: error, userId }, "import of an uploaded export failed");
    const reason = stopped
      ? "Pulse is shutting down, so this import stopped."
      : rejected
        ? escapeHtml(error.message)
        : "The import failed; the error has been logged.";
    if (rezone) {
      // One transaction: nothing of the new reading was stored and nothing of the earlier one lost.
      const { zone, offer } = rezone;
      const kept = offersOf(deps).has(rezone.token) && !stopped;
      if (kept) keyboard = zoneKeyboard(rezone.token, offer.zone);
      outcome =
        `⚠️ ${reason}\n\nNothing changed: the messages are still as read in <b>${escapeHtml(offer.zone)}</b>, not ${escapeHtml(zone)}. ` +
        (kept
          ? "Press a zone below to try again."
          : stopped
            ? "These buttons stop working when Pulse restarts; send the file again later to import anything still missing."
            : "These buttons have expired.");
    } else if (rejected && !stopped) {
      outcome = `⚠️ ${reason}\n\nNothing from the rejected part was stored.`;
    } else {
      outcome = `⚠️ ${reason} Parts already imported are kept, and sending the file again adds only what is missing.`;
    }
  }
  // Nothing may escape: this runs detached from the handler and its error boundary.
  if (dir) await rm(dir, { recursive: true, force: true }).catch(() => {});
  queue.release(userId);
  await say(outcome, true, keyboard);
}

/** An earlier reading is changed only while its sender is still an admin of its chats. */
async function requireAdmin(ctx: PulseContext, chatIds: number[]): Promise<void> {
  const userId = ctx.from?.id as number;
  for (const chatId of chatIds) {
    if (!(await ctx.deps.admins.isAdmin(ctx.api, chatId, userId))) {
      throw new NotAllowed(`You are no longer an administrator of chat ${chatId}, so I can't import into it.`);
    }
  }
}

function queuedText(place: number): string {
  const line = place === 1 ? "Yours is next" : `${place - 1} are ahead of yours`;
  return `⏳ Other imports are running. ${line}; it starts by itself when a slot is free (you can go on using the bot meanwhile).`;
}

interface AssumedZone {
  timezone: string;
  /** Where it came from: the chat's setting, Pulse's default, or the user's button. */
  from: "chat" | "default" | "chosen";
}

/**
 * Imports the file. An export from an older Telegram Desktop has wall-clock dates without a
 * zone (the command line asks for --timezone); here the chat's time zone is assumed (its
 * setting, else DEFAULT_TIMEZONE), and the answer says so.
 */
async function importWithZone(
  ctx: PulseContext,
  path: string,
  { timezone, ...extra }: Pick<ImportOptions, "onProgress" | "timezone" | "transaction" | "signal">,
): Promise<{ summary: ImportSummary; assumed?: AssumedZone; inserted: IdRuns }> {
  const { config, database, admins } = ctx.deps;
  const userId = ctx.from?.id as number;
  const options: ImportOptions = {
    storeText: config.storeMessageText,
    defaultTimezone: config.defaultTimezone,
    authorizeChat: async (chat) => {
      if (!(await admins.isAdmin(ctx.api, chat.id, userId))) {
        throw new NotAllowed(
          `“${chat.name}” (${chat.id}) is not a chat I'm in where you are an administrator, so I can't import it. Add me to it as an administrator first.`,
        );
      }
    },
    ...extra,
  };
  // The messages read in an assumed zone that this reading stored.
  const inserted: IdRuns = new Map();
  if (timezone !== undefined) {
    return {
      summary: await importExport(database, path, { ...options, timezone, recordInserted: inserted }),
      assumed: { timezone, from: "chosen" },
      inserted,
    };
  }
  try {
    return { summary: await importExport(database, path, options), inserted };
  } catch (error) {
    // The reader stops at the first message that needs a zone: nothing of that chat is stored yet.
    if (!(error instanceof ExportFormatError && error.code === "timezone_required")) throw error;
    const chat = error.chatId === undefined ? undefined : await getChatInfo(database, error.chatId);
    const assumed: AssumedZone = chat?.timezone
      ? { timezone: chat.timezone, from: "chat" }
      : { timezone: config.defaultTimezone, from: "default" };
    const summary = await importExport(database, path, {
      ...options,
      timezone: assumed.timezone,
      recordInserted: inserted,
    });
    return { summary, assumed, inserted };
  }
}

class DownloadError extends Error {}

async function download(ctx: PulseContext, fileId: string, path: string, signal: AbortSignal): Promise<void> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new DownloadError("Telegram did not give me that file to download; please send it again.");
  const root = ctx.deps.config.telegramApiRoot ?? "https://api.telegram.org";
  // The URL holds the bot token: it is never logged or put in an error message.
  const response = await fetch(`${root}/file/bot${ctx.deps.config.botToken}/${file.file_path}`, { signal });
  if (!response.ok || !response.body) throw new DownloadError(`Downloading the file failed (HTTP ${response.status}).`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path), { signal });
}

function summaryText(s: ImportSummary, assumed?: AssumedZone, replaced = 0, offered = false): string {
  const chats = s.chats.map((c) => `<b>${escapeHtml(c.name)}</b>`).join(", ") || "no group or channel";
  const lines = [
    `✅ Imported ${chats}`,
    `💬 ${formatNumber(s.imported)} new messages · ${formatNumber(s.alreadyPresent)} already present`,
    `👥 ${formatNumber(s.memberEvents)} joins and leaves · ❤️ ${formatNumber(s.reactionStates)} reaction states`,
  ];
  const skipped = Object.entries(s.skipped);
  if (skipped.length > 0)
    lines.push(`⏭ skipped: ${skipped.map(([reason, n]) => `${formatNumber(n)} ${escapeHtml(reason)}`).join(", ")}`);
  if (s.invalid.length > 0) {
    const total = s.skipped[INVALID_MESSAGE] ?? s.invalid.length;
    lines.push(
      total > s.invalid.length
        ? `⚠️ The first ${s.invalid.length} of the ${formatNumber(total)} messages left out, and why:`
        : "⚠️ Left out, and why:",
    );
    for (const problem of s.invalid) lines.push(`• <code>${escapeHtml(problem)}</code>`);
  }
  if (assumed) {
    const zone = `<b>${escapeHtml(assumed.timezone)}</b>`;
    if (assumed.from === "chosen") {
      lines.push(
        `🕐 Times read as ${zone}, as you chose${replaced > 0 ? `; the ${formatNumber(replaced)} messages of the earlier reading were moved` : ""}.`,
      );
    } else {
      const whose = assumed.from === "chat" ? "this chat's time zone" : "the time zone this Pulse uses by default";
      lines.push(
        `🕐 This export was made by an older Telegram Desktop: its times are the clock of the computer that made it, without a time zone. I read them as ${zone} (${whose}).`,
      );
    }
    if (offered) {
      lines.push(
        "If that computer was set to another zone, pick it below: I'll read the file again in that zone and move these messages.",
      );
    }
  }
  for (const warning of s.warnings) lines.push(`ℹ️ ${escapeHtml(warning)}`);
  return lines.join("\n");
}

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
