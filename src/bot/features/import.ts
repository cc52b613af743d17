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
import type { Translate } from "../../i18n/index.js";
import type { IdRuns } from "../../ingest/bulk.js";
import { forgetExportedMessages } from "../../ingest/forget-export.js";
import { refreshSocialGraphJob } from "../../jobs/refresh-social-graph.js";
import { getChatInfo } from "../../queries/chats.js";
import { importZone } from "../callback-data.js";
import type { BotDeps, PulseContext } from "../context.js";
import { escapeHtml } from "../format.js";
import { ImportQueue } from "../import-queue.js";

export const importFeature = new Composer<PulseContext>();

/** A refusal, told to the user in their language from `key` and `vars`. */
class NotAllowed extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly vars: Record<string, string | number>,
  ) {
    super(message);
  }
}
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
    keyboard.text(zone, importZone.pack({ token, zone: index }));
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

/**
 * The history just stored counts in /influence and the network export once the social graph
 * is refreshed: now, rather than at the nightly run. A refresh already under way skips this
 * one (the scheduler runs a job once at a time), and the import's changes wait for the next.
 */
function refreshGraphSoon(deps: BotDeps): void {
  deps.jobs?.trigger(refreshSocialGraphJob.name).catch((error: unknown) => {
    deps.log.warn({ err: error }, "could not start the social graph's refresh after an import");
  });
}

/** The answer to a document that is not a JSON export, or undefined for one that may be. */
function notAnExport(t: Translate, document: Document): string | undefined {
  const name = document.file_name?.toLowerCase() ?? "";
  const mime = document.mime_type ?? "";
  if (name.endsWith(".json") || mime === "application/json") return undefined;
  let what: string;
  if (name.endsWith(".html") || name.endsWith(".htm") || mime === "text/html") {
    what = t("import-not-export-html");
  } else if (/\.(zip|7z|rar|tar|gz|tgz)$/.test(name) || /zip|compressed|x-tar|gzip|rar/.test(mime)) {
    what = t("import-not-export-archive");
  } else {
    what = document.file_name
      ? t("import-not-export-named", { name: escapeHtml(document.file_name) })
      : t("import-not-export-unnamed");
  }
  return `${what}\n\n${t("import-how-to-export")}`;
}

importFeature.chatType("private").on("message:document", async (ctx) => {
  const document = ctx.msg.document;
  const refusal = notAnExport(ctx.t, document);
  if (refusal) {
    await ctx.reply(refusal, { parse_mode: "HTML" });
    return;
  }
  const limit = ctx.deps.config.importMaxUploadBytes;
  if ((document.file_size ?? 0) > limit) {
    const locale = await ctx.i18n.getLocale();
    await ctx.reply(
      ctx.t("import-too-big", { size: formatMb(document.file_size ?? 0, locale), limit: formatMb(limit, locale) }),
    );
    return;
  }
  const queue = queueOf(ctx.deps);
  const userId = ctx.from.id;
  if (!queue.claim(userId)) {
    await ctx.reply(ctx.t("import-busy"));
    return;
  }
  // The import runs beside the handler, not in it: it can wait in line and take minutes,
  // and an update is confirmed to Telegram (and polling goes on) only once its handler ends.
  track(ctx.deps, importDocument(ctx, document.file_id, queue));
});

