// `npm run import -- <result.json> [--chat-id N] [--timezone Z] [--dry-run]`: imports a
// Telegram Desktop export (one chat or a whole account) into the configured database.
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import { openConfiguredDatabase } from "../app.js";
import { formatNumber } from "../bot/format.js";
import { ExportFormatError } from "../collectors/tdesktop/errors.js";
import { type ImportSummary, importExport } from "../collectors/tdesktop/importer.js";
import { INVALID_MESSAGE } from "../collectors/tdesktop/reader.js";
import { ConfigError, isValidTimezone, loadDotEnv, parseConfig } from "../config.js";
import { DataDirInUseError } from "../db/data-dir-lock.js";
import { runMigrations } from "../db/migrate.js";

const USAGE = "usage: npm run import -- <result.json> [--chat-id N] [--timezone Europe/Berlin] [--dry-run]";

async function main(): Promise<number> {
  loadDotEnv();
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { file, chatId, timezone, dryRun } = args;
  const config = parseConfig(process.env, { bot: false });
  let size: number;
  try {
    const stats = statSync(file);
    // A directory would fail deep in the reader, and a named pipe would block it forever.
    if (!stats.isFile()) {
      const what = stats.isDirectory() ? "a directory" : stats.isFIFO() ? "a named pipe" : "not a regular file";
      console.error(`Cannot import ${file}: it is ${what}. Give the export's result.json file itself.`);
      return 2;
    }
    size = stats.size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    console.error(`Cannot read ${file}: ${code === "EACCES" ? "permission denied" : "no such file"}.`);
    return 2;
  }
  const database = await openConfiguredDatabase(config);
  try {
    await runMigrations(database);
    const bar = process.stdout.isTTY
      ? new SingleBar({
          format: " {bar} {percentage}% | {messages} messages | {rate} msg/s | ETA {eta_formatted}",
          hideCursor: true,
          etaBuffer: 50,
        })
      : undefined;
    bar?.start(size, 0, { messages: 0, rate: 0 });
    const started = performance.now();
    let lastLog = started;
    const summary = await importExport(database, file, {
      chatId,
      timezone,
      dryRun,
      storeText: config.storeMessageText,
      defaultTimezone: config.defaultTimezone,
      onProgress: ({ bytesRead, messagesRead }) => {
        const seconds = (performance.now() - started) / 1000;
        const rate = Math.round(messagesRead / Math.max(seconds, 0.001));
        if (bar) {
          bar.update(bytesRead, { messages: formatNumber(messagesRead), rate: formatNumber(rate) });
        } else if (performance.now() - lastLog > 5_000) {
          lastLog = performance.now();
          console.log(
            `… ${formatNumber(messagesRead)} messages (${Math.round((bytesRead / size) * 100)}%), ${rate} msg/s`,
          );
        }
      },
    });
    bar?.update(size);
    bar?.stop();
    printSummary(summary, database.engine);
    return 0;
  } catch (error) {
    if (error instanceof ExportFormatError) {
      console.error(`\n${error.message}`);
      console.error(
        "Nothing from the broken part was stored. Batches committed before it are kept; importing the same file again (fixed, or a new export) adds only what is missing.",
      );
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

function parse() {
  const { values, positionals } = parseArgs({
    options: {
      "chat-id": { type: "string" },
      timezone: { type: "string" },
      "dry-run": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error("Give exactly one export file (result.json).");
  const chatIdText = values["chat-id"];
  if (chatIdText !== undefined && !/^-?\d{1,16}$/.test(chatIdText)) {
    throw new Error(`--chat-id must be a Telegram chat id such as -1001234567890, got "${chatIdText}".`);
  }
  if (values.timezone !== undefined && !isValidTimezone(values.timezone)) {
    throw new Error(`--timezone must be an IANA time zone such as Europe/Berlin, got "${values.timezone}".`);
  }
  return {
    file: positionals[0] as string,
    chatId: chatIdText === undefined ? undefined : Number(chatIdText),
    timezone: values.timezone,
    dryRun: values["dry-run"] === true,
  };
}

function printSummary(s: ImportSummary, engine: string): void {
  const n = formatNumber;
  console.log(s.dryRun ? "\nDry run: nothing was stored. The import would give:" : `\nImport finished (${engine}).`);
  for (const chat of s.chats) console.log(`  chat ${chat.id} · ${chat.type} · ${chat.name}`);
  console.log(`  messages read:       ${n(s.messagesRead)}`);
  console.log(`  imported:            ${n(s.imported)}`);
  console.log(`  already present:     ${n(s.alreadyPresent)}`);
  console.log(`  member events:       ${n(s.memberEvents)}`);
  console.log(`  reaction states:     ${n(s.reactionStates)}`);
  const skipped = Object.entries(s.skipped);
  if (skipped.length > 0) {
    console.log("  skipped:");
    for (const [reason, count] of skipped) console.log(`    ${n(count)} × ${reason}`);
  }
  if (s.invalid.length > 0) {
    const more = (s.skipped[INVALID_MESSAGE] ?? 0) > s.invalid.length ? ` (the first ${s.invalid.length})` : "";
    console.log(`  messages left out for invalid fields${more}:`);
    for (const problem of s.invalid) console.log(`    ${problem}`);
  }
  for (const warning of s.warnings) console.log(`  warning: ${warning}`);
  console.log(
    `  took ${s.seconds.toFixed(1)} s (${n(Math.round(s.messagesRead / Math.max(s.seconds, 0.001)))} messages/s)`,
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
    process.exit(1);
  },
);
