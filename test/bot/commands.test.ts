// The command table: Telegram's menus per scope and language as the stand-in Bot API records
// them, heavy and light requests as the table and the button kinds declare them, and stray or
// malformed button presses answered by the last handler, in the presser's language.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { Bot, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import pino from "pino";
import { type Pulse, startPulse } from "../../src/app.js";
import { callbackKinds } from "../../src/bot/callback-data.js";
import {
  COMMANDS,
  type CommandSpec,
  commandMenu,
  commandOf,
  GROUP_COMMANDS,
  keyFor,
  PRIVATE_COMMANDS,
  registerCommands,
  setChatMenu,
} from "../../src/bot/commands.js";
import type { PulseContext } from "../../src/bot/context.js";
import { isHeavyRequest } from "../../src/bot/rate-limit.js";
import type { Database } from "../../src/db/client.js";
import { LOCALES, LOCALES_DIR, type Locale, translator } from "../../src/i18n/index.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse, testConfig } from "../helpers/pulse.js";
import { message, person, supergroup, update } from "../helpers/updates.js";
import { CHAT, loadDataset, NOW } from "../queries/dataset.js";

/** The message ids a language's Fluent files define (a missing one would fall back to English). */
function keysOf(locale: Locale): Set<string> {
  const dir = join(LOCALES_DIR, locale);
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ftl"))) {
    for (const match of readFileSync(join(dir, file), "utf8").matchAll(/^([a-z][a-z0-9_-]*) =/gm))
      keys.add(match[1] as string);
  }
  return keys;
}

const PRIVATE = { type: "all_private_chats" };
const GROUPS = { type: "all_group_chats" };

