// What people type to name a chat (@username, t.me links, numeric ids, invite links) and
// how the account finds it. Parsing is pure and strict: anything that is not recognisably
// Telegram is refused with a message saying what is accepted, before any request is made.
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import type { Database } from "../../db/client.js";
import { PeerInputError, PeerNotFoundError, PeerPrivateError, rpcErrorName } from "./errors.js";
import { type ChatRef, inputChannelOf } from "./history.js";
import {
  activeUsername,
  type ChatKind,
  channelChatId,
  chatIdOfEntity,
  chatKindOf,
  peerChatId,
  toNumber,
} from "./records.js";
import type { SafeCaller } from "./safe-call.js";
import { chatRefOf, findTrackedByUsername, getTrackedPeer, type TrackedPeer } from "./tracked.js";

export type PeerInput =
  | { kind: "username"; username: string; messageId?: number }
  | { kind: "chat_id"; chatId: number; messageId?: number }
  | { kind: "invite"; hash: string };

const USAGE =
  "Send @username, a t.me link (t.me/name, t.me/c/1234567890/5, t.me/+invite) or a chat id like -1001234567890.";
const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{3,31}$/;
const TELEGRAM_HOSTS = new Set(["t.me", "telegram.me", "telegram.dog"]);
// t.me paths that are not chats.
const NOT_CHATS = new Set([
  "addstickers",
  "addemoji",
  "addtheme",
  "addlist",
  "share",
  "proxy",
  "socks",
  "setlanguage",
  "login",
  "invoice",
  "boost",
  "iv",
  "bg",
  "confirmphone",
  "contact",
  "m",
  "giftcode",
  "nft",
]);

export function parsePeerInput(raw: string): PeerInput {
  const text = raw.trim();
  if (text === "") throw new PeerInputError(`Which chat? ${USAGE}`, { key: "track-error-which-chat" });
  if (/^@/.test(text)) {
    const name = text.slice(1);
    if (!USERNAME.test(name))
      throw new PeerInputError(
        `"${short(text)}" is not a valid Telegram username (5–32 letters, digits or _). ${USAGE}`,
        { key: "track-error-bad-username", vars: { text: short(text) } },
      );
    return { kind: "username", username: name };
  }
  if (/^-?\d+$/.test(text)) return { kind: "chat_id", chatId: chatIdFromNumber(text) };
  if (/^tg:\/\//i.test(text)) return parseTgLink(text);
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[\w-]+(\.[\w-]+)+(\/|$)/.test(text);
  if (looksLikeUrl) return parseWebLink(text);
  if (USERNAME.test(text)) return { kind: "username", username: text };
  throw new PeerInputError(`"${short(text)}" does not name a Telegram chat. ${USAGE}`, notAChat(text));
}

const notAChat = (text: string) => ({ key: "track-error-not-a-chat", vars: { text: short(text) } });
const notAChatId = (text: string) => ({ key: "track-error-not-chat-id", vars: { text: short(text) } });
const badLink = (text: string) => ({ key: "track-error-bad-link", vars: { text: short(text) } });
const badInvite = (text: string) => ({ key: "track-error-bad-invite", vars: { text: short(text) } });

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function chatIdFromNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value === 0)
    throw new PeerInputError(`"${short(text)}" is not a chat id. ${USAGE}`, notAChatId(text));
  // A bare positive number is taken as an MTProto channel id (what t.me/c/ links show).
  if (value > 0) {
    if (value >= 1_000_000_000_000) throw new PeerInputError(`"${text}" is not a chat id. ${USAGE}`, notAChatId(text));
    return channelChatId(value);
  }
  return value;
}

function parseTgLink(text: string): PeerInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PeerInputError(`"${short(text)}" is not a valid link. ${USAGE}`, badLink(text));
  }
  const domain = url.searchParams.get("domain");
  if (url.hostname === "resolve" && domain && USERNAME.test(domain)) {
    const post = Number(url.searchParams.get("post"));
    return { kind: "username", username: domain, ...(Number.isInteger(post) && post > 0 ? { messageId: post } : {}) };
  }
  const invite = url.searchParams.get("invite");
  if (url.hostname === "join" && invite) return { kind: "invite", hash: invite };
  const channel = url.searchParams.get("channel");
  if (url.hostname === "privatepost" && channel && /^\d+$/.test(channel)) {
    return { kind: "chat_id", chatId: channelChatId(Number(channel)) };
  }
  throw new PeerInputError(`"${short(text)}" is not a Telegram chat link. ${USAGE}`, {
    key: "track-error-not-chat-link",
    vars: { text: short(text) },
  });
}

