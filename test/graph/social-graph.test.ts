// The social-graph views on a crafted community, against what the test computes from the
// same records by itself; then the refresh: the first build, a later incremental one, each
// logged, and full rebuilds that fail, wait or are cancelled and leave the old data readable.
// test/graph/incremental.test.ts checks the incremental refresh against full rebuilds.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { populatedViews, refreshSocialGraph } from "../../src/graph/refresh.js";
import type { MessageRecord } from "../../src/ingest/records.js";
import { getNetworkEdges, getSocialGraphStatus, getTopInfluencers } from "../../src/queries/influence.js";
import { testEngines } from "../helpers/db.js";
import { waitFor } from "../helpers/pulse.js";
import { messageRecord } from "../helpers/records.js";
import {
  CHANNEL,
  DIETER,
  GROUP,
  loadSocialDataset,
  MESSAGES,
  OTHER_GROUP,
  REACTION_COUNTS,
  USER_REACTIONS,
} from "./dataset.js";

// ------------------------------------------------------------------------------------------
// The reference: what each view must hold, computed from the records.

const OPTED_OUT = new Set([DIETER]);
const NAMES: Record<number, string> = {
  1: "Anna",
  2: "Bernd",
  3: "Clara Zetkin",
  5: 'Eva <&> "Q"',
  [CHANNEL]: "Club <News> & Co",
  [GROUP]: "Graph Club",
};
const counted = (m: MessageRecord) => m.kind !== "service" && m.kind !== "command";
const authorOf = (m: MessageRecord) => m.userId ?? m.senderChatId;
const key = (...parts: (number | null)[]) => parts.join(":");

function expectedGraph(messages: MessageRecord[]) {
  const rows = new Map<string, Record<string, unknown>>();
  for (const p of messages.filter(counted)) {
    const author = authorOf(p);
    const replies = messages.filter(
      (r) => counted(r) && r.chatId === p.chatId && r.replyToMessageId === p.messageId && authorOf(r) !== author,
    );
    const visible = USER_REACTIONS.filter((r) => r.chatId === p.chatId && r.messageId === p.messageId).flatMap((r) =>
      r.reactions.map(() => r.actorId),
    );
    const aggregate = REACTION_COUNTS.find((c) => c.chatId === p.chatId && c.messageId === p.messageId);
    const reactions = aggregate
      ? aggregate.counts.reduce((sum, c) => sum + c.count, 0)
      : visible.filter((id) => id !== author).length;
    const copies = messages.filter(
      (f) =>
        counted(f) && !f.isAutomaticForward && f.forwardFromId === p.chatId && f.forwardFromMessageId === p.messageId,
    ).length;
    const engagement = replies.length + reactions + Math.max(p.forwards ?? 0, copies);
    if (engagement === 0) continue;
    rows.set(key(p.chatId, p.messageId), {
      author_id: author,
      replies_received: replies.length,
      replier_ids: replies.map((r) => authorOf(r) as number).sort((a, b) => a - b),
      reactions_received: reactions,
      reactor_ids: visible.filter((id) => id !== author).sort((a, b) => a - b),
      forwards_out: p.forwards,
      forwards_seen: copies,
      engagement,
    });
  }
  return rows;
}

function expectedNetwork(messages: MessageRecord[]) {
  const edges = new Map<string, { forwards: number; forwarders: Set<number>; first: number; last: number }>();
  for (const f of messages) {
    if (!counted(f) || f.forwardFromId === null || f.isAutomaticForward || f.forwardFromId === f.chatId) continue;
    if (OPTED_OUT.has(f.forwardFromId)) continue;
    const k = key(f.forwardFromId, f.chatId);
    const edge = edges.get(k) ?? { forwards: 0, forwarders: new Set(), first: Infinity, last: -Infinity };
    edge.forwards++;
    edge.forwarders.add(authorOf(f) as number);
    edge.first = Math.min(edge.first, f.date.getTime());
    edge.last = Math.max(edge.last, f.date.getTime());
    edges.set(k, edge);
  }
  return edges;
}

