// A small community for the social-graph views: replies (some to oneself, some from bot
// commands), visible and anonymous reactions, forwards from a channel, from a member, from an
// opted-out member and automatic ones, across two groups and a channel. Kept as plain arrays
// so the tests can compute what the views must hold on their own.
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import type { MessageRecord, ReactionCountsRecord, UserReactionsRecord, UserRecord } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { chatRecord, messageRecord } from "../helpers/records.js";

export const GROUP = -1007000000001;
export const OTHER_GROUP = -1007000000002;
export const CHANNEL = -1007000000100;
/** Opted out: never named, never ranked, never a source. */
export const DIETER = 4;

export const USERS: UserRecord[] = [
  { id: 1, isBot: false, firstName: "Anna", username: "anna" },
  { id: 2, isBot: false, firstName: "Bernd" },
  { id: 3, isBot: false, firstName: "Clara", lastName: "Zetkin" },
  { id: DIETER, isBot: false, firstName: "Dieter" },
  { id: 5, isBot: false, firstName: 'Eva <&> "Q"' },
];

const at = (day: number, hour: number) =>
  `2026-03-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;
const g = (id: number, when: string, fields: Partial<MessageRecord>) => messageRecord(GROUP, id, when, fields);

export const MESSAGES: MessageRecord[] = [
  g(1, at(10, 9), { userId: 1 }),
  g(2, at(10, 10), { userId: 2, replyToMessageId: 1 }),
  g(3, at(10, 11), { userId: 3, replyToMessageId: 1 }),
  g(4, at(10, 12), { userId: 1, replyToMessageId: 1 }), // Anna answering herself: no interaction
  g(5, at(11, 9), { userId: DIETER }),
  g(6, at(11, 10), { userId: 1, replyToMessageId: 5 }),
  g(7, at(11, 11), { userId: 2, kind: "command", text: "/stats", replyToMessageId: 1 }), // a command is no reply
  g(8, at(11, 12), { userId: 5, kind: "service", text: null, textLength: 0, serviceAction: "new_chat_members" }),
  g(9, at(12, 9), { userId: 5, forwardOrigin: "channel", forwardFromId: CHANNEL, forwardFromMessageId: 10 }),
  g(10, at(12, 10), { userId: 3, forwardOrigin: "channel", forwardFromId: CHANNEL, forwardFromMessageId: 11 }),
  g(11, at(13, 9), { userId: 2, forwardOrigin: "user", forwardFromId: 1 }),
  g(12, at(13, 10), { userId: 3, replyToMessageId: 9 }),
  g(13, at(14, 9), { userId: 2, forwardOrigin: "user", forwardFromId: DIETER }), // opted out: no edge
  g(14, at(14, 10), {
    userId: null,
    senderChatId: CHANNEL,
    isAutomaticForward: true,
    forwardOrigin: "channel",
    forwardFromId: CHANNEL,
    forwardFromMessageId: 12,
  }),
  g(15, at(15, 9), { userId: 5, replyToMessageId: 14 }),
  g(16, at(15, 10), { userId: 3, forwardOrigin: "channel", forwardFromId: CHANNEL, forwardFromMessageId: 10 }),
  g(17, at(15, 11), { userId: 2 }), // only its author answered and reacted to it: no edge
  g(18, at(15, 12), { userId: 2, replyToMessageId: 17 }),
  // The channel's own posts (Telegram's forward counters where the user session saw them).
  messageRecord(CHANNEL, 10, at(9, 8), {
    userId: null,
    senderChatId: CHANNEL,
    forwards: 7,
    views: 100,
    source: "mtproto",
  }),
  messageRecord(CHANNEL, 11, at(9, 9), { userId: null, senderChatId: CHANNEL, views: 80, source: "mtproto" }),
  messageRecord(CHANNEL, 12, at(9, 10), { userId: null, senderChatId: CHANNEL, source: "mtproto" }),
  // Elsewhere: the channel forwarded again, and the group's own anonymous post forwarded on.
  messageRecord(OTHER_GROUP, 1, at(16, 9), {
    userId: 2,
    forwardOrigin: "channel",
    forwardFromId: CHANNEL,
    forwardFromMessageId: 10,
  }),
  messageRecord(OTHER_GROUP, 2, at(17, 9), { userId: 5, forwardOrigin: "chat", forwardFromId: GROUP }),
  messageRecord(OTHER_GROUP, 3, at(17, 10), { userId: 1, replyToMessageId: 2 }),
];

const r = (messageId: number, actorId: number, reactions: string[], chatId = GROUP): UserReactionsRecord => ({
  chatId,
  messageId,
  actorId,
  reactions,
  date: new Date(at(20, 9)),
  source: "bot",
});

export const USER_REACTIONS: UserReactionsRecord[] = [
  r(1, 2, ["👍"]),
  r(1, 3, ["❤"]),
  r(1, 1, ["👍"]), // Anna on her own message: not counted
  r(1, 5, ["👍", "🔥"]), // two reactions, one reactor
  r(6, DIETER, ["🔥"]),
  r(9, 1, ["👍"]),
  r(7, 3, ["👍"]), // on a command: not counted
  r(5, 2, ["😂"]),
  r(17, 2, ["👍"]),
  // A visible reactor on a post that also has Telegram's counts, copies and a forward count:
  // named among the reactors, but the count stays Telegram's (which includes it).
  r(10, 2, ["👍"], CHANNEL),
];

export const REACTION_COUNTS: ReactionCountsRecord[] = [
  {
    chatId: CHANNEL,
    messageId: 10,
    counts: [
      { reaction: "👍", count: 5 },
      { reaction: "❤", count: 2 },
    ],
    date: new Date(at(20, 9)),
    source: "mtproto",
  },
];

export async function loadSocialDataset(database: Database, extra: { messages?: MessageRecord[] } = {}) {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  await writer.write({
    chats: [
      chatRecord(GROUP, { title: "Graph Club", botStatus: "administrator" }),
      chatRecord(OTHER_GROUP, { title: "Other Club", botStatus: "administrator" }),
      chatRecord(CHANNEL, { type: "channel", title: "Club <News> & Co" }),
    ],
    users: USERS,
  });
  await writer.write({ messages: [...MESSAGES, ...(extra.messages ?? [])] });
  await writer.write({ userReactions: USER_REACTIONS, reactionCounts: REACTION_COUNTS });
  await writer.close();
  await database.db.execute(sql`UPDATE users SET opted_out = true, first_name = NULL WHERE id = ${DIETER}`);
}
