// A stand-in for Telegram's servers, for tests: a real gramjs TelegramClient that is never
// connected, whose invoke() answers real Api.* objects from in-memory channels. gramjs's
// request classes, TL objects and RPC error mapping all run for real.
import { Api, errors, TelegramClient } from "telegram";
import { Logger, LogLevel } from "telegram/extensions/Logger.js";
import { returnBigInt } from "telegram/Helpers.js";
import { StringSession } from "telegram/sessions/index.js";

export const API_HASH = "0123456789abcdef0123456789abcdef";

/** An RPC error exactly as gramjs builds it from Telegram's answer. */
export function rpcError(request: Api.AnyRequest, code: number, message: string): Error {
  return errors.RPCMessageToError(new Api.RpcError({ errorCode: code, errorMessage: message }), request) as Error;
}

export const floodWait = (request: Api.AnyRequest, seconds: number) => rpcError(request, 420, `FLOOD_WAIT_${seconds}`);

export interface FakeChannel {
  channel: Api.Channel;
  messages: Api.TypeMessage[];
  full: Partial<ConstructorParameters<typeof Api.ChannelFull>[0]>;
  extraChats: Api.TypeChat[];
}

type Hook = (request: Api.AnyRequest, dcId: number | undefined) => unknown;

export class FakeTelegram {
  readonly channels = new Map<number, FakeChannel>();
  readonly users = new Map<number, Api.User>();
  readonly calls: { request: Api.AnyRequest; dcId: number | undefined }[] = [];
  readonly self = new Api.User({ id: returnBigInt(4242), firstName: "Owner", accessHash: returnBigInt(1), self: true });
  private hooks: Hook[] = [];