function expectedInfluencers(messages: MessageRecord[]) {
  const graph = expectedGraph(messages);
  const network = expectedNetwork(messages);
  const totals = new Map<string, { replies: number; reactions: number; forwards: number; actors: Set<number> }>();
  const entry = (chatId: number, id: number) => {
    const k = key(chatId, id);
    const t = totals.get(k) ?? { replies: 0, reactions: 0, forwards: 0, actors: new Set<number>() };
    totals.set(k, t);
    return t;
  };
  for (const [k, row] of graph) {
    const chatId = Number(k.split(":")[0]);
    const t = entry(chatId, row.author_id as number);
    t.replies += row.replies_received as number;
    t.reactions += row.reactions_received as number;
    t.forwards += Math.max((row.forwards_out as number | null) ?? 0, row.forwards_seen as number);
    for (const id of [...(row.replier_ids as number[]), ...(row.reactor_ids as number[])]) t.actors.add(id);
  }
  for (const [k, edge] of network) {
    const [source, target] = k.split(":").map(Number) as [number, number];
    const t = entry(target, source);
    t.forwards += edge.forwards;
    for (const id of edge.forwarders) t.actors.add(id);
  }
  const result = new Map<
    string,
    { score: number; interactors: number; replies: number; reactions: number; forwards: number }
  >();
  for (const [k, t] of totals) {
    const [chatId, id] = k.split(":").map(Number) as [number, number];
    if (id === chatId || OPTED_OUT.has(id)) continue;
    t.actors.delete(id);
    const score = 2 * t.replies + t.reactions + 3 * t.forwards + 5 * t.actors.size;
    if (score > 0)
      result.set(k, {
        score,
        interactors: t.actors.size,
        replies: t.replies,
        reactions: t.reactions,
        forwards: t.forwards,
      });
  }
  return result;
}

// ------------------------------------------------------------------------------------------

