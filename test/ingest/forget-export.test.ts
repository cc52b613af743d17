// Forgetting what an import stored, so an export can be read again differently: only the rows
// that reading inserted go, with their join and leave events, and every rollup stays exactly
// what a recount of the stored rows gives (no emptied rows left), before and after the file
// is imported again.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import { importExport } from "../../src/collectors/tdesktop/importer.js";
import type { Database } from "../../src/db/client.js";
import type { IdRuns } from "../../src/ingest/bulk.js";
import { forgetExportedMessages } from "../../src/ingest/forget-export.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { messageRecord } from "../helpers/records.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";

const FILE = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "fixtures",
  "tdesktop",
  "tkonverter-private-group.json",
);
const CHAT = -20001;
const ZONE = "Europe/Berlin";
const options = { storeText: true, defaultTimezone: ZONE };

for (const engine of testEngines()) {
  describe(`forgetting an export's messages on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(() => database.close());

    /** Rollups as stored, every row, and as an exact recount of messages and member events. */
    const rollups = async () => ({
      stored: await storedRollups(database, CHAT),
      recount: await recountedRollups(database, CHAT, ZONE),
    });

    test("only the export's rows go, rollups stay a recount, and importing again restores them", async () => {
      // The bot saw two of the messages live, from another sender: they must stay.
      const data = JSON.parse(readFileSync(FILE, "utf8")) as {
        messages: { id: number; type: string; date_unixtime: string }[];
      };
      const live = data.messages.filter((m) => m.type === "message").slice(0, 2);
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 100, queueLimit: 1000, defaultTimezone: ZONE },
        pino({ level: "silent" }),
      );
      await writer.write({
        chats: [{ id: CHAT, type: "group", title: "Team Chat", seenAt: new Date() }],
        messages: live.map((m) => messageRecord(CHAT, m.id, new Date(Number(m.date_unixtime) * 1000).toISOString())),
      });
      await writer.close();

      const inserted: IdRuns = new Map();
      const first = await importExport(database, FILE, { ...options, recordInserted: inserted });
      const imported = await rollups();
      assert.deepEqual(imported.stored, imported.recount);
      const events = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM member_events WHERE chat_id = ${CHAT} AND source = 'export'`,
      );
      assert.ok((events[0]?.n ?? 0) > 0, "the fixture has joins and leaves");
      // The two messages the bot stored split what the import inserted into runs around them.
      const ids = (
        await database.rows<{ id: number }>(
          sql`SELECT message_id AS id FROM messages WHERE chat_id = ${CHAT} AND source = 'export' ORDER BY 1`,
        )
      ).map((row) => row.id);
      assert.equal(ids.length, first.imported);
      const runs = inserted.get(CHAT) ?? [];
      const recorded = (id: number) => {
        for (let i = 0; i < runs.length; i += 2)
          if (id >= (runs[i] as number) && id <= (runs[i + 1] as number)) return true;
        return false;
      };
      assert.deepEqual(ids.filter(recorded), ids);
      assert.deepEqual(
        live.filter((l) => recorded(l.id)),
        [],
      );
      let length = 0;
      for (let i = 0; i < runs.length; i += 2) length += (runs[i + 1] as number) - (runs[i] as number) + 1;
      assert.equal(length, ids.length);

      const forgotten = await database.bulkTransaction((tx) => forgetExportedMessages(tx, inserted, ZONE));
      assert.equal(forgotten, first.imported);
      const left = await database.rows<{ id: number; source: string }>(
        sql`SELECT message_id AS id, source FROM messages WHERE chat_id = ${CHAT} ORDER BY 1`,
      );
      assert.deepEqual(
        left,
        live.map((m) => ({ id: m.id, source: "bot" })),
      );
      assert.deepEqual(
        await database.rows(
          sql`SELECT count(*)::int AS n FROM member_events WHERE chat_id = ${CHAT} AND source = 'export'`,
        ),
        [{ n: 0 }],
      );
      const emptied = await rollups();
      assert.deepEqual(emptied.stored, emptied.recount);

      const again = await importExport(database, FILE, options);
      assert.equal(again.imported, first.imported);
      assert.equal(again.memberEvents, first.memberEvents);
      const restored = await rollups();
      assert.deepEqual(restored.stored, restored.recount);
      assert.deepEqual(restored.stored, imported.stored);
    });
  });
}
