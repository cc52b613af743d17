// Every command, declared once: where it works, what the menu says (translated), whether the
// rate limiter counts it, and its line in /help. Telegram's menus (per scope and language),
// the limiter's heavy commands and /help are all derived from this table.
//
// Adding a command: one entry below, its texts in locales/<lang>/*.ftl, and its feature's
// Composer in the FEATURES list of src/bot/index.ts (the handler itself stays in the feature).
import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import { DEFAULT_LOCALE, LOCALES, type Locale, type Translate, translator } from "../i18n/index.js";
import type { RateLimitClass } from "./callback-data.js";

/** Where a command is used. Telegram has no menu for channels: channel commands are only in /help. */
export type CommandScope = "private" | "groups" | "channels";
export const COMMAND_SCOPES: readonly CommandScope[] = ["private", "groups", "channels"];

/** A Fluent key, or one per scope where the command means something different there. */
export type ScopedKey = string | Partial<Record<CommandScope, string>>;

export interface CommandSpec {
  /** Without the slash: 1–32 of a–z, 0–9 and _. */
  readonly command: string;
  readonly scopes: readonly CommandScope[];
  /** "heavy": runs queries or draws charts, limited per user and per chat. */
  readonly rateLimit: RateLimitClass;
  /** The menu description (1–256 characters once translated). */
  readonly description: ScopedKey;
  /** Its line(s) in /help; absent for commands that only open the help itself. */
  readonly help?: ScopedKey;
}

export const COMMANDS: readonly CommandSpec[] = [
  { command: "start", scopes: ["private"], rateLimit: "light", description: "commands-start" },
  {
    command: "stats",
    scopes: ["private", "groups"],
    rateLimit: "heavy",
    description: { private: "commands-stats-private", groups: "commands-stats-groups" },
    help: { private: "help-stats-private", groups: "help-stats-groups" },
  },
  { command: "top", scopes: ["groups"], rateLimit: "heavy", description: "commands-top", help: "help-top" },
  {
    command: "activity",
    scopes: ["groups"],
    rateLimit: "heavy",
    description: "commands-activity",
    help: "help-activity",
  },
  {
    command: "me",
    scopes: ["private", "groups"],
    rateLimit: "heavy",
    description: { private: "commands-me-private", groups: "commands-me-groups" },
    help: { private: "help-me-private", groups: "help-me-groups" },
  },
  {
    command: "influence",
    scopes: ["private", "groups"],
    rateLimit: "heavy",
    description: { private: "commands-influence-private", groups: "commands-influence-groups" },
    help: { private: "help-influence-private", groups: "help-influence-groups" },
  },
  {
    command: "export",
    scopes: ["private", "groups"],
    rateLimit: "heavy",
    description: { private: "commands-export-private", groups: "commands-export-groups" },
    help: { private: "help-export-private", groups: "help-export-groups" },
  },
  {
    command: "recap",
    scopes: ["private", "groups"],
    rateLimit: "heavy",
    description: "commands-recap",
    help: "help-recap",
  },
  {
    command: "track",
    scopes: ["private", "groups"],
    rateLimit: "light",
    description: { private: "commands-track-private", groups: "commands-track-groups" },
    help: "help-track",
  },
  {
    command: "untrack",
    scopes: ["private", "groups"],
    rateLimit: "light",
    description: { private: "commands-untrack-private", groups: "commands-untrack-groups" },
    help: "help-untrack",
  },
  {
    command: "optout",
    scopes: ["private", "groups"],
    rateLimit: "light",
    description: "commands-optout",
    help: "help-optout",
  },
  {
    command: "optin",
    scopes: ["private", "groups"],
    rateLimit: "light",
    description: "commands-optin",
    help: "help-optin",
  },
  {
    command: "settings",
    scopes: ["private", "groups"],
    rateLimit: "light",
    description: { private: "settings-command-private", groups: "settings-command-groups" },
    help: { private: "settings-help-private", groups: "settings-help-groups" },
  },
  {
    command: "alerts",
    scopes: ["private", "groups"],
    rateLimit: "light",
    description: { private: "alerts-command-private", groups: "alerts-command-groups" },
    help: { private: "alerts-help-private", groups: "alerts-help-groups" },
  },
  { command: "help", scopes: ["private", "groups"], rateLimit: "light", description: "commands-help" },
];

