// /start and /help are built from the command table: every command's line, in the section
// for where it works, in English, Russian and Spanish; and answered in the asker's language
// through the Bot API.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import type { Pulse } from "../../src/app.js";
import { COMMANDS, type CommandSpec, keyFor } from "../../src/bot/commands.js";
import { helpText } from "../../src/bot/features/help.js";
import type { Database } from "../../src/db/client.js";
import { LOCALES, translator } from "../../src/i18n/index.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse } from "../helpers/pulse.js";
import { message, person, supergroup, update } from "../helpers/updates.js";
import { CHAT, loadDataset, NOW } from "../queries/dataset.js";

/** The paragraph that opens with a section's heading, split into lines. */
function section(text: string, heading: string): string[] | undefined {
  return text
    .split("\n\n")
    .find((paragraph) => paragraph.startsWith(heading))
    ?.split("\n")
    .slice(1);
}

describe("help from the command table", () => {
  test("private help: every command's line in its section, in each language", () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      const text = helpText(t, "pulse_bot", "private");
      assert.match(text, /@pulse_bot/);
      // Lines in the table's order, each in the section for where it works.
      const inScope = (spec: CommandSpec, scope: "private" | "groups") =>
        spec.scopes.includes(scope) ? keyFor(spec.help, scope) : undefined;
      const expected = { groups: [] as string[], private: [] as string[], anywhere: [] as string[] };
      for (const spec of COMMANDS) {
        const [p, g] = [inScope(spec, "private"), inScope(spec, "groups")];
        if (p && p === g) expected.anywhere.push(t(p));
        else {
          if (g) expected.groups.push(t(g));
          if (p) expected.private.push(t(p));
        }
      }
      assert.deepEqual(section(text, t("help-section-groups")), expected.groups);
      assert.deepEqual(section(text, t("help-section-private")), expected.private);
      assert.deepEqual(section(text, t("help-section-anywhere")), expected.anywhere);
      // The commands as they are today, wherever others are added among them.
      const has = (name: string, keys: string[]) => {
        const lines = section(text, t(`help-section-${name}`)) ?? [];
        for (const key of keys) assert.ok(lines.includes(t(key)), `${locale}: ${key} under ${name}`);
      };
      has("groups", [
        "help-stats-groups",
        "help-top",
        "help-activity",
        "help-me-groups",
        "help-influence-groups",
        "help-export-groups",
      ]);
      has("private", ["help-stats-private", "help-me-private", "help-influence-private", "help-export-private"]);
      has("anywhere", ["help-track", "help-untrack", "help-optout", "help-optin"]);
      const channels = COMMANDS.flatMap((spec) =>
        spec.scopes.includes("channels") && keyFor(spec.help, "channels")
          ? [t(keyFor(spec.help, "channels") as string)]
          : [],
      );
      assert.deepEqual(section(text, t("help-section-channels")), channels.length ? channels : undefined);
      assert.ok(text.includes(t("help-import")));
      assert.ok(text.endsWith(t("help-periods")));
      // Every help key of the table is used, and no key is left untranslated.
      for (const spec of COMMANDS) {
        for (const key of typeof spec.help === "string" ? [spec.help] : Object.values(spec.help ?? {})) {
          assert.ok(text.includes(t(key)), key);
        }
      }
      assert.doesNotMatch(text, /(^|\n)help-[a-z-]+/, "no raw key");
      // One Telegram message holds 4,096 characters (after HTML tags are taken out; counted with them here).
      assert.ok(helpText(t, "b".repeat(32), "private").length <= 4096, `${locale} help fits one message`);
    }
    assert.match(helpText(translator("ru"), "b", "private"), /<b>В группе<\/b>\n\/stats \[период\] — цифры и график/);
    assert.match(helpText(translator("es"), "b", "private"), /\/optin — volver a contarme/);
  });

  test("group help lists what works in a group, not the private-only lines", () => {
    const t = translator("en");
    const text = helpText(t, "pulse_bot", "groups");
    assert.ok(text.includes(t("help-stats-groups")));
    assert.ok(text.includes(t("help-optout")));
    assert.ok(!text.includes(t("help-stats-private")));
    assert.ok(!text.includes(t("help-import")));
    assert.ok(!text.includes(t("help-section-private")));
    // Commands that work in both places: headed for a reader in the group, in every language.
    for (const locale of LOCALES) {
      const tl = translator(locale);
      const inGroup = helpText(tl, "pulse_bot", "groups");
      assert.ok(!inGroup.includes(tl("help-section-anywhere")), locale);
      assert.deepEqual(
        section(inGroup, tl("help-section-anywhere-group")),
        section(helpText(tl, "pulse_bot", "private"), tl("help-section-anywhere")),
        locale,
      );
    }
    assert.match(text, /\n\n<b>Here or in a private chat with me<\/b>\n\/recap/);
    // /me takes a period in a group, like /top.
    assert.match(text, /\n\/me \[period\] — /);
    assert.match(helpText(translator("ru"), "b", "groups"), /\n\/me \[период\] — /);
    assert.match(helpText(translator("es"), "b", "groups"), /\n\/me \[periodo\] — /);
  });

  test("a command added to the table appears in its section", () => {
    const t = translator("es");
    const extra: CommandSpec[] = [
      { command: "pin", scopes: ["channels"], rateLimit: "light", description: "commands-help", help: "help-top" },
      { command: "ping", scopes: ["groups"], rateLimit: "light", description: "commands-help", help: "help-optin" },
    ];
    const text = helpText(t, "b", "private", [...COMMANDS, ...extra]);
    assert.deepEqual(section(text, t("help-section-channels")), [t("help-top")]);
    assert.equal(section(text, t("help-section-groups"))?.at(-1), t("help-optin"));
  });
});

