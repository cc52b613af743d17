// Rate limits of heavy commands and answers to button presses: a sliding window that holds
// at any 60 s, a refused press that is still answered, and a stray press that is answered by
// the last handler. End to end through the local Bot API server.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Pulse } from "../../src/app.js";
import type { PulseContext } from "../../src/bot/context.js";
import { heavyCommandLimits, SlidingWindowLimiter } from "../../src/bot/rate-limit.js";
import type { Database } from "../../src/db/client.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, waitFor } from "../helpers/pulse.js";
import { message, person, supergroup, update } from "../helpers/updates.js";
import { CHAT, loadDataset, NOW } from "../queries/dataset.js";

const club = supergroup(CHAT, "Berlin Club");
const bernd = person(2, "Bernd");
const LATER = "2026-04-05T12:00:00Z";
let nextId = 5000;

function command(text: string) {
  return update.message(
    message(club, nextId++, LATER, {
      from: bernd,
      text,
      entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? text.length }],
    }),
  );
}

function press(id: string, data: string) {
  return {
    callback_query: {
      id,
      from: bernd,
      chat_instance: "x",
      data,
      message: { message_id: 424242, date: 1, chat: club, photo: [] },
    },
  };
}

describe("SlidingWindowLimiter", () => {
  test("at most the limit in any window, also across what a fixed window would reset", () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(10, 60_000, () => now);
    now = 50_000;
    let taken = 0;
    for (let i = 0; i < 10; i++) if (limiter.take("u")) taken++;
    assert.equal(taken, 10);
    // 11 s later a fixed window that began at 0 would have reset and let 10 more through.
    now = 61_000;
    for (let i = 0; i < 10; i++) assert.equal(limiter.take("u"), false);
    assert.equal(limiter.waitMs("u"), 49_000);
    // Refused hits are not recorded: the first accepted ones leave the window at 110 s.
    now = 110_000;
    assert.equal(limiter.take("u"), true);
    assert.equal(limiter.take("other"), true);
    // Idle keys are dropped once a window has passed.
    now = 300_000;
    limiter.waitMs("x");
    assert.equal(limiter.size, 0);
  });

  test("the middleware on a real bot: 20 commands straddling a minute boundary give 10 charts", async () => {
    const server = await TestBotApiServer.start();
    try {
      let now = 50_000;
      const bot = new Bot<PulseContext>(server.token, { botInfo: server.botInfo, client: { apiRoot: server.apiRoot } });
      bot.use(heavyCommandLimits({ perUserPerMinute: 10, perChatPerMinute: 100, clock: () => now }));
      bot.command("stats", (ctx) => ctx.reply("chart"));
      let updateId = 1;
      const send = async () => bot.handleUpdate({ update_id: updateId++, ...command("/stats") } as unknown as Update);
      for (let i = 0; i < 10; i++) await send();
      now = 61_000;
      for (let i = 0; i < 10; i++) await send();
      const charts = server.callsTo("sendMessage").filter((c) => c.payload.text === "chart");
      const warnings = server.callsTo("sendMessage").filter((c) => /too many statistics/.test(String(c.payload.text)));
      assert.equal(charts.length, 10);
      assert.equal(warnings.length, 1, "one warning per window, not one per refused command");
      assert.match(String(warnings[0]?.payload.text), /Try again in 49 seconds\./);
    } finally {
      await server.close();
    }
  });

  test("the warning is in the asker's language, with its plural forms", async () => {
    const server = await TestBotApiServer.start();
    try {
      let now = 0;
      const bot = new Bot<PulseContext>(server.token, { botInfo: server.botInfo, client: { apiRoot: server.apiRoot } });
      // Per user 1 a minute; a fresh user per case so each gets its one warning.
      bot.use(heavyCommandLimits({ perUserPerMinute: 1, perChatPerMinute: 1000, clock: () => now }));
      bot.command("stats", (ctx) => ctx.reply("chart"));
      let updateId = 1;
      let userId = 100;
      const expected: [string, number, RegExp][] = [
        ["ru", 1, /Попробуйте снова через 1 секунду\.$/],
        ["ru", 3, /через 3 секунды\.$/],
        ["ru", 5, /через 5 секунд\.$/],
        ["ru", 21, /через 21 секунду\.$/],
        ["es", 1, /Inténtalo de nuevo en 1 segundo\.$/],
        ["es", 30, /en 30 segundos\.$/],
        ["en", 1, /Try again in 1 second\.$/],
      ];
      for (const [language, wait, pattern] of expected) {
        const from = { ...person(userId++, "P"), language_code: language };
        const send = () =>
          bot.handleUpdate({
            update_id: updateId++,
            ...update.message(
              message(club, nextId++, LATER, {
                from,
                text: "/stats",
                entities: [{ type: "bot_command", offset: 0, length: 6 }],
              }),
            ),
          } as unknown as Update);
        now += 1_000_000;
        await send();
        now += 60_000 - wait * 1000;
        await send();
        const warning = server.callsTo("sendMessage").at(-1);
        assert.match(String(warning?.payload.text), pattern, `${language} ${wait}`);
      }
    } finally {
      await server.close();
    }
  });
});

for (const engine of testEngines()) {
  describe(`rate limits and button answers through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadDataset(database);
      server.setChatMemberCount(CHAT, 12);
      pulse = await startTestPulse(
        server,
        database,
        { RATE_LIMIT_USER_PER_MINUTE: "10", RATE_LIMIT_CHAT_PER_MINUTE: "100" },
        () => NOW,
      );
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    const settled = async () => {
      await waitFor(() => server.pendingCount() === 0, 30_000, "all updates handled");
      await new Promise((r) => setTimeout(r, 300));
    };

    test("a burst of 20 chart commands by one user draws 10 charts and warns once", async () => {
      const ids = server.pushUpdates(Array.from({ length: 20 }, () => command("/stats")));
      await waitFor(() => server.callsTo("sendPhoto").length >= 10, 60_000, "10 charts");
      await server.waitUntilConfirmed(ids.at(-1) as number, 30_000);
      await settled();
      const photos = server.callsTo("sendPhoto");
      assert.equal(photos.length, 10);
      const warnings = server.callsTo("sendMessage").filter((c) => /too many statistics/.test(String(c.payload.text)));
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]?.payload.text), /you have asked for too many statistics in the last minute/);
    });

    test("200 presses over the limit get 200 answers, one per press", async () => {
      // The user's 10 charts for this minute were drawn by the test before.
      const ids = server.pushUpdates(Array.from({ length: 200 }, (_, i) => press(`over-${i}`, `s|${CHAT}|7d|top`)));
      await waitFor(() => server.callsTo("answerCallbackQuery").length >= 200, 60_000, "200 answers");
      await server.waitUntilConfirmed(ids.at(-1) as number, 30_000);
      await settled();
      const answers = server.callsTo("answerCallbackQuery");
      assert.equal(answers.length, 200);
      const answered = new Set(answers.map((c) => c.payload.callback_query_id));
      assert.equal(answered.size, 200, "every press answered exactly once");
      assert.ok(answers.every((c) => /too many statistics/.test(String(c.payload.text))));
      assert.equal(server.callsTo("editMessageMedia").length, 0);
    });

    test("a press no feature handles is answered by the last handler", async () => {
      server.pushUpdate(press("stray", "retired|button"));
      const answer = await server.waitForCall("answerCallbackQuery", (c) => c.payload.callback_query_id === "stray");
      assert.match(String(answer.payload.text), /no longer works/);
      await settled();
      assert.equal(server.callsTo("answerCallbackQuery").length, 1);
    });
  });
}
