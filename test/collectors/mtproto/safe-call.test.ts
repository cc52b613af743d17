import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import {
  ApiCredentialsError,
  FloodWaitParkedError,
  QuotaExceededError,
  SessionRevokedError,
} from "../../../src/collectors/mtproto/errors.js";
import { DatabaseSafeCallStore, MemorySafeCallStore, SafeCaller } from "../../../src/collectors/mtproto/safe-call.js";
import type { Database } from "../../../src/db/client.js";
import { testEngines } from "../../helpers/db.js";
import { FakeTelegram, fakeClient, floodWait, rpcError } from "./fake-telegram.js";
import { harness, metricValue, SAFE_OPTIONS, silent } from "./helpers.js";

const getState = () => new Api.updates.GetState();
const history = () =>
  new Api.messages.GetHistory({
    peer: new Api.InputPeerEmpty(),
    offsetId: 0,
    offsetDate: 0,
    addOffset: 0,
    limit: 1,
    maxId: 0,
    minId: 0,
    hash: returnBigInt(0),
  });
const joinChannel = () =>
  new Api.channels.JoinChannel({
    channel: new Api.InputChannel({ channelId: returnBigInt(1), accessHash: returnBigInt(2) }),
  });
const dm = () =>
  new Api.messages.SendMessage({
    peer: new Api.InputPeerUser({ userId: returnBigInt(5), accessHash: returnBigInt(6) }),
    message: "hi",
    randomId: returnBigInt(7),
  });

