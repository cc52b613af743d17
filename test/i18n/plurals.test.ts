// Plural forms as each language needs them, through the same translations the bot loads:
// English and Spanish one/other, Russian one (1, 21), few (2–4, 22) and many (5–20).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { translator } from "../../src/i18n/index.js";

const COUNTS = [1, 2, 5, 21] as const;

/** key, the variable counted, other variables, and the expected text for 1, 2, 5 and 21. */
const CASES: { key: string; count: string; vars?: Record<string, string>; expected: Record<string, string[]> }[] = [
  {
    key: "import-skip-invalid",
    count: "count",
    expected: {
      en: [
        "1 message with invalid fields",
        "2 messages with invalid fields",
        "5 messages with invalid fields",
        "21 messages with invalid fields",
      ],
      ru: [
        "1 сообщение с неверными полями",
        "2 сообщения с неверными полями",
        "5 сообщений с неверными полями",
        "21 сообщение с неверными полями",
      ],
      es: [
        "1 mensaje con campos no válidos",
        "2 mensajes con campos no válidos",
        "5 mensajes con campos no válidos",
        "21 mensajes con campos no válidos",
      ],
    },
  },
  {
    key: "import-progress",
    count: "count",
    expected: {
      en: [
        "📥 Importing… 1 message so far",
        "📥 Importing… 2 messages so far",
        "📥 Importing… 5 messages so far",
        "📥 Importing… 21 messages so far",
      ],
      ru: [
        "📥 Импортирую… пока 1 сообщение",
        "📥 Импортирую… пока 2 сообщения",
        "📥 Импортирую… пока 5 сообщений",
        "📥 Импортирую… пока 21 сообщение",
      ],
      es: [
        "📥 Importando… 1 mensaje hasta ahora",
        "📥 Importando… 2 mensajes hasta ahora",
        "📥 Importando… 5 mensajes hasta ahora",
        "📥 Importando… 21 mensajes hasta ahora",
      ],
    },
  },
  {
    key: "track-list-title",
    count: "count",
    expected: {
      en: ["Following 1 chat:", "Following 2 chats:", "Following 5 chats:", "Following 21 chats:"],
      ru: ["Слежу за 1 чатом:", "Слежу за 2 чатами:", "Слежу за 5 чатами:", "Слежу за 21 чатом:"],
      es: ["Siguiendo 1 chat:", "Siguiendo 2 chats:", "Siguiendo 5 chats:", "Siguiendo 21 chats:"],
    },
  },
  {
    key: "import-queued",
    count: "ahead",
    expected: {
      en: [
        "⏳ Other imports are running. 1 import is ahead of yours; it starts by itself when a slot is free (you can go on using the bot meanwhile).",
        "⏳ Other imports are running. 2 imports are ahead of yours; it starts by itself when a slot is free (you can go on using the bot meanwhile).",
        "⏳ Other imports are running. 5 imports are ahead of yours; it starts by itself when a slot is free (you can go on using the bot meanwhile).",
        "⏳ Other imports are running. 21 imports are ahead of yours; it starts by itself when a slot is free (you can go on using the bot meanwhile).",
      ],
      ru: [
        "⏳ Сейчас идут другие импорты. Перед вашим 1 импорт; он начнётся сам, когда освободится место (ботом можно пользоваться и пока ждёте).",
        "⏳ Сейчас идут другие импорты. Перед вашим 2 импорта; он начнётся сам, когда освободится место (ботом можно пользоваться и пока ждёте).",
        "⏳ Сейчас идут другие импорты. Перед вашим 5 импортов; он начнётся сам, когда освободится место (ботом можно пользоваться и пока ждёте).",
        "⏳ Сейчас идут другие импорты. Перед вашим 21 импорт; он начнётся сам, когда освободится место (ботом можно пользоваться и пока ждёте).",
      ],
      es: [
        "⏳ Hay otras importaciones en curso. Hay 1 importación delante de la tuya; empezará sola cuando quede un hueco libre (mientras tanto puedes seguir usando el bot).",
        "⏳ Hay otras importaciones en curso. Hay 2 importaciones delante de la tuya; empezará sola cuando quede un hueco libre (mientras tanto puedes seguir usando el bot).",
        "⏳ Hay otras importaciones en curso. Hay 5 importaciones delante de la tuya; empezará sola cuando quede un hueco libre (mientras tanto puedes seguir usando el bot).",
        "⏳ Hay otras importaciones en curso. Hay 21 importaciones delante de la tuya; empezará sola cuando quede un hueco libre (mientras tanto puedes seguir usando el bot).",
      ],
    },
  },
];

describe("plural forms", () => {
  for (const { key, count, vars, expected } of CASES) {
    for (const [locale, texts] of Object.entries(expected)) {
      test(`${locale} ${key} with ${COUNTS.join(", ")}`, () => {
        const t = translator(locale as "en" | "ru" | "es");
        assert.deepEqual(
          COUNTS.map((n) => t(key, { ...vars, [count]: n })),
          texts,
        );
      });
    }
  }

  test("a count of zero waiting means next in line, in every language", () => {
    assert.match(translator("en")("import-queued", { ahead: 0 }), /Yours is next/);
    assert.match(translator("ru")("import-queued", { ahead: 0 }), /Ваш следующий/);
    assert.match(translator("es")("import-queued", { ahead: 0 }), /La tuya es la siguiente/);
  });

  test("numbers are grouped as each language writes them", () => {
    const texts = (["en", "ru", "es"] as const).map((locale) =>
      translator(locale)("import-skip-invalid", { count: 12345 }),
    );
    assert.deepEqual(texts, [
      "12,345 messages with invalid fields",
      "12\u00a0345 сообщений с неверными полями",
      "12.345 mensajes con campos no válidos",
    ]);
  });
});
