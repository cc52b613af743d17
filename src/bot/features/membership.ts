// Tells a group, when Pulse is added or promoted, whether it can actually see the messages
// it is meant to count, and what to do about it if not.
import { Composer } from "grammy";
import type { ChatMember } from "grammy/types";
import { pickLocale, type Translate, translator } from "../../i18n/index.js";
import type { PulseContext } from "../context.js";

export const privacyNotice = (t: Translate, botUsername: string) =>
  [
    t("membership-privacy-hidden"),
    "",
    t("membership-privacy-either"),
    t("membership-privacy-admin"),
    t("membership-privacy-botfather", { bot: botUsername }),
  ].join("\n");

/**
 * This feature runs before the i18n middleware (it must see every membership update, and
 * most need no answer), so it picks the language itself as the bot does: the chat's
 * language if an admin set one, else that of the person who added or promoted Pulse.
 */
async function translatorFor(ctx: PulseContext): Promise<Translate> {
  const chosen = ctx.chat ? (await ctx.deps.chatSettings.get(ctx.chat.id))?.locale : undefined;
  return translator(chosen ?? pickLocale(ctx.from?.language_code));
}

const inChat = (member: ChatMember) => ["member", "administrator", "creator", "restricted"].includes(member.status);

export const membershipFeature = new Composer<PulseContext>();

membershipFeature.chatType(["group", "supergroup"]).on("my_chat_member", async (ctx, next) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.myChatMember;
  if (!inChat(after)) return next(); // removed or banned: nothing to say, and we couldn't
  const seesAllNow = after.status === "administrator" || ctx.me.can_read_all_group_messages;
  const sawAllBefore = inChat(before) && (before.status === "administrator" || ctx.me.can_read_all_group_messages);
  if (seesAllNow && !sawAllBefore) {
    const t = await translatorFor(ctx);
    await ctx.reply(t("membership-recording"));
  } else if (!seesAllNow && (!inChat(before) || before.status === "administrator")) {
    // Just added without admin rights, or demoted: say what privacy mode hides.
    const t = await translatorFor(ctx);
    await ctx.reply(privacyNotice(t, ctx.me.username), { parse_mode: "HTML" });
  }
  return next();
});

// An admin who is demoted (or a member promoted) must not wait for the admin cache to expire.
membershipFeature.on("chat_member", async (ctx, next) => {
  const { old_chat_member: before, new_chat_member: after } = ctx.chatMember;
  if (before.status !== after.status) ctx.deps.admins.forget(ctx.chat.id, after.user.id);
  return next();
});
