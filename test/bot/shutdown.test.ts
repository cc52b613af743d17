// Stopping Pulse in the middle of a burst: everything Telegram considers delivered must be
// in the database, and a restart picks up the rest without counting anything twice.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { message, person, supergroup, update } from "../helpers/updates.js";

const TOTAL = 3_000;
const CHATS = 10;

for (const engine of testEngines()) {
  describe(`shutdown during a burst on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
    });
    after(async () => {
      await database.close();
      await server.close();
    });

    test("nothing confirmed to Telegram is lost; a restart finishes the rest exactly once", async () => {
      const stored = async () =>
        (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM messages`))[0]?.n ?? 0;
      const sender = person(201, "Burst");
      const updates = Array.from({ length: TOTAL }, (_, i) => {
        const chat = supergroup(-1003000000000 - (i % CHATS), `Burst ${i % CHATS}`);
        const at = new Date(Date.UTC(2026, 2, 10, 9, 0, 0) + i * 1000).toISOString();
        return update.message(message(chat, Math.floor(i / CHATS) + 1, at, { from: sender, text: `message ${i}` }));
      });

      const first = await startTestPulse(server, database, { WRITER_FLUSH_MS: "20", WRITER_BATCH_SIZE: "200" });
      const ids = server.pushUpdates(updates);
      const firstId = ids[0] as number;
      await waitFor(async () => (await stored()) >= 300, 20_000, "the first commits");
      await first.stop();

      const confirmed = server.confirmedOffset - firstId; // updates Telegram will never send again
      const afterStop = await stored();
      assert.ok(confirmed > 0 && confirmed < TOTAL, `stopped mid-burst (confirmed ${confirmed})`);
      assert.ok(afterStop >= confirmed, `confirmed ${confirmed} but only ${afterStop} stored`);

      const second = await startTestPulse(server, database);
      await server.waitUntilConfirmed(ids.at(-1) as number, 20_000);
      await waitFor(() => second.polling.inFlight() === 0, 10_000, "handlers to finish");
      await second.stop();

      assert.equal(await stored(), TOTAL);
      const [rollup] = await database.rows<{ messages: number; senders: number }>(
        sql`SELECT (SELECT sum(messages)::int FROM chat_hourly_activity) AS messages,
                   (SELECT sum(messages)::int FROM chat_user_daily_activity) AS senders`,
      );
      assert.deepEqual(rollup, { messages: TOTAL, senders: TOTAL });
    });
  });
}
