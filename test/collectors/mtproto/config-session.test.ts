import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { MtprotoConfigError, parseMtprotoConfig } from "../../../src/collectors/mtproto/config.js";
import { readSessionFile, SessionFileError, writeSessionFile } from "../../../src/collectors/mtproto/session-file.js";
import { API_HASH } from "./fake-telegram.js";

const SESSION = "1BVtsOKABu2vT0pSecretSessionStringThatMustNeverLeak==";

describe("MTProto configuration", () => {
  test("not configured without TG_API_ID and TG_API_HASH", () => {
    assert.equal(parseMtprotoConfig({}), undefined);
    assert.equal(parseMtprotoConfig({ TG_API_ID: "", TG_API_HASH: " " }), undefined);
  });

  test("defaults", () => {
    const config = parseMtprotoConfig({
      TG_API_ID: "12345",
      TG_API_HASH: API_HASH.toUpperCase(),
      DATA_DIR: "/srv/pulse",
    });
    assert.ok(config);
    assert.equal(config.apiId, 12345);
    assert.equal(config.apiHash, API_HASH);
    assert.equal(config.sessionFile, "/srv/pulse/mtproto/session");
    assert.deepEqual(
      [
        config.requestsPerSecond,
        config.burst,
        config.floodWaitMaxSeconds,
        config.engagementWindowHours,
        config.dailyDmQuota,
        config.dailyJoinQuota,
      ],
      [4, 4, 120, 24, 20, 10],
    );
    assert.deepEqual(config.cron, {
      engagement: "0 * * * *",
      discovery: "20 3 * * *",
      nativeStats: "40 3 * * *",
      backfill: "*/10 * * * *",
    });
    assert.equal(parseMtprotoConfig({ TG_API_ID: "1", TG_API_HASH: API_HASH })?.sessionFile, "data/mtproto/session");
  });

  test("errors name the variable and what it expects", () => {
    assert.throws(() => parseMtprotoConfig({ TG_API_ID: "12345" }), /TG_API_HASH: is required with TG_API_ID/);
    assert.throws(() => parseMtprotoConfig({ TG_API_HASH: API_HASH }), /TG_API_ID: is required with TG_API_HASH/);
    assert.throws(
      () => parseMtprotoConfig({ TG_API_ID: "abc", TG_API_HASH: "short" }),
      (error: unknown) => {
        assert.ok(error instanceof MtprotoConfigError);
        assert.match(error.message, /TG_API_ID: expected the numeric api_id/);
        assert.match(error.message, /TG_API_HASH: expected the 32-character hexadecimal api_hash/);
        return true;
      },
    );
    assert.throws(
      () => parseMtprotoConfig({ TG_API_ID: "1", TG_API_HASH: API_HASH, MTPROTO_REQUESTS_PER_SECOND: "100" }),
      /MTPROTO_REQUESTS_PER_SECOND: expected a number from 0.05 to 30/,
    );
    assert.throws(
      () => parseMtprotoConfig({ TG_API_ID: "1", TG_API_HASH: API_HASH, MTPROTO_ENGAGEMENT_CRON: "every hour" }),
      /MTPROTO_ENGAGEMENT_CRON: expected a cron expression/,
    );
  });
});

describe("the session file", () => {
  const root = mkdtempSync(join(tmpdir(), "pulse-session-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  test("is written with mode 600 in a directory of mode 700, and read back", () => {
    const file = join(root, "a", "mtproto", "session");
    writeSessionFile(file, SESSION);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(root, "a", "mtproto")).mode & 0o777, 0o700);
    assert.equal(readSessionFile(file), SESSION);
    assert.equal(readFileSync(file, "utf8"), `${SESSION}\n`);
  });

  test("no file: not logged in", () => {
    assert.equal(readSessionFile(join(root, "missing", "session")), undefined);
  });

  test("a file others may read is refused, with the reason and the fix, never the content", () => {
    const dir = join(root, "b");
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, "session");
    writeFileSync(file, SESSION, { mode: 0o644 });
    chmodSync(file, 0o644);
    assert.throws(
      () => readSessionFile(file),
      (error: unknown) => {
        assert.ok(error instanceof SessionFileError);
        assert.match(error.message, /mode is 644, it must be 600/);
        assert.match(error.message, /chmod 600/);
        assert.ok(!error.message.includes(SESSION));
        return true;
      },
    );
  });

  test("a directory others may enter is refused, for reading and for writing", () => {
    const dir = join(root, "c");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const file = join(dir, "session");
    writeFileSync(file, SESSION, { mode: 0o600 });
    assert.throws(() => readSessionFile(file), /session directory .* mode is 755, it must be 700/);
    assert.throws(() => writeSessionFile(file, SESSION), /chmod 700/);
  });

  test("an empty session file is refused", () => {
    const dir = join(root, "d");
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, "session"), "\n", { mode: 0o600 });
    assert.throws(() => readSessionFile(join(dir, "session")), /is empty: run npm run login/);
  });
});

describe("the session never reaches the logs", () => {
  test("gramjs's own log lines are scrubbed of it", async () => {
    const { AuthKey } = await import("telegram/crypto/AuthKey.js");
    const { StringSession } = await import("telegram/sessions/index.js");
    const { createTelegramClient } = await import("../../../src/collectors/mtproto/client.js");
    const pino = (await import("pino")).default;
    const key = new AuthKey();
    await key.setKey(Buffer.alloc(256, 7));
    const source = new StringSession("");
    source.setDC(2, "149.154.167.50", 443);
    source.setAuthKey(key);
    const session = source.save();
    assert.ok(session.length > 100);
    const lines: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const client = createTelegramClient({ apiId: 1, apiHash: API_HASH, session, log });
    assert.equal(client.floodSleepThreshold, 0, "every FLOOD_WAIT reaches the SafeCaller");
    const gramLog = (client as unknown as { _log: { warn(m: string): void; error(m: string): void } })._log;
    gramLog.warn(`reconnecting with ${session}`);
    gramLog.error(`failed: ${session}`);
    const output = lines.join("");
    assert.match(output, /reconnecting with \[REDACTED\]/);
    assert.ok(!output.includes(session));
  });
});
