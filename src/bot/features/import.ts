// An admin sends a Telegram Desktop export (result.json) to the bot in private; Pulse imports
// it, with progress in the chat. Only chats the sender administers (and the bot is in) are
// imported; the file is streamed to a temporary file and read from there with flat memory.
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Composer } from "grammy";
import { ExportFormatError } from "../../collectors/tdesktop/errors.js";
import { type ImportSummary, importExport } from "../../collectors/tdesktop/importer.js";
import type { PulseContext } from "../context.js";
import { escapeHtml, formatNumber } from "../format.js";

export const importFeature = new Composer<PulseContext>();

class NotAllowed extends Error {}

/** Imports running now, by user: one at a time each. */
const running = new Set<number>();

importFeature.chatType("private").on("message:document", async (ctx, next) => {
  const document = ctx.msg.document;
  const looksLikeExport =
    document.file_name?.toLowerCase().endsWith(".json") || document.mime_type === "application/json";
  if (!looksLikeExport) return next();
  const limit = ctx.deps.config.importMaxUploadBytes;
  if ((document.file_size ?? 0) > limit) {
    await ctx.reply(
      `That file is ${formatMb(document.file_size ?? 0)}; I accept exports up to ${formatMb(limit)} here. For bigger ones, run \`npm run import -- result.json\` on the server.`,
    );
    return;
  }
  if (running.has(ctx.from.id)) {
    await ctx.reply("An import of yours is still running. Send the next file when it has finished.");
    return;
  }
  running.add(ctx.from.id);
  const dir = await mkdtemp(join(tmpdir(), "pulse-import-"));
  const progress = await ctx.reply("📥 Downloading the export…");
  let lastEdit = Date.now();
  const say = async (text: string, force = false) => {
    if (!force && Date.now() - lastEdit < 2_000) return;
    lastEdit = Date.now();
    await ctx.api.editMessageText(ctx.chat.id, progress.message_id, text, { parse_mode: "HTML" }).catch(() => {});
  };
  try {
    const path = join(dir, "result.json");
    await download(ctx, document.file_id, path);
    await say("📥 Importing…", true);
    const summary = await importExport(ctx.deps.database, path, {
      storeText: ctx.deps.config.storeMessageText,
      defaultTimezone: ctx.deps.config.defaultTimezone,
      authorizeChat: async (chat) => {
        if (!(await ctx.deps.admins.isAdmin(ctx.api, chat.id, ctx.from.id))) {
          throw new NotAllowed(
            `“${chat.name}” (${chat.id}) is not a chat I'm in where you are an administrator, so I can't import it. Add me to it as an administrator first.`,
          );
        }
      },
      onProgress: ({ messagesRead }) => void say(`📥 Importing… ${formatNumber(messagesRead)} messages so far`),
    });
    await say(summaryText(summary), true);
  } catch (error) {
    if (error instanceof NotAllowed || error instanceof ExportFormatError || error instanceof DownloadError) {
      await say(`⚠️ ${escapeHtml(error.message)}\n\nNothing from the rejected part was stored.`, true);
      return;
    }
    await say(
      "⚠️ The import failed; the error has been logged. Parts already imported are kept, and sending the file again adds only what is missing.",
      true,
    );
    throw error;
  } finally {
    running.delete(ctx.from.id);
    await rm(dir, { recursive: true, force: true });
  }
});

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

function summaryText(s: ImportSummary): string {
  const chats = s.chats.map((c) => `<b>${escapeHtml(c.name)}</b>`).join(", ") || "no group or channel";
  const lines = [
    `✅ Imported ${chats}`,
    `💬 ${formatNumber(s.imported)} new messages · ${formatNumber(s.alreadyPresent)} already present`,
    `👥 ${formatNumber(s.memberEvents)} joins and leaves · ❤️ ${formatNumber(s.reactionStates)} reaction states`,
  ];
  const skipped = Object.entries(s.skipped);
  if (skipped.length > 0)
    lines.push(`⏭ skipped: ${skipped.map(([reason, n]) => `${formatNumber(n)} ${escapeHtml(reason)}`).join(", ")}`);
  for (const warning of s.warnings) lines.push(`ℹ️ ${escapeHtml(warning)}`);
  return lines.join("\n");
}

const formatMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