describe("SafeCaller (limiter, FLOOD_WAIT, revocation)", () => {
  test("token bucket: a burst goes at once, then requests are spaced at the configured rate", async () => {
    const h = await harness(undefined, { store: new MemorySafeCallStore(), safe: { requestsPerSecond: 4, burst: 4 } });
    const start = h.clock.now();
    for (let i = 0; i < 12; i++) await h.safe.call(getState());
    // 4 in the burst, the other 8 at 250 ms each.
    assert.equal(h.clock.now() - start, 2_000);
    assert.equal(h.safe.sent, 12);
    assert.equal(await metricValue(h.registry, "pulse_mtproto_throttled_total"), 8);
    assert.equal(await metricValue(h.registry, "pulse_mtproto_requests_total", { outcome: "ok" }), 12);
    // Idle time refills the bucket.
    h.clock.advance(10_000);
    const idle = h.clock.now();
    for (let i = 0; i < 4; i++) await h.safe.call(getState());
    assert.equal(h.clock.now(), idle);
  });

  test("FLOOD_WAIT below the threshold is waited out and retried with exponential backoff", async () => {
    const h = await harness(undefined, { store: new MemorySafeCallStore() });
    h.telegram.failNext("updates.GetState", (r) => floodWait(r, 10), 2);
    const start = h.clock.now();
    const state = await h.safe.call(getState());
    assert.ok(state instanceof Api.updates.State);
    assert.equal(h.telegram.callsOf("updates.GetState").length, 3);
    // 10 s, then 20 s (doubled), then success.
    assert.ok(h.clock.sleeps.includes(10_000) && h.clock.sleeps.includes(20_000));
    assert.ok(h.clock.now() - start >= 30_000);
    assert.equal(await metricValue(h.registry, "pulse_mtproto_flood_waits_total", { handling: "retried" }), 2);
    assert.equal(await metricValue(h.registry, "pulse_mtproto_flood_wait_seconds_total"), 30);
  });

  test("FLOOD_WAIT above the threshold parks the method without waiting; other methods go on", async () => {
    const h = await harness(undefined, { store: new MemorySafeCallStore() });
    h.telegram.failNext("messages.GetHistory", (r) => floodWait(r, 3_600));
    const start = h.clock.now();
    await assert.rejects(h.safe.call(history()), (error: unknown) => {
      assert.ok(error instanceof FloodWaitParkedError);
      assert.equal(error.seconds, 3_600);
      assert.equal(error.until.getTime(), start + 3_600_000);
      assert.match(error.message, /wait 3600 s before calling messages.GetHistory/);
      return true;
    });
    assert.ok(h.clock.now() - start < 1_000, "no hour-long sleep");
    // The parked method fails fast, without a request; others are untouched.
    const sent = h.safe.sent;
    await assert.rejects(h.safe.call(history()), FloodWaitParkedError);
    assert.equal(h.safe.sent, sent);
    await h.safe.call(getState());
    assert.deepEqual(
      h.safe.parked().map((p) => p.method),
      ["messages.GetHistory"],
    );
    assert.equal(await metricValue(h.registry, "pulse_mtproto_flood_waits_total", { handling: "parked" }), 1);
    // Once the hour has passed the method works again.
    h.clock.advance(3_600_000);
    h.telegram.on((r) =>
      r instanceof Api.messages.GetHistory
        ? new Api.messages.Messages({ messages: [], chats: [], users: [] })
        : undefined,
    );
    await h.safe.call(history());
  });

  test("repeated FLOOD_WAITs end parked once the retries are used up", async () => {
    const h = await harness(undefined, { store: new MemorySafeCallStore(), safe: { floodMaxRetries: 2 } });
    h.telegram.failNext("updates.GetState", (r) => floodWait(r, 5), 5);
    await assert.rejects(h.safe.call(getState()), FloodWaitParkedError);
    assert.equal(h.telegram.callsOf("updates.GetState").length, 3);
  });

  test("bulk operations pause every N requests", async () => {
    const h = await harness(undefined, {
      store: new MemorySafeCallStore(),
      safe: { bulkPauseEvery: 3, bulkPauseSeconds: 5 },
    });
    const pacer = h.safe.bulk();
    for (let i = 0; i < 7; i++) await pacer.step();
    assert.deepEqual(h.clock.sleeps, [5_000, 5_000]);
    assert.equal(await metricValue(h.registry, "pulse_mtproto_bulk_pauses_total"), 2);
  });

  test("call latency is observed per method", async () => {
    const h = await harness(undefined, { store: new MemorySafeCallStore() });
    await h.safe.call(getState());
    const metrics = await h.registry.getMetricsAsJSON();
    const latency = metrics.find((m) => m.name === "pulse_mtproto_request_seconds");
    const values = (latency?.values ?? []) as { metricName?: string; value: number; labels: Record<string, unknown> }[];
    const count = values.find(
      (v) => v.metricName === "pulse_mtproto_request_seconds_count" && v.labels.method === "updates.GetState",
    );
    assert.equal(count?.value, 1);
  });

  test("a revoked session stops every later call and is reported once", async () => {
    const telegram = new FakeTelegram();
    const revoked: string[] = [];
    const safe = await SafeCaller.create({
      client: fakeClient(telegram),
      options: SAFE_OPTIONS,
      store: new MemorySafeCallStore(),
      log: silent,
      onRevoked: (reason) => revoked.push(reason),
    });
    telegram.failNext("updates.GetState", (r) => rpcError(r, 401, "AUTH_KEY_UNREGISTERED"));
    await assert.rejects(safe.call(getState()), SessionRevokedError);
    await assert.rejects(safe.call(getState()), /npm run login/);
    assert.deepEqual(revoked, ["AUTH_KEY_UNREGISTERED"]);
    assert.equal(telegram.calls.length, 1);
    assert.equal(safe.revokedReason, "AUTH_KEY_UNREGISTERED");
  });

  test("a wrong API id/hash becomes a clear error", async () => {
    const h = await harness(undefined, { store: new MemorySafeCallStore() });
    h.telegram.failNext("updates.GetState", (r) => rpcError(r, 400, "API_ID_INVALID"));
    await assert.rejects(h.safe.call(getState()), (error: unknown) => {
      assert.ok(error instanceof ApiCredentialsError);
      assert.match(error.message, /TG_API_ID \/ TG_API_HASH/);
      return true;
    });
  });

  test("the client's own invoke() is taken over: calling the client goes through the limiter", async () => {
    const telegram = new FakeTelegram();
    const client = fakeClient(telegram);
    const safe = await SafeCaller.create({
      client,
      options: SAFE_OPTIONS,
      store: new MemorySafeCallStore(),
      log: silent,
    });
    await client.invoke(getState());
    assert.equal(safe.sent, 1);
    assert.throws(() => client.invokeWithSender(getState()), /bypass/);
  });

  test("no collector module calls invoke() itself or holds the client", () => {
    const dir = join(import.meta.dirname, "../../../src/collectors/mtproto");
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(dir, file), "utf8");
      if (file !== "safe-call.ts") assert.doesNotMatch(source, /\.invoke\(|invokeWithSender\(/, `${file} calls invoke`);
      // Only the composition points may touch the gramjs client.
      if (!["safe-call.ts", "client.ts", "collector.ts"].includes(file)) {
        assert.doesNotMatch(source, /TelegramClient/, `${file} refers to the client`);
      }
    }
  });
});

