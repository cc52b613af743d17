// The incremental refresh of the social graph against full rebuilds: after writes of every
// kind, through the paths that make them (the bot's writer, the importer's bulk loader,
// opt-out and erasure, a hand-made delete), the views an incremental refresh leaves must be
// exactly what a full rebuild computes from the same data. Then when a refresh must be full
// after all (an opt-out, a week, a big import), and a failure that rolls back and keeps the
// recorded changes for the next refresh.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { definitionDigest, refreshSocialGraph } from "../../src/graph/refresh.js";
import { bulkLoad } from "../../src/ingest/bulk.js";
import { eraseMember, optIn, optOut } from "../../src/ingest/optout.js";
import type { IngestBatch } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { testEngines } from "../helpers/db.js";
import { messageRecord } from "../helpers/records.js";
import { CHANNEL, GROUP, loadSocialDataset, OTHER_GROUP } from "./dataset.js";

type Row = Record<string, unknown>;

/** Every row of the three views, arrays sorted (their order is the aggregate's, not data). */
async function snapshot(database: Database): Promise<Record<string, Row[]>> {
  const sorted = (values: unknown) => [...(values as number[])].sort((a, b) => a - b);
  const graph = await database.rows<Row>(sql`SELECT * FROM message_social_graph ORDER BY chat_id, message_id`);
  const network = await database.rows<Row>(
    sql`SELECT * FROM channel_influence_network ORDER BY source_id, target_chat_id`,
  );
  const influencers = await database.rows<Row>(sql`SELECT * FROM top_influencers ORDER BY chat_id, influencer_id`);
  return {
    graph: graph.map((row) => ({ ...row, replier_ids: sorted(row.replier_ids), reactor_ids: sorted(row.reactor_ids) })),
    network: network.map((row) => ({ ...row, forwarder_ids: sorted(row.forwarder_ids) })),
    influencers,
  };
}

const changesRecorded = async (database: Database) =>
  database.rows<{ chat_id: number; message_id: number }>(
    sql`SELECT DISTINCT chat_id, message_id FROM graph_changes ORDER BY chat_id, message_id`,
  );

