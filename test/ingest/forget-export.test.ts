// Forgetting what an import stored, so an export can be read again differently: only rows
// whose source is the export go, with their join and leave events, and every rollup stays
// what a recount of the stored rows gives, before and after the file is imported again.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import { importExport } from "../../src/collectors/tdesktop/importer.js";
import type { Database } from "../../src/db/client.js";
import { forgetExportedMessages } from "../../src/ingest/forget-export.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { messageRecord } from "../helpers/records.js";

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

    /** Rollups as stored (zero rows left out) and as a recount of messages and member events. */
    const rollups = async () => {
      const rows = (query: ReturnType<typeof sql>) => database.rows<Record<string, unknown>>(query);
      return {
        stored: {
          hourly: await rows(sql`
            SELECT hour::text, messages, text_chars::int AS chars, media, replies, forwards, service_messages, joins, leaves
            FROM chat_hourly_activity WHERE chat_id = ${CHAT}
              AND (messages, text_chars, media, replies, forwards, service_messages, joins, leaves) <> (0, 0, 0, 0, 0, 0, 0, 0)
            ORDER BY 1`),
          daily: await rows(sql`
            SELECT user_id, day::text, messages, text_chars::int AS chars, media, replies, forwards,
                   first_message_at::text AS first_at, last_message_at::text AS last_at
            FROM chat_user_daily_activity WHERE chat_id = ${CHAT} ORDER BY 1, 2`),
          active: await rows(sql`
            SELECT day::text, active_senders AS n FROM chat_daily_activity WHERE chat_id = ${CHAT} AND active_senders > 0 ORDER BY 1`),
        },
        recount: {
          hourly: await rows(sql`
            WITH m AS (SELECT date_trunc('hour', date, 'UTC') AS hour,
                count(*) FILTER (WHERE kind <> 'service')::int AS messages,
                coalesce(sum(text_length) FILTER (WHERE kind <> 'service'), 0)::int AS chars,
                count(*) FILTER (WHERE kind NOT IN ('text', 'service', 'command'))::int AS media,
                count(*) FILTER (WHERE reply_to_message_id IS NOT NULL AND kind <> 'service')::int AS replies,
                count(*) FILTER (WHERE forward_origin IS NOT NULL AND kind <> 'service')::int AS forwards,
                count(*) FILTER (WHERE kind = 'service')::int AS service_messages
              FROM messages WHERE chat_id = ${CHAT} AND kind <> 'command' GROUP BY 1),
            e AS (SELECT date_trunc('hour', occurred_at, 'UTC') AS hour,
                count(*) FILTER (WHERE kind = 'join')::int AS joins, count(*) FILTER (WHERE kind <> 'join')::int AS leaves
              FROM member_events WHERE chat_id = ${CHAT} GROUP BY 1)
            SELECT coalesce(m.hour, e.hour)::text AS hour, coalesce(messages, 0) AS messages, coalesce(chars, 0) AS chars,
                   coalesce(media, 0) AS media, coalesce(replies, 0) AS replies, coalesce(forwards, 0) AS forwards,
                   coalesce(service_messages, 0) AS service_messages, coalesce(joins, 0) AS joins, coalesce(leaves, 0) AS leaves
            FROM m FULL JOIN e ON m.hour = e.hour ORDER BY 1`),
          daily: await rows(sql`
            SELECT coalesce(user_id, sender_chat_id) AS user_id, (date AT TIME ZONE ${ZONE})::date::text AS day,
                   count(*)::int AS messages, coalesce(sum(text_length), 0)::int AS chars,
                   count(*) FILTER (WHERE kind NOT IN ('text', 'service', 'command'))::int AS media,
                   count(*) FILTER (WHERE reply_to_message_id IS NOT NULL)::int AS replies,
                   count(*) FILTER (WHERE forward_origin IS NOT NULL)::int AS forwards,
                   min(date)::text AS first_at, max(date)::text AS last_at
            FROM messages WHERE chat_id = ${CHAT} AND kind NOT IN ('service', 'command')
              AND coalesce(user_id, sender_chat_id) IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`),
          active: await rows(sql`
            SELECT (date AT TIME ZONE ${ZONE})::date::text AS day, count(DISTINCT coalesce(user_id, sender_chat_id))::int AS n
            FROM messages WHERE chat_id = ${CHAT} AND kind NOT IN ('service', 'command')
              AND coalesce(user_id, sender_chat_id) IS NOT NULL GROUP BY 1 ORDER BY 1`),
        },
      };
    };

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

      const first = await importExport(database, FILE, options);
      const imported = await rollups();
      assert.deepEqual(imported.stored, imported.recount);
      const events = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM member_events WHERE chat_id = ${CHAT} AND source = 'export'`,
      );
      assert.ok((events[0]?.n ?? 0) > 0, "the fixture has joins and leaves");
      const range = first.messageIds.get(CHAT);
      assert.ok(range);

      const forgotten = await forgetExportedMessages(database, CHAT, range, ZONE);
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