describe("the command table", () => {
  test("every key it names exists in every language, within Telegram's limits", () => {
    const names = new Set<string>();
    for (const spec of COMMANDS) {
      assert.match(spec.command, /^[a-z0-9_]{1,32}$/);
      assert.ok(!names.has(spec.command), `${spec.command} declared once`);
      names.add(spec.command);
      for (const scope of spec.scopes) {
        for (const key of [keyFor(spec.description, scope), keyFor(spec.help, scope)]) {
          if (key === undefined) continue;
          for (const locale of LOCALES) {
            assert.ok(keysOf(locale).has(key), `${key} in ${locale}`);
          }
        }
        assert.ok(keyFor(spec.description, scope), `${spec.command} has a description in ${scope}`);
      }
    }
    for (const locale of LOCALES) {
      for (const scope of ["private", "groups"] as const) {
        for (const { description } of commandMenu(scope, translator(locale))) {
          assert.ok(description.length >= 1 && description.length <= 256, description);
        }
      }
    }
  });

  test("the English menus other modules read", () => {
    const scoped = (scope: "private" | "groups") =>
      COMMANDS.filter((spec) => spec.scopes.includes(scope)).map((spec) => spec.command);
    assert.deepEqual(
      PRIVATE_COMMANDS.map((c) => c.command),
      scoped("private"),
    );
    assert.deepEqual(
      GROUP_COMMANDS.map((c) => c.command),
      scoped("groups"),
    );
    const inPrivate = PRIVATE_COMMANDS.map((c) => c.command);
    const inGroups = GROUP_COMMANDS.map((c) => c.command);
    for (const name of ["start", "stats", "me", "influence", "export", "track", "untrack", "optout", "optin", "help"]) {
      assert.ok(inPrivate.includes(name), name);
    }
    for (const name of ["stats", "top", "activity", "me", "influence", "export", "optout", "optin", "help"]) {
      assert.ok(inGroups.includes(name), name);
    }
    assert.ok(!inGroups.includes("start") && !inPrivate.includes("top") && !inPrivate.includes("activity"));
    assert.equal(
      PRIVATE_COMMANDS.find((c) => c.command === "stats")?.description,
      "Statistics of a chat you administer",
    );
    assert.equal(
      GROUP_COMMANDS.find((c) => c.command === "stats")?.description,
      "Chat statistics: /stats [period] or /stats @user",
    );
  });

  test("setMyCommands per scope and language, through the Bot API", async () => {
    const server = await TestBotApiServer.start();
    try {
      const bot = new Bot(server.token, { botInfo: server.botInfo, client: { apiRoot: server.apiRoot } });
      await registerCommands(bot.api);
      // Default (English), Russian and Spanish for each of the two menus; nothing else.
      assert.equal(server.callsTo("setMyCommands").length, 6);
      assert.deepEqual(
        server
          .callsTo("setMyCommands")
          .map((c) => `${(c.payload.scope as { type: string }).type}:${c.payload.language_code ?? ""}`),
        [
          "all_private_chats:",
          "all_private_chats:ru",
          "all_private_chats:es",
          "all_group_chats:",
          "all_group_chats:ru",
          "all_group_chats:es",
        ],
      );
      assert.deepEqual(server.commands(PRIVATE), PRIVATE_COMMANDS);
      assert.deepEqual(server.commands(GROUPS), GROUP_COMMANDS);
      assert.deepEqual(
        await bot.api.getMyCommands({ scope: { type: "all_private_chats" }, language_code: "ru" }),
        commandMenu("private", translator("ru")),
      );
      const ruGroups = server.commands(GROUPS, "ru") as { command: string; description: string }[];
      assert.deepEqual(
        ruGroups.map((c) => c.command),
        GROUP_COMMANDS.map((c) => c.command),
      );
      assert.equal(
        ruGroups.find((c) => c.command === "stats")?.description,
        "Статистика чата: /stats [период] или /stats @участник",
      );
      const esPrivate = server.commands(PRIVATE, "es") as { command: string; description: string }[];
      assert.equal(esPrivate.find((c) => c.command === "optin")?.description, "Volver a contarme");
      assert.equal(
        esPrivate.find((c) => c.command === "top"),
        undefined,
        "/top is for groups only",
      );
      assert.deepEqual(server.commands(undefined), [], "the default scope is left alone");
      assert.deepEqual(server.commands(PRIVATE, "en"), [], "English is the default list, not a language of its own");
    } finally {
      await server.close();
    }
  });

  test("a command added to the table reaches every menu it is scoped to", async () => {
    const server = await TestBotApiServer.start();
    try {
      const bot = new Bot(server.token, { botInfo: server.botInfo, client: { apiRoot: server.apiRoot } });
      const extra: CommandSpec = {
        command: "ping",
        scopes: ["groups"],
        rateLimit: "light",
        description: "commands-optin",
      };
      await registerCommands(bot.api, [...COMMANDS, extra]);
      for (const [locale, language] of [
        ["en", ""],
        ["ru", "ru"],
        ["es", "es"],
      ] as const) {
        const groups = server.commands(GROUPS, language) as { command: string; description: string }[];
        assert.deepEqual(groups.at(-1), { command: "ping", description: translator(locale)("commands-optin") });
        assert.ok(!(server.commands(PRIVATE, language) as { command: string }[]).some((c) => c.command === "ping"));
      }
    } finally {
      await server.close();
    }
  });

  test("a group's own menu in the language its admins chose, and back", async () => {
    const server = await TestBotApiServer.start();
    try {
      const bot = new Bot(server.token, { botInfo: server.botInfo, client: { apiRoot: server.apiRoot } });
      const chat = { type: "chat", chat_id: -1001 };
      await setChatMenu(bot.api, -1001, "ru");
      assert.deepEqual(server.commands(chat), commandMenu("groups", translator("ru")));
      assert.equal(
        (server.commands(chat) as { command: string; description: string }[]).find((c) => c.command === "top")
          ?.description,
        "Самые активные участники: /top [период]",
      );
      await setChatMenu(bot.api, -1001, "es");
      assert.deepEqual(server.commands(chat), commandMenu("groups", translator("es")));
      await setChatMenu(bot.api, -1001, undefined);
      assert.deepEqual(server.commands(chat), []);
    } finally {
      await server.close();
    }
  });

  test("heavy and light requests come from the table and the button kinds", () => {
    const me = { id: 1, is_bot: true, first_name: "Pulse", username: "Pulse_Bot" } as UserFromGetMe;
    const from = { id: 7, is_bot: false, first_name: "A" };
    const chat = { id: -100, type: "supergroup" as const, title: "G" };
    const textCtx = (text: string) =>
      new Context(
        { update_id: 1, message: { message_id: 1, date: 1, chat, from, text } } as Update,
        new Bot("0:x", { botInfo: me }).api,
        me,
      ) as PulseContext;
    const pressCtx = (data: string) =>
      new Context(
        { update_id: 1, callback_query: { id: "1", from, chat_instance: "x", data } } as Update,
        new Bot("0:x", { botInfo: me }).api,
        me,
      ) as PulseContext;
    for (const spec of COMMANDS) {
      assert.equal(isHeavyRequest(textCtx(`/${spec.command}`)), spec.rateLimit === "heavy", spec.command);
      assert.equal(isHeavyRequest(textCtx(`/${spec.command}@pulse_bot 7d`)), spec.rateLimit === "heavy", spec.command);
      assert.equal(commandOf(`/${spec.command}`, "Pulse_Bot"), spec);
    }
    const heavy = COMMANDS.filter((spec) => spec.rateLimit === "heavy").map((spec) => spec.command);
    for (const name of ["stats", "top", "activity", "me", "influence", "export"]) assert.ok(heavy.includes(name), name);
    for (const name of ["start", "help", "track", "untrack", "optout", "optin"]) assert.ok(!heavy.includes(name), name);
    // Another bot's command, a longer word, plain text: nothing of ours runs.
    for (const text of ["/stats@OtherBot", "/statsx", "stats", "hello /stats", "/unknown"]) {
      assert.equal(isHeavyRequest(textCtx(text)), false, text);
    }
    for (const kind of callbackKinds()) {
      const sample = { s: "s|1|7d|top", p: "p|1", e: "e|1|7d", i: "i|1", iz: "iz|AAAAAAAA|1" }[kind.prefix];
      if (sample) assert.equal(isHeavyRequest(pressCtx(sample)), kind.rateLimit === "heavy", sample);
    }
    assert.equal(isHeavyRequest(pressCtx("s|1|7d|top")), true);
    assert.equal(isHeavyRequest(pressCtx("iz|AAAAAAAA|1")), false);
    // Malformed data of a heavy kind runs nothing, so it costs nothing.
    assert.equal(isHeavyRequest(pressCtx("s|1|7d")), false);
    assert.equal(isHeavyRequest(pressCtx("retired|button")), false);
  });
});

