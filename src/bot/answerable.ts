// Most updates a busy group sends are ordinary messages that Pulse records and never
// answers. Only the updates below can reach a feature, so only they go on to choosing a
// language and through every feature's filters: at live-ingest rates, running each ordinary
// message through those filters cost more of the bot's CPU than recording it
// (docs/benchmarks.md, "Live ingest").
import type { PulseContext } from "./context.js";

/**
 * Whether any feature may answer this update: a button press; anything in a private chat
 * (commands, an export file to import); a message or channel post that starts with a bot
 * command (what grammY's `command` matches); a reply to one of the bot's own messages (a
 * /settings prompt). A feature that answers anything else must be added here.
 */
export function mayBeAnswered(ctx: PulseContext): boolean {
  const update = ctx.update;
  if (update.callback_query) return true;
  const message = update.message ?? update.channel_post;
  if (!message) return false;
  if (message.chat.type === "private") return true;
  if (message.entities?.some((entity) => entity.type === "bot_command" && entity.offset === 0)) return true;
  return message.reply_to_message?.from?.id === ctx.me.id;
}
