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
    "<b>In a group</b>",
    "/stats [period] — numbers and a chart; buttons switch period and chart",
    "/stats @user (or as a reply) — one member · /me — your own numbers",
    "/top [period] — most active members · /activity [period] — busiest hours",
    "/influence — top influencers and a chart of who replies to and reacts to whom (rebuilt daily)",
    "/export [period] — CSV files, for admins, sent privately",
    "",
    "<b>Here in private</b>: /stats, /influence and /export for chats you administer, /me for all your groups.",
    "Send me a Telegram Desktop export (result.json) of a chat you administer and I'll import its history.",
    "",
    "<b>Your privacy</b> (here or in any group): /optout — I stop counting you and never show your name; your messages count only in chat totals. /optout delete — also delete your stored message texts and per-day numbers. /optin — count me again.",
    "",
    "Periods: today, yesterday, 7d, 30d, 90d, 365d, all, a date (2026-03-01) or a range (2026-03-01..2026-03-31).",
  ].join("\n");

export const helpFeature = new Composer<PulseContext>();

const privateChat = helpFeature.chatType("private");
privateChat.command(["start", "help"], (ctx) => ctx.reply(helpText(ctx.me.username), { parse_mode: "HTML" }));

helpFeature
  .chatType(["group", "supergroup"])
  .command("help", (ctx) => ctx.reply(helpText(ctx.me.username), { parse_mode: "HTML" }));