  /** Answers (or throws for) matching requests before the default routing; return undefined to pass. Latest first. */
  on(hook: Hook): () => void {
    this.hooks.push(hook);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== hook);
    };
  }

  /** Throws `error(request)` for the next `times` requests of a class. */
  failNext(className: string, error: (request: Api.AnyRequest) => Error, times = 1): void {
    let left = times;
    const off = this.on((request) => {
      if (request.className !== className || left <= 0) return undefined;
      left--;
      if (left === 0) off();
      throw error(request);
    });
  }

  callsOf(className: string) {
    return this.calls.filter((c) => c.request.className === className);
  }

  addUser(id: number, fields: Partial<ConstructorParameters<typeof Api.User>[0]> = {}): Api.User {
    const user = new Api.User({
      id: returnBigInt(id),
      accessHash: returnBigInt(id * 7),
      firstName: `User ${id}`,
      ...fields,
    });
    this.users.set(id, user);
    return user;
  }

  addChannel(
    id: number,
    fields: Partial<ConstructorParameters<typeof Api.Channel>[0]> = {},
    full: FakeChannel["full"] = {},
  ): FakeChannel {
    const channel = new Api.Channel({
      id: returnBigInt(id),
      accessHash: returnBigInt(id * 31),
      title: `Channel ${id}`,
      photo: new Api.ChatPhotoEmpty(),
      date: 1_700_000_000,
      broadcast: true,
      ...fields,
    });
    const entry = { channel, messages: [], full, extraChats: [] };
    this.channels.set(id, entry);
    return entry;
  }

  /** Adds messages 1..count (or the given ids) to a channel, `stepSeconds` apart, ending at `lastDate`. */
  addPosts(
    channelId: number,
    ids: number[],
    lastDate: number,
    make: (id: number, date: number) => Partial<ConstructorParameters<typeof Api.Message>[0]> = () => ({}),
    stepSeconds = 60,
  ): void {
    const entry = this.channels.get(channelId);
    if (!entry) throw new Error(`no channel ${channelId}`);
    const maxId = Math.max(...ids);
    const broadcast = entry.channel.broadcast === true;
    for (const id of ids) {
      const date = lastDate - (maxId - id) * stepSeconds;
      entry.messages.push(
        new Api.Message({
          id,
          peerId: new Api.PeerChannel({ channelId: returnBigInt(channelId) }),
          date,
          message: `post ${id}`,
          post: broadcast,
          ...(broadcast
            ? { views: id * 10, forwards: id % 7 }
            : { fromId: new Api.PeerUser({ userId: returnBigInt(501) }) }),
          ...make(id, date),
        }),
      );
    }
    entry.messages.sort((a, b) => a.id - b.id);
  }

  readonly invoke = async (request: Api.AnyRequest, dcId?: number): Promise<unknown> => {
    this.calls.push({ request, dcId });
    // The latest hook wins: a test can override an answer it set up earlier.
    for (const hook of [...this.hooks].reverse()) {
      const answer = hook(request, dcId);
      if (answer !== undefined) return answer;
    }
    return this.route(request);
  };

  private channelOf(peer: unknown, request: Api.AnyRequest): FakeChannel {
    const id =
      peer instanceof Api.InputPeerChannel || peer instanceof Api.InputChannel
        ? Number(peer.channelId.toString())
        : undefined;
    const entry = id === undefined ? undefined : this.channels.get(id);
    if (!entry) throw rpcError(request, 400, "CHANNEL_INVALID");
    const hash = (peer as { accessHash?: { toString(): string } }).accessHash?.toString() ?? "";
    if (hash !== entry.channel.accessHash?.toString()) throw rpcError(request, 400, "CHANNEL_INVALID");
    return entry;
  }

  private route(request: Api.AnyRequest): unknown {
    if (request instanceof Api.users.GetUsers) return [this.self];
    if (request instanceof Api.updates.GetState) {
      return new Api.updates.State({ pts: 1, qts: 0, date: 1_700_000_000, seq: 0, unreadCount: 0 });
    }
    if (request instanceof Api.messages.GetHistory) {
      const entry = this.channelOf(request.peer, request);
      const page = [...entry.messages]
        .reverse()
        .filter((m) => (request.offsetId === 0 || m.id < request.offsetId) && m.id > request.minId)
        .slice(0, request.limit);
      return new Api.messages.ChannelMessages({
        pts: 1,
        count: entry.messages.length,
        messages: page,
        topics: [],
        chats: [entry.channel, ...entry.extraChats],
        users: [...this.users.values()],
      });
    }
    if (request instanceof Api.channels.GetFullChannel) {
      const entry = this.channelOf(request.channel, request);
      return new Api.messages.ChatFull({
        fullChat: new Api.ChannelFull({
          id: entry.channel.id,
          about: "",
          readInboxMaxId: 0,
          readOutboxMaxId: 0,
          unreadCount: 0,
          chatPhoto: new Api.PhotoEmpty({ id: returnBigInt(0) }),
          notifySettings: new Api.PeerNotifySettings({}),
          botInfo: [],
          pts: 1,
          ...entry.full,
        }),
        chats: [entry.channel, ...entry.extraChats],
        users: [],
      });
    }
    if (request instanceof Api.contacts.ResolveUsername) {
      const name = request.username.toLowerCase();
      for (const [id, entry] of this.channels) {
        if (entry.channel.username?.toLowerCase() === name) {
          return new Api.contacts.ResolvedPeer({
            peer: new Api.PeerChannel({ channelId: returnBigInt(id) }),
            chats: [entry.channel],
            users: [],
          });
        }
      }
      for (const [id, user] of this.users) {
        if (user.username?.toLowerCase() === name) {
          return new Api.contacts.ResolvedPeer({
            peer: new Api.PeerUser({ userId: returnBigInt(id) }),
            chats: [],
            users: [user],
          });
        }
      }
      throw rpcError(request, 400, "USERNAME_NOT_OCCUPIED");
    }
    if (request instanceof Api.messages.GetDialogs) {
      return new Api.messages.Dialogs({
        dialogs: [],
        messages: [],
        chats: [...this.channels.values()].map((c) => c.channel),
        users: [],
      });
    }
    throw new Error(`FakeTelegram: no answer for ${request.className}`);
  }
}

export function fakeClient(telegram: FakeTelegram): TelegramClient {
  const client = new TelegramClient(new StringSession(""), 12345, API_HASH, {
    floodSleepThreshold: 0,
    baseLogger: new Logger(LogLevel.NONE),
  });
  client.invoke = telegram.invoke as unknown as TelegramClient["invoke"];
  return client;
}

/** -100<id>: a channel's Bot API id. */
export const botApiId = (channelId: number) => -(1_000_000_000_000 + channelId);

export const reactions = (
  counts: [string | bigint, number][],
  recent: { user: number; reaction: string; date: number }[] = [],
  canSeeList = false,
) =>
  new Api.MessageReactions({
    results: counts.map(
      ([reaction, count]) =>
        new Api.ReactionCount({
          reaction:
            typeof reaction === "bigint"
              ? new Api.ReactionCustomEmoji({ documentId: returnBigInt(reaction) })
              : reaction === "paid"
                ? new Api.ReactionPaid()
                : new Api.ReactionEmoji({ emoticon: reaction }),
          count,
        }),
    ),
    recentReactions: recent.map(
      (r) =>
        new Api.MessagePeerReaction({
          peerId: new Api.PeerUser({ userId: returnBigInt(r.user) }),
          date: r.date,
          reaction: new Api.ReactionEmoji({ emoticon: r.reaction }),
        }),
    ),
    canSeeList,
  });
