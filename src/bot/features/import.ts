// An admin sends a Telegram Desktop export (result.json) to the bot in private; Pulse imports
// it, with progress in the chat. Only chats the sender administers (and the bot is in) are
// imported; the file is streamed to a temporary file and read from there with flat memory.
// Imports run a few at a time (IMPORT_CONCURRENCY), the rest wait in line; any other file
// gets an answer saying how to make a JSON export.
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
import { forgetExportedMessages } from "../../ingest/forget-export.js";
import { getChatInfo } from "../../queries/chats.js";
import type { BotDeps, PulseContext } from "../context.js";
import { escapeHtml, formatNumber } from "../format.js";
import { ImportQueue } from "../import-queue.js";

export const importFeature = new Composer<PulseContext>();

class NotAllowed extends Error {}

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
  /** The chats imported from it and the message ids the file holds for each. */
  chats: [number, { low: number; high: number }][];
  expires: number;
}

const OFFER_MS = 24 * 3_600_000;
const MAX_OFFERS = 500;
const offers = new WeakMap<BotDeps, Map<string, RezoneOffer>>();

function offersOf(deps: BotDeps): Map<string, RezoneOffer> {
  let map = offers.get(deps);
  if (!map) {
    map = new Map();
    offers.set(deps, map);
  }
  return map;
}

/** Buttons for the zones other than `zone`; their data names the offer by a random token. */
function zoneKeyboard(deps: BotDeps, offer: RezoneOffer): InlineKeyboard {
  const map = offersOf(deps);
  const now = Date.now();
  for (const [token, old] of map) if (old.expires < now || map.size >= MAX_OFFERS) map.delete(token);
  const token = randomBytes(6).toString("base64url");
  map.set(token, offer);
  const keyboard = new InlineKeyboard();
  let inRow = 0;
  OFFERED_ZONES.forEach((zone, index) => {
    if (zone === offer.zone) return;
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
  void importDocument(ctx, document.file_id, queue);
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
  offersNow.delete(token);
  await ctx.answerCallbackQuery({ text: `Reading the export again in ${zone}…` });
  await ctx.editMessageReplyMarkup().catch(() => {});
  void importDocument(ctx, offer.fileId, queue, { zone, chats: offer.chats });
});

/**
 * Waits for a slot, downloads and imports, and reports in one message that it keeps editing.
 * The user may send the next file as soon as the last report is out. With `rezone`, the file
 * was imported before in another zone: its messages are forgotten, then read in `zone`.
 */
async function importDocument(
  ctx: PulseContext,
  fileId: string,
  queue: ImportQueue,
  rezone?: Pick<RezoneOffer, "zone" | "chats">,
): Promise<void> {
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
  try {
    dir = await mkdtemp(join(tmpdir(), "pulse-import-"));
    const path = join(dir, "result.json");
    const ahead = queue.active >= deps.config.importConcurrency ? queue.queued + 1 : 0;
    shown = ahead > 0 ? queuedText(ahead) : "📥 Downloading the export…";
    progressId = (await ctx.reply(shown, { parse_mode: "HTML" })).message_id;
    outcome = await queue.run(
      async () => {
        await say("📥 Downloading the export…", true);
        await download(ctx, fileId, path);
        let replaced = 0;
        if (rezone) {
          await say(`📥 Reading the export again in ${escapeHtml(rezone.zone)}…`, true);
          replaced = await forgetEarlierReading(ctx, rezone.chats);
        } else {
          await say("📥 Importing…", true);
        }
        const { summary, assumed } = await importWithZone(ctx, path, {
          onProgress: ({ messagesRead }) => void say(`📥 Importing… ${formatNumber(messagesRead)} messages so far`),
          timezone: rezone?.zone,
        });
        if (assumed) {
          const chats = summary.chats.flatMap((c) => {
            const ids = summary.messageIds.get(c.id);
            return ids ? [[c.id, ids] as [number, { low: number; high: number }]] : [];
          });
          if (chats.length > 0) {
            keyboard = zoneKeyboard(deps, {
              userId,
              fileId,
              zone: assumed.timezone,
              chats,
              expires: Date.now() + OFFER_MS,
            });
          }
        }
        return summaryText(summary, assumed, replaced, keyboard !== undefined);
      },
      (place) => void say(queuedText(place), true),
    );
  } catch (error) {
    if (error instanceof NotAllowed || error instanceof ExportFormatError || error instanceof DownloadError) {
      outcome = `⚠️ ${escapeHtml(error.message)}\n\nNothing from the rejected part was stored.`;
    } else {
      deps.log.error({ err: error, userId }, "import of an uploaded export failed");
      outcome =
        "⚠️ The import failed; the error has been logged. Parts already imported are kept, and sending the file again adds only what is missing.";
    }
  }
  try {
    if (dir) await rm(dir, { recursive: true, force: true });
  } finally {
    queue.release(userId);
  }
  await say(outcome, true, keyboard);
}

/** Forgets what an earlier reading of the export stored, once the user is still an admin there. */
async function forgetEarlierReading(ctx: PulseContext, chats: RezoneOffer["chats"]): Promise<number> {
  const { admins, database, config } = ctx.deps;
  const userId = ctx.from?.id as number;
  for (const [chatId] of chats) {
    if (!(await admins.isAdmin(ctx.api, chatId, userId))) {
      throw new NotAllowed(`You are no longer an administrator of chat ${chatId}, so I can't import into it.`);
    }
  }
  let forgotten = 0;
  for (const [chatId, ids] of chats) {
    forgotten += await forgetExportedMessages(database, chatId, ids, config.defaultTimezone);
  }
  return forgotten;
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
  { timezone, ...extra }: Pick<ImportOptions, "onProgress" | "timezone">,
): Promise<{ summary: ImportSummary; assumed?: AssumedZone }> {
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
  if (timezone !== undefined) {
    return {
      summary: await importExport(database, path, { ...options, timezone }),
      assumed: { timezone, from: "chosen" },
    };
  }
  try {
    return { summary: await importExport(database, path, options) };
  } catch (error) {
    // The reader stops at the first message that needs a zone: nothing of that chat is stored yet.
    if (!(error instanceof ExportFormatError && error.code === "timezone_required")) throw error;
    const chat = error.chatId === undefined ? undefined : await getChatInfo(database, error.chatId);
    const assumed: AssumedZone = chat?.timezone
      ? { timezone: chat.timezone, from: "chat" }
      : { timezone: config.defaultTimezone, from: "default" };
    const summary = await importExport(database, path, { ...options, timezone: assumed.timezone });
    return { summary, assumed };
  }
}

class DownloadError extends Error {}

async function download(ctx: PulseContext, fileId: string, path: string): Promise<void> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new DownloadError("Telegram did not give me that file to download; please send it again.");
  const root = ctx.deps.config.telegramApiRoot ?? "https://api.telegram.org";
  // The URL holds the bot token: it is never logged or put in an error message.
  const response = await fetch(`${root}/file/bot${ctx.deps.config.botToken}/${file.file_path}`);
  if (!response.ok || !response.body) throw new DownloadError(`Downloading the file failed (HTTP ${response.status}).`);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path));
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
