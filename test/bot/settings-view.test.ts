// The /settings message as text and buttons, without a bot: every language, channels (no
// statistics access or chart destination), zone labels with their offsets, and callback data
// that fits Telegram's 64 bytes for any chat id and every button.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { InlineKeyboard } from "grammy";
import {
  COMMON_ZONES,
  homeKeyboard,
  hourName,
  languageKeyboard,
  type SettingsScreen,
  scheduleKeyboard,
  settingsButton,
  settingsText,
  timezoneKeyboard,
  weekdayName,
  zoneLabel,
} from "../../src/bot/settings/view.js";
import { translator } from "../../src/i18n/index.js";
import { DEFAULT_STORED_SETTINGS } from "../../src/settings/chat-settings.js";

const screen = (fields: Partial<SettingsScreen> = {}): SettingsScreen => ({
  chatId: -1001234567890,
  chatTitle: "Garden <Club>",
  chatType: "supergroup",
  settings: { ...DEFAULT_STORED_SETTINGS, timezone: "Europe/Madrid", timezoneSet: true, locale: "es" },
  locale: "es",
  ...fields,
});
const data = (keyboard: InlineKeyboard) =>
  keyboard.inline_keyboard.flat().map((b) => ("callback_data" in b ? (b.callback_data as string) : ""));

describe("the settings message", () => {
  test("Spanish and Russian texts, the title escaped for HTML", () => {
    assert.equal(
      settingsText(translator("es"), screen()),
      [
        "⚙️ Ajustes de <b>Garden &lt;Club&gt;</b>",
        "",
        "Zona horaria: Europe/Madrid",
        "Idioma: Español",
        "Resumen semanal: Lunes a las 10:00",
        "Comandos de estadísticas: todos",
        "Gráficos: en el chat",
      ].join("\n"),
    );
    const ru = settingsText(
      translator("ru"),
      screen({
        locale: "ru",
        settings: {
          ...screen().settings,
          locale: null,
          recap: { enabled: true, weekday: 3, hour: 9 },
          statsAccess: "admins",
          chartsTo: "private",
        },
      }),
    );
    assert.match(ru, /Язык: у каждого свой/);
    assert.match(ru, /Итоги недели: Среда, 9:00/);
    assert.match(ru, /Команды статистики: только администраторы/);
    assert.match(ru, /Графики: в личку тому, кто спросил/);
  });

  test("a channel shows neither statistics access nor where charts go", () => {
    const channel = screen({ chatType: "channel", locale: "en" });
    const text = settingsText(translator("en"), channel);
    assert.doesNotMatch(text, /Statistics commands|Charts:/);
    const buttons = data(homeKeyboard(translator("en"), channel));
    assert.ok(buttons.every((d) => !/\|(access|charts)\|/.test(d)));
    assert.ok(buttons.includes(settingsButton.pack({ chatId: channel.chatId, action: "close", value: "" })));
  });

  test("weekdays, hours and zones as people read them", () => {
    assert.equal(weekdayName("en", 1), "Monday");
    assert.equal(weekdayName("en", 7, "short"), "Sun");
    assert.equal(weekdayName("ru", 5), "Пятница");
    assert.equal(hourName("en", 18), "6:00 PM");
    assert.equal(hourName("es", 18), "18:00");
    const winter = new Date("2026-01-15T12:00:00Z");
    const summer = new Date("2026-07-15T12:00:00Z");
    assert.equal(zoneLabel("Europe/Berlin", winter), "Berlin · GMT+1");
    assert.equal(zoneLabel("Europe/Berlin", summer), "Berlin · GMT+2");
    assert.equal(zoneLabel("America/New_York", winter), "New York · GMT-5");
    assert.equal(zoneLabel("Asia/Kolkata", winter), "Kolkata · GMT+5:30");
    assert.equal(zoneLabel("UTC", winter), "UTC");
  });

  test("every button of every screen fits in 64 bytes, for the longest chat id, and marks the current choice", () => {
    const t = translator("en");
    const longest = screen({ chatId: -1009999999999999, locale: "en" });
    const keyboards = [
      homeKeyboard(t, longest),
      timezoneKeyboard(t, longest, new Date()),
      languageKeyboard(t, longest),
      scheduleKeyboard(t, longest),
    ];
    const all = keyboards.flatMap(data);
    assert.ok(all.length > 40);
    for (const d of all) {
      assert.ok(Buffer.byteLength(d) <= 64, d);
      assert.ok(settingsButton.parse(d), d);
    }
    assert.equal(
      data(timezoneKeyboard(t, longest, new Date())).filter((d) => d.includes("|tzset|")).length,
      COMMON_ZONES.length,
    );
    const labels = (keyboard: InlineKeyboard) => keyboard.inline_keyboard.flat().map((b) => b.text);
    assert.ok(labels(languageKeyboard(t, longest)).includes("• Español"));
    assert.ok(labels(scheduleKeyboard(t, longest)).includes("• Mon"));
    assert.ok(labels(scheduleKeyboard(t, longest)).includes("• 10"));
    assert.ok(labels(timezoneKeyboard(t, longest, new Date())).some((label) => label.startsWith("• Madrid")));
  });
});