for (const engine of testEngines()) {
  describe(`menus at start and stray buttons on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    const club = supergroup(CHAT, "Berlin Club");
    const olga = { ...person(31, "Olga"), language_code: "ru" };
    const press = (id: string, data: string) => ({
      callback_query: {
        id,
        from: olga,
        chat_instance: "x",
        data,
        message: message(club, 4242, "2026-04-05T12:00:00Z", { from: server.botInfo, photo: [] }),
      },
    });

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadDataset(database);
      pulse = await startTestPulse(server, database, {}, () => NOW);
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    test("Pulse sets its menus when it starts", () => {
      // reset() clears recorded calls, not what setMyCommands stored.
      assert.deepEqual(server.commands(PRIVATE), PRIVATE_COMMANDS);
      assert.deepEqual(server.commands(GROUPS, "ru"), commandMenu("groups", translator("ru")));
      assert.deepEqual(server.commands(GROUPS, "es"), commandMenu("groups", translator("es")));
    });

    test("old, unknown and malformed button data is answered by the last handler, in the presser's language", async () => {
      const stray = [
        "retired|button",
        "s|-100|7d",
        "s|abc|7d|top",
        "s|99999999999999999|7d|top",
        "e|-100",
        "i|abc",
        "iz|AAAAAAAA|300",
        "iz|AAAAAAAA|1|2",
        "p|1|2",
        "",
      ];
      server.pushUpdates(stray.map((data, i) => press(`stray-${i}`, data)));
      for (const [i, data] of stray.entries()) {
        const answer = await server.waitForCall(
          "answerCallbackQuery",
          (c) => c.payload.callback_query_id === `stray-${i}`,
        );
        assert.equal(answer.payload.text, "Эта кнопка больше не работает. Отправьте команду ещё раз.", data);
      }
      await server.waitUntilConfirmed(
        server.pushUpdate(update.message(message(club, 9999, "2026-04-05T12:00:00Z", { from: olga, text: "ok" }))),
        30_000,
      );
      assert.equal(server.callsTo("answerCallbackQuery").length, stray.length, "each press answered once");
      assert.equal(server.callsTo("editMessageMedia").length, 0);
    });
  });

  describe(`a feature that fails, on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    const lines: Record<string, unknown>[] = [];
    const club = supergroup(CHAT, "Berlin Club");
    const olga = { ...person(32, "Olga"), language_code: "ru" };
    const ana = { ...person(33, "Ana"), language_code: "es" };

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      await loadDataset(database);
      server.setChatMemberCount(CHAT, 12);
      const log = pino({ level: "warn" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      pulse = await startPulse(testConfig(server), {
        log,
        database,
        botInfo: server.botInfo,
        now: () => NOW,
        jobs: [],
      });
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });
    beforeEach(() => server.reset());

    test("the asker is answered in their language and the error is logged with the update id", async () => {
      server.failNext("sendPhoto", { error_code: 400, description: "Bad Request: broken on purpose" });
      const id = server.pushUpdate(
        update.message(
          message(club, 8001, "2026-04-05T12:00:00Z", {
            from: olga,
            text: "/stats",
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          }),
        ),
      );
      const reply = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === CHAT, 30_000);
      assert.equal(reply.payload.text, translator("ru")("error-generic"));
      const logged = lines.find((line) => line.updateId === id);
      assert.equal(logged?.msg, "update handler failed");
      assert.match(JSON.stringify(logged?.err), /broken on purpose/);
    });

    test("a failed button press is answered once, with the error, in the presser's language", async () => {
      server.failNext("editMessageMedia", { error_code: 400, description: "Bad Request: broken on purpose" });
      const id = server.pushUpdate({
        callback_query: {
          id: "fails",
          from: ana,
          chat_instance: "x",
          data: `s|${CHAT}|30d|top`,
          message: message(club, 4243, "2026-04-05T12:00:00Z", { from: server.botInfo, photo: [] }),
        },
      });
      await server.waitUntilConfirmed(id, 30_000);
      const answers = server.callsTo("answerCallbackQuery");
      assert.equal(answers.length, 1);
      assert.equal(answers[0]?.payload.text, translator("es")("error-generic"));
      assert.ok(lines.some((line) => line.updateId === id && line.msg === "update handler failed"));
    });
  });
}
