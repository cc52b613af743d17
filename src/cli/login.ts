// `npm run login`: logs the account behind the MTProto collector in (phone, code, 2FA
// password) and saves its session to TG_SESSION_FILE. Needs TG_API_ID and TG_API_HASH.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { createTelegramClient } from "../collectors/mtproto/client.js";
import { MtprotoConfigError, parseMtprotoConfig } from "../collectors/mtproto/config.js";
import { MtprotoError } from "../collectors/mtproto/errors.js";
import { runLogin } from "../collectors/mtproto/login.js";
import { MemorySafeCallStore, SafeCaller } from "../collectors/mtproto/safe-call.js";
import { checkSessionDirectory, readSessionFile } from "../collectors/mtproto/session-file.js";
import { loadDotEnv } from "../config.js";

loadDotEnv();

let muted = false;
const output = new Writable({
  write(chunk, encoding, callback) {
    if (!muted) process.stdout.write(chunk, encoding);
    callback();
  },
});
const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
const io = {
  ask: (question: string) => rl.question(question),
  async askSecret(question: string) {
    process.stdout.write(question);
    muted = true;
    try {
      return await rl.question("");
    } finally {
      muted = false;
      process.stdout.write("\n");
    }
  },
  say: (line: string) => console.log(line),
};

async function main(): Promise<number> {
  const config = parseMtprotoConfig(process.env);
  if (!config) {
    console.error(
      "Set TG_API_ID and TG_API_HASH first (in .env or the environment): create them at https://my.telegram.org → API development tools.",
    );
    return 2;
  }
  // Refuse a directory others can enter before asking for anything secret.
  checkSessionDirectory(dirname(config.sessionFile));
  if (existsSync(config.sessionFile)) {
    readSessionFile(config.sessionFile); // refuses loose permissions with the reason
    const answer = await io.ask(
      `A session already exists at ${config.sessionFile}. Log in again and replace it? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) {
      console.log("Kept the existing session.");
      return 0;
    }
  }
  const client = createTelegramClient({
    apiId: config.apiId,
    apiHash: config.apiHash,
    session: "",
    quiet: true,
  });
  const safe = await SafeCaller.create({ client, options: config, store: new MemorySafeCallStore(), loggingIn: true });
  try {
    console.log("Connecting to Telegram…");
    await safe.connect();
    await runLogin({
      safe,
      apiId: config.apiId,
      apiHash: config.apiHash,
      io,
      exportSession: () => client.session.save() as unknown as string,
      sessionFile: config.sessionFile,
    });
    console.log("Start Pulse (npm start) and the collector runs with this account.");
    return 0;
  } finally {
    await safe.disconnect().catch(() => {});
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof MtprotoConfigError || error instanceof MtprotoError) console.error(error.message);
  else console.error(`Login failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rl.close();
  // gramjs keeps timers of its own after a disconnect; the login is done either way.
  setTimeout(() => process.exit(), 200).unref();
}