for (const engine of testEngines()) {
  describe(`/help and /start through the Bot API on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;
    let nextId = 7000;
    const club = supergroup(CHAT, "Berlin Club");

    const command = (chat: Parameters<typeof message>[0], from: ReturnType<typeof person>, text: string) =>
      update.message(
        message(chat, nextId++, "2026-04-05T12:00:00Z", {
          from,
          text,
          entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
        }),
      );
    const privateChat = (from: ReturnType<typeof person>) => ({
      id: from.id,
      type: "private" as const,
      first_name: from.first_name,
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

    for (const [languageCode, locale] of [
      ["ru", "ru"],
      ["es-ES", "es"],
      ["de", "en"],
    ] as const) {
      test(`/start and /help in private for a ${languageCode} speaker`, async () => {
        const from = { ...person(40 + nextId, "Kim"), language_code: languageCode };
        server.pushUpdate(command(privateChat(from), from, "/start"));
        const first = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === from.id, 30_000);
        assert.equal(first.payload.text, helpText(translator(locale), server.botInfo.username, "private"));
        assert.equal(first.payload.parse_mode, "HTML");
        server.reset();
        server.pushUpdate(command(privateChat(from), from, "/help"));
        const second = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === from.id, 30_000);
        assert.equal(second.payload.text, first.payload.text);
      });
    }

    test("/help@bot in a group answers with the group's help in the member's language", async () => {
      const from = { ...person(55, "Ana"), language_code: "es" };
      server.pushUpdate(command(club, from, `/help@${server.botInfo.username}`));
      const reply = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === CHAT, 30_000);
      assert.equal(reply.payload.text, helpText(translator("es"), server.botInfo.username, "groups"));
    });

    test("a group-only command in private says where it works instead of staying silent", async () => {
      const from = { ...person(61, "Vera"), language_code: "ru" };
      const chat = privateChat(from);
      const ids = server.pushUpdates([
        command(chat, from, "/top 30d"),
        command(chat, from, `/activity@${server.botInfo.username}`),
        // Not ours to answer: another bot's command.
        command(chat, from, "/top@OtherBot"),
        // A command Pulse does not have, and a plain text: not silence either.
        command(chat, from, "/unknown"),
        update.message(message(chat, 9001, NOW.toISOString(), { from, text: "привет" })),
      ]);
      await server.waitUntilConfirmed(ids.at(-1) as number, 30_000);
      const replies = server.callsTo("sendMessage").filter((c) => c.payload.chat_id === from.id);
      const ru = translator("ru");
      assert.deepEqual(
        replies.map((c) => c.payload.text),
        [
          ...["top", "activity"].map((name) => ru("unhandled-groups-only", { command: name })),
          ru("unhandled-private"),
          ru("unhandled-private"),
        ],
      );
      assert.match(String(replies.at(-1)?.payload.text), /^Этого я не знаю\. Что я умею здесь — в \/help/);
      assert.match(String(replies[0]?.payload.text), /^Команда \/top работает в группах/);
      const en = translator("en")("unhandled-groups-only", { command: "top" });
      assert.match(en, /^\/top works in groups: .* \/help lists what works here in private\.$/);
    });
  });
}
