// A bot running without a user session never loads gramjs (tens of MB resident, on servers
// with 1 GB): not when it starts, not when /track says the collector is off or refuses a
// link. Node runs each test file in a process of its own, so the module cache shows exactly
// what these starts loaded.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { after, describe, test } from "node:test";
import pino from "pino";
import { startPulse } from "../../../src/app.js";
import { type MtprotoConfig, parseMtprotoConfig } from "../../../src/collectors/mtproto/index.js";
import { translator } from "../../../src/i18n/index.js";
import { TestBotApiServer } from "../../helpers/bot-api-server.js";
import { testEngines } from "../../helpers/db.js";
import { FAST_SEND_LIMITS, testConfig, waitFor } from "../../helpers/pulse.js";
import { message, person, update } from "../../helpers/updates.js";

const require = createRequire(import.meta.url);
const gramjsModules = () =>
  Object.keys(require.cache).filter((path) => path.includes(`${sep}node_modules${sep}telegram${sep}`));

const OWNER = person(4242, "Olga");
const owner = { id: OWNER.id, type: "private" as const, first_name: OWNER.first_name };
const t = translator("en");
let nextId = 1;

function command(text: string) {
  return update.message(
    message(owner, nextId++, "2026-04-05T12:00:00Z", {
      from: OWNER,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? text.length }],
    }),
  );
}

const sessionDir = mkdtempSync(join(tmpdir(), "pulse-bot-only-"));
after(() => rmSync(sessionDir, { recursive: true, force: true }));

const setups: { name: string; mtproto: () => MtprotoConfig | undefined }[] = [
  { name: "no user session configured", mtproto: () => undefined },
  {
    name: "TG_API_ID/TG_API_HASH set but no login yet",
    mtproto: () =>
      parseMtprotoConfig({
        TG_API_ID: "12345",
        TG_API_HASH: "0123456789abcdef0123456789abcdef",
        TG_SESSION_FILE: join(sessionDir, "absent.session"),
      }),
  },
];

for (const engine of testEngines()) {
  describe(`bot without a user session (${engine.name})`, () => {
    for (const setup of setups) {
      test(`${setup.name}: starts, answers /track, and never loads gramjs`, async () => {
        const server = await TestBotApiServer.start();
        const database = await engine.open();
        const mtproto = setup.mtproto();
        const pulse = await startPulse(testConfig(server, { BOT_OWNER_IDS: String(OWNER.id) }), {
          log: pino({ level: "silent" }),
          database,
          botInfo: server.botInfo,
          jobs: [],
          sendLimits: FAST_SEND_LIMITS,
          ...(mtproto ? { mtproto } : {}),
        });
        try {
          assert.equal(pulse.mtproto, undefined);
          server.pushUpdates([command("/track @newsroom"), command("/track https://example.com/news")]);
          await waitFor(() => server.sentMessages(owner.id).length >= 2, 10_000, "two answers");
          const [notConfigured, refused] = server.sentMessages(owner.id).map((m) => ("text" in m ? m.text : ""));
          assert.equal(notConfigured, t("track-not-configured"));
          assert.equal(refused, t("track-error-not-telegram-host", { host: "example.com" }));
          assert.deepEqual(gramjsModules(), []);
        } finally {
          await pulse.stop();
          await database.close();
          await server.close();
        }
      });
    }
  });
}

test("the check sees gramjs once something loads it", async () => {
  await import("telegram");
  assert.ok(gramjsModules().length > 0);
});
