// getRecapView on the fixed community of recap-dataset.ts, on each engine: every number is
// derived here from the dataset's own lists (week bounds worked out by hand in UTC).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Config } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { getRecapView, messageLink, type ReportDeps, recordedTrend, snippet } from "../../src/reports/recap.js";
import { nextWeek, previousWeek, weekContaining } from "../../src/reports/weeks.js";
import { testEngines } from "../helpers/db.js";
import {
  ANNA,
  BERND,
  CHANNEL,
  CHAT,
  CLARA,
  type DatasetMessage,
  DMITRI,
  EVE,
  HELPER_BOT,
  IDS,
  loadRecapDataset,
  MEMBER_EVENTS,
  MESSAGES,
  PREVIOUS_START,
  REACTION_COUNTS,
  TZ,
  USER_REACTIONS,
  WEEK_END,
  WEEK_START,
} from "./recap-dataset.js";

const NOW = new Date("2026-11-10T12:00:00Z");
const week = weekContaining("2026-10-28", TZ);

const inRange = (m: DatasetMessage, from: string, to: string) =>
  Date.parse(m.at) >= Date.parse(from) && Date.parse(m.at) < Date.parse(to);
/** Messages that count: the chat's, no bot commands. */
const counted = (chatId: number, from: string, to: string) =>
  MESSAGES.filter((m) => m.chatId === chatId && m.kind !== "command" && inRange(m, from, to));

const thisWeek = counted(CHAT, WEEK_START, WEEK_END);
const lastWeek = counted(CHAT, PREVIOUS_START, WEEK_START);

/** Reactions on a message as the recap counts them: aggregate counts, else visible per-user reactions. */
function reactionsOn(chatId: number, messageId: number): number {
  const aggregate = REACTION_COUNTS.find((r) => r.chatId === chatId && r.messageId === messageId);
  if (aggregate) return Object.values(aggregate.counts).reduce((a, b) => a + b, 0);
  return USER_REACTIONS.filter((r) => r.chatId === chatId && r.messageId === messageId).length;
}

