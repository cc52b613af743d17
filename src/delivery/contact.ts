// Private chats tell whether the bot may DM someone: a user who writes to the bot (/start
// included) or unblocks it can be messaged again; one who blocks it cannot. Telegram sends the
// block and unblock as my_chat_member in the private chat, which ingest leaves aside.
// Groups need nothing here: ingest stores the bot's status from my_chat_member, so a re-add
// clears a kicked or left mark by itself.
import { Composer } from "grammy";
import type { PulseContext } from "../bot/context.js";

export const deliveryContact = new Composer<PulseContext>();

deliveryContact.use(async (ctx, next) => {
  const user = ctx.from;
  if (ctx.chat?.type !== "private" || !user || user.is_bot) return next();
  const { delivery, log } = ctx.deps;
  const status = ctx.myChatMember?.new_chat_member.status;
  // Runs beside the handler: a reply never waits for this write.
  const noted = (status === "kicked" ? delivery.userBlocked(user.id) : delivery.userReachable(user.id)).catch(
    (err: unknown) => log.warn({ err, userId: user.id }, "could not note whether the bot may DM this user"),
  );
  try {
    await next();
  } finally {
    await noted;
  }
});
