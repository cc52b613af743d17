// The command menus Telegram shows, per scope.
import type { Api } from "grammy";

export const PRIVATE_COMMANDS = [
  { command: "start", description: "What Pulse is and how to add it" },
  { command: "stats", description: "Statistics of a chat you administer" },
  { command: "me", description: "Your activity in the groups you write in" },
  { command: "export", description: "CSV export of a chat you administer" },
  { command: "influence", description: "Top influencers and who interacts with whom in a chat you administer" },
  { command: "track", description: "Follow a channel or group: history, views, reactions" },
  { command: "untrack", description: "Stop following a chat" },
  { command: "optout", description: "Stop counting me (/optout delete: also delete my data)" },
  { command: "optin", description: "Count me again" },
  { command: "help", description: "How to use Pulse" },
];

export const GROUP_COMMANDS = [
  { command: "stats", description: "Chat statistics: /stats [period] or /stats @user" },
  { command: "top", description: "Most active members: /top [period]" },
  { command: "activity", description: "Busiest hours and days: /activity [period]" },
  { command: "me", description: "Your own numbers in this chat" },
  { command: "influence", description: "Top influencers and who replies to and reacts to whom" },
  { command: "export", description: "CSV export (admins; sent privately)" },
  { command: "track", description: "Follow this chat with the user session (admins)" },
  { command: "untrack", description: "Stop following a chat (admins)" },
  { command: "optout", description: "Stop counting me (/optout delete: also delete my data)" },
  { command: "optin", description: "Count me again" },
  { command: "help", description: "How to use Pulse" },
];

export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(PRIVATE_COMMANDS, { scope: { type: "all_private_chats" } });
  await api.setMyCommands(GROUP_COMMANDS, { scope: { type: "all_group_chats" } });
}
