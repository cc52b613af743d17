// Starts the real Pulse (startPulse, as main.ts does) against a test Bot API server and a
// test database.
import pino from "pino";
import { type Pulse, startPulse } from "../../src/app.js";
import { type Config, parseConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import type { SendLimits } from "../../src/delivery/index.js";
import type { JobDefinition } from "../../src/jobs/index.js";
import type { TestBotApiServer } from "./bot-api-server.js";

/**
 * Telegram's real limits would space every test's replies to one chat a second apart; tests
 * keep the same queues with room enough that none waits (test/delivery checks the real ones).
 */
export const FAST_SEND_LIMITS: SendLimits = {
  overall: { count: 10_000, perMs: 1_000 },
  perChatGapMs: 0,
  perGroup: { count: 10_000, perMs: 1_000 },
};

export function testConfig(server: TestBotApiServer, env: Record<string, string> = {}): Config {
  return parseConfig({
    BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.apiRoot,
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
    WRITER_FLUSH_MS: "5",
    API_MAX_RETRY_DELAY_SECONDS: "5",
    ...env,
  });
}

export function startTestPulse(
  server: TestBotApiServer,
  database: Database,
  env: Record<string, string> = {},
  now?: () => Date,
  options: { jobs?: readonly JobDefinition[]; sendLimits?: SendLimits } = {},
): Promise<Pulse> {
  return startPulse(testConfig(server, env), {
    log: pino({ level: "silent" }),
    database,
    botInfo: server.botInfo,
    now,
    // No scheduled jobs unless a test asks: they run on the real clock and would make
    // Bot API calls (a snapshot at :05) in the middle of other tests' assertions.
    jobs: options.jobs ?? [],
    sendLimits: options.sendLimits ?? FAST_SEND_LIMITS,
  });
}

export async function waitFor(
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