function parseWebLink(text: string): PeerInput {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new PeerInputError(`"${short(text)}" is not a valid link. ${USAGE}`, badLink(text));
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, "");
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PeerInputError(`"${short(text)}" is not a Telegram link. ${USAGE}`, {
      key: "track-error-not-telegram-link",
      vars: { text: short(text) },
    });
  }
  // name.t.me is a public username too.
  const subdomain = /^([a-z0-9_]+)\.t\.me$/i.exec(host)?.[1];
  if (subdomain && USERNAME.test(subdomain)) return { kind: "username", username: subdomain };
  if (!TELEGRAM_HOSTS.has(host)) {
    throw new PeerInputError(
      `${short(url.hostname)} is not Telegram: only t.me, telegram.me and telegram.dog links name chats. ${USAGE}`,
      { key: "track-error-not-telegram-host", vars: { host: short(url.hostname) } },
    );
  }
  const parts = url.pathname.split("/").filter(Boolean);
  const [first, second, third] = parts;
  if (!first) throw new PeerInputError(`That link names no chat. ${USAGE}`, { key: "track-error-link-no-chat" });
  if (first.startsWith("+")) {
    const hash = first.slice(1);
    if (!/^[\w-]{8,}$/.test(hash))
      throw new PeerInputError(`"${short(text)}" is not a valid invite link.`, badInvite(text));
    return { kind: "invite", hash };
  }
  if (first === "joinchat") {
    if (!second || !/^[\w-]{8,}$/.test(second))
      throw new PeerInputError(`"${short(text)}" is not a valid invite link.`, badInvite(text));
    return { kind: "invite", hash: second };
  }
  if (first === "c") {
    if (!second || !/^\d{1,13}$/.test(second))
      throw new PeerInputError(
        `"${short(text)}" is not a valid t.me/c/ link: expected t.me/c/<channel id>/<message>.`,
        {
          key: "track-error-bad-c-link",
          vars: { text: short(text) },
        },
      );
    const last = parts.at(-1);
    const messageId = parts.length >= 3 && last && /^\d+$/.test(last) ? Number(last) : undefined;
    return { kind: "chat_id", chatId: channelChatId(Number(second)), ...(messageId ? { messageId } : {}) };
  }
  if (first === "s" && second && USERNAME.test(second)) {
    return {
      kind: "username",
      username: second,
      ...(third && /^\d+$/.test(third) ? { messageId: Number(third) } : {}),
    };
  }
  if (NOT_CHATS.has(first.toLowerCase())) {
    throw new PeerInputError(`t.me/${first}/… links are not chats. ${USAGE}`, {
      key: "track-error-not-chat-path",
      vars: { path: first },
    });
  }
  if (!USERNAME.test(first))
    throw new PeerInputError(`"${short(text)}" does not name a Telegram chat. ${USAGE}`, notAChat(text));
  return {
    kind: "username",
    username: first,
    ...(second && /^\d+$/.test(second) ? { messageId: Number(second) } : {}),
  };
}

/** A chat the account can address: its key, kind, access hash and names. */
export interface ResolvedChat extends ChatRef {
  title: string | null;
  username: string | null;
}

function resolvedFromEntity(chat: Api.TypeChat): ResolvedChat | undefined {
  if (chat instanceof Api.ChannelForbidden) {
    throw new PeerPrivateError(
      `"${chat.title}" is private to the account behind Pulse, or the account was banned from it.`,
      { key: "track-error-private", vars: { title: chat.title } },
    );
  }
  if (chat instanceof Api.ChatForbidden) {
    throw new PeerPrivateError(`The account behind Pulse is no longer in the group "${chat.title}".`, {
      key: "track-error-left",
      vars: { title: chat.title },
    });
  }
  if (chat instanceof Api.Channel) {
    if (chat.min) return undefined; // no usable access hash
    return {
      chatId: channelChatId(chat.id),
      kind: chatKindOf(chat) as ChatKind,
      peerType: "channel",
      accessHash: chat.accessHash?.toString() ?? null,
      title: chat.title,
      username: activeUsername(chat),
    };
  }
  if (chat instanceof Api.Chat) {
    if (chat.migratedTo instanceof Api.InputChannel) {
      throw new PeerInputError(
        `"${chat.title}" was upgraded to a supergroup (-100${chat.migratedTo.channelId.toString()}): track that one instead.`,
        {
          key: "track-error-upgraded",
          vars: { title: chat.title, chatId: `-100${chat.migratedTo.channelId.toString()}` },
        },
      );
    }
    if (chat.deactivated) {
      throw new PeerNotFoundError(`The group "${chat.title}" was deactivated.`, {
        key: "track-error-deactivated",
        vars: { title: chat.title },
      });
    }
    return {
      chatId: -toNumber(chat.id),
      kind: "group",
      peerType: "chat",
      accessHash: null,
      title: chat.title,
      username: null,
    };
  }
  return undefined;
}