function countBy<T>(items: T[], key: (item: T) => number): Map<number, number> {
  const out = new Map<number, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

for (const engine of testEngines()) {
  describe(`recap view on ${engine.name}`, () => {
    let database: Database;
    let deps: ReportDeps;
    before(async () => {
      database = await engine.open();
      await loadRecapDataset(database);
      deps = { database, config: { defaultTimezone: "UTC" } as Config, now: () => NOW };
    });
    after(() => database.close());

    test("the week's bounds in New York: 169 hours across the end of DST", () => {
      assert.equal(week.start, "2026-10-26");
      assert.equal(week.end, "2026-11-01");
      assert.equal(week.startsAt.toISOString(), new Date(WEEK_START).toISOString());
      assert.equal(week.endsAt.toISOString(), new Date(WEEK_END).toISOString());
      assert.equal((week.endsAt.getTime() - week.startsAt.getTime()) / 3_600_000, 169);
      assert.equal(week.isoWeek, 44);
    });

    test("volumes, people, reactions and replies", async () => {
      const view = await getRecapView(deps, { chatId: CHAT, week, locale: "en" });
      assert.ok(view);
      assert.equal(view.title, "Elm Street Neighbours");
      assert.equal(view.partial, false);
      assert.equal(view.messages, thisWeek.length);
      assert.equal(view.messages, 47);
      assert.equal(view.previousMessages, lastWeek.length);
      // Last week had fewer than 20 messages: no percentage, "new".
      assert.ok(lastWeek.length < 20);
      assert.equal(view.messagesChange, null);
      assert.equal(view.quiet, false);

      // People: user ids only, the opted-out member and the bot included in the count.
      const people = new Set(thisWeek.filter((m) => m.sender > 0).map((m) => m.sender));
      assert.equal(view.activeMembers, people.size);
      assert.equal(view.previousActiveMembers, new Set(lastWeek.map((m) => m.sender)).size);
      // The member count is the last snapshot up to the week's Sunday (40), not chats.member_count (50).
      assert.equal(view.memberCount, 40);
      assert.equal(view.activeShare, people.size / 40);

      const joins = MEMBER_EVENTS.filter(
        (e) => e.chatId === CHAT && e.occurredAt >= week.startsAt && e.occurredAt < week.endsAt,
      );
      assert.equal(view.newcomers, joins.filter((e) => e.kind === "join").length);
      assert.equal(view.leavers, joins.filter((e) => e.kind !== "join").length);
      assert.equal(view.replies, thisWeek.filter((m) => m.replyTo !== undefined).length);
      const reactions = thisWeek.reduce((sum, m) => sum + reactionsOn(CHAT, m.id), 0);
      assert.equal(view.reactions, reactions);
      assert.equal(view.reactions, 18);
    });

    test("days, heatmap and the busiest hour in local time, the repeated DST hour counted twice", async () => {
      const view = await getRecapView(deps, { chatId: CHAT, week, locale: "en" });
      assert.ok(view);
      const local = new Intl.DateTimeFormat("en-CA", {
        timeZone: TZ,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        hourCycle: "h23",
      });
      const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
      const perDay = new Map<string, number>();
      for (const m of thisWeek) {
        const parts = Object.fromEntries(local.formatToParts(new Date(m.at)).map((p) => [p.type, p.value]));
        const day = `${parts.year}-${parts.month}-${parts.day}`;
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
        const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
        const row = grid[weekday] as number[];
        row[Number(parts.hour)] = (row[Number(parts.hour)] ?? 0) + 1;
      }
      assert.deepEqual(
        view.days.map((d) => [d.day, d.messages]),
        ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30", "2026-10-31", "2026-11-01"].map((d) => [
          d,
          perDay.get(d) ?? 0,
        ]),
      );
      assert.deepEqual(view.heatmap, grid);
      assert.equal(view.heatmap[6]?.[1], 2); // 01:30 EDT and 01:30 EST
      assert.deepEqual(view.busiest, { weekday: 2, hour: 21, messages: 12 }); // Anna's Wednesday evening
      // Active people per day.
      const activeOn = (day: string) =>
        new Set(
          thisWeek
            .filter((m) => m.sender > 0)
            .filter((m) => {
              const p = Object.fromEntries(local.formatToParts(new Date(m.at)).map((x) => [x.type, x.value]));
              return `${p.year}-${p.month}-${p.day}` === day;
            })
            .map((m) => m.sender),
        ).size;
      assert.deepEqual(
        view.days.map((d) => d.activeMembers),
        view.days.map((d) => activeOn(d.day)),
      );
    });

    test("podium: people only, the opted-out member and the bot never appear; the newcomer is a first join", async () => {
      const view = await getRecapView(deps, { chatId: CHAT, week, locale: "en" });
      assert.ok(view);
      const bySender = countBy(
        thisWeek.filter((m) => m.sender > 0 && m.sender !== BERND && m.sender !== HELPER_BOT),
        (m) => m.sender,
      );
      const expected = [...bySender]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, 3)
        .map(([senderId, messages]) => ({ senderId, messages }));
      assert.deepEqual(
        view.podium.map((p) => ({ senderId: p.senderId, messages: p.messages })),
        expected,
      );
      assert.deepEqual(
        view.podium.map((p) => p.name),
        ["Anna", "Eve", "Clara Zetkin"],
      );
      // Bernd wrote the most of anyone, and the bot more than Clara.
      assert.ok((countBy(thisWeek, (m) => m.sender).get(BERND) ?? 0) > (bySender.get(ANNA) ?? 0));
      assert.ok((countBy(thisWeek, (m) => m.sender).get(HELPER_BOT) ?? 0) > (bySender.get(CLARA) ?? 0));
      // Eve wrote more than Dmitri but had joined before (August): Dmitri is the newcomer.
      assert.ok((bySender.get(EVE) ?? 0) > (bySender.get(DMITRI) ?? 0));
      assert.equal(view.newcomer?.senderId, DMITRI);
      assert.equal(view.newcomer?.name, "Dmitri");
      assert.equal(view.newcomer?.messages, bySender.get(DMITRI));
      assert.equal(view.newcomer?.joinedAt.toISOString(), "2026-10-27T15:00:00.000Z");
    });

    test("top messages leave out the opted-out member; links use the t.me/c form of a private supergroup", async () => {
      const view = await getRecapView(deps, { chatId: CHAT, week, locale: "en" });
      assert.ok(view);
      // Bernd's message has the most reactions (10) and the most replies (5): both skipped.
      assert.equal(view.topReacted?.messageId, IDS.annaFirst);
      assert.equal(view.topReacted?.count, reactionsOn(CHAT, IDS.annaFirst));
      assert.equal(view.topReacted?.senderName, "Anna");
      assert.equal(view.topReacted?.snippet, "Welcome! Try the one on Elm St");
      assert.equal(view.topReacted?.link, `https://t.me/c/9000000777/${IDS.annaFirst}`);
      // The week's message with the most replies, counting its replies whenever they came.
      const replies = countBy(
        MESSAGES.filter(
          (m) => m.chatId === CHAT && m.replyTo !== undefined && !["command", "service"].includes(m.kind ?? "text"),
        ),
        (m) => m.replyTo as number,
      );
      const weekIds = new Set(thisWeek.map((m) => m.id));
      const [mostReplied] = [...replies]
        .filter(([id]) => weekIds.has(id) && id !== IDS.berndFirst)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      assert.equal(mostReplied?.[0], IDS.dmitriFirst);
      assert.equal(view.topReplied?.messageId, IDS.dmitriFirst);
      assert.equal(view.topReplied?.count, replies.get(IDS.dmitriFirst));
      assert.ok((replies.get(IDS.berndFirst) ?? 0) > (replies.get(IDS.dmitriFirst) ?? 0));
      for (const m of [view.topReacted, view.topReplied]) assert.doesNotMatch(m?.snippet ?? "", /Bernd/);
    });

    test("8-week trend, oldest first, this week last", async () => {
      const view = await getRecapView(deps, { chatId: CHAT, week, locale: "en" });
      assert.ok(view);
      assert.equal(view.trend.length, 8);
      let w = week;
      const weeks = [w];
      for (let i = 0; i < 7; i++) {
        w = previousWeek(w);
        weeks.unshift(w);
      }
      assert.deepEqual(
        view.trend.map((p) => [p.weekStart, p.isoWeek, p.messages, p.activeMembers]),
        weeks.map((k) => {
          const ms = counted(CHAT, k.startsAt.toISOString(), k.endsAt.toISOString());
          return [k.start, k.isoWeek, ms.length, new Set(ms.filter((m) => m.sender > 0).map((m) => m.sender)).size];
        }),
      );
      assert.equal(view.trend[0]?.weekStart, "2026-09-07");
      assert.equal(view.trend[7]?.messages, 47);
    });

    test("the change against a previous week of 20 or more messages", async () => {
      const next = nextWeek(week);
      const view = await getRecapView(deps, { chatId: CHAT, week: next, locale: "en" });
      assert.ok(view);
      const messages = counted(CHAT, WEEK_END, next.endsAt.toISOString()).length;
      assert.equal(view.messages, messages);
      assert.equal(view.previousMessages, thisWeek.length);
      assert.equal(view.messagesChange, (messages - thisWeek.length) / thisWeek.length);
      // The snapshot of 5 November is the newest up to that week's Sunday.
      assert.equal(view.memberCount, 45);
      // Someone joined (user 9) but never wrote: no newcomer of the week, the join still counted.
      assert.equal(view.newcomers, 1);
      assert.equal(view.newcomer, null);
    });

    test("a quiet week is flagged; an empty week and an unknown chat give nothing", async () => {
      const quiet = await getRecapView(deps, { chatId: CHAT, week: weekContaining("2026-10-01", TZ), locale: "en" });
      assert.ok(quiet);
      assert.equal(quiet.messages, 5);
      assert.equal(quiet.quiet, true);
      assert.equal(
        await getRecapView(deps, { chatId: CHAT, week: weekContaining("2026-09-16", TZ), locale: "en" }),
        undefined,
      );
      assert.equal(await getRecapView(deps, { chatId: -100123, week, locale: "en" }), undefined);
    });

    test("this week so far is partial", async () => {
      const view = await getRecapView(
        { ...deps, now: () => new Date("2026-10-29T12:00:00Z") },
        { chatId: CHAT, week, locale: "en" },
      );
      assert.equal(view?.partial, true);
    });

    test("a channel with the user session's counters", async () => {
      const view = await getRecapView(deps, { chatId: CHANNEL, week, locale: "en" });
      assert.ok(view?.channel);
      const posts = counted(CHANNEL, WEEK_START, WEEK_END);
      const views = posts.reduce((s, p) => s + (p.views ?? 0), 0);
      const forwards = posts.reduce((s, p) => s + (p.forwards ?? 0), 0);
      const reactions = posts.reduce((s, p) => s + reactionsOn(CHANNEL, p.id), 0);
      assert.equal(view.isChannel, true);
      assert.equal(view.messages, posts.length);
      assert.equal(view.channel.posts, posts.length);
      assert.equal(view.channel.viewsPerPost, views / posts.length);
      assert.equal(view.channel.forwards, forwards);
      assert.equal(view.channel.reactions, reactions);
      assert.equal(view.channel.err, (reactions + forwards) / views);
      assert.equal(view.channel.subscribers, 1030);
      assert.equal(view.channel.subscriberChange, 30);
      assert.deepEqual(view.channel.missing, []);
      assert.equal(view.channel.topPost?.messageId, IDS.channelTopPost);
      assert.equal(view.channel.topPost?.views, 300);
      assert.deepEqual(view.podium, []);
    });

    test("a channel without them says what is missing instead of zeros", async () => {
      const view = await getRecapView(deps, { chatId: CHANNEL, week: nextWeek(week), locale: "en" });
      assert.ok(view?.channel);
      assert.equal(view.channel.posts, 2);
      assert.equal(view.channel.viewsPerPost, null);
      assert.equal(view.channel.forwards, null);
      assert.equal(view.channel.err, null);
      assert.equal(view.channel.subscriberChange, null);
      assert.deepEqual(view.channel.missing, ["views", "forwards", "subscribers"]);
    });
  });
}