for (const engine of testEngines()) {
  describe(`social-graph views on ${engine.name}`, () => {
    let database: Database;
    let clock = new Date("2026-04-01T03:00:00Z");
    const now = () => clock;

    before(async () => {
      database = await engine.open();
      await loadSocialDataset(database);
    });
    after(() => database.close());

    test("before the first refresh the views hold no data and the queries say so", async () => {
      assert.equal((await populatedViews(database)).size, 0);
      assert.equal(await getTopInfluencers(database, GROUP), undefined);
      assert.equal(await getNetworkEdges(database, GROUP), undefined);
      assert.deepEqual(await getSocialGraphStatus(database), { ready: false, refreshedAt: null });
    });

    test("the first refresh is plain, builds all three and logs each", async () => {
      const results = await refreshSocialGraph(database, { now });
      assert.deepEqual(
        results.map((r) => [r.view, r.concurrent, r.success, r.error]),
        [
          ["message_social_graph", false, true, null],
          ["channel_influence_network", false, true, null],
          ["top_influencers", false, true, null],
        ],
      );
      const log = await database.rows<{
        view: string;
        concurrent: boolean;
        rows: number;
        success: boolean;
        started_at: Date;
      }>(sql`SELECT view, concurrent, rows, success, started_at FROM view_refreshes ORDER BY id`);
      assert.equal(log.length, 3);
      assert.deepEqual(
        log.map((l) => [l.view, l.rows]),
        [
          ["message_social_graph", expectedGraph(MESSAGES).size],
          ["channel_influence_network", expectedNetwork(MESSAGES).size],
          ["top_influencers", expectedInfluencers(MESSAGES).size],
        ],
      );
      assert.equal(new Date(log[0]?.started_at as Date).toISOString(), clock.toISOString());
      assert.equal((await getSocialGraphStatus(database)).ready, true);
    });

    test("message_social_graph: per message, author, repliers, reactors, forwards and engagement", async () => {
      const rows = await database.rows<Record<string, unknown> & { chat_id: number; message_id: number }>(sql`
        SELECT chat_id, message_id, author_id, replies_received, replier_ids, reactions_received, reactor_ids,
               forwards_out, forwards_seen, engagement
        FROM message_social_graph ORDER BY chat_id, message_id`);
      const expected = expectedGraph(MESSAGES);
      assert.deepEqual(
        new Map(
          rows.map(({ chat_id, message_id, replier_ids, reactor_ids, ...rest }) => [
            key(chat_id, message_id),
            {
              ...rest,
              replier_ids: [...(replier_ids as number[])].sort((a, b) => a - b),
              reactor_ids: [...(reactor_ids as number[])].sort((a, b) => a - b),
            },
          ]),
        ),
        expected,
      );
      // Hand-checked anchors: Anna's message 1 (2 replies: her own and the command left out;
      // Bernd, Clara and Eva's two reactions, hers left out) and the channel post forwarded
      // three times that Telegram says was forwarded 7 times.
      assert.deepEqual(expected.get(key(GROUP, 1)), {
        author_id: 1,
        replies_received: 2,
        replier_ids: [2, 3],
        reactions_received: 4,
        reactor_ids: [2, 3, 5, 5],
        forwards_out: null,
        forwards_seen: 0,
        engagement: 6,
      });
      assert.equal(expected.get(key(CHANNEL, 10))?.engagement, 7 + 7);
      assert.equal(expected.get(key(CHANNEL, 10))?.forwards_seen, 3);
      assert.equal(expected.has(key(GROUP, 7)), false, "a command is not in the graph");
      assert.equal(expected.has(key(GROUP, 17)), false, "only its author's own reply and reaction");
      assert.deepEqual(expected.get(key(CHANNEL, 10))?.reactor_ids, [2]);
      assert.equal(expected.get(key(CHANNEL, 10))?.reactions_received, 7);
    });

    test("channel_influence_network: who forwards whom, with counts and first and last seen", async () => {
      const rows = await database.rows<{
        source_id: number;
        source_type: string;
        target_chat_id: number;
        forwards: number;
        forwarders: number;
        first_ms: number;
        last_ms: number;
      }>(sql`
        SELECT source_id, source_type, target_chat_id, forwards, forwarders,
               (extract(epoch FROM first_seen) * 1000)::float8 AS first_ms, (extract(epoch FROM last_seen) * 1000)::float8 AS last_ms
        FROM channel_influence_network ORDER BY source_id, target_chat_id`);
      const expected = expectedNetwork(MESSAGES);
      assert.deepEqual(
        new Map(
          rows.map((r) => [key(r.source_id, r.target_chat_id), [r.forwards, r.forwarders, r.first_ms, r.last_ms]]),
        ),
        new Map([...expected].map(([k, e]) => [k, [e.forwards, e.forwarders.size, e.first, e.last]])),
      );
      assert.deepEqual(
        rows.map((r) => [r.source_id, r.source_type, r.target_chat_id, r.forwards]),
        [
          [CHANNEL, "chat", OTHER_GROUP, 1],
          [CHANNEL, "chat", GROUP, 3],
          [GROUP, "chat", OTHER_GROUP, 1],
          [1, "user", GROUP, 1],
        ],
      );
    });

    test("top_influencers: the documented score, the chat itself and opted-out members left out", async () => {
      const rows = await database.rows<{
        chat_id: number;
        influencer_id: number;
        replies_received: number;
        reactions_received: number;
        forwards: number;
        interactors: number;
        score: number;
        rank: number;
      }>(sql`SELECT * FROM top_influencers ORDER BY chat_id, rank, influencer_id`);
      const expected = expectedInfluencers(MESSAGES);
      assert.deepEqual(
        new Map(
          rows.map((r) => [
            key(r.chat_id, r.influencer_id),
            {
              score: r.score,
              interactors: r.interactors,
              replies: r.replies_received,
              reactions: r.reactions_received,
              forwards: r.forwards,
            },
          ]),
        ),
        expected,
      );
      assert.ok(!rows.some((r) => r.influencer_id === DIETER), "opted out: never ranked");
      assert.ok(!rows.some((r) => r.influencer_id === r.chat_id), "a chat is not its own influencer");
      // Ranks follow scores within each chat.
      for (const chat of [GROUP, OTHER_GROUP, CHANNEL]) {
        const scores = rows.filter((r) => r.chat_id === chat);
        for (const row of scores) assert.equal(row.rank, 1 + scores.filter((o) => o.score > row.score).length);
      }
      const top = await getTopInfluencers(database, GROUP, 3);
      assert.deepEqual(
        top?.map((t) => [t.name, t.rank]),
        [...expected]
          .filter(([k]) => k.startsWith(`${GROUP}:`))
          .sort(([ka, a], [kb, b]) => b.score - a.score || Number(ka.split(":")[1]) - Number(kb.split(":")[1]))
          .slice(0, 3)
          .map(([k], i) => [NAMES[Number(k.split(":")[1])], i + 1]),
      );
    });

    test("network edges for a chat name nobody who opted out", async () => {
      const edges = await getNetworkEdges(database, GROUP);
      assert.ok(edges);
      assert.ok(!edges.some((e) => e.sourceId === DIETER || e.targetId === DIETER));
      const reply = edges.find((e) => e.kind === "reply" && e.sourceId === 3 && e.targetId === 1);
      assert.equal(reply?.weight, 1);
      assert.equal(reply?.targetName, "Anna");
      const reactions = edges.filter((e) => e.kind === "reaction" && e.targetId === 1);
      assert.deepEqual(reactions.map((e) => e.sourceId).sort(), [2, 3, 5]);
      const forward = edges.find((e) => e.kind === "forward" && e.sourceId === CHANNEL);
      assert.equal(forward?.weight, 3);
      assert.equal(forward?.firstSeen?.toISOString(), "2026-03-12T09:00:00.000Z");
      assert.equal(forward?.lastSeen?.toISOString(), "2026-03-15T10:00:00.000Z");
      assert.ok(edges.some((e) => e.kind === "forward" && e.sourceId === GROUP && e.targetId === OTHER_GROUP));
    });

    test("a later refresh picks up new data incrementally", async () => {
      const more = [
        messageRecord(GROUP, 40, "2026-03-25T09:00:00Z", { userId: 5, replyToMessageId: 1 }),
        messageRecord(GROUP, 41, "2026-03-25T10:00:00Z", {
          userId: 2,
          forwardOrigin: "channel",
          forwardFromId: CHANNEL,
          forwardFromMessageId: 11,
        }),
      ];
      await database.db.execute(sql`
        INSERT INTO messages (chat_id, message_id, user_id, date, kind, reply_to_message_id, forward_origin,
                              forward_from_id, forward_from_message_id, source)
        SELECT * FROM (VALUES
          (${GROUP}::bigint, 40, 5::bigint, '2026-03-25T09:00:00Z'::timestamptz, 'text', 1, NULL, NULL::bigint, NULL::int, 'bot'),
          (${GROUP}::bigint, 41, 2::bigint, '2026-03-25T10:00:00Z'::timestamptz, 'text', NULL, 'channel', ${CHANNEL}::bigint, 11, 'bot')
        ) AS v`);
      clock = new Date("2026-04-02T03:00:00Z");
      const results = await refreshSocialGraph(database, { now });
      assert.deepEqual(
        results.map((r) => [r.concurrent, r.mode, r.success]),
        [
          [true, "incremental", true],
          [true, "incremental", true],
          [true, "incremental", true],
        ],
      );
      const all = [...MESSAGES, ...more];
      const [anna] = await database.rows<{ replies_received: number; replier_ids: number[] }>(
        sql`SELECT replies_received, replier_ids FROM message_social_graph WHERE chat_id = ${GROUP} AND message_id = 1`,
      );
      assert.equal(anna?.replies_received, expectedGraph(all).get(key(GROUP, 1))?.replies_received);
      assert.deepEqual(
        [...(anna?.replier_ids ?? [])].sort((a, b) => a - b),
        [2, 3, 5],
      );
      const [edge] = await database.rows<{ forwards: number }>(
        sql`SELECT forwards FROM channel_influence_network WHERE source_id = ${CHANNEL} AND target_chat_id = ${GROUP}`,
      );
      assert.equal(edge?.forwards, 4);
      const [top] = await database.rows<{ score: number }>(
        sql`SELECT score FROM top_influencers WHERE chat_id = ${GROUP} AND influencer_id = 1`,
      );
      assert.equal(top?.score, expectedInfluencers(all).get(key(GROUP, 1))?.score);
      const status = await getSocialGraphStatus(database);
      assert.ok(status.refreshedAt && status.refreshedAt >= clock);
    });

    test("a refresh that fails is logged with its error, the others go on, the old data stays readable", async () => {
      const before = await database.rows<{ influencer_id: number; score: number }>(
        sql`SELECT influencer_id, score FROM top_influencers ORDER BY chat_id, influencer_id`,
      );
      // A view someone built on it keeps its table from being replaced.
      await database.db.execute(sql`CREATE VIEW influencers_copy AS SELECT * FROM top_influencers`);
      await database.db.execute(sql`
        INSERT INTO messages (chat_id, message_id, user_id, date, kind, reply_to_message_id, source)
        VALUES (${GROUP}, 42, 3, '2026-03-26T09:00:00Z', 'text', 1, 'bot')`);
      clock = new Date("2026-04-03T03:00:00Z");
      const results = await refreshSocialGraph(database, { now, mode: "full" });
      assert.deepEqual(
        results.map((r) => [r.view, r.success]),
        [
          ["message_social_graph", true],
          ["channel_influence_network", true],
          ["top_influencers", false],
        ],
      );
      const [failed] = await database.rows<{
        success: boolean;
        rows: number | null;
        error: string;
        started_at: Date;
      }>(sql`
        SELECT success, rows, error, started_at FROM view_refreshes WHERE view = 'top_influencers' ORDER BY id DESC LIMIT 1`);
      assert.equal(failed?.success, false);
      assert.equal(failed?.rows, null);
      assert.match(failed?.error ?? "", /cannot drop table top_influencers because other objects depend on it/);
      assert.equal(new Date(failed?.started_at as Date).toISOString(), clock.toISOString());
      const afterFailure = await database.rows<{ influencer_id: number; score: number }>(
        sql`SELECT influencer_id, score FROM top_influencers ORDER BY chat_id, influencer_id`,
      );
      assert.deepEqual(afterFailure, before, "the last good data is still served");
      // The graph itself did refresh: Clara's new reply is in it.
      const [anna] = await database.rows<{ replies_received: number }>(
        sql`SELECT replies_received FROM message_social_graph WHERE chat_id = ${GROUP} AND message_id = 1`,
      );
      assert.equal(anna?.replies_received, 4);
      // The status still points at the last good build.
      assert.equal((await getSocialGraphStatus(database)).refreshedAt?.toISOString().slice(0, 10), "2026-04-02");
      assert.deepEqual(await leftovers(database), [], "the failed build left no table behind");
      await database.db.execute(sql`DROP VIEW influencers_copy`);
    });

    test("readers keep the previous build while a rebuild runs, and see the new one after", {
      skip: engine.name !== "postgres" && "PGlite runs one statement at a time: nothing reads during a rebuild",
    }, async () => {
      const read = (executor?: Parameters<Database["rows"]>[1]) =>
        database.rows<{ n: number; replies: number }>(
          sql`SELECT count(*)::int AS n,
                     (SELECT replies_received FROM message_social_graph WHERE chat_id = ${GROUP} AND message_id = 1) AS replies
              FROM message_social_graph`,
          executor,
        );
      const [before] = await read();
      await database.db.execute(sql`
        INSERT INTO messages (chat_id, message_id, user_id, date, kind, reply_to_message_id, source)
        VALUES (${GROUP}, 43, 2, '2026-03-27T09:00:00Z', 'text', 1, 'bot')`);
      // The rebuild waits on a table its query reads, held by another connection: it is under
      // way for as long as the test wants.
      const { release, holder } = await holdLock(database, "message_reactions", "ACCESS EXCLUSIVE");
      let refreshing: ReturnType<typeof refreshSocialGraph> | undefined;
      try {
        refreshing = refreshSocialGraph(database, { now, mode: "full" });
        await waitFor(
          async () => (await rebuildsWaiting(database, "message_social_graph__next")) > 0,
          10_000,
          "the rebuild to wait on the lock",
        );
        // A plain REFRESH would hold the view locked for the whole build: this read would wait
        // for it and run into the timeout instead of answering.
        const during = await database.db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL lock_timeout = '5s'`);
          return read(tx);
        });
        assert.deepEqual(during, [before], "the previous build, unchanged");
      } finally {
        release();
        await holder;
      }
      const results = await refreshing;
      assert.deepEqual(
        results.map((r) => [r.view, r.success, r.concurrent]),
        [
          ["message_social_graph", true, true],
          ["channel_influence_network", true, true],
          ["top_influencers", true, true],
        ],
      );
      assert.deepEqual(
        await read(),
        [{ n: before?.n, replies: (before?.replies ?? 0) + 1 }],
        "Bernd's new reply to Anna",
      );
      assert.deepEqual(await leftovers(database), []);
    });

    test("a swap that never gets its lock fails after its attempts; the view keeps its data", {
      skip: engine.name !== "postgres" && "PGlite runs one statement at a time: no read can hold a lock",
    }, async () => {
      const before = await database.rows(sql`SELECT * FROM top_influencers ORDER BY chat_id, influencer_id`);
      // A long read (an export, say) holds top_influencers for the whole refresh.
      const { release, holder } = await holdLock(database, "top_influencers", "ACCESS SHARE");
      const results = await refreshSocialGraph(database, {
        now,
        mode: "full",
        swapLockTimeout: "50ms",
        swapAttempts: 3,
      }).finally(async () => {
        release();
        await holder;
      });
      assert.deepEqual(
        results.map((r) => [r.view, r.success]),
        [
          ["message_social_graph", true],
          ["channel_influence_network", true],
          ["top_influencers", false],
        ],
      );
      assert.match(results[2]?.error ?? "", /lock timeout/);
      assert.deepEqual(await database.rows(sql`SELECT * FROM top_influencers ORDER BY chat_id, influencer_id`), before);
      assert.deepEqual(await leftovers(database), []);
    });

    test("a shutdown cancels a refresh under way on PostgreSQL; the view keeps its data", {
      skip: engine.name !== "postgres" && "PGlite runs one statement at a time: its refresh finishes first",
    }, async () => {
      const before = await database.rows(sql`SELECT count(*)::int AS n FROM message_social_graph`);
      // Another connection holds a table the refresh reads, so the refresh waits on its lock.
      const { release, holder } = await holdLock(database, "message_reactions", "ACCESS EXCLUSIVE");
      const controller = new AbortController();
      const refreshing = refreshSocialGraph(database, { now, mode: "full", signal: controller.signal });
      await waitFor(
        async () => (await rebuildsWaiting(database, "message_social_graph__next")) > 0,
        10_000,
        "the refresh to wait on the lock",
      );
      controller.abort();
      const results = await refreshing;
      release();
      await holder;
      assert.deepEqual(
        results.map((r) => [r.view, r.success]),
        [["message_social_graph", false]],
        "stopped, and no further view started",
      );
      assert.match(results[0]?.error ?? "", /cancel/i);
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM message_social_graph`), before);
      assert.deepEqual(await leftovers(database), []);
    });
  });
}

/** Another connection takes `mode` on `table` and keeps it until release(); resolves once taken. */
async function holdLock(database: Database, table: string, mode: "ACCESS EXCLUSIVE" | "ACCESS SHARE") {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked = () => {};
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = database.bulkTransaction(async (tx) => {
    await tx.execute(sql.raw(`LOCK TABLE "${table}" IN ${mode} MODE`));
    locked();
    await held;
  });
  await lockTaken;
  return { release, holder };
}

/** Statements of a rebuild into `table` that wait on a lock. */
async function rebuildsWaiting(database: Database, table: string): Promise<number> {
  const rows = await database.rows(sql`
    SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ${`%"${table}"%`}`);
  return rows.length;
}

/** Tables of unfinished builds: a rebuild that failed or was cancelled must leave none. */
async function leftovers(database: Database): Promise<string[]> {
  const rows = await database.rows<{ name: string }>(
    sql`SELECT tablename AS name FROM pg_tables WHERE tablename LIKE '%\_\_next'`,
  );
  return rows.map((row) => row.name);
}