for (const engine of testEngines()) {
  describe(`incremental social-graph refresh on ${engine.name}`, () => {
    let database: Database;
    let writer: BatchWriter;
    let clock = new Date("2026-04-01T03:00:00Z");
    const now = () => clock;
    const nextDay = () => {
      clock = new Date(clock.getTime() + 86_400_000);
    };
    const write = async (batch: IngestBatch) => {
      await writer.write(batch);
      await writer.flush();
    };
    /** An automatic refresh, then a full rebuild of the same data: the two must agree. */
    const refreshAndCompare = async (expectedMode: "incremental" | "full") => {
      nextDay();
      const results = await refreshSocialGraph(database, { now });
      assert.deepEqual(
        results.map((r) => [r.view, r.mode, r.success, r.error]),
        [
          ["message_social_graph", expectedMode, true, null],
          ["channel_influence_network", expectedMode, true, null],
          ["top_influencers", expectedMode, true, null],
        ],
      );
      const refreshed = await snapshot(database);
      assert.deepEqual(await changesRecorded(database), [], "every recorded change was taken");
      const full = await refreshSocialGraph(database, { now, mode: "full" });
      assert.ok(full.every((r) => r.success && r.mode === "full"));
      assert.deepEqual(refreshed, await snapshot(database), "the same rows as a full rebuild");
      // The rows each refresh reported are the views' rows.
      assert.deepEqual(
        results.map((r) => r.rows),
        [refreshed.graph?.length, refreshed.network?.length, refreshed.influencers?.length],
      );
      return refreshed;
    };

    before(async () => {
      database = await engine.open();
      await loadSocialDataset(database);
      writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
        pino({ level: "silent" }),
      );
      const first = await refreshSocialGraph(database, { now });
      assert.ok(
        first.every((r) => r.success && r.mode === "full"),
        "the first build is full",
      );
      assert.deepEqual(await changesRecorded(database), []);
    });
    after(async () => {
      await writer.close();
      await database.close();
    });

    test("a text edit records nothing; a reply records the message it answers", async () => {
      await write({
        messages: [
          messageRecord(GROUP, 1, "2026-03-10T09:00:00Z", {
            userId: 1,
            text: "edited",
            textLength: 6,
            editDate: new Date("2026-03-31T09:00:00Z"),
          }),
        ],
      });
      assert.deepEqual(await changesRecorded(database), []);
      await write({
        messages: [messageRecord(GROUP, 50, "2026-03-31T10:00:00Z", { userId: 2, replyToMessageId: 12 })],
      });
      assert.deepEqual(await changesRecorded(database), [{ chat_id: GROUP, message_id: 12 }]);
      await refreshAndCompare("incremental");
    });

    test("live writes of every kind: replies in any order, forwards, counters, reactions added and removed", async () => {
      const before = await snapshot(database);
      await write({
        messages: [
          // A reply that arrives before the message it answers (history read newest first).
          messageRecord(OTHER_GROUP, 21, "2026-03-31T11:00:00Z", { userId: 3, replyToMessageId: 20 }),
          // The channel's post 11 forwarded into the other group, and by a new member.
          messageRecord(OTHER_GROUP, 22, "2026-03-31T11:05:00Z", {
            userId: 6,
            forwardOrigin: "channel",
            forwardFromId: CHANNEL,
            forwardFromMessageId: 11,
          }),
          // Telegram's counters of a channel post, as the user session reads them again.
          messageRecord(CHANNEL, 11, "2026-03-09T09:00:00Z", {
            userId: null,
            senderChatId: CHANNEL,
            views: 95,
            forwards: 4,
            source: "mtproto",
          }),
          // A reply by the author to their own message: nothing for the graph, recorded anyway.
          messageRecord(GROUP, 51, "2026-03-31T11:10:00Z", { userId: 2, replyToMessageId: 17 }),
        ],
        userReactions: [
          // Eva takes back both reactions on Anna's message; Clara reacts to Bernd's forward.
          {
            chatId: GROUP,
            messageId: 1,
            actorId: 5,
            reactions: [],
            date: new Date("2026-03-31T12:00:00Z"),
            source: "bot",
          },
          {
            chatId: GROUP,
            messageId: 11,
            actorId: 3,
            reactions: ["🔥"],
            date: new Date("2026-03-31T12:00:00Z"),
            source: "bot",
          },
        ],
      });
      await write({ messages: [messageRecord(OTHER_GROUP, 20, "2026-03-31T10:55:00Z", { userId: 1 })] });
      const after = await refreshAndCompare("incremental");
      const row = (rows: Row[] | undefined, chat: number, message: number) =>
        rows?.find((r) => r.chat_id === chat && r.message_id === message);
      assert.deepEqual(row(after.graph, OTHER_GROUP, 20)?.replier_ids, [3], "the late parent has its reply");
      assert.equal(row(after.graph, CHANNEL, 11)?.forwards_out, 4);
      assert.equal(row(after.graph, CHANNEL, 11)?.forwards_seen, 2);
      assert.deepEqual(row(after.graph, GROUP, 1)?.reactor_ids, [2, 3], "Eva's reactions are gone");
      assert.notDeepEqual(after, before);
    });

    test("an import of older history, a deleted message and an erasure", async () => {
      async function* history(): AsyncIterable<IngestBatch> {
        yield {
          messages: [
            messageRecord(GROUP, 60, "2026-02-01T09:00:00Z", { userId: 5, source: "export" }),
            messageRecord(GROUP, 61, "2026-02-01T09:05:00Z", { userId: 3, replyToMessageId: 60, source: "export" }),
            messageRecord(GROUP, 62, "2026-02-01T09:06:00Z", { userId: 2, replyToMessageId: 60, source: "export" }),
            messageRecord(GROUP, 63, "2026-02-01T09:07:00Z", {
              userId: 1,
              forwardOrigin: "chat",
              forwardFromId: OTHER_GROUP,
              forwardFromMessageId: 3,
              source: "export",
            }),
          ],
        };
      }
      await bulkLoad(database, history(), { defaultTimezone: "UTC" });
      // Removed by hand: Clara's reply to Anna.
      await database.db.execute(sql`DELETE FROM messages WHERE chat_id = ${GROUP} AND message_id = 3`);
      await eraseMember(database, 4);
      const after = await refreshAndCompare("incremental");
      const anna = after.graph?.find((r) => r.chat_id === GROUP && r.message_id === 1);
      assert.deepEqual(anna?.replier_ids, [2]);
      const eva = after.graph?.find((r) => r.chat_id === GROUP && r.message_id === 60);
      assert.deepEqual(eva?.replier_ids, [2, 3]);
    });

    test("an opt-out, and an opt-in, ask for a full rebuild once", async () => {
      await optOut(database, { userId: 3, username: null });
      assert.deepEqual(await changesRecorded(database), [{ chat_id: 0, message_id: 0 }]);
      const after = await refreshAndCompare("full");
      assert.ok(!after.influencers?.some((r) => r.influencer_id === 3), "Clara is no longer ranked");
      await optIn(database, 3);
      const back = await refreshAndCompare("full");
      assert.ok(
        back.influencers?.some((r) => r.influencer_id === 3),
        "ranked again",
      );
      // Nothing changed since: the next refresh is incremental and changes nothing.
      const same = await refreshAndCompare("incremental");
      assert.deepEqual(same, back);
    });

    test("a week after the last full rebuild, the refresh is full", async () => {
      await write({ messages: [messageRecord(GROUP, 70, "2026-04-01T09:00:00Z", { userId: 3, replyToMessageId: 2 })] });
      clock = new Date(clock.getTime() + 6 * 86_400_000);
      await refreshAndCompare("full");
    });

    test("a version whose query of a view differs rebuilds in full", async () => {
      // As if the last build of top_influencers had been made by an earlier version.
      await database.db.execute(sql`
        UPDATE view_refreshes SET definition = 'an older query'
        WHERE id = (SELECT max(id) FROM view_refreshes WHERE view = 'top_influencers')`);
      await write({ messages: [messageRecord(GROUP, 72, "2026-04-01T10:00:00Z", { userId: 2, replyToMessageId: 3 })] });
      await refreshAndCompare("full");
      const digests = await database.rows<{ definition: string }>(
        sql`SELECT definition FROM view_refreshes ORDER BY id DESC LIMIT 3`,
      );
      assert.equal(digests.filter((d) => d.definition === definitionDigest("top_influencers")).length, 1);
    });

    test("changes past a quarter of the graph make the refresh full", async () => {
      // 1,200 replies to 1,200 new messages: far more changes than the graph has rows.
      async function* big(): AsyncIterable<IngestBatch> {
        yield {
          messages: Array.from({ length: 2400 }, (_, i) =>
            messageRecord(OTHER_GROUP, 1000 + i, "2026-01-05T09:00:00Z", {
              userId: 1 + (i % 3),
              replyToMessageId: i % 2 === 1 ? 999 + i : null,
              source: "export",
            }),
          ),
        };
      }
      await bulkLoad(database, big(), { defaultTimezone: "UTC" });
      assert.equal((await changesRecorded(database)).length, 1200);
      await refreshAndCompare("full");
    });

    test("an incremental refresh that fails changes nothing and keeps the changes for the next one", async () => {
      const before = await snapshot(database);
      await write({ messages: [messageRecord(GROUP, 71, "2026-04-02T09:00:00Z", { userId: 5, replyToMessageId: 2 })] });
      // Any insert into top_influencers now fails: the last step of the refresh.
      await database.db.execute(
        sql`ALTER TABLE top_influencers ADD CONSTRAINT pulse_test_fail CHECK (score < 0) NOT VALID`,
      );
      nextDay();
      const failed = await refreshSocialGraph(database, { now });
      assert.deepEqual(
        failed.map((r) => [r.view, r.mode, r.success, r.rows]),
        [["top_influencers", "incremental", false, null]],
      );
      assert.match(failed[0]?.error ?? "", /pulse_test_fail/);
      assert.deepEqual(await snapshot(database), before, "rolled back: the reply is not in the graph yet");
      assert.deepEqual(await changesRecorded(database), [{ chat_id: GROUP, message_id: 2 }]);
      const [logged] = await database.rows<{ success: boolean; mode: string }>(
        sql`SELECT success, mode FROM view_refreshes ORDER BY id DESC LIMIT 1`,
      );
      assert.deepEqual(logged, { success: false, mode: "incremental" });
      await database.db.execute(sql`ALTER TABLE top_influencers DROP CONSTRAINT pulse_test_fail`);
      const after = await refreshAndCompare("incremental");
      const bernd = after.graph?.find((r) => r.chat_id === GROUP && r.message_id === 2);
      assert.ok((bernd?.replier_ids as number[] | undefined)?.includes(5));
    });

    test("a full rebuild stopped between views asks the next refresh to build again", async () => {
      const controller = new AbortController();
      let views = 0;
      const stopped = await refreshSocialGraph(database, {
        now: () => {
          // Stop as the second view starts: the first is swapped in, the other two are not.
          if (++views === 2) controller.abort();
          return clock;
        },
        mode: "full",
        signal: controller.signal,
      });
      assert.deepEqual(
        stopped.map((r) => r.view),
        ["message_social_graph", "channel_influence_network"],
      );
      assert.deepEqual(await changesRecorded(database), [{ chat_id: 0, message_id: 0 }]);
      await refreshAndCompare("full");
    });
  });
}