describe("recap helpers", () => {
  test("message links: public username, internal supergroup link, none for a basic group", () => {
    assert.equal(messageLink({ id: -1001234, type: "supergroup", username: "elm" }, 5), "https://t.me/elm/5");
    assert.equal(messageLink({ id: -1001234, type: "supergroup", username: null }, 5), "https://t.me/c/1234/5");
    assert.equal(messageLink({ id: -1001234, type: "channel", username: null }, 5), "https://t.me/c/1234/5");
    assert.equal(messageLink({ id: -4321, type: "group", username: null }, 5), null);
  });

  test("snippets: one line, cut at a word, in code points", () => {
    assert.equal(snippet("  hello\n\n world  "), "hello world");
    assert.equal(snippet(null), null);
    assert.equal(snippet("   "), null);
    const long = "word ".repeat(40);
    const cut = snippet(long, 22) as string;
    assert.equal(cut, "word word word word…");
    assert.equal(snippet("😀".repeat(30), 10), `${"😀".repeat(10)}…`);
  });
});

describe("the recap's trend starts where recording did", () => {
  // Eight weeks from Monday 2026-02-02 to the recap's week of Monday 2026-03-23.
  const trend = Array.from({ length: 8 }, (_, i) => ({
    weekStart: new Date(Date.UTC(2026, 1, 2 + 7 * i)).toISOString().slice(0, 10),
    isoWeek: 6 + i,
    messages: i < 5 ? 0 : 10 * i,
    activeMembers: i < 5 ? 0 : i,
  }));
  test("weeks before the first recorded hour are left out, not drawn as zeros", () => {
    // Recorded from Wednesday of the sixth week (2026-03-11).
    const trimmed = recordedTrend(trend, new Date("2026-03-11T08:00:00Z"), "Europe/Berlin");
    assert.deepEqual(
      trimmed.map((p) => p.weekStart),
      ["2026-03-09", "2026-03-16", "2026-03-23"],
    );
  });
  test("the first day is the chat's local day: Sunday 23:30 in Berlin is still the week before", () => {
    // 2026-03-08T22:30Z is Sunday 23:30 in Berlin (UTC+1), Monday in UTC.
    const trimmed = recordedTrend(trend, new Date("2026-03-08T22:30:00Z"), "Europe/Berlin");
    assert.equal(trimmed[0]?.weekStart, "2026-03-02");
    assert.equal(trimmed.length, 4);
  });
  test("a chat recorded for longer keeps all eight weeks, zeros included; one never recorded keeps its own week", () => {
    assert.equal(recordedTrend(trend, new Date("2025-06-01T00:00:00Z"), "UTC").length, 8);
    assert.deepEqual(
      recordedTrend(trend, null, "UTC").map((p) => p.weekStart),
      ["2026-03-23"],
    );
    // Activity only after the recap's week (a recap of a past week asked for late): its own week stays.
    assert.equal(recordedTrend(trend, new Date("2026-04-10T00:00:00Z"), "UTC").length, 1);
  });
});
