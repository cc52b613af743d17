// The member view (/me in a group, /stats @user) on the hand-computed dataset: the same answer
// whether the chat is passed loaded or by id, for a named period and for dates; a chat that
// was never recorded is refused by name either way.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "../../src/db/client.js";
import { getChatInfo } from "../../src/queries/chats.js";
import { parsePeriod } from "../../src/queries/period.js";
import { UnknownChatError } from "../../src/reports/chat-stats.js";
import { getMemberView } from "../../src/reports/member.js";
import { testEngines } from "../helpers/db.js";
import { CHAT, loadDataset, NOW, TZ } from "../queries/dataset.js";

const anna = { id: 1, name: "Anna" };

for (const engine of testEngines()) {
  describe(`the member view on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      await loadDataset(database);
    });
    after(() => database.close());

    const deps = () => ({ database, config: { defaultTimezone: TZ }, now: () => NOW });

    test("a named period: Anna's four messages of the week, ranked first, by id or loaded", async () => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      const period = parsePeriod("7d", TZ, NOW);
      const byId = await getMemberView(deps(), { chat: CHAT, period, member: anna, locale: "en" });
      const loaded = await getMemberView(deps(), { chat, period, member: anna, locale: "en" });
      assert.deepEqual(byId, loaded);
      assert.equal(byId.chat.id, CHAT);
      assert.equal(byId.stats.messages, 4);
      assert.equal(byId.stats.rank, 1);
      assert.equal(byId.stats.activeDays, 3);
    });

    test("dates: the period is read in the chat's time zone", async () => {
      const view = await getMemberView(deps(), {
        chat: CHAT,
        period: { from: "2026-03-29", to: "2026-03-30" },
        member: anna,
        locale: "en",
      });
      assert.equal(view.period.timezone, TZ);
      assert.equal(view.stats.messages, 2);
    });

    test("a chat never recorded is refused, whatever the period", async () => {
      for (const period of [parsePeriod("7d", TZ, NOW), { from: "2026-03-29", to: "2026-03-30" }]) {
        await assert.rejects(
          getMemberView(deps(), { chat: -1009999999999, period, member: anna, locale: "en" }),
          UnknownChatError,
        );
      }
    });
  });
}