// A zone button under the summary of an older export: read the same file again in that zone.
importFeature.callbackQuery(importZone.filter(), async (ctx) => {
  const offersNow = offersOf(ctx.deps);
  const { token, zone: index } = importZone.unpack(ctx.callbackQuery.data);
  const offer = offersNow.get(token);
  const zone = OFFERED_ZONES[index];
  if (!offer || offer.expires < Date.now() || zone === undefined) {
    await ctx.answerCallbackQuery({ text: ctx.t("import-button-expired") });
    return;
  }
  if (offer.userId !== ctx.from.id) {
    await ctx.answerCallbackQuery({ text: ctx.t("import-button-not-yours") });
    return;
  }
  const queue = queueOf(ctx.deps);
  if (!queue.claim(ctx.from.id)) {
    await ctx.answerCallbackQuery({ text: ctx.t("import-button-busy") });
    return;
  }
  // The offer stays until the new reading is committed: if it fails, the same buttons work again.
  await ctx.answerCallbackQuery({ text: ctx.t("import-button-rereading", { zone }) });
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
    shown = ahead > 0 ? queuedText(ctx.t, ahead) : ctx.t("import-downloading");
    progressId = (await ctx.reply(shown, { parse_mode: "HTML" })).message_id;
    outcome = await queue.run(
      async () => {
        signal.throwIfAborted();
        await say(ctx.t("import-downloading"), true);
        await download(ctx, fileId, path, signal);
        const onProgress = ({ messagesRead }: { messagesRead: number }) =>
          void say(ctx.t("import-progress", { count: messagesRead }));
        let replaced = 0;
        let read: Awaited<ReturnType<typeof importWithZone>>;
        if (rezone) {
          await say(ctx.t("import-rereading", { zone: escapeHtml(rezone.zone) }), true);
          await requireAdmin(ctx, [...rezone.offer.inserted.keys()]);
          read = await deps.database.bulkTransaction(async (transaction) => {
            replaced = await forgetExportedMessages(transaction, rezone.offer.inserted, deps.config.defaultTimezone);
            return importWithZone(ctx, path, { onProgress, timezone: rezone.zone, transaction, signal });
          });
          // Committed: the earlier reading is gone, and so are its buttons.
          offersOf(deps).delete(rezone.token);
        } else {
          await say(ctx.t("import-importing"), true);
          read = await importWithZone(ctx, path, { onProgress, signal });
        }
        const { summary, assumed, inserted } = read;
        if (summary.imported > 0 || replaced > 0) refreshGraphSoon(deps);
        // Buttons only for messages this reading stored: only those can move.
        const token =
          assumed && inserted.size > 0
            ? keepOffer(deps, { userId, fileId, zone: assumed.timezone, inserted, expires: Date.now() + OFFER_MS })
            : undefined;
        if (assumed && token) keyboard = zoneKeyboard(token, assumed.timezone);
        return summaryText(ctx.t, summary, assumed, replaced, keyboard !== undefined);
      },
      (place) => void say(queuedText(ctx.t, place), true),
    );
  } catch (error) {
    // A stop surfaces as whatever was interrupted: an aborted download, the reader's signal.
    const stopped = signal.aborted;
    const rejected = isRejection(error);
    if (!stopped && !rejected) deps.log.error({ err: error, userId }, "import of an uploaded export failed");
    const reason = stopped
      ? ctx.t("import-stopped")
      : isRejection(error)
        ? explain(ctx.t, error)
        : ctx.t("import-failed");
    if (rezone) {
      // One transaction: nothing of the new reading was stored and nothing of the earlier one lost.
      const { zone, offer } = rezone;
      const kept = offersOf(deps).has(rezone.token) && !stopped;
      if (kept) keyboard = zoneKeyboard(rezone.token, offer.zone);
      const unchanged = ctx.t("import-rezone-unchanged", { zone: escapeHtml(offer.zone), wanted: escapeHtml(zone) });
      const next = ctx.t(
        kept ? "import-rezone-retry" : stopped ? "import-rezone-after-restart" : "import-rezone-expired",
      );
      outcome = `⚠️ ${reason}\n\n${unchanged} ${next}`;
    } else if (rejected && !stopped) {
      outcome = `⚠️ ${reason}\n\n${ctx.t("import-rejected-nothing-stored")}`;
    } else {
      outcome = `⚠️ ${reason} ${ctx.t("import-kept-parts")}`;
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
      throw new NotAllowed(`no longer an administrator of ${chatId}`, "import-no-longer-admin", {
        chatId: String(chatId),
      });
    }
  }
}

