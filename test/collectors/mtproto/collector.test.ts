import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Registry } from "prom-client";
import { ManualClock } from "../../../src/collectors/mtproto/clock.js";
import { createMtprotoCollector, type MtprotoCollector } from "../../../src/collectors/mtproto/collector.js";
import { type MtprotoConfig, parseMtprotoConfig } from "../../../src/collectors/mtproto/config.js";
import {
  type Notice,
  PeerPrivateError,
  renderNotice,
  SessionRevokedError,
} from "../../../src/collectors/mtproto/errors.js";
import { startMtproto } from "../../../src/collectors/mtproto/index.js";
import { getTrackedPeer } from "../../../src/collectors/mtproto/tracked.js";
import type { Database } from "../../../src/db/client.js";
import { translator } from "../../../src/i18n/index.js";
import { BatchWriter } from "../../../src/ingest/writer.js";
import { testEngines } from "../../helpers/db.js";
import { API_HASH, botApiId, FakeTelegram, fakeClient, floodWait, rpcError } from "./fake-telegram.js";
import { silent } from "./helpers.js";

const parsed = parseMtprotoConfig({ TG_API_ID: "12345", TG_API_HASH: API_HASH, DATA_DIR: "/nonexistent" });
if (!parsed) throw new Error("config");
const config: MtprotoConfig = parsed;

