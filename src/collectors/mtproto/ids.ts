// Telegram ids between MTProto and Bot API form. Kept apart from records.ts, which needs
// gramjs, so that parsing what people type (peers.ts) works without loading gramjs.

/** Something gramjs returns for a TL `long`: a big-integer, or a plain number in tests. */
export type Long = { toString(): string } | number | bigint;

export const toNumber = (value: Long): number => Number(value.toString());

/** -100<channel id>: how the Bot API writes a channel's or supergroup's id. */
export function channelChatId(channelId: Long): number {
  return -(1_000_000_000_000 + toNumber(channelId));
}

/** The MTProto channel id inside a Bot API id, or undefined if the id is not a channel's. */
export function channelIdOf(chatId: number): number | undefined {
  return chatId < -1_000_000_000_000 ? -chatId - 1_000_000_000_000 : undefined;
}
