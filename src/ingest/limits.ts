// The longest values Pulse stores, in one place, applied to every record before it is
// written (live writer and bulk loader alike). Telegram's own limits bound what a real chat
// can contain, so capping there never changes genuine data; it only keeps a forged export
// (or a client bug) from storing a 10 MB "title" that every /stats caption then carries.
// Lengths are Unicode code points: a cut never splits a surrogate pair. Telegram counts some
// limits in UTF-16 units, which are never fewer than code points, so a genuine value always fits.
import type {
  ChatRecord,
  MemberEventRecord,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
  UserRecord,
} from "./records.js";

export const LIMITS = {
  /** Chat and channel titles: 1–128 (Bot API setChatTitle). */
  chatTitle: 128,
  /** A user's first and last name: 1–64 and 0–64 (account.updateProfile). */
  firstName: 64,
  lastName: 64,
  /** Usernames: up to 32 of a–z, 0–9 and _ (users, bots, groups and channels alike). */
  username: 32,
  /**
   * Message text, 1–4096 (sendMessage). Captions are 1,024, but 4,096 for Premium senders
   * (the client config's caption_length_limit_premium), and records do not say who is Premium.
   */
  text: 4096,
  /** A hidden sender's name in a forward: a user's full name (64 + space + 64) or a chat title. */
  forwardFromName: 129,
  /** Labels Telegram keeps short but does not document a limit for: reactions, service action
   *  names, album ids, invite link names or URLs, language codes. Pulse's own cap. */
  label: 128,
} as const;

const USERNAME = /^[A-Za-z0-9_]{1,32}$/;

/** `value` cut to at most `max` code points (unchanged when it fits). */
export function capText<T extends string | null | undefined>(value: T, max: number): T {
  // UTF-16 length ≥ code points, so anything this short fits without counting.
  if (typeof value !== "string" || value.length <= max) return value;
  let units = 0;
  for (let points = 0; points < max && units < value.length; points++) {
    const c = value.charCodeAt(units);
    const pair = c >= 0xd800 && c <= 0xdbff && (value.charCodeAt(units + 1) & 0xfc00) === 0xdc00;
    units += pair ? 2 : 1;
  }
  return value.slice(0, units) as T;
}

/**
 * A username Telegram could have issued, or null. Cutting a too-long one could turn it into
 * someone else's name (and /stats @name looks people up by it), so it is dropped instead.
 */
export function validUsername<T extends string | null | undefined>(value: T): T | null {
  if (typeof value !== "string") return value;
  return USERNAME.test(value) ? value : null;
}

/** Applies `changes` only when one of them differs, so records that fit are not copied. */
function withChanges<T extends object>(record: T, changes: Partial<T>): T {
  for (const key in changes) {
    if (changes[key] !== record[key]) return { ...record, ...changes };
  }
  return record;
}

export function limitChat(chat: ChatRecord): ChatRecord {
  return withChanges(chat, {
    title: capText(chat.title, LIMITS.chatTitle),
    username: validUsername(chat.username),
  });
}

export function limitUser(user: UserRecord): UserRecord {
  return withChanges(user, {
    firstName: capText(user.firstName, LIMITS.firstName),
    lastName: capText(user.lastName, LIMITS.lastName),
    username: validUsername(user.username),
    languageCode: capText(user.languageCode, LIMITS.label),
  });
}

const fits = (value: string | null, max: number) => value === null || value.length <= max;

export function limitMessage(message: MessageRecord): MessageRecord {
  // Imports pass millions of messages through here: the usual case allocates nothing.
  if (
    fits(message.text, LIMITS.text) &&
    message.textLength <= LIMITS.text &&
    fits(message.forwardFromName, LIMITS.forwardFromName) &&
    fits(message.mediaGroupId, LIMITS.label) &&
    fits(message.serviceAction, LIMITS.label)
  ) {
    return message;
  }
  return withChanges(message, {
    text: capText(message.text, LIMITS.text),
    // The stored length counts what a genuine message can hold, so a forged one cannot
    // inflate the chat's character totals either.
    textLength: Math.min(message.textLength, LIMITS.text),
    forwardFromName: capText(message.forwardFromName, LIMITS.forwardFromName),
    mediaGroupId: capText(message.mediaGroupId, LIMITS.label),
    serviceAction: capText(message.serviceAction, LIMITS.label),
  });
}

export function limitMemberEvent(event: MemberEventRecord): MemberEventRecord {
  return withChanges(event, { inviteLink: capText(event.inviteLink, LIMITS.label) });
}

export function limitUserReactions(state: UserReactionsRecord): UserReactionsRecord {
  if (state.reactions.every((r) => r.length <= LIMITS.label)) return state;
  return { ...state, reactions: state.reactions.map((r) => capText(r, LIMITS.label)) };
}

export function limitReactionCounts(state: ReactionCountsRecord): ReactionCountsRecord {
  if (state.counts.every((c) => c.reaction.length <= LIMITS.label)) return state;
  return { ...state, counts: state.counts.map((c) => ({ ...c, reaction: capText(c.reaction, LIMITS.label) })) };
}