for (const engine of testEngines()) {
  describe(`the MTProto collector on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    /** Owner notices as an English-speaking owner reads them; `raw` keeps them untranslated. */
    function build(telegram: FakeTelegram, notes: string[] = [], raw: Notice[] = []) {
      const writer = new BatchWriter(
        database,
        { flushMs: 2, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
        silent,
      );
      const collector = createMtprotoCollector({
        config: { ...config, bulkPauseEvery: 0 },
        database,
        writer,
        log: silent,
        registry: new Registry(),
        storeMessageText: true,
        notify: async (notice) => {
          raw.push(notice);
          notes.push(renderNotice(translator("en"), "en", notice));
        },
        clock: new ManualClock(Date.parse("2026-03-10T12:00:00Z")),
        client: fakeClient(telegram),
        connect: false,
      });
      return { collector, writer };
    }

    test("a revoked session: start fails clearly, the owners are told once, jobs do nothing", async () => {
      const telegram = new FakeTelegram();
      telegram.failNext("users.GetUsers", (r) => rpcError(r, 401, "AUTH_KEY_UNREGISTERED"));
      const notes: string[] = [];
      const raw: Notice[] = [];
      const { collector } = build(telegram, notes, raw);
      await assert.rejects(collector.start(), (error: unknown) => {
        assert.ok(error instanceof SessionRevokedError);
        assert.match(error.message, /AUTH_KEY_UNREGISTERED/);
        assert.match(error.message, /npm run login/);
        return true;
      });
      await new Promise((r) => setImmediate(r));
      assert.equal(notes.length, 1);
      assert.match(
        notes[0] ?? "",
        /no longer accepts the user session \(AUTH_KEY_UNREGISTERED\).*the bot keeps running/,
      );
      // An owner whose Telegram speaks Russian reads the same notice in Russian.
      assert.match(
        renderNotice(translator("ru"), "ru", raw[0] as Notice),
        /^⚠️ Pulse: Telegram больше не принимает пользовательскую сессию \(AUTH_KEY_UNREGISTERED\)\. .*бот продолжает работать/,
      );
      const result = await collector.runJob("engagement");
      assert.equal(result.outcome, "skipped");
      assert.equal(telegram.calls.length, 1);
      await collector.stop();
    });

    describe("running", () => {
      let telegram: FakeTelegram;
      let collector: MtprotoCollector;
      let writer: BatchWriter;
      const notes: string[] = [];
      before(async () => {
        await database.rows(sql`UPDATE tracked_peers SET active = false`);
        telegram = new FakeTelegram();
        ({ collector, writer } = build(telegram, notes));
        await collector.start();
      });
      after(async () => {
        await collector.stop();
        await writer.close();
      });

      test("/track resolves, checks, stores and discovers; the job table holds four jobs", async () => {
        const { jobs } = await import("../../../src/jobs/registry.js");
        assert.deepEqual(
          jobs.filter((j) => j.name.startsWith("mtproto.")).map((j) => [j.name, j.cron, j.runOnStart === true]),
          [
            ["mtproto.discovery", "20 3 * * *", true],
            ["mtproto.engagement", "0 * * * *", false],
            ["mtproto.native-stats", "40 3 * * *", false],
            ["mtproto.backfill", "*/10 * * * *", false],
          ],
        );
        telegram.addChannel(
          7_000_000_001,
          { username: "publicnews", title: "Public News" },
          { participantsCount: 900 },
        );
        telegram.addPosts(7_000_000_001, [1, 2, 3, 4, 5], Date.parse("2026-03-10T11:00:00Z") / 1000);
        const result = await collector.bot.track(
          { kind: "username", username: "publicnews" },
          { userId: 42, isOwner: false },
        );
        assert.deepEqual(
          [result.chat.chatId, result.chat.kind, result.alreadyTracked, result.memberCount],
          [botApiId(7_000_000_001), "channel", false, 900],
        );
        const peer = await getTrackedPeer(database.db, botApiId(7_000_000_001));
        assert.deepEqual([peer?.active, peer?.addedBy, peer?.username], [true, 42, "publicnews"]);
        const again = await collector.bot.track(
          { kind: "chat_id", chatId: botApiId(7_000_000_001) },
          { userId: 42, isOwner: false },
        );
        assert.equal(again.alreadyTracked, true);

        const backfill = await collector.runJob("backfill");
        assert.equal(backfill.outcome, "ok");
        assert.deepEqual([backfill.totals.messages, backfill.totals.completed], [5, 1]);
        assert.equal(typeof backfill.totals.requests, "number");
        assert.equal(collector.status().accountId, 4242);
      });

      test("a private chat is refused and nothing is stored", async () => {
        telegram.addChannel(7_000_000_002, { username: "closedclub" });
        telegram.failNext("channels.GetFullChannel", (r) => rpcError(r, 400, "CHANNEL_PRIVATE"));
        await assert.rejects(
          collector.bot.track({ kind: "username", username: "closedclub" }, { userId: 42, isOwner: true }),
          (error: unknown) =>
            error instanceof PeerPrivateError && /private to the account behind Pulse/.test(error.message),
        );
        assert.equal(await getTrackedPeer(database.db, botApiId(7_000_000_002)), undefined);
      });

      test("a parked FLOOD_WAIT parks the job and tells the owners", async () => {
        telegram.failNext("messages.GetHistory", (r) => floodWait(r, 5_000));
        const result = await collector.runJob("engagement");
        assert.equal(result.outcome, "parked");
        assert.match(result.error ?? "", /wait 5000 s/);
        await new Promise((r) => setImmediate(r));
        assert.ok(notes.some((n) => /engagement job is parked until/.test(n)));
        assert.equal(collector.status().parked[0]?.method, "messages.GetHistory");
      });

      test("/untrack stops following; the data stays", async () => {
        const removed = await collector.bot.untrack({ kind: "username", username: "publicnews" });
        assert.equal(removed?.chatId, botApiId(7_000_000_001));
        assert.equal((await getTrackedPeer(database.db, botApiId(7_000_000_001)))?.active, false);
        const [n] = await database.rows<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM messages WHERE chat_id = ${botApiId(7_000_000_001)}`,
        );
        assert.equal(n?.n, 5);
        assert.equal(await collector.bot.untrack({ kind: "username", username: "publicnews" }), undefined);
      });
    });
  });
}

describe("startMtproto: the bot runs alone unless the collector can start", () => {
  const root = mkdtempSync(join(tmpdir(), "pulse-start-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const deps = { database: {} as Database, writer: { write: async () => {} }, log: silent, storeMessageText: true };

  test("not configured, or no session yet", async () => {
    assert.equal(await startMtproto({ ...deps, config: undefined }), undefined);
    assert.equal(
      await startMtproto({ ...deps, config: { ...config, sessionFile: join(root, "none", "session") } }),
      undefined,
    );
  });

  test("a session file with loose permissions is refused and the owners are told why", async () => {
    const dir = join(root, "loose");
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, "session");
    writeFileSync(file, "1SecretSecretSecret", { mode: 0o600 });
    chmodSync(file, 0o640);
    const notes: string[] = [];
    const started = await startMtproto({
      ...deps,
      config: { ...config, sessionFile: file },
      notify: async (notice) => void notes.push(renderNotice(translator("en"), "en", notice)),
    });
    assert.equal(started, undefined);
    assert.equal(notes.length, 1);
    assert.match(notes[0] ?? "", /mode is 640, it must be 600/);
    assert.ok(!(notes[0] ?? "").includes("SecretSecret"));
  });
});
