// /stats for a channel through the Bot API: channel numbers (posts, views per post, forwards,
// reactions, subscribers and their change), not a group's "members wrote" that is always 0;
// and without the user session, which numbers need it instead of zeros.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { translator } from "../../src/i18n/index.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { getChatInfo } from "../../src/queries/chats.js";
import { parsePeriod } from "../../src/queries/period.js";
import { CHART_WIDTH, heatmapData, kindRows } from "../../src/render/charts.js";
import { captionText, getChatStatsView } from "../../src/reports/chat-stats.js";
import { attachedFile, TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { pngSize } from "../helpers/png.js";
import { startTestPulse } from "../helpers/pulse.js";
import { chatRecord, messageRecord } from "../helpers/records.js";
import { member, person } from "../helpers/updates.js";

const NOW = new Date("2026-03-31T10:00:00Z"); // 7d: 25–31 March (UTC); previous: 18–24 March
const BOT_ONLY = -1005100000001; // seen by the bot alone: no views or forwards
const TRACKED = -1005100000002; // also read by the user session
const anna = person(1, "Anna", "anna");

async function loadChannels(database: Database): Promise<void> {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  const post = (chatId: number, id: number, at: string, fields = {}) =>
    messageRecord(chatId, id, at, { userId: null, senderChatId: chatId, ...fields });
  await writer.write({
    chats: [
      chatRecord(BOT_ONLY, { type: "channel", title: "Bot Only News", botStatus: "administrator", memberCount: 800 }),
      chatRecord(TRACKED, { type: "channel", title: "Tracked News", botStatus: "administrator", memberCount: 1400 }),
    ],
  });
  await writer.write({
    messages: [
      post(BOT_ONLY, 1, "2026-03-20T09:00:00Z"),
      post(BOT_ONLY, 2, "2026-03-29T09:00:00Z"),
      post(BOT_ONLY, 3, "2026-03-30T09:00:00Z"),
      post(BOT_ONLY, 4, "2026-03-31T08:00:00Z"),
      // Previous week: one post, 100 views, 2 forwards. This week: three posts, 450 views, 7 forwards.
      post(TRACKED, 1, "2026-03-20T09:00:00Z", { views: 100, forwards: 2, source: "mtproto" }),
      post(TRACKED, 2, "2026-03-29T09:00:00Z", { views: 200, forwards: 4, source: "mtproto" }),
      post(TRACKED, 3, "2026-03-30T09:00:00Z", { views: 150, forwards: 3, source: "mtproto" }),
      post(TRACKED, 4, "2026-03-31T08:00:00Z", { views: 100, forwards: 0, source: "mtproto" }),
    ],
    reactionCounts: [
      {
        chatId: TRACKED,
        messageId: 2,
        counts: [
          { reaction: "❤", count: 4 },
          { reaction: "👍", count: 2 },
        ],
        date: new Date("2026-03-30T12:00:00Z"),
        source: "bot",
      },
    ],
  });
  await writer.close();
  // Subscriber counts the user session recorded: 1,400 before the week, 1,450 inside it.
  await database.db.execute(sql`
    INSERT INTO chat_daily_snapshots (chat_id, date, metric, value, source) VALUES
      (${TRACKED}, '2026-03-20', 'member_count', 1400, 'mtproto'),
      (${TRACKED}, '2026-03-28', 'member_count', 1450, 'mtproto')`);
}

for (const engine of testEngines()) {
  describe(`channel /stats on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadChannels(database);
      for (const channel of [BOT_ONLY, TRACKED]) server.setChatMember(channel, member(anna, "administrator"));
      server.setChatMemberCount(BOT_ONLY, 812);
      server.setChatMemberCount(TRACKED, 1500);
      pulse = await startTestPulse(server, database, {}, () => NOW);
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    /** An administrator picks the channel from private /stats: the caption and picture sent back. */
    async function statsFor(channel: number, id: string) {
      server.pushUpdate({
        callback_query: {
          id,
          from: anna,
          chat_instance: "x",
          data: `p|${channel}`,
          message: { message_id: 9, date: 1, chat: { id: anna.id, type: "private", first_name: "Anna" }, text: "x" },
        },
      });
      const call = await server.waitForCall("sendPhoto", (c) => c.payload.chat_id === anna.id, 15_000);
      const photo = attachedFile(call, "photo");
      assert.ok(photo);
      assert.equal(pngSize(photo.data).width, CHART_WIDTH);
      return String(call.payload.caption).split("\n");
    }

    test("without the user session: posts, reactions and subscribers, and which numbers need the session", async () => {
      const lines = await statsFor(BOT_ONLY, "cb-bot-only");
      assert.deepEqual(lines, [
        "📊 <b>Bot Only News</b> · Last 7 days",
        "📝 <b>3</b> posts <i>▲ 200%</i>",
        "👁 views and forwards need the user session: see /track",
        "❤️ <b>0</b> reactions",
        "👥 <b>812</b> subscribers · ➕ 0 joined · ➖ 0 left",
      ]);
    });

    test("with the user session: views per post, forwards, reactions and the subscriber change", async () => {
      const lines = await statsFor(TRACKED, "cb-tracked");
      assert.deepEqual(lines, [
        "📊 <b>Tracked News</b> · Last 7 days",
        "📝 <b>3</b> posts <i>▲ 200%</i>",
        "👁 <b>150</b> views per post <i>▲ 50%</i> · 🔀 <b>7</b> forwards <i>▲ 250%</i>",
        "❤️ <b>6</b> reactions <i>new</i> · 2 per post",
        "👥 <b>1,500</b> subscribers <i>+100 since 20 Mar 2026</i> · ➕ 0 joined · ➖ 0 left",
      ]);
    });

    test("the activity chart of a channel counts posts and has no active-users line", async () => {
      // With no count stored from Telegram, the caption falls back to the last recorded snapshot.
      await database.db.execute(sql`UPDATE chats SET member_count = NULL WHERE id = ${TRACKED}`);
      const chat = await getChatInfo(database, TRACKED);
      assert.ok(chat);
      const deps = { database, config: { defaultTimezone: "UTC" }, now: () => NOW };
      const build = (chart: "activity" | "hours" | "kinds", locale: "en" | "ru" = "en") =>
        getChatStatsView(deps, { chat, period: parsePeriod("7d", "UTC", NOW), chart, locale });
      const en = translator("en");
      const view = await build("activity");
      assert.equal(view.chart.kind, "timeline");
      if (view.chart.kind !== "timeline") return;
      assert.equal(view.chart.counts, "posts");
      assert.equal(view.chart.emptyText, "No posts in this period");
      assert.deepEqual(
        view.chart.points.map((p) => p.messages),
        [0, 0, 0, 0, 1, 1, 1],
      );
      // Every chart of a channel counts posts.
      const hours = await build("hours");
      assert.equal(hours.chart.kind, "heatmap");
      if (hours.chart.kind === "heatmap") assert.match(heatmapData(hours.chart, en).footer, /\(1 post\) · 3 in total$/);
      const kinds = await build("kinds");
      if (kinds.chart.kind === "kinds") assert.equal(kindRows(kinds.chart, en).footer, "3 posts in total");
      else assert.fail("a kinds chart");
      // The last recorded count: 1,450, up 50 since 20 March.
      const caption = captionText(en, view);
      assert.ok(caption.includes("👥 <b>1,450</b> subscribers <i>+50 since 20 Mar 2026</i>"), caption);
      // In Russian: the same numbers, Russian words and plurals, Russian grouping and dates.
      const ru = await build("kinds", "ru");
      const russian = captionText(translator("ru"), ru);
      assert.ok(russian.includes("👥 <b>1\u00a0450</b> подписчиков <i>+50 с 20 мар. 2026 г.</i>"), russian);
      assert.match(russian, /📝 <b>3<\/b> поста/);
      assert.equal(ru.chart.emptyText, "За этот период постов нет");
      if (ru.chart.kind === "kinds") assert.equal(kindRows(ru.chart, translator("ru")).footer, "Всего 3 поста");
    });
  });
}
