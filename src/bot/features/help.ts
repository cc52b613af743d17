// /start and /help: what Pulse is and how to put it to work. The command lines come from the
// command table, so a command added there shows up here, in every language.
import { Composer } from "grammy";
import type { Translate } from "../../i18n/index.js";
import { COMMANDS, type CommandScope, type CommandSpec, keyFor } from "../commands.js";
import type { PulseContext } from "../context.js";

type Section = "groups" | "private" | "anywhere" | "channels";

/**
 * Each command's help lines, by section: a command that reads the same in private and in
 * groups is listed once, under "in a group or here in private".
 */
function helpLines(table: readonly CommandSpec[]): Record<Section, string[]> {
  const sections: Record<Section, string[]> = { groups: [], private: [], anywhere: [], channels: [] };
  const key = (spec: CommandSpec, scope: CommandScope) =>
    spec.scopes.includes(scope) ? keyFor(spec.help, scope) : undefined;
  for (const spec of table) {
    const inPrivate = key(spec, "private");
    const inGroups = key(spec, "groups");
    if (inPrivate !== undefined && inPrivate === inGroups) sections.anywhere.push(inPrivate);
    else {
      if (inGroups !== undefined) sections.groups.push(inGroups);
      if (inPrivate !== undefined) sections.private.push(inPrivate);
    }
    const inChannels = key(spec, "channels");
    if (inChannels !== undefined) sections.channels.push(inChannels);
  }
  return sections;
}

/**
 * The help for a private chat (everything: how to add Pulse, every command by where it
 * works, importing) or for a group (what can be used there).
 */
export function helpText(
  t: Translate,
  botUsername: string,
  where: "private" | "groups",
  table: readonly CommandSpec[] = COMMANDS,
): string {
  const lines = helpLines(table);
  // Read in a group, "in a group or here in private" would point at the wrong chat.
  const heading = (name: Section) =>
    where === "groups" && name === "anywhere" ? "help-section-anywhere-group" : `help-section-${name}`;
  const section = (name: Section) =>
    lines[name].length === 0 ? [] : [[t(heading(name)), ...lines[name].map((key) => t(key))].join("\n")];
  const parts =
    where === "private"
      ? [
          t("help-intro"),
          t("help-setup-group", { bot: botUsername }),
          t("help-setup-channel"),
          ...section("groups"),
          ...section("private"),
          ...section("anywhere"),
          ...section("channels"),
          t("help-import"),
          t("help-periods"),
        ]
      : [t("help-intro"), ...section("groups"), ...section("anywhere"), t("help-periods")];
  return parts.join("\n\n");
}

export const helpFeature = new Composer<PulseContext>();

helpFeature.chatType("private").command(["start", "help"], (ctx) =>
  ctx.reply(
    helpText((key, vars) => ctx.t(key, vars), ctx.me.username, "private"),
    { parse_mode: "HTML" },
  ),
);

helpFeature.chatType(["group", "supergroup"]).command("help", (ctx) =>
  ctx.reply(
    helpText((key, vars) => ctx.t(key, vars), ctx.me.username, "groups"),
    { parse_mode: "HTML" },
  ),
);
