// An import sent to the bot reaches /influence the same day: the bot starts the social graph's
// refresh as soon as the import has stored something, instead of leaving the new history out
// until the nightly run. An import that stores nothing new starts nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { refreshSocialGraphJob } from "../../src/jobs/refresh-social-graph.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { member, message, person, update } from "../helpers/updates.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "tdesktop");
const GROUP_ID = -20001; // tkonverter-private-group.json: one reply between two members
const admin = person(301, "Ada");
let nextId = 1;

function sendExport(fileId: string) {
  const chat = { id: admin.id, type: "private" as const, first_name: admin.first_name };
  return update.message(
    message(chat, nextId++, "2026-03-01T10:00:00Z", {
      from: admin,
      document: { file_id: fileId, file_unique_id: `${fileId}-u`, file_name: "result.json", file_size: 14_930 },
    }),
  );
}

for (const engine of testEngines()) {
  describe(`an import refreshes the social graph on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    const runs = () =>
      database.rows<{ trigger: string; outcome: string }>(
        sql`SELECT trigger, outcome FROM job_runs WHERE job = ${refreshSocialGraphJob.name} ORDER BY id`,
      );
    const summaries = () =>
      server
        .callsTo("editMessageText")
        .filter((c) => c.payload.chat_id === admin.id && /Imported/.test(String(c.payload.text))).length;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(GROUP_ID, member(admin, "administrator"));
      server.addFile(
        "group-export",
        readFileSync(join(FIXTURES, "tkonverter-private-group.json")),
        "documents/result.json",
      );
      pulse = await startTestPulse(server, database, {}, undefined, { jobs: [refreshSocialGraphJob] });
      // At start the job builds the empty views (a fresh install).
      await waitFor(async () => (await runs()).some((r) => r.outcome === "ok"), 30_000, "the first build");
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });

    test("the imported reply is in the influencers once the import is done, not the next night", async () => {
      assert.deepEqual(
        await database.rows(sql`SELECT count(*)::int AS n FROM top_influencers WHERE chat_id = ${GROUP_ID}`),
        [{ n: 0 }],
      );
      server.pushUpdate(sendExport("group-export"));
      await waitFor(() => summaries() === 1, 15_000, "the summary");
      await waitFor(
        async () => (await runs()).length === 2 && (await runs())[1]?.outcome !== "running",
        30_000,
        "the refresh",
      );
      assert.deepEqual(await runs(), [
        { trigger: "start", outcome: "ok" },
        { trigger: "manual", outcome: "ok" },
      ]);
      const [influencers] = await database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM top_influencers WHERE chat_id = ${GROUP_ID}`,
      );
      assert.ok((influencers?.n ?? 0) > 0, "the imported interactions are ranked");
    });

    test("the same export again stores nothing and starts no refresh", async () => {
      server.pushUpdate(sendExport("group-export"));
      await waitFor(() => summaries() === 2, 15_000, "the second summary");
      assert.match(String(server.callsTo("editMessageText").at(-1)?.payload.text), /0 new messages/);
      // Give a wrongly started run the time to show up.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await runs()).length, 2);
    });
  });
}
