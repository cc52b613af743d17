// Every tally and note the export reader writes (in English, for the command line) has its
// own translation in the bot's import summary, so no reader wording reaches a Russian or
// Spanish speaker untranslated; and broken exports explain themselves in the reader's language.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { skippedText, warningText } from "../../src/bot/features/import.js";
import { type ExportEvent, ExportFormatError, readExport } from "../../src/collectors/tdesktop/index.js";
import { translator } from "../../src/i18n/index.js";

async function events(text: string): Promise<ExportEvent[]> {
  const out: ExportEvent[] = [];
  for await (const event of readExport(Readable.from([Buffer.from(text)]), { storeText: true })) out.push(event);
  return out;
}

const message = (id: number, extra: object = {}) => ({
  id,
  type: "message",
  date: "2024-05-01T10:00:00",
  date_unixtime: String(1714557600 + id),
  from: "Ada",
  from_id: "user301",
  text: `hello ${id}`,
  ...extra,
});

/** A whole-account export with one group holding every kind of message the reader skips. */
const ACCOUNT = JSON.stringify({
  chats: {
    list: [
      { name: "Al", type: "personal_chat", id: 2, messages: [message(1), message(2)] },
      { name: "Bot", type: "bot_chat", id: 3, messages: [message(1)] },
      { name: "Saved", type: "saved_messages", id: 4, messages: [message(1)] },
      { name: "Odd", type: "future_chat_kind", id: 5, messages: [message(1)] },
      {
        name: "Team",
        type: "private_supergroup",
        id: 1234567890,
        messages: [
          message(1),
          { id: 2, type: "sponsored", date_unixtime: "1714557602" },
          { id: 3, type: "unsupported" },
          message(4, { message_thread_id: 2 ** 31 }),
          { id: 5, type: "service", date_unixtime: "1714557605", action: "join_group_by_link", actor: "Nobody" },
          {
            id: 6,
            type: "service",
            date_unixtime: "1714557606",
            action: "invite_members",
            actor: "Ada",
            actor_id: "user301",
            members: ["Stranger"],
          },
          message(7, { text: "tab\there" }),
        ],
      },
    ],
  },
}).replace("tab\\there", "tab\there"); // a raw control character, as some Telegram Desktop versions write

describe("the import summary's tallies and notes", () => {
  test("every reason the reader skips for, and every note it writes, has its own translation", async () => {
    const list = await events(ACCOUNT);
    const reasons = list.flatMap((e) => (e.type === "skipped" ? [e.reason] : []));
    const warnings = list.flatMap((e) => (e.type === "warning" ? [e.message] : []));
    assert.deepEqual([...new Set(reasons)].sort(), [
      "bot chat",
      'chat type "future_chat_kind"',
      "member listed by name without a known user id",
      'message type "sponsored"',
      "message with invalid fields",
      "personal chat",
      "saved messages",
      "service action without user id",
      "unsupported message",
    ]);
    assert.equal(warnings.length, 1);
    for (const locale of ["en", "ru", "es"] as const) {
      const t = translator(locale);
      // The fallback shows the reader's English with a "×": none of these may need it.
      for (const reason of reasons) assert.doesNotMatch(skippedText(t, reason, 2), /×/, `${locale}: ${reason}`);
      for (const warning of warnings) assert.notEqual(warningText(t, warning), warning, `${locale}: ${warning}`);
    }
    const ru = translator("ru");
    assert.deepEqual(
      ["personal chat", 'chat type "future_chat_kind"', 'message type "sponsored"', "unsupported message"].map(
        (reason) => skippedText(ru, reason, 5),
      ),
      [
        "5 сообщений из личного чата",
        '5 сообщений из чата типа "future_chat_kind"',
        '5 сообщений типа "sponsored"',
        "5 неподдерживаемых сообщений",
      ],
    );
    assert.equal(
      warningText(ru, warnings[0] as string),
      "Исправлен 1 управляющий символ внутри строк (некорректный JSON, который пишут некоторые версии Telegram Desktop); он прочитан как символ, который обозначает.",
    );
    assert.equal(skippedText(translator("es"), "bot chat", 1), "1 mensaje de un chat con un bot");
    assert.equal(skippedText(translator("en"), "saved messages", 21), "21 messages of a saved messages chat");
  });

  test("a broken export's error carries a key the bot translates, the English message kept", async () => {
    const error = await events('{"name": "Team", "type": "private_group", "id": 5, "messages": [').catch((e) => e);
    assert.ok(error instanceof ExportFormatError);
    assert.match(
      error.message,
      /^messages\[0\]: unexpected end of file: the export is truncated .*\(line 1, column 65, byte 64\)$/,
    );
    assert.equal(error.key, "import-error-truncated");
    assert.match(translator("ru")(error.key), /^файл неожиданно закончился: экспорт обрезан/);
    assert.match(translator("es")(error.key), /^fin de archivo inesperado: la exportación está cortada/);
  });
});
