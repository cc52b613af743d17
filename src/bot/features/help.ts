// /start and /help: what Pulse is and how to put it to work.
import { Composer } from "grammy";
import type { PulseContext } from "../context.js";

export const helpText = (botUsername: string) =>
  [
    "<b>Pulse</b> — self-hosted analytics for Telegram groups and channels.",
    "",
    "I record a chat's activity as it happens (messages, replies, media, reactions, joins and leaves) and answer with numbers and charts.",
    "",
    "<b>Add me to a group</b>",
    `1. Open the group → Add members → @${botUsername}.`,
    "2. Make me an <b>administrator</b> (no special rights needed). Admins see every message and reactions; without it Telegram's privacy mode hides members' messages from me.",
    "",
    "<b>Add me to a channel</b>: add me as an administrator; I record posts and edits.",
    "",
    "Commands: /help — this message.",
  ].join("\n");

export const helpFeature = new Composer<PulseContext>();

const privateChat = helpFeature.chatType("private");
privateChat.command(["start", "help"], (ctx) => ctx.reply(helpText(ctx.me.username), { parse_mode: "HTML" }));

helpFeature
  .chatType(["group", "supergroup"])
  .command("help", (ctx) => ctx.reply(helpText(ctx.me.username), { parse_mode: "HTML" }));
