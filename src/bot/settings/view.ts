// What the one /settings message shows: its text and, per screen, its buttons. Pure functions
// of the chat's settings and a translate function, so the feature only decides which screen.
import { InlineKeyboard } from "grammy";
import { LOCALES, type Locale, type Translate } from "../../i18n/index.js";
import type { ChatSettings } from "../../settings/chat-settings.js";
import { callbackData, field } from "../callback-data.js";
import { escapeHtml } from "../format.js";

/** What a button does; `value` carries the choice (a zone's index, a language, an hour…). */
export const SETTINGS_ACTIONS = [
  "home",
  "tz",
  "tzset",
  "tztype",
  "lang",
  "langset",
  "recap",
  "sched",
  "day",
  "hour",
  "access",
  "charts",
  "close",
] as const;
export type SettingsAction = (typeof SETTINGS_ACTIONS)[number];

/** Every /settings button: the chat being edited (it differs from the message's chat in private), what, which. */
export const settingsButton = callbackData(
  "set",
  { chatId: field.int(), action: field.oneOf(SETTINGS_ACTIONS), value: field.text(/[A-Za-z0-9_-]{0,10}/) },
  { rateLimit: "light" },
);

/**
 * Zones offered as buttons, spread over where Pulse's languages are spoken; any other IANA
 * zone can be typed. Only zones every tz database in use knows (no recent renames like Kyiv).
 */
export const COMMON_ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Istanbul",
  "Europe/Moscow",
  "Asia/Yekaterinburg",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Australia/Sydney",
  "America/Sao_Paulo",
  "America/Argentina/Buenos_Aires",
  "America/Bogota",
  "America/Mexico_City",
  "America/New_York",
  "America/Los_Angeles",
] as const;

export type LanguageChoice = Locale | "each";
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = [...LOCALES, "each"];

export interface SettingsScreen {
  chatId: number;
  chatTitle: string;
  /** "group", "supergroup" or "channel". */
  chatType: string;
  settings: ChatSettings;
  /** The language the message is written in (for weekday and time formats). */
  locale: Locale;
}

const button = (chatId: number, action: SettingsAction, value = "") => settingsButton.pack({ chatId, action, value });
const mark = (chosen: boolean, label: string) => (chosen ? `• ${label}` : label);

/** A language in its own name: "English", "Русский", "Español". */
export function languageName(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** "Monday" … "Sunday" in `locale` (ISO weekday 1 = Monday). */
export function weekdayName(locale: Locale, isoWeekday: number, width: "long" | "short" = "long"): string {
  // 2026-01-05 was a Monday.
  const name = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: "UTC" }).format(
    Date.UTC(2026, 0, 4 + isoWeekday),
  );
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** An hour of the day as the language writes it: "10:00", "10:00 AM". */
export function hourName(locale: Locale, hour: number): string {
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(
    Date.UTC(2026, 0, 5, hour),
  );
}

/** "Berlin · GMT+1": a zone's city and its offset now. */
export function zoneLabel(zone: string, now: Date): string {
  const city = zone === "UTC" ? "UTC" : (zone.split("/").at(-1) ?? zone).replaceAll("_", " ");
  if (zone === "UTC") return city;
  const offset =
    new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" })
      .formatToParts(now)
      .find((part) => part.type === "timeZoneName")?.value ?? "";
  return offset ? `${city} · ${offset}` : city;
}

/** The message text: every setting with its current value. HTML. */
export function settingsText(t: Translate, screen: SettingsScreen): string {
  const { settings, locale } = screen;
  const lines = [t("settings-title", { chat: escapeHtml(screen.chatTitle) }), ""];
  lines.push(
    t("settings-timezone", { zone: settings.timezone }),
    t("settings-language", {
      language: settings.locale ? languageName(settings.locale) : t("settings-language-each"),
    }),
    settings.recap.enabled
      ? t("settings-recap-on", {
          weekday: weekdayName(locale, settings.recap.weekday),
          hour: hourName(locale, settings.recap.hour),
        })
      : t("settings-recap-off"),
  );
  // A channel has no members asking for statistics in it: who may ask and where charts go do not apply.
  if (screen.chatType !== "channel") {
    lines.push(
      t(settings.statsAccess === "admins" ? "settings-access-admins" : "settings-access-everyone"),
      t(settings.chartsTo === "private" ? "settings-charts-private" : "settings-charts-chat"),
    );
  }
  return lines.join("\n");
}

/** The first screen: one button per setting; two-way choices switch with one press. */
export function homeKeyboard(t: Translate, screen: SettingsScreen): InlineKeyboard {
  const { chatId, settings } = screen;
  const keyboard = new InlineKeyboard()
    .text(t("settings-button-timezone"), button(chatId, "tz"))
    .text(t("settings-button-language"), button(chatId, "lang"))
    .row()
    .text(
      t(settings.recap.enabled ? "settings-button-recap-off" : "settings-button-recap-on"),
      button(chatId, "recap", settings.recap.enabled ? "off" : "on"),
    )
    .text(t("settings-button-schedule"), button(chatId, "sched"))
    .row();
  if (screen.chatType === "channel") return keyboard.text(t("settings-button-done"), button(chatId, "close"));
  return keyboard
    .text(
      t(settings.statsAccess === "admins" ? "settings-button-access-everyone" : "settings-button-access-admins"),
      button(chatId, "access", settings.statsAccess === "admins" ? "everyone" : "admins"),
    )
    .row()
    .text(
      t(settings.chartsTo === "private" ? "settings-button-charts-chat" : "settings-button-charts-private"),
      button(chatId, "charts", settings.chartsTo === "private" ? "chat" : "private"),
    )
    .row()
    .text(t("settings-button-done"), button(chatId, "close"));
}

export function timezoneKeyboard(t: Translate, screen: SettingsScreen, now: Date): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  COMMON_ZONES.forEach((zone, index) => {
    keyboard.text(
      mark(zone === screen.settings.timezone, zoneLabel(zone, now)),
      button(screen.chatId, "tzset", String(index)),
    );
    if (index % 3 === 2) keyboard.row();
  });
  return keyboard
    .row()
    .text(t("settings-button-timezone-type"), button(screen.chatId, "tztype"))
    .row()
    .text(t("settings-button-back"), button(screen.chatId, "home"));
}

export function languageKeyboard(t: Translate, screen: SettingsScreen): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) {
    keyboard.text(
      mark(screen.settings.locale === locale, languageName(locale)),
      button(screen.chatId, "langset", locale),
    );
  }
  return keyboard
    .row()
    .text(
      mark(screen.settings.locale === null, t("settings-button-language-each")),
      button(screen.chatId, "langset", "each"),
    )
    .row()
    .text(t("settings-button-back"), button(screen.chatId, "home"));
}

/** Weekday and hour of the weekly recap, in the chat's time zone. */
export function scheduleKeyboard(t: Translate, screen: SettingsScreen): InlineKeyboard {
  const { chatId, settings, locale } = screen;
  const keyboard = new InlineKeyboard();
  for (let day = 1; day <= 7; day++) {
    keyboard.text(
      mark(settings.recap.weekday === day, weekdayName(locale, day, "short")),
      button(chatId, "day", String(day)),
    );
  }
  keyboard.row();
  for (let hour = 0; hour < 24; hour++) {
    keyboard.text(
      mark(settings.recap.hour === hour, String(hour).padStart(2, "0")),
      button(chatId, "hour", String(hour)),
    );
    if (hour % 6 === 5) keyboard.row();
  }
  return keyboard.text(t("settings-button-back"), button(chatId, "home"));
}