const byName = new Map(COMMANDS.map((spec) => [spec.command, spec]));

/** The declaration of a command, by name. */
export function commandSpec(name: string): CommandSpec | undefined {
  return byName.get(name);
}

/** The key for one scope: the scope's own, or the one shared by all scopes. */
export function keyFor(key: ScopedKey | undefined, scope: CommandScope): string | undefined {
  return typeof key === "string" ? key : key?.[scope];
}

/** Telegram's menu scope for each of ours; channels have none. */
const MENU_SCOPES: Partial<Record<CommandScope, BotCommandScope>> = {
  private: { type: "all_private_chats" },
  groups: { type: "all_group_chats" },
};

/** The menu of one scope in one language, in the table's order. */
export function commandMenu(scope: CommandScope, t: Translate, table: readonly CommandSpec[] = COMMANDS): BotCommand[] {
  return table
    .filter((spec) => spec.scopes.includes(scope))
    .map((spec) => ({ command: spec.command, description: t(keyFor(spec.description, scope) as string) }));
}

/** English menus, for code and tests that read them without a language. */
export const PRIVATE_COMMANDS = commandMenu("private", translator(DEFAULT_LOCALE));
export const GROUP_COMMANDS = commandMenu("groups", translator(DEFAULT_LOCALE));

/**
 * Sets the menus Telegram shows: for each scope that has a menu, the default list (English,
 * what clients with any other language see) and one per other supported language.
 */
export async function registerCommands(api: Api, table: readonly CommandSpec[] = COMMANDS): Promise<void> {
  for (const [scope, telegramScope] of Object.entries(MENU_SCOPES) as [CommandScope, BotCommandScope][]) {
    for (const locale of LOCALES) {
      const commands = commandMenu(scope, translator(locale), table);
      if (commands.length === 0) continue;
      await api.setMyCommands(commands, {
        scope: telegramScope,
        ...(locale === DEFAULT_LOCALE ? {} : { language_code: locale }),
      });
    }
  }
}

/**
 * A group's own menu in the language its admins chose (Telegram prefers a chat's menu over
 * the per-language group menus); no language: back to the menus per member's language.
 */
export async function setChatMenu(api: Api, chatId: number, locale: Locale | undefined): Promise<void> {
  const scope: BotCommandScope = { type: "chat", chat_id: chatId };
  if (locale === undefined) await api.deleteMyCommands({ scope });
  else await api.setMyCommands(commandMenu("groups", translator(locale)), { scope });
}

const COMMAND_TEXT = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,32}))?(?:\s|$)/;

/**
 * The declared command a message text starts with, as grammY's `command()` would route it:
 * `/stats` and `/stats@ThisBot`, not `/stats@OtherBot`. Without the bot's username (a context
 * built by hand) any addressee is taken as this bot.
 */
export function commandOf(text: string | undefined, botUsername: string | undefined): CommandSpec | undefined {
  const match = text === undefined ? null : COMMAND_TEXT.exec(text);
  if (!match || forAnotherBot(match, botUsername)) return undefined;
  return byName.get(match[1] as string);
}

/** A command addressed to some other bot ("/top@OtherBot"): not Pulse's to answer. */
export function isOtherBotsCommand(text: string | undefined, botUsername: string | undefined): boolean {
  const match = text === undefined ? null : COMMAND_TEXT.exec(text);
  return match !== null && forAnotherBot(match, botUsername);
}

function forAnotherBot(match: RegExpExecArray, botUsername: string | undefined): boolean {
  const target = match[2];
  return target !== undefined && botUsername !== undefined && target.toLowerCase() !== botUsername.toLowerCase();
}
