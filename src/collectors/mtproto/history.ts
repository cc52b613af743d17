// How the collector addresses a tracked chat and reads its messages, one page (≤ 100) per
// request, through the SafeCaller.
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import { type ChatKind, channelIdOf } from "./records.js";
import type { SafeCaller } from "./safe-call.js";

/** What is needed to address a chat again without resolving it (stored in tracked_peers). */
export interface ChatRef {
  chatId: number;
  kind: ChatKind;
  peerType: "channel" | "chat";
  accessHash: string | null;
}

export function inputPeerOf(ref: ChatRef): Api.TypeInputPeer {
  const channelId = channelIdOf(ref.chatId);
  if (ref.peerType === "channel" && channelId !== undefined) {
    return new Api.InputPeerChannel({
      channelId: returnBigInt(channelId),
      accessHash: returnBigInt(ref.accessHash ?? "0"),
    });
  }
  return new Api.InputPeerChat({ chatId: returnBigInt(-ref.chatId) });
}

export function inputChannelOf(ref: ChatRef): Api.InputChannel {
  const channelId = channelIdOf(ref.chatId);
  if (ref.peerType !== "channel" || channelId === undefined) throw new Error(`${ref.chatId} is not a channel`);
  return new Api.InputChannel({ channelId: returnBigInt(channelId), accessHash: returnBigInt(ref.accessHash ?? "0") });
}

export interface HistoryPage {
  messages: Api.TypeMessage[];
  chats: Api.TypeChat[];
  users: Api.TypeUser[];
  /** Telegram's total for the chat, when it says. */
  count: number | undefined;
}

export function pageOf(result: Api.messages.TypeMessages): HistoryPage {
  if (result instanceof Api.messages.MessagesNotModified) {
    return { messages: [], chats: [], users: [], count: result.count };
  }
  const count =
    result instanceof Api.messages.ChannelMessages || result instanceof Api.messages.MessagesSlice
      ? result.count
      : result.messages.length;
  return { messages: result.messages, chats: result.chats, users: result.users, count };
}

export interface HistoryQuery {
  /** Messages with ids below this one (0: from the newest). */
  offsetId: number;
  /** Only messages with ids above this one (0: no bound). */
  minId?: number;
  signal?: AbortSignal;
}

/** messages.getHistory: up to 100 messages below offsetId, newest first. */
export async function getHistoryPage(safe: SafeCaller, ref: ChatRef, query: HistoryQuery): Promise<HistoryPage> {
  const result = await safe.call(
    new Api.messages.GetHistory({
      peer: inputPeerOf(ref),
      offsetId: query.offsetId,
      offsetDate: 0,
      addOffset: 0,
      limit: 100,
      maxId: 0,
      minId: query.minId ?? 0,
      hash: returnBigInt(0),
    }),
    { signal: query.signal },
  );
  return pageOf(result);
}

/** The lowest message id on a page (the next page's offset_id). */
export function lowestId(messages: readonly Api.TypeMessage[]): number | undefined {
  let lowest: number | undefined;
  for (const m of messages) if (lowest === undefined || m.id < lowest) lowest = m.id;
  return lowest;
}

export function highestId(messages: readonly Api.TypeMessage[]): number | undefined {
  let highest: number | undefined;
  for (const m of messages) if (highest === undefined || m.id > highest) highest = m.id;
  return highest;
}