function queuedText(t: Translate, place: number): string {
  return t("import-queued", { ahead: place - 1 });
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
    now: ctx.deps.now,
    authorizeChat: async (chat) => {
      if (!(await admins.isAdmin(ctx.api, chat.id, userId))) {
        throw new NotAllowed(`not an administrator of ${chat.id}`, "import-not-admin", {
          name: escapeHtml(chat.name),
          chatId: String(chat.id),
        });
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

class DownloadError extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

async function download(ctx: PulseContext, fileId: string, path: string, signal: AbortSignal): Promise<void> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new DownloadError("getFile returned no file_path", "import-download-no-path");
  const root = ctx.deps.config.telegramApiRoot ?? "https://api.telegram.org";
  // The URL holds the bot token: it is never logged or put in an error message.
  const response = await fetch(`${root}/file/bot${ctx.deps.config.botToken}/${file.file_path}`, { signal });
  if (!response.ok || !response.body) {
    throw new DownloadError(`download failed with HTTP ${response.status}`, "import-download-failed", {
      status: String(response.status),
    });
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path), { signal });
}

function summaryText(t: Translate, s: ImportSummary, assumed?: AssumedZone, replaced = 0, offered = false): string {
  const chats = s.chats.map((c) => `<b>${escapeHtml(c.name)}</b>`).join(", ");
  const lines = [
    chats ? t("import-summary-chats", { chats }) : t("import-summary-no-chats"),
    t("import-summary-messages", { imported: s.imported, present: s.alreadyPresent }),
    t("import-summary-events", { events: s.memberEvents, reactions: s.reactionStates }),
  ];
  const skipped = Object.entries(s.skipped);
  if (skipped.length > 0) {
    lines.push(
      t("import-summary-skipped", { list: skipped.map(([reason, n]) => skippedText(t, reason, n)).join(", ") }),
    );
  }
  if (s.invalid.length > 0) {
    const total = s.skipped[INVALID_MESSAGE] ?? s.invalid.length;
    lines.push(
      total > s.invalid.length
        ? t("import-summary-invalid-some", { shown: s.invalid.length, total })
        : t("import-summary-invalid-all"),
    );
    // Where each message is and what is wrong with it, as the file has it: a diagnostic, kept as written.
    for (const problem of s.invalid) lines.push(`• <code>${escapeHtml(problem)}</code>`);
  }
  if (assumed) {
    const zone = escapeHtml(assumed.timezone);
    if (assumed.from === "chosen") {
      lines.push(
        replaced > 0
          ? t("import-summary-zone-chosen-moved", { zone, moved: replaced })
          : t("import-summary-zone-chosen", { zone }),
      );
    } else {
      lines.push(t("import-summary-zone-assumed", { zone, from: assumed.from }));
    }
    if (offered) lines.push(t("import-summary-zone-offer"));
  }
  for (const warning of s.warnings) lines.push(`ℹ️ ${warningText(t, warning)}`);
  return lines.join("\n");
}

/** The chat kinds an export holds that Pulse does not import, by the reader's wording. */
const SKIPPED_CHATS: Record<string, string> = {
  "personal chat": "personal",
  "bot chat": "bot",
  "saved messages": "saved",
  replies: "replies",
  "verification codes": "codes",
};

/**
 * One tally of the reader's skipped messages (its reasons are English phrases, the keys of
 * ImportSummary.skipped that the command line prints) in the user's language.
 */
export function skippedText(t: Translate, reason: string, count: number): string {
  if (reason === INVALID_MESSAGE) return t("import-skip-invalid", { count });
  if (reason === "unsupported message") return t("import-skip-unsupported", { count });
  if (reason === "service action without user id") return t("import-skip-service-without-user", { count });
  if (reason === "member listed by name without a known user id") return t("import-skip-member-by-name", { count });
  const kind = SKIPPED_CHATS[reason];
  if (kind) return t("import-skip-chat", { count, kind, type: "" });
  const chatType = /^chat type (.*)$/.exec(reason)?.[1];
  if (chatType !== undefined) return t("import-skip-chat", { count, kind: "other", type: escapeHtml(chatType) });
  const messageType = /^message type (.*)$/.exec(reason)?.[1];
  if (messageType !== undefined) return t("import-skip-message-type", { count, type: escapeHtml(messageType) });
  return t("import-skip-other", { count, reason: escapeHtml(reason) });
}

/** A note of the reader's on the whole file, in the user's language where it is one it writes. */
export function warningText(t: Translate, warning: string): string {
  const repaired = /^repaired (\d+) raw control character/.exec(warning);
  if (repaired) return t("import-warning-repaired", { count: Number(repaired[1]) });
  const migrated = /^chat (-?\d+): (\d+) messages come from the basic group/.exec(warning);
  if (migrated) return t("import-warning-migrated", { chatId: migrated[1] as string, count: Number(migrated[2]) });
  return escapeHtml(warning);
}

/** A refusal the user can act on (a broken file, a chat they may not import, a failed download), not a fault. */
function isRejection(error: unknown): error is ExportFormatError | NotAllowed | DownloadError {
  return error instanceof NotAllowed || error instanceof ExportFormatError || error instanceof DownloadError;
}

/** Why an import was refused, in the user's language: an export's problem with its place, or a refusal. */
function explain(t: Translate, error: ExportFormatError | NotAllowed | DownloadError): string {
  if (!(error instanceof ExportFormatError)) return t(error.key, error.vars);
  const problem = error.key ? t(error.key, escapeVars(error.vars)) : escapeHtml(error.problem);
  const where: string[] = [];
  if (error.line !== undefined) {
    where.push(
      error.column !== undefined
        ? t("import-error-where-line-column", { line: error.line, column: error.column })
        : t("import-error-where-line", { line: error.line }),
    );
  }
  if (error.byteOffset !== undefined) where.push(t("import-error-where-byte", { byte: error.byteOffset }));
  const located = where.length > 0 ? t("import-error-located", { problem, where: where.join(", ") }) : problem;
  return error.path ? `${escapeHtml(error.path)}: ${located}` : located;
}

function escapeVars(vars: Record<string, string | number> = {}): Record<string, string | number> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? escapeHtml(v) : v]));
}

/** A size in megabytes, one decimal, in the user's language ("1.0 MB", "1,0 МБ"). */
const formatMb = (bytes: number, locale: string) =>
  new Intl.NumberFormat(locale, {
    style: "unit",
    unit: "megabyte",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(bytes / 1024 / 1024);
