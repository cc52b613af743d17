// /track and /untrack: what the user-session (MTProto) collector follows. Allowed for the
// chat's administrators and Pulse's owners (BOT_OWNER_IDS). Input is parsed before anything
// is asked of Telegram, so a wrong link costs the account no request.
//   /track @channel | t.me/link | t.me/c/123/4 | -100123…   (anywhere)
//   /track                                                  (in a group: this group; in private: the list)
//   /untrack …                                              (same forms)
// The collector is reached through `ctx.deps.mtproto` (see MtprotoBotDeps); without it the
// commands explain how to enable it.
import { Composer } from "grammy";
import type { MtprotoBotDeps, TrackResult } from "../../collectors/mtproto/collector.js";
import { MtprotoError } from "../../collectors/mtproto/errors.js";
import { type PeerInput, parsePeerInput } from "../../collectors/mtproto/peers.js";
import type { TrackedPeer } from "../../collectors/mtproto/tracked.js";
import type { BotDeps, PulseContext } from "../context.js";

export type { MtprotoBotDeps };

/** BotDeps with the collector's part; the lead adds `mtproto?: MtprotoBotDeps` to BotDeps. */
type DepsWithMtproto = BotDeps & { mtproto?: MtprotoBotDeps };

const ADMIN = new Set(["creator", "administrator"]);
// Telegram's stand-in for anonymous group admins.
const GROUP_ANONYMOUS_BOT = 1087968824;

export const NOT_CONFIGURED =
  "Tracking needs Pulse's user-session collector, which is not running. The server's operator sets TG_API_ID and TG_API_HASH, runs `npm run login` and restarts Pulse (see docs/mtproto.md).";

const USAGE = [
  "Usage:",
  "/track @channel — follow a public channel or group",
  "/track https://t.me/name, t.me/c/1234567890/5 or -1001234567890 — the same by link or id",
  "/track in a group — follow that group",
  "/untrack … — stop following (collected data stays)",
].join("\n");

export const trackFeature = new Composer<PulseContext>();

trackFeature.command(["track", "untrack"], async (ctx) => {
  const command = ctx.message?.text?.split(/[\s@]/, 1)[0]?.slice(1) === "untrack" ? "untrack" : "track";
  const deps = ctx.deps as DepsWithMtproto;
  const argument = ctx.match.trim();
  const chat = ctx.chat;
  const from = ctx.from;
  if (!from) return;
  const isOwner = deps.config.botOwnerIds.includes(from.id);

  if (argument === "" && chat.type === "private") {
    if (command === "untrack") return ctx.reply(USAGE);
    if (!deps.mtproto) return ctx.reply(`${NOT_CONFIGURED}\n\n${USAGE}`);
    if (!isOwner) return ctx.reply(USAGE);
    return ctx.reply(`${listText(await deps.mtproto.list())}\n\n${USAGE}`);
  }

  let input: PeerInput;
  try {
    input = argument === "" ? { kind: "chat_id", chatId: chat.id } : parsePeerInput(argument);
  } catch (error) {
    if (error instanceof MtprotoError) return ctx.reply(error.message);
    throw error;
  }
  if (chat.type === "channel") return; // commands in channels have no sender to check

  if (!isOwner) {
    const allowed = await mayManage(ctx, input);
    if (!allowed.ok) return ctx.reply(allowed.reason);
  }
  if (!deps.mtproto) return ctx.reply(NOT_CONFIGURED);

  try {
    if (command === "untrack") {
      const removed = await deps.mtproto.untrack(input);
      return ctx.reply(
        removed
          ? `Stopped following ${removed.title ?? removed.chatId}. What was collected stays; /track resumes where the backfill stopped.`
          : "That chat is not being followed.",
      );
    }
    await ctx.replyWithChatAction("typing").catch(() => {});
    const result = await deps.mtproto.track(input, { userId: from.id, isOwner });
    return ctx.reply(trackedText(result));
  } catch (error) {
    if (error instanceof MtprotoError) return ctx.reply(error.message);
    throw error;
  }
});

/** Whether a non-owner may (un)track the chat: they must be one of its admins. */
async function mayManage(ctx: PulseContext, input: PeerInput): Promise<{ ok: true } | { ok: false; reason: string }> {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from) return { ok: false, reason: "Only the chat's admins or Pulse's owners can do that." };
  if (input.kind === "invite") {
    return { ok: false, reason: "Only Pulse's owners can track chats by invite link (it makes the account join)." };
  }
  const target: number | string = input.kind === "chat_id" ? input.chatId : `@${input.username}`;
  // An anonymous admin of this group, acting in it.
  if (target === chat.id && from.id === GROUP_ANONYMOUS_BOT && ctx.message?.sender_chat?.id === chat.id) {
    return { ok: true };
  }
  try {
    const member = await ctx.api.getChatMember(target, from.id);
    if (ADMIN.has(member.status)) return { ok: true };
    return { ok: false, reason: "Only the chat's admins or Pulse's owners can change what Pulse follows there." };
  } catch {
    return {
      ok: false,
      reason:
        "I can't check your admin rights in that chat (I'm not in it). Add me to the chat as an admin, or ask one of Pulse's owners.",
    };
  }
}

function kindName(kind: string): string {
  return kind === "group" ? "group" : kind === "supergroup" ? "supergroup" : "channel";
}

function trackedText(result: TrackResult): string {
  const { chat } = result;
  const name = chat.username
    ? `${chat.title ?? chat.username} (@${chat.username})`
    : (chat.title ?? String(chat.chatId));
  const lines = [
    result.alreadyTracked
      ? `Already following ${name}.`
      : `Now following ${name}, a ${kindName(chat.kind)} (${chat.chatId}).`,
  ];
  if (result.memberCount !== null) lines.push(`Members: ${result.memberCount}.`);
  if (result.linkedChatId !== null) {
    lines.push(`Its discussion group (${result.linkedChatId}) is followed too, so comments count.`);
  }
  if (!result.alreadyTracked) {
    lines.push(
      "The history is backfilled at the account's safe request rate (it starts within 10 minutes); views, forwards, comments and reactions are polled every hour.",
    );
  }
  return lines.join("\n");
}

function listText(peers: TrackedPeer[]): string {
  if (peers.length === 0) return "Nothing is followed yet.";
  const lines = peers.map((p) => {
    const name = p.username ? `@${p.username}` : (p.title ?? String(p.chatId));
    const backfill = p.backfillComplete ? "history complete" : `history: ${p.backfillMessages} messages so far`;
    const status = p.status === "inaccessible" ? ` — not readable: ${p.lastError ?? "unknown"}` : "";
    const linked = p.origin === "linked" ? " (discussion group)" : "";
    return `• ${name}${linked} (${kindName(p.kind)}, ${p.chatId}) — ${backfill}${status}`;
  });
  return [`Following ${peers.length} chat(s):`, ...lines].join("\n");
}
