// `npm run rollups -- rebuild [--chat ID] [--dry-run]`: recomputes the rollups of one chat or
// of every chat from the stored messages, member events and opt-outs (see
// ingest/rebuild-rollups.ts), after a restore or a change of time zone.
import { parseArgs } from "node:util";
import { openConfiguredDatabase } from "../app.js";
import { formatNumber } from "../bot/format.js";
import { ConfigError, loadDotEnv, parseConfig } from "../config.js";
import { DataDirInUseError } from "../db/data-dir-lock.js";
import { runMigrations } from "../db/migrate.js";
import { type ChatRebuild, rebuildRollups, type TableRebuild, UnknownChatError } from "../ingest/rebuild-rollups.js";

const USAGE = "usage: npm run rollups -- rebuild [--chat -1001234567890] [--dry-run]";

async function main(): Promise<number> {
  loadDotEnv();
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = parseConfig(process.env, { bot: false });
  const database = await openConfiguredDatabase(config);
  try {
    await runMigrations(database);
    const started = performance.now();
    const results = await rebuildRollups(database, {
      chatId: args.chatId,
      defaultTimezone: config.defaultTimezone,
      dryRun: args.dryRun,
      onChat: printChat,
    });
    const changed = results.reduce((sum, r) => sum + r.changed, 0);
    const touched = results.filter((r) => r.changed > 0).length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (results.length === 0) console.log("No chats are stored yet: there is nothing to rebuild.");
    else if (args.dryRun) {
      console.log(
        `Dry run: nothing was written. ${count(changed, "rollup row")} in ${touched} of ${count(results.length, "chat")} would change (${seconds} s).`,
      );
    } else {
      console.log(
        `Rebuilt the rollups of ${count(results.length, "chat")} (${database.engine}): ${count(changed, "row")} changed in ${touched} of them (${seconds} s).`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof UnknownChatError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

const count = (n: number, noun: string) => `${formatNumber(n)} ${noun}${n === 1 ? "" : "s"}`;

function printChat(r: ChatRebuild): void {
  const rows = (name: string, t: TableRebuild) =>
    `${name} ${formatNumber(t.before)} → ${formatNumber(t.after)}${t.changed > 0 ? ` (${formatNumber(t.changed)} changed)` : ""}`;
  const verdict =
    r.changed === 0 ? "already right" : `${count(r.changed, "row")} ${r.dryRun ? "would change" : "changed"}`;
  console.log(`chat ${r.chatId}${r.title ? ` · ${r.title}` : ""} · ${r.timezone}: ${verdict}`);
  console.log(
    `  rows before → after: ${rows("hourly", r.hourly)} · ${rows("member days", r.memberDays)} · ${rows("active-sender days", r.activeDays)}`,
  );
  console.log(
    `  ${rows("kind days", r.kinds)} · ${rows("member totals", r.memberTotals)} · ${rows("replied messages", r.replyStats)} · ${rows("reply-time cells", r.replyTimes)}`,
  );
  console.log(
    `  ${rows("reacted messages' reactions", r.reactionCounts)} · ${rows("reaction days", r.reactionDays)} · ${rows("members' reaction days", r.memberReactionDays)}`,
  );
}

function parse() {
  // Group ids are negative, and parseArgs takes "--chat -100…" for a missing value followed
  // by an option: such a value is joined to its flag first.
  const joined: string[] = [];
  for (const arg of process.argv.slice(2)) {
    if (joined.at(-1) === "--chat" && /^-\d+$/.test(arg)) joined[joined.length - 1] = `--chat=${arg}`;
    else joined.push(arg);
  }
  const { values, positionals } = parseArgs({
    args: joined,
    options: {
      chat: { type: "string" },
      "dry-run": { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || positionals[0] !== "rebuild") {
    throw new Error(
      positionals.length === 0
        ? "Say what to do: rebuild."
        : `Unknown command "${positionals.join(" ")}": the one command is rebuild.`,
    );
  }
  const chatText = values.chat;
  if (chatText !== undefined && !/^-?\d{1,16}$/.test(chatText)) {
    throw new Error(`--chat must be a Telegram chat id such as -1001234567890, got "${chatText}".`);
  }
  return { chatId: chatText === undefined ? undefined : Number(chatText), dryRun: values["dry-run"] === true };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : error);
    process.exit(1);
  },
);
