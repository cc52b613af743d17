// Tells a group, when Pulse is added or promoted, whether it can actually see the messages
// it is meant to count, and what to do about it if not.
import { Composer } from "grammy";
import type { ChatMember } from "grammy/types";
import type { PulseContext } from "../context.js";

export const privacyNotice = (botUsername: string) =>
  [
    "👋 Pulse is here, but Telegram's privacy mode hides this group's messages from me, so I can't count them yet.",
    "",
    "To start recording, either:",
    "• make me an <b>administrator</b> of this group (no special rights needed; it also lets me count reactions), or",
    `• turn privacy mode off for @${botUsername} in @BotFather (/setprivacy → Disable), then remove me and add me again.`,
  ].join("\n");

export const recordingNotice =
  "✅ Pulse is recording this group's activity: messages, replies, media, reactions, joins and leaves. Nothing from before this moment is counted.";

const inChat = (member: ChatMember) => ["member", "administrator", "creator", "restricted"].includes(member.status);

export const membershipFeature = new Composer<PulseContext>();

membershipFeature.chatType(["group", "supergroup"]).on("my_chat_member", async (ctx, next) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
  if (!inChat(after)) return next(); // removed or banned: nothing to say, and we couldn't
  const seesAllNow = after.status === "administrator" || ctx.me.can_read_all_group_messages;
  const sawAllBefore = inChat(before) && (before.status === "administrator" || ctx.me.can_read_all_group_messages);
  if (seesAllNow && !sawAllBefore) {
    await ctx.reply(recordingNotice);
  } else if (!seesAllNow && (!inChat(before) || before.status === "administrator")) {
    // Just added without admin rights, or demoted: say what privacy mode hides.
    await ctx.reply(privacyNotice(ctx.me.username), { parse_mode: "HTML" });
  }
  return next();
});

// An admin who is demoted (or a member promoted) must not wait for the admin cache to expire.
membershipFeature.on("chat_member", async (ctx, next) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.chatMember;
  if (before.status !== after.status) ctx.deps.admins.forget(ctx.chat.id, after.user.id);
  return next();
});
