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
import { errorNotice, MtprotoError, renderNotice } from "../../collectors/mtproto/errors.js";
import { type PeerInput, parsePeerInput } from "../../collectors/mtproto/peers.js";
import type { TrackedPeer } from "../../collectors/mtproto/tracked.js";
import type { Translate } from "../../i18n/index.js";
import type { BotDeps, PulseContext } from "../context.js";

export type { MtprotoBotDeps };

/** BotDeps with the collector's part; the lead adds `mtproto?: MtprotoBotDeps` to BotDeps. */
type DepsWithMtproto = BotDeps & { mtproto?: MtprotoBotDeps };

const ADMIN = new Set(["creator", "administrator"]);
// Telegram's stand-in for anonymous group admins.
const GROUP_ANONYMOUS_BOT = 1087968824;

export const trackFeature = new Composer<PulseContext>();

trackFeature.command(["track", "untrack"], async (ctx) => {
  const command = ctx.message?.text?.split(/[\s@]/, 1)[0]?.slice(1) === "untrack" ? "untrack" : "track";
  const deps = ctx.deps as DepsWithMtproto;
  const argument = ctx.match.trim();
  const chat = ctx.chat;
  const from = ctx.from;
  if (!from) return;
  const isOwner = deps.config.botOwnerIds.includes(from.id);
  const usage = ctx.t("track-usage");

  if (argument === "" && chat.type === "private") {
    if (command === "untrack") return ctx.reply(usage);
    if (!deps.mtproto) return ctx.reply(`${ctx.t("track-not-configured")}\n\n${usage}`);
    if (!isOwner) return ctx.reply(usage);
    return ctx.reply(`${listText(ctx.t, await deps.mtproto.list())}\n\n${usage}`);
  }

  let input: PeerInput;
  try {
    input = argument === "" ? { kind: "chat_id", chatId: chat.id } : parsePeerInput(argument);
  } catch (error) {
    if (error instanceof MtprotoError) return ctx.reply(explain(ctx.t, error, await ctx.i18n.getLocale()));
    throw error;
  }
  if (chat.type === "channel") return; // commands in channels have no sender to check

  if (!isOwner) {
    const allowed = await mayManage(ctx, input);
    if (!allowed.ok) return ctx.reply(ctx.t(allowed.reason));
  }
  if (!deps.mtproto) return ctx.reply(ctx.t("track-not-configured"));

  try {
    if (command === "untrack") {
      const removed = await deps.mtproto.untrack(input);
      return ctx.reply(
        removed
          ? ctx.t("track-stopped", { name: removed.title ?? String(removed.chatId) })
          : ctx.t("track-not-followed"),
      );
    }
    await ctx.replyWithChatAction("typing").catch(() => {});
    const result = await deps.mtproto.track(input, { userId: from.id, isOwner });
    return ctx.reply(trackedText(ctx.t, result));
  } catch (error) {
    if (error instanceof MtprotoError) return ctx.reply(explain(ctx.t, error, await ctx.i18n.getLocale()));
    throw error;
  }
});

/** What the collector could not do, in the user's language (an error without a key is shown as it is). */
function explain(t: Translate, error: MtprotoError, locale: string): string {
  return renderNotice(t, locale, errorNotice(error));
}

type Refusal = "track-not-allowed" | "track-invite-owners-only" | "track-not-admin" | "track-cannot-check";

/** Whether a non-owner may (un)track the chat: they must be one of its admins. */
async function mayManage(ctx: PulseContext, input: PeerInput): Promise<{ ok: true } | { ok: false; reason: Refusal }> {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from) return { ok: false, reason: "track-not-allowed" };
  if (input.kind === "invite") return { ok: false, reason: "track-invite-owners-only" };
  const target: number | string = input.kind === "chat_id" ? input.chatId : `@${input.username}`;
  // An anonymous admin of this group, acting in it.
  if (target === chat.id && from.id === GROUP_ANONYMOUS_BOT && ctx.message?.sender_chat?.id === chat.id) {
    return { ok: true };
  }
  try {
    const member = await ctx.api.getChatMember(target, from.id);
    if (ADMIN.has(member.status)) return { ok: true };
    return { ok: false, reason: "track-not-admin" };
  } catch {
    return { ok: false, reason: "track-cannot-check" };
  }
}

function trackedText(t: Translate, result: TrackResult): string {
  const { chat } = result;
  const name = chat.username
    ? `${chat.title ?? chat.username} (@${chat.username})`
    : (chat.title ?? String(chat.chatId));
  const lines = [
    result.alreadyTracked
      ? t("track-already", { name })
      : t("track-now", { name, kind: chat.kind, chatId: String(chat.chatId) }),
  ];
  if (result.memberCount !== null) lines.push(t("track-members", { count: result.memberCount }));
  if (result.linkedChatId !== null) lines.push(t("track-linked", { chatId: String(result.linkedChatId) }));
  if (!result.alreadyTracked) lines.push(t("track-backfill-note"));
  return lines.join("\n");
}

function listText(t: Translate, peers: TrackedPeer[]): string {
  if (peers.length === 0) return t("track-list-empty");
  const lines = peers.map((p) => {
    const item = t("track-list-item", {
      name: p.username ? `@${p.username}` : (p.title ?? String(p.chatId)),
      linked: p.origin === "linked" ? "yes" : "no",
      kind: p.kind,
      chatId: String(p.chatId),
      complete: p.backfillComplete ? "yes" : "no",
      messages: p.backfillMessages,
    });
    // The stored reason is Telegram's error name or the collector's English note: shown as it is.
    return p.status === "inaccessible"
      ? t("track-list-unreadable", { item, error: p.lastError ?? t("track-list-unknown-error") })
      : item;
  });
  return [t("track-list-title", { count: peers.length }), ...lines].join("\n");
}
