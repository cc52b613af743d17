// The refresh-social-graph job as the scheduler runs it: its slot and options, the totals it
// keeps in job_runs, and a failed view turning the run into an error that names it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { refreshSocialGraphJob } from "../../src/jobs/refresh-social-graph.js";
import type { JobDeps, JobRunContext } from "../../src/jobs/types.js";
import { GROUP, loadSocialDataset } from "../graph/dataset.js";
import { testEngines } from "../helpers/db.js";

const log = pino({ level: "silent" });

for (const engine of testEngines()) {
  describe(`refresh-social-graph job on ${engine.name}`, () => {
    let database: Database;
    const now = () => new Date("2026-04-01T03:00:00Z");
    before(async () => {
      database = await engine.open();
      await loadSocialDataset(database);
    });
    after(() => database.close());

    // The job reads only the database and the clock from its dependencies.
    const deps = () => ({ database, now, log }) as unknown as JobDeps;
    const context = (
      signal = new AbortController().signal,
      trigger: JobRunContext["trigger"] = "schedule",
    ): JobRunContext => ({
      signal,
      trigger,
      scheduledFor: now(),
      log,
    });

    test("daily at 03:00 UTC, caught up after downtime, and at start while a view was never built", () => {
      assert.equal(refreshSocialGraphJob.cron, "0 3 * * *");
      assert.equal(refreshSocialGraphJob.timezone ?? "UTC", "UTC");
      assert.equal(refreshSocialGraphJob.catchUp, true);
      assert.equal(refreshSocialGraphJob.runOnStart, true);
    });

    test("the run at start builds views that hold no data, and reports rows per view", async () => {
      const result = await refreshSocialGraphJob.run(deps(), context(undefined, "start"));
      assert.equal(result.outcome, "ok");
      const [counts] = await database.rows<{ g: number; n: number; t: number }>(sql`
        SELECT (SELECT count(*) FROM message_social_graph)::int AS g, (SELECT count(*) FROM channel_influence_network)::int AS n,
               (SELECT count(*) FROM top_influencers)::int AS t`);
      assert.deepEqual(
        Object.fromEntries(Object.entries(result.totals).map(([view, t]) => [view, (t as { rows: number }).rows])),
        { message_social_graph: counts?.g, channel_influence_network: counts?.n, top_influencers: counts?.t },
      );
      assert.ok((counts?.t ?? 0) > 0);
    });

    test("at start with every view built, the run leaves them for 03:00", async () => {
      const before = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM view_refreshes`);
      const result = await refreshSocialGraphJob.run(deps(), context(undefined, "start"));
      assert.equal(result.outcome, "skipped");
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM view_refreshes`), before);
    });

    test("a shutdown before the run refreshes nothing and says it was interrupted", async () => {
      const controller = new AbortController();
      controller.abort();
      const before = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM view_refreshes`);
      const result = await refreshSocialGraphJob.run(deps(), context(controller.signal));
      assert.equal(result.outcome, "interrupted");
      assert.deepEqual(await database.rows(sql`SELECT count(*)::int AS n FROM view_refreshes`), before);
    });

    test("a later run refreshes what changed, incrementally, and says so", async () => {
      await database.db.execute(sql`
        INSERT INTO messages (chat_id, message_id, user_id, date, kind, reply_to_message_id, source)
        VALUES (${GROUP}, 90, 5, '2026-03-28T09:00:00Z', 'text', 2, 'bot')`);
      const result = await refreshSocialGraphJob.run(deps(), context());
      assert.equal(result.outcome, "ok");
      assert.deepEqual(
        Object.values(result.totals).map((t) => (t as { mode: string }).mode),
        ["incremental", "incremental", "incremental"],
      );
      const [bernd] = await database.rows<{ replier_ids: number[] }>(
        sql`SELECT replier_ids FROM message_social_graph WHERE chat_id = ${GROUP} AND message_id = 2`,
      );
      assert.ok(bernd?.replier_ids.includes(5));
    });

    test("a view that cannot be rebuilt makes the run an error naming it", async () => {
      // A full rebuild asked for (as an opt-out does), and a view someone built on a table
      // keeps it from being replaced.
      await database.db.execute(sql`INSERT INTO graph_changes (chat_id, message_id) VALUES (0, 0)`);
      await database.db.execute(sql`CREATE VIEW network_copy AS SELECT * FROM channel_influence_network`);
      const result = await refreshSocialGraphJob.run(deps(), context());
      assert.equal(result.outcome, "error");
      assert.match(result.error ?? "", /^channel_influence_network: cannot drop table channel_influence_network/);
      assert.equal((result.totals.top_influencers as { rows: number }).rows > 0, true, "the others still ran");
    });
  });
}