export interface ResolveOptions {
  /** May the account join the chat (invite links)? Counts against the daily join quota. */
  allowJoin?: boolean;
  signal?: AbortSignal;
}

/** Finds a chat for the account, by username, id or invite link, with clear errors. */
export class PeerResolver {
  constructor(
    private readonly safe: SafeCaller,
    private readonly database: Database,
  ) {}

  async resolve(input: PeerInput, options: ResolveOptions = {}): Promise<ResolvedChat> {
    switch (input.kind) {
      case "username":
        return this.byUsername(input.username, options);
      case "chat_id":
        return this.byId(input.chatId, options);
      case "invite":
        return this.byInvite(input.hash, options);
    }
  }

  private async byUsername(username: string, options: ResolveOptions): Promise<ResolvedChat> {
    const known = addressableTracked(await findTrackedByUsername(this.database.db, username));
    if (known) return known;
    let result: Api.contacts.ResolvedPeer;
    try {
      result = await this.safe.call(new Api.contacts.ResolveUsername({ username }), { signal: options.signal });
    } catch (error) {
      const name = rpcErrorName(error);
      if (name === "USERNAME_NOT_OCCUPIED" || name === "USERNAME_INVALID") {
        throw new PeerNotFoundError(`No Telegram chat is called @${username}.`, {
          key: "track-error-no-such-username",
          vars: { username },
        });
      }
      throw error;
    }
    if (result.peer instanceof Api.PeerUser) {
      throw new PeerInputError(`@${username} is a user or a bot, not a group or channel: Pulse tracks chats.`, {
        key: "track-error-user-not-chat",
        vars: { username },
      });
    }
    const id = peerChatId(result.peer);
    const entity = result.chats.find((c) => chatIdOfEntity(c) === id);
    const resolved = entity ? resolvedFromEntity(entity) : undefined;
    if (!resolved) {
      throw new PeerNotFoundError(`Telegram did not return the chat @${username}; try again later.`, {
        key: "track-error-not-returned",
        vars: { username },
      });
    }
    return resolved;
  }

  private async byId(chatId: number, options: ResolveOptions): Promise<ResolvedChat> {
    if (chatId > 0) {
      throw new PeerInputError("That id belongs to a user, not a group or channel: Pulse tracks chats.", {
        key: "track-error-id-is-user",
      });
    }
    const known = await getTrackedPeer(this.database.db, chatId);
    const addressable = addressableTracked(known);
    if (addressable) return addressable;
    if (known?.username) return this.byUsername(known.username, options);
    // A public chat the bot knows: its username resolves it without searching.
    const rows = await this.database.rows<{ username: string | null }>(
      sql`SELECT username FROM chats WHERE id = ${chatId}`,
    );
    const username = rows[0]?.username;
    if (username) return this.byUsername(username, options);
    const found = await this.searchDialogs(chatId, options);
    if (found) return found;
    throw new PeerNotFoundError(
      `The account behind Pulse is not a member of chat ${chatId}, and the chat has no public username. ` +
        "Add the account to the chat (or send its @username or an invite link), then try again.",
      { key: "track-error-not-member-no-username", vars: { chatId: String(chatId) } },
    );
  }

  /** Looks for the chat among the account's dialogs (5 pages of 100 at most). */
  private async searchDialogs(chatId: number, options: ResolveOptions): Promise<ResolvedChat | undefined> {
    const pages = 5;
    const pacer = this.safe.bulk(options.signal);
    let offsetDate = 0;
    let offsetId = 0;
    let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
    for (let page = 0; page < pages; page++) {
      const result = await this.safe.call(
        new Api.messages.GetDialogs({ offsetDate, offsetId, offsetPeer, limit: 100, hash: returnBigInt(0) }),
        { signal: options.signal },
      );
      await pacer.step();
      if (result instanceof Api.messages.DialogsNotModified) return undefined;
      const entity = result.chats.find((c) => chatIdOfEntity(c) === chatId);
      if (entity) return resolvedFromEntity(entity);
      const last = result.dialogs.at(-1);
      if (result instanceof Api.messages.Dialogs || result.dialogs.length < 100 || !last) return undefined;
      const lastMessage = result.messages.find(
        (m) => m.peerId !== undefined && peerChatId(m.peerId) === peerChatId(last.peer) && m.id === last.topMessage,
      );
      offsetId = last.topMessage;
      offsetDate = lastMessage && "date" in lastMessage && typeof lastMessage.date === "number" ? lastMessage.date : 0;
      offsetPeer = inputPeerOfDialog(last.peer, result);
    }
    return undefined;
  }