for (const engine of testEngines()) {
  describe(`SafeCaller persistence on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    test("daily join and DM quotas persist and reset at 00:00 UTC", async () => {
      const store = new DatabaseSafeCallStore(database);
      const h = await harness(database, {
        store,
        start: "2026-03-10T23:59:00Z",
        safe: { dailyJoinQuota: 2, dailyDmQuota: 1 },
      });
      h.telegram.on((r) =>
        r instanceof Api.channels.JoinChannel || r instanceof Api.messages.SendMessage
          ? new Api.Updates({ updates: [], users: [], chats: [], date: 0, seq: 0 })
          : undefined,
      );
      await h.safe.call(joinChannel());
      await h.safe.call(joinChannel());
      await assert.rejects(h.safe.call(joinChannel()), (error: unknown) => {
        assert.ok(error instanceof QuotaExceededError);
        assert.equal(error.resetsAt.toISOString(), "2026-03-11T00:00:00.000Z");
        assert.match(error.message, /daily join quota \(2\)/);
        return true;
      });
      await h.safe.call(dm());
      await assert.rejects(h.safe.call(dm()), QuotaExceededError);
      // Calls that draw on no quota are not affected.
      await h.safe.call(getState());
      assert.equal(h.telegram.callsOf("channels.JoinChannel").length, 2);

      // A restart keeps the counters: a new SafeCaller on the same database still refuses.
      const restarted = await harness(database, { store, start: "2026-03-10T23:59:30Z", safe: { dailyJoinQuota: 2 } });
      await assert.rejects(restarted.safe.call(joinChannel()), QuotaExceededError);
      assert.deepEqual((await restarted.safe.quotaUsage()).join, { used: 2, limit: 2 });

      // Past midnight UTC the day is new.
      restarted.clock.set("2026-03-11T00:00:01Z");
      restarted.telegram.on((r) =>
        r instanceof Api.channels.JoinChannel
          ? new Api.Updates({ updates: [], users: [], chats: [], date: 0, seq: 0 })
          : undefined,
      );
      await restarted.safe.call(joinChannel());
      assert.deepEqual((await restarted.safe.quotaUsage()).join, { used: 1, limit: 2 });
      const rows = await database.rows<{ kind: string; day: string; used: number }>(
        sql`SELECT kind, day::text AS day, used FROM mtproto_quotas ORDER BY day, kind`,
      );
      assert.deepEqual(rows, [
        { kind: "dm", day: "2026-03-10", used: 1 },
        { kind: "join", day: "2026-03-10", used: 2 },
        { kind: "join", day: "2026-03-11", used: 1 },
      ]);
    });

    test("a parked method stays parked across a restart", async () => {
      const store = new DatabaseSafeCallStore(database);
      const h = await harness(database, { store, start: "2026-03-12T10:00:00Z" });
      h.telegram.failNext("channels.GetFullChannel", (r) => floodWait(r, 7_200));
      const full = () =>
        new Api.channels.GetFullChannel({
          channel: new Api.InputChannel({ channelId: returnBigInt(1), accessHash: returnBigInt(2) }),
        });
      await assert.rejects(h.safe.call(full()), FloodWaitParkedError);
      const restarted = await harness(database, { store, start: "2026-03-12T10:30:00Z" });
      await assert.rejects(restarted.safe.call(full()), (error: unknown) => {
        assert.ok(error instanceof FloodWaitParkedError);
        assert.equal(error.until.toISOString(), "2026-03-12T12:00:00.000Z");
        return true;
      });
      assert.equal(restarted.telegram.calls.length, 0);
    });
  });
}
