// A chart's cache key must change whenever the picture would: the renderer returns the cached
// PNG for an equal key without drawing. Opting out, a time-zone change and history imported
// into past days change the chart without a new message arriving in the chat.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { optOut } from "../../src/ingest/optout.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { getChatInfo } from "../../src/queries/chats.js";
import { parsePeriod } from "../../src/queries/period.js";
import { type ChartName, getChatStatsView } from "../../src/reports/chat-stats.js";
import { testEngines } from "../helpers/db.js";
import { messageRecord } from "../helpers/records.js";
import { CHAT, loadDataset, NOW, TZ } from "../queries/dataset.js";

for (const engine of testEngines()) {
  describe(`chart cache keys on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      await loadDataset(database);
    });
    after(() => database.close());

    const view = async (chart: ChartName) => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      const zone = chat.timezone ?? TZ;
      return getChatStatsView(
        { database, config: { defaultTimezone: TZ }, now: () => NOW },
        { chat, period: parsePeriod("7d", zone, NOW), chart, locale: "en" },
      );
    };

    test("a change that alters the chart, with no new message, gives it another key", async () => {
      const first = await view("top");
      assert.equal(first.chart.kind, "top_senders");
      // The same data asked again is the same picture.
      assert.equal((await view("top")).cacheKey, first.cacheKey);

      // Anna opts out: her name leaves the chart.
      await optOut(database, { userId: 1, username: null });
      const optedOut = await view("top");
      assert.notDeepEqual(optedOut.chart, first.chart);
      assert.notEqual(optedOut.cacheKey, first.cacheKey);

      // History for a past day, older than the chat's last message.
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 100, queueLimit: 1000, defaultTimezone: "UTC" },
        pino({ level: "silent" }),
      );
      await writer.write({ messages: [messageRecord(CHAT, 9001, "2026-03-29T10:00:00Z", { userId: 2 })] });
      await writer.close();
      const imported = await view("top");
      assert.notDeepEqual(imported.chart, optedOut.chart);
      assert.notEqual(imported.cacheKey, optedOut.cacheKey);

      // Another time zone: the subtitle names it.
      await database.db.execute(sql`UPDATE chats SET timezone = 'Asia/Tokyo' WHERE id = ${CHAT}`);
      const rezoned = await view("top");
      assert.notDeepEqual(rezoned.chart, imported.chart);
      assert.notEqual(rezoned.cacheKey, imported.cacheKey);
    });
  });
}
