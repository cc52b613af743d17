// The /stats view on the hand-computed dataset: what the timeline and top-senders charts are
// given, and captions whose words say what they count with each delta beside its number.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildChatStatsView } from "../../../src/bot/views/chat-stats.js";
import type { Database } from "../../../src/db/client.js";
import { getChatInfo } from "../../../src/queries/chats.js";
import { parsePeriod } from "../../../src/queries/period.js";
import { toChartConfig } from "../../../src/render/charts.js";
import { testEngines } from "../../helpers/db.js";
import { CHAT, loadDataset, NOW, TZ } from "../../queries/dataset.js";

for (const engine of testEngines()) {
  describe(`the /stats view on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      await loadDataset(database);
    });
    after(() => database.close());

    const view = async (key: string, chart: "activity" | "top") => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      return buildChatStatsView(database, chat, parsePeriod(key, TZ, NOW), chart, { memberCount: 12 });
    };

    test("365 days of a chat recorded for four: the timeline starts at the first record, by days", async () => {
      const { chart } = await view("365d", "activity");
      assert.equal(chart.kind, "timeline");
      if (chart.kind !== "timeline") return;
      assert.equal(chart.interval, "day");
      assert.deepEqual(
        chart.points.map((p) => [p.label, p.messages, p.partial ?? false]),
        [
          ["28 Mar", 1, false],
          ["29 Mar", 3, false],
          ["30 Mar", 2, false],
          ["31 Mar", 2, true],
        ],
      );
      assert.equal(chart.subtitle, "Last 365 days · Europe/Berlin · recorded since 28 Mar 2026");
      assert.equal(chart.partialNote, "today so far");
    });

    test("today: hours only on the axis, the date once in the subtitle", async () => {
      const { chart } = await view("today", "activity");
      assert.equal(chart.kind, "timeline");
      if (chart.kind !== "timeline") return;
      assert.equal(chart.subtitle, "Today · Tue 31 Mar 2026 · Europe/Berlin");
      assert.equal(chart.points[0]?.label, "00:00");
      assert.equal(chart.points.at(-1)?.label, "11:00");
      // The clock stands at 12:00 sharp: the last hour is complete.
      assert.ok(chart.points.every((p) => !p.partial));
    });

    test("the hours chart of a period shorter than a week draws only its weekdays", async () => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      const hours = (key: string) => buildChatStatsView(database, chat, parsePeriod(key, TZ, NOW), "hours");
      const today = (await hours("today")).chart;
      assert.equal(today.kind, "heatmap");
      if (today.kind !== "heatmap") return;
      assert.deepEqual(today.weekdays, [1]); // Tuesday 31 March
      const config = toChartConfig(today);
      assert.equal(config.data.datasets[0]?.data.length, 24);
      assert.deepEqual((config.options?.scales?.y as { labels?: string[] } | undefined)?.labels, ["Tue"]);
      const weekend = (await hours("2026-03-28..2026-03-30")).chart;
      assert.deepEqual(weekend.kind === "heatmap" && weekend.weekdays, [5, 6, 0]);
      const week = (await hours("7d")).chart;
      assert.equal(week.kind === "heatmap" && week.weekdays, undefined);
    });

    test("the timeline's picture is keyed by the hour too: its running bar moves without new messages", async () => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      const key = async (chart: "activity" | "top", now: Date) =>
        (await buildChatStatsView(database, chat, parsePeriod("today", TZ, now), chart)).cacheKey;
      const later = new Date(NOW.getTime() + 3_600_000);
      assert.notEqual(await key("activity", NOW), await key("activity", later));
      assert.equal(await key("top", NOW), await key("top", later));
    });

    test("top senders: the chart knows the whole it is the head of", async () => {
      const { chart } = await view("7d", "top");
      assert.equal(chart.kind, "top_senders");
      if (chart.kind !== "top_senders") return;
      assert.deepEqual(chart.totals, { messages: 8, senders: 4 });
    });

    test("the caption names what each number counts and puts each delta after its number", async () => {
      const { caption } = await view("yesterday", "activity");
      const lines = caption.split("\n");
      assert.equal(lines[1], "💬 <b>2</b> messages <i>▼ 50%</i>");
      assert.equal(lines[2], "👤 <b>2</b> members wrote <i>= 0%</i> · <b>0</b> of them 5+ messages");
      assert.equal(lines[3], "📈 16.7% of all 12 members wrote · 0.0% wrote 5+ messages");
      assert.doesNotMatch(caption, /engaged|deep/);
    });
  });
}
