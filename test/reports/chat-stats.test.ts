// The /stats view on the hand-computed dataset: what the timeline and top-senders charts are
// given, and captions whose words say what they count with each delta beside its number.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "../../src/db/client.js";
import { type Locale, translator } from "../../src/i18n/index.js";
import type { ChatInfo } from "../../src/queries/chats.js";
import { getChatInfo } from "../../src/queries/chats.js";
import { parsePeriod } from "../../src/queries/period.js";
import { toChartConfig, topSenderRows } from "../../src/render/charts.js";
import { type ChartName, captionText, getChatStatsView, periodBetween } from "../../src/reports/chat-stats.js";
import { testEngines } from "../helpers/db.js";
import { CHAT, loadDataset, NOW, TZ } from "../queries/dataset.js";

const en = translator("en");

for (const engine of testEngines()) {
  describe(`the /stats view on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      await loadDataset(database);
    });
    after(() => database.close());

    const deps = () => ({ database, config: { defaultTimezone: TZ }, now: () => NOW });
    const build = (chat: ChatInfo, key: string, chart: ChartName, now = NOW, locale: Locale = "en") =>
      getChatStatsView(
        { database, config: { defaultTimezone: TZ }, now: () => now },
        { chat, period: parsePeriod(key, TZ, now), chart, locale },
      );
    const view = async (key: string, chart: ChartName, locale: Locale = "en") => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      return getChatStatsView(deps(), { chat, period: parsePeriod(key, TZ, NOW), chart, locale, memberCount: 12 });
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
      assert.equal(chart.subtitle, "Today · Tue, 31 Mar 2026 · Europe/Berlin");
      assert.equal(chart.points[0]?.label, "00:00");
      assert.equal(chart.points.at(-1)?.label, "11:00");
      // The clock stands at 12:00 sharp: the last hour is complete.
      assert.ok(chart.points.every((p) => !p.partial));
    });

    test("the hours chart of a period shorter than a week draws only its weekdays", async () => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      const hours = (key: string) => build(chat, key, "hours");
      const today = (await hours("today")).chart;
      assert.equal(today.kind, "heatmap");
      if (today.kind !== "heatmap") return;
      assert.deepEqual(today.weekdays, [1]); // Tuesday 31 March
      const config = toChartConfig(today, en);
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
      const key = async (chart: "activity" | "top", now: Date) => (await build(chat, "today", chart, now)).cacheKey;
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
      const caption = captionText(en, await view("yesterday", "activity"));
      const lines = caption.split("\n");
      assert.equal(lines[1], "💬 <b>2</b> messages <i>▼ 50%</i>");
      assert.equal(lines[2], "👤 <b>2</b> members wrote <i>= 0%</i> · <b>0</b> of them 5+ messages");
      assert.equal(lines[3], "📈 16.7% of all 12 members wrote · 0.0% wrote 5+ messages");
      assert.doesNotMatch(caption, /engaged|deep/);
    });

    test("no change is shown against a period from before the chat was recorded", async () => {
      const chat = await getChatInfo(database, CHAT);
      assert.ok(chat);
      // Pulse has been in the chat since 1 January (quiet until 28 Mar): last week is known, and empty.
      assert.equal(chat.recordedSince.toISOString(), "2026-01-01T00:00:00.000Z");
      const known = captionText(en, await build(chat, "7d", "activity")).split("\n");
      assert.equal(known[1], "💬 <b>8</b> messages <i>new</i>");
      // Had Pulse first seen it with its first message (28 Mar, 23:00), the week before would
      // hold nothing it could have seen: "new" against it would only say that counting began.
      const late = { ...chat, recordedSince: new Date("2026-03-28T22:00:00Z") };
      const lines = captionText(en, await build(late, "7d", "activity")).split("\n");
      assert.equal(lines[1], "💬 <b>8</b> messages");
      assert.match(lines[2] ?? "", /^👤 <b>3<\/b> members wrote · /);
      assert.doesNotMatch(lines.join("\n"), /<i>(new|[▲▼=])/);
      // Yesterday's day before (29 Mar) is after it: compared as before.
      assert.equal(
        captionText(en, await build(late, "yesterday", "activity")).split("\n")[1],
        "💬 <b>2</b> messages <i>▼ 50%</i>",
      );
    });

    test("a period given as local days builds the same view as the period typed", async () => {
      // A scheduled job has no command to parse: it names the days, e.g. a whole week.
      const byDays = await getChatStatsView(deps(), {
        chat: CHAT,
        period: { from: "2026-03-25", to: "2026-03-31" },
        chart: "top",
        locale: "en",
        memberCount: 12,
      });
      const typed = await view("2026-03-25..2026-03-31", "top");
      assert.equal(byDays.period.key, "2026-03-25..2026-03-31");
      assert.equal(byDays.totals.current.messages, 8);
      assert.deepEqual(byDays.caption, typed.caption);
      assert.deepEqual(byDays.chart, typed.chart);
      assert.equal(periodBetween("2026-03-30", "2026-03-30", TZ, NOW).key, "2026-03-30");
      // The language is part of the picture's identity.
      assert.notEqual((await view("7d", "top", "ru")).cacheKey, (await view("7d", "top", "en")).cacheKey);
    });

    test("in Russian and Spanish: the caption, the chart's subtitle and its drawn words", async () => {
      const ru = await view("yesterday", "top", "ru");
      const lines = captionText(translator("ru"), ru).split("\n");
      assert.equal(lines[0], "📊 <b>Berlin Club</b> · Вчера");
      assert.equal(lines[1], "💬 <b>2</b> сообщения <i>▼ 50\u00a0%</i>");
      assert.equal(lines[2], "👤 <b>2</b> участника писали <i>= 0\u00a0%</i> · <b>0</b> из них 5+ сообщений");
      assert.equal(
        lines[4],
        "👥 <b>12</b> участников · ➕ 1 вступил · ➖ 0 вышли · 🔁 50\u00a0% писавших в прошлом периоде написали снова",
      );
      // Monday's first replies: only message 3's (31.5 h). Message 6 answers message 1, whose
      // first reply came on Sunday: a later reply, not a first one.
      assert.equal(lines[5], "↩️ 2 ответа <i>▲ 100\u00a0%</i> · ⏱ первый ответ ~1,3 дн.");
      assert.equal(ru.chart.subtitle, "Вчера · Europe/Berlin");
      assert.equal(ru.chart.locale, "ru");
      if (ru.chart.kind !== "top_senders") assert.fail("a top chart");
      // What the renderer draws under the bars, in Russian with Russian plurals.
      assert.equal(topSenderRows(ru.chart, translator("ru")).footer, "2 сообщения от всех активных авторов (2)");
      const es = await view("7d", "activity", "es");
      assert.equal(es.chart.subtitle, "Últimos 7 días · Europe/Berlin · datos desde el 28 mar 2026");
      const config = toChartConfig(es.chart, translator("es"));
      const y = config.options?.scales?.y as { title?: { text?: string } } | undefined;
      assert.equal(y?.title?.text, "mensajes");
      assert.equal(config.data.datasets[0]?.label, "Mensajes");
      const hours = await view("today", "hours", "es");
      const heat = toChartConfig(hours.chart, translator("es"));
      assert.deepEqual((heat.options?.scales?.y as { labels?: string[] } | undefined)?.labels, ["mar"]);
    });
  });
}
