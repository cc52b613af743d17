// The bot as a data source: every update type Pulse asks Telegram for becomes records for
// the writer. It runs first and lets later middleware (commands) run while its records
// commit, so a slow database never delays a reply; the handler still ends only once its
// records are durable, which is what graceful shutdown waits for.
import { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { PulseContext } from "../../bot/context.js";
import type { IngestBatch } from "../../ingest/records.js";
import { IngestRejectedError } from "../../ingest/writer.js";
import {
  botMembershipBatch,
  memberUpdateBatch,
  messageBatch,
  reactionCountBatch,
  userReactionBatch,
} from "./records.js";

/** Requested explicitly: chat_member and the reaction updates are not sent by default. */
export const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "message_reaction",
  "message_reaction_count",
  "chat_member",
  "my_chat_member",
  "callback_query",
] as const;

export const collector = new Composer<PulseContext>();

collector.use(async (ctx, next) => {
  const type = Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
  ctx.deps.metrics.updates.inc({ type });
  const batch = batchFor(ctx);
  if (!batch) return next();
  const updateId = ctx.update.update_id;
  const committed = ctx.deps.writer.write(batch);
  // Committed: Telegram may forget this update even while a command handler still runs.
  // Not stored because the writer gave up (shutdown during a database outage): it must stay
  // unconfirmed, so Telegram delivers it again. Refused data is settled when the handler
  // ends: delivering it again would only be refused again.
  // A group upgraded to a supergroup hands its settings on as this commits (see upsertChats);
  // what was cached for the supergroup before then would hide them for a minute.
  const migratedTo = ctx.message?.migrate_to_chat_id;
  committed.then(
    () => {
      if (migratedTo !== undefined) ctx.deps.chatSettings.invalidate(migratedTo);
      ctx.deps.watermark?.settle(updateId);
    },
    (error: unknown) => {
      if (!(error instanceof IngestRejectedError)) ctx.deps.watermark?.hold(updateId);
    },
  );
  // Even when a command handler throws, the update ends only after its records commit:
  // polling settles it when the handler ends, and must not confirm what is not stored.
  try {
    await next();
  } finally {
    await committed;
  }
});

function batchFor(ctx: PulseContext): IngestBatch | undefined {
  const u = ctx.update;
  const options = () => ({ storeText: ctx.deps.config.storeMessageText, botId: ctx.me.id });
  const message: Message | undefined = u.message ?? u.edited_message ?? u.channel_post ?? u.edited_channel_post;
  if (message) {
    // Private chats with the bot are conversations with Pulse itself, not analytics data.
    if (message.chat.type === "private") return undefined;
    return messageBatch(message, options());
  }
  if (u.chat_member) return memberUpdateBatch(u.chat_member);
  if (u.my_chat_member) {
    if (u.my_chat_member.chat.type === "private") return undefined;
    return botMembershipBatch(u.my_chat_member);
  }
  if (u.message_reaction) return userReactionBatch(u.message_reaction);
  if (u.message_reaction_count) return reactionCountBatch(u.message_reaction_count);
  return undefined;
}
