// How the account finds a chat that people named (peers.ts parses what they typed): by
// username, id or invite link, with errors that say what to do.
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import type { Database } from "../../db/client.js";
import { PeerInputError, PeerNotFoundError, PeerPrivateError, rpcErrorName } from "./errors.js";
import { type ChatRef, inputChannelOf } from "./history.js";
import type { PeerInput } from "./peers.js";
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