  private async byInvite(hash: string, options: ResolveOptions): Promise<ResolvedChat> {
    let invite: Api.TypeChatInvite;
    try {
      invite = await this.safe.call(new Api.messages.CheckChatInvite({ hash }), { signal: options.signal });
    } catch (error) {
      const name = rpcErrorName(error);
      if (name === "INVITE_HASH_EXPIRED") {
        throw new PeerNotFoundError("That invite link has expired or was revoked.", {
          key: "track-error-invite-expired",
        });
      }
      if (name === "INVITE_HASH_INVALID" || name === "INVITE_HASH_EMPTY")
        throw new PeerNotFoundError("That invite link is not valid.", { key: "track-error-invite-invalid" });
      throw error;
    }
    if (invite instanceof Api.ChatInviteAlready) {
      const resolved = resolvedFromEntity(invite.chat);
      if (resolved) return resolved;
    }
    if (!options.allowJoin) {
      throw new PeerPrivateError(
        "The account behind Pulse is not a member of that chat. Only Pulse's owners can make the account join through an invite link.",
        { key: "track-error-invite-owner-only" },
      );
    }
    let updates: Api.TypeUpdates;
    try {
      updates = await this.safe.call(new Api.messages.ImportChatInvite({ hash }), { signal: options.signal });
    } catch (error) {
      const name = rpcErrorName(error);
      if (name === "INVITE_REQUEST_SENT") {
        throw new PeerPrivateError(
          "A join request was sent for the account; track the chat again once an admin approves it.",
          { key: "track-error-join-requested" },
        );
      }
      if (name === "USER_ALREADY_PARTICIPANT")
        throw new PeerNotFoundError("The account is already a member; send the chat's id instead.", {
          key: "track-error-already-member",
        });
      if (name === "CHANNELS_TOO_MUCH")
        throw new PeerPrivateError("The account is in too many chats to join another one.", {
          key: "track-error-too-many-chats",
        });
      throw error;
    }
    const chats = "chats" in updates ? updates.chats : [];
    for (const chat of chats) {
      const resolved = resolvedFromEntity(chat);
      if (resolved) return resolved;
    }
    throw new PeerNotFoundError("The account joined, but Telegram did not say which chat it was; send the chat's id.", {
      key: "track-error-joined-unknown",
    });
  }
}

/** A followed chat the account can address without asking Telegram (access hash known, or a basic group). */
function addressableTracked(peer: TrackedPeer | undefined): ResolvedChat | undefined {
  if (!peer || !(peer.accessHash || peer.peerType === "chat")) return undefined;
  return { ...chatRefOf(peer), title: peer.title, username: peer.username };
}

function inputPeerOfDialog(peer: Api.TypePeer, result: Api.messages.DialogsSlice): Api.TypeInputPeer {
  const id = peerChatId(peer);
  if (peer instanceof Api.PeerChannel) {
    const channel = result.chats.find((c) => chatIdOfEntity(c) === id);
    if (channel instanceof Api.Channel && channel.accessHash) {
      return new Api.InputPeerChannel({ channelId: channel.id, accessHash: channel.accessHash });
    }
  } else if (peer instanceof Api.PeerChat) {
    return new Api.InputPeerChat({ chatId: peer.chatId });
  } else if (peer instanceof Api.PeerUser) {
    const user = result.users.find((u) => toNumber(u.id) === id);
    if (user instanceof Api.User && user.accessHash)
      return new Api.InputPeerUser({ userId: user.id, accessHash: user.accessHash });
  }
  return new Api.InputPeerEmpty();
}

/**
 * Checks the account can read the chat and returns its full metadata. CHANNEL_PRIVATE and
 * friends become PeerPrivateError with a sentence to show.
 */
export async function fetchFullChat(
  safe: SafeCaller,
  ref: ChatRef,
  signal?: AbortSignal,
): Promise<Api.messages.ChatFull> {
  try {
    if (ref.peerType === "channel") {
      return await safe.call(new Api.channels.GetFullChannel({ channel: inputChannelOf(ref) }), { signal });
    }
    return await safe.call(new Api.messages.GetFullChat({ chatId: returnBigInt(-ref.chatId) }), { signal });
  } catch (error) {
    const name = rpcErrorName(error);
    if (name === "CHANNEL_PRIVATE" || name === "CHAT_FORBIDDEN" || name === "USER_BANNED_IN_CHANNEL") {
      throw new PeerPrivateError(
        `Chat ${ref.chatId} is private to the account behind Pulse (${name}): add the account to the chat first.`,
        { key: "track-error-private-id", vars: { chatId: String(ref.chatId), name } },
      );
    }
    if (name === "CHANNEL_INVALID" || name === "CHAT_ID_INVALID" || name === "PEER_ID_INVALID") {
      throw new PeerNotFoundError(
        `The account cannot address chat ${ref.chatId} (${name}); send its @username or a link.`,
        { key: "track-error-cannot-address", vars: { chatId: String(ref.chatId), name } },
      );
    }
    throw error;
  }
}
