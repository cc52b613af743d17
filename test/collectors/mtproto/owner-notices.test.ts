// What the user session has to tell Pulse's owners reaches each of them in their own language:
// the one their Telegram app last reported (stored with the user), English if Pulse has not met them.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import { type Pulse, startPulse } from "../../../src/app.js";
import { type MtprotoConfig, parseMtprotoConfig } from "../../../src/collectors/mtproto/config.js";
import type { Database } from "../../../src/db/client.js";
import { TestBotApiServer } from "../../helpers/bot-api-server.js";
import { testEngines } from "../../helpers/db.js";
import { FAST_SEND_LIMITS, testConfig, waitFor } from "../../helpers/pulse.js";
import { API_HASH } from "./fake-telegram.js";

const RUSSIAN_OWNER = 501;
const SPANISH_OWNER = 502;
const UNSEEN_OWNER = 503;

for (const engine of testEngines()) {
  describe(`owner notices from the user session on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    const root = mkdtempSync(join(tmpdir(), "pulse-owner-notices-"));

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await database.db.execute(sql`
        INSERT INTO users (id, is_bot, first_name, language_code)
        VALUES (${RUSSIAN_OWNER}, false, 'Ольга', 'ru'), (${SPANISH_OWNER}, false, 'Pilar', 'es-AR')`);
      // A session file others may read: refused before any connection, and the owners told why.
      const dir = join(root, "session");
      mkdirSync(dir, { mode: 0o700 });
      const file = join(dir, "session");
      writeFileSync(file, "1SecretSecretSecret", { mode: 0o600 });
      chmodSync(file, 0o644);
      const mtproto = parseMtprotoConfig({
        TG_API_ID: "12345",
        TG_API_HASH: API_HASH,
        DATA_DIR: root,
      }) as MtprotoConfig;
      pulse = await startPulse(
        testConfig(server, { BOT_OWNER_IDS: `${RUSSIAN_OWNER},${SPANISH_OWNER},${UNSEEN_OWNER}` }),
        {
          log: pino({ level: "silent" }),
          database,
          botInfo: server.botInfo,
          jobs: [],
          sendLimits: FAST_SEND_LIMITS,
          mtproto: { ...mtproto, sessionFile: file },
        },
      );
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    });

    test("each owner reads why the session was refused in their language; the session never appears", async () => {
      const textTo = (id: number) =>
        String(server.callsTo("sendMessage").find((c) => c.payload.chat_id === id)?.payload.text ?? "");
      await waitFor(() => [RUSSIAN_OWNER, SPANISH_OWNER, UNSEEN_OWNER].every((id) => textTo(id) !== ""), 15_000);
      assert.match(textTo(RUSSIAN_OWNER), /^⚠️ Pulse: пользовательская сессия отклонена: .*mode is 644, it must be 600/);
      assert.match(textTo(SPANISH_OWNER), /^⚠️ Pulse: se rechazó la sesión de usuario: .*mode is 644, it must be 600/);
      assert.match(textTo(UNSEEN_OWNER), /^⚠️ Pulse: the user session was refused: .*mode is 644, it must be 600/);
      for (const id of [RUSSIAN_OWNER, SPANISH_OWNER, UNSEEN_OWNER]) assert.ok(!textTo(id).includes("SecretSecret"));
      assert.equal(pulse.mtproto, undefined);
    });
  });
}
