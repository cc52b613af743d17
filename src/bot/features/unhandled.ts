// Installed last: a button press no feature claimed (a keyboard from an older version, a
// retired feature, data that does not unpack) is answered, so the client's spinner stops and
// the person learns the button is dead rather than waiting.
import { Composer } from "grammy";
import { commandOf, isOtherBotsCommand } from "../commands.js";
import type { PulseContext } from "../context.js";

export const unhandledFeature = new Composer<PulseContext>();

unhandledFeature.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("button-expired") }));

// One of our commands sent in private where it only works in groups (/top, /activity): no
// feature takes it there, and silence reads as a broken bot, so say where it works.
unhandledFeature.chatType("private").on("message:entities:bot_command", async (ctx, next) => {
  const spec = commandOf(ctx.msg.text, ctx.me.username);
  if (!spec || spec.scopes.includes("private")) return next();
  await ctx.reply(ctx.t("unhandled-groups-only", { command: spec.command }));
});

// Anything else in private (an unknown command, a greeting, a sticker): no feature answered
// it, and silence in a private chat reads as a dead bot. A command for another bot
// ("/top@OtherBot") is not ours to answer.
unhandledFeature.chatType("private").on("message", async (ctx) => {
  if (isOtherBotsCommand(ctx.msg.text, ctx.me.username)) return;
  await ctx.reply(ctx.t("unhandled-private"));
});
