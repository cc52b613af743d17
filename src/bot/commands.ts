// The command menus Telegram shows, per scope.
import type { Api } from "grammy";

export const PRIVATE_COMMANDS = [
  { command: "start", description: "What Pulse is and how to add it" },
  { command: "help", description: "How to use Pulse" },
];

export const GROUP_COMMANDS = [{ command: "help", description: "How to use Pulse" }];

export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(PRIVATE_COMMANDS, { scope: { type: "all_private_chats" } });
  await api.setMyCommands(GROUP_COMMANDS, { scope: { type: "all_group_chats" } });
}
