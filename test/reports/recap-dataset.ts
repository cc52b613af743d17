// A fixed community for the recap tests, written through the real writer. It lives in
// America/New_York; the recap week (Mon 2026-10-26 – Sun 2026-11-01) ends with the DST
// change of 1 November (02:00 EDT → 01:00 EST), so it lasts 169 hours. The expected numbers
// are derived in the test from the message list below, not read back from the database.
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { optOut } from "../../src/ingest/optout.js";
import type { MemberEventRecord, MessageRecord, ReactionCountsRecord } from "../../src/ingest/records.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { chatRecord, joinEvent, messageRecord } from "../helpers/records.js";

export const CHAT = -1009000000777;
export const CHANNEL = -1005000000555;
export const TZ = "America/New_York";
/** The week's bounds as instants, worked out by hand: EDT (UTC−4) at the start, EST (UTC−5) at the end. */
export const WEEK_START = "2026-10-26T04:00:00Z";
export const WEEK_END = "2026-11-02T05:00:00Z";
export const PREVIOUS_START = "2026-10-19T04:00:00Z";
export const NEXT_END = "2026-11-09T05:00:00Z";

export const ANNA = 1;
export const BERND = 2; // writes the most, then opts out
export const CLARA = 3;
export const DMITRI = 4; // joins this week for the first time: the newcomer
export const EVE = 5; // rejoins this week after leaving in August: not a newcomer
export const GUS = 7; // leaves this week
export const HELPER_BOT = 8;

/** Message ids worth naming. */
export const IDS = {
  claraBoundary: 100, // Mon 00:10 EDT, the week's first minute that counts
  annaFirst: 200,
  berndFirst: 300,
  dmitriFirst: 400,
  channelTopPost: 903,
};

export interface DatasetMessage {
  chatId: number;
  id: number;
  at: string;
  sender: number; // user id, or the sender chat's id
  kind?: MessageRecord["kind"];
  replyTo?: number;
  text?: string;
  views?: number;
  forwards?: number;
}

function series(
  start: number,
  at: string,
  count: number,
  stepMinutes: number,
  base: Omit<DatasetMessage, "id" | "at">,
) {
  const t0 = Date.parse(at);
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    id: start + i,
    at: new Date(t0 + i * stepMinutes * 60_000).toISOString(),
  }));
}

export const MESSAGES: DatasetMessage[] = [
  // The week before: 10 by Anna, and Clara at Sun 23:50 EDT, ten minutes before the week.
  ...series(10, "2026-10-20T14:00:00Z", 10, 3, { chatId: CHAT, sender: ANNA }),
  { chatId: CHAT, id: 99, at: "2026-10-26T03:50:00Z", sender: CLARA },
  // The week.
  { chatId: CHAT, id: IDS.claraBoundary, at: "2026-10-26T04:10:00Z", sender: CLARA, text: "Morning all" },
  ...series(150, "2026-10-26T13:00:00Z", 6, 5, { chatId: CHAT, sender: HELPER_BOT, text: "Reminder" }),
  ...series(IDS.dmitriFirst, "2026-10-27T16:00:00Z", 3, 5, {
    chatId: CHAT,
    sender: DMITRI,
    text: "Hi everyone, I just moved to the city and I am looking for a good bakery",
  }),
  // Anna's 12 fill Wed 21:00–21:59 EDT; three of them answer Dmitri.
  ...series(IDS.annaFirst, "2026-10-29T01:00:00Z", 12, 4, {
    chatId: CHAT,
    sender: ANNA,
    text: "Welcome! Try the one on Elm St",
  }),
  { chatId: CHAT, id: 250, at: "2026-10-29T01:30:30Z", sender: ANNA, kind: "command", text: "/stats" },
  ...series(IDS.berndFirst, "2026-10-29T14:00:00Z", 8, 5, { chatId: CHAT, sender: BERND, text: "Bernd's secret plan" }),
  ...series(320, "2026-10-30T22:00:00Z", 7, 5, { chatId: CHAT, sender: BERND }),
  // Eve answers Bernd five times: his message has the most replies, but he opts out.
  ...series(500, "2026-10-29T16:00:00Z", 5, 5, { chatId: CHAT, sender: EVE, replyTo: IDS.berndFirst }),
  ...series(600, "2026-10-30T15:00:00Z", 2, 5, { chatId: CHAT, sender: CHANNEL }),
  // Sunday 1 November: 01:30 EDT, 01:30 EST (the repeated hour) and 23:30 EST, the week's last hour.
  { chatId: CHAT, id: 700, at: "2026-11-01T05:30:00Z", sender: CLARA, replyTo: IDS.dmitriFirst },
  { chatId: CHAT, id: 701, at: "2026-11-01T06:30:00Z", sender: CLARA },
  { chatId: CHAT, id: 702, at: "2026-11-02T04:30:00Z", sender: CLARA },
  // The week after: Mon 00:10 EST, then 24 more on Tuesday.
  { chatId: CHAT, id: 800, at: "2026-11-02T05:10:00Z", sender: CLARA },
  ...series(801, "2026-11-03T15:00:00Z", 24, 2, { chatId: CHAT, sender: ANNA }),
  // Four weeks earlier, a quiet week: 5 by Clara. And one before the trend's first week.
  ...series(900, "2026-09-29T15:00:00Z", 5, 10, { chatId: CHAT, sender: CLARA }),
  { chatId: CHAT, id: 950, at: "2026-09-06T15:00:00Z", sender: CLARA },
  // The channel: three posts in the week with the user session's counters, two after without.
  { chatId: CHANNEL, id: 901, at: "2026-10-27T15:00:00Z", sender: CHANNEL, views: 100, forwards: 1, text: "Post one" },
  { chatId: CHANNEL, id: 902, at: "2026-10-28T15:00:00Z", sender: CHANNEL, views: 200, forwards: 2, text: "Post two" },
  {
    chatId: CHANNEL,
    id: IDS.channelTopPost,
    at: "2026-10-29T15:00:00Z",
    sender: CHANNEL,
    views: 300,
    forwards: 3,
    text: "Post three, the most viewed",
  },
  { chatId: CHANNEL, id: 904, at: "2026-11-03T15:00:00Z", sender: CHANNEL, text: "Post four" },
  { chatId: CHANNEL, id: 905, at: "2026-11-04T15:00:00Z", sender: CHANNEL, text: "Post five" },
];

// Anna's first three messages in the week answer Dmitri.
for (const m of MESSAGES) {
  if (m.sender === ANNA && m.id >= IDS.annaFirst && m.id < IDS.annaFirst + 3) m.replyTo = IDS.dmitriFirst;
}

export const MEMBER_EVENTS: MemberEventRecord[] = [
  joinEvent(CHAT, EVE, "2026-08-03T12:00:00Z"),
  { ...joinEvent(CHAT, EVE, "2026-08-10T12:00:00Z"), kind: "leave" },
  joinEvent(CHAT, DMITRI, "2026-10-27T15:00:00Z", { method: "link" }),
  joinEvent(CHAT, EVE, "2026-10-28T12:00:00Z"),
  { ...joinEvent(CHAT, GUS, "2026-10-29T20:00:00Z"), kind: "leave" },
  joinEvent(CHAT, 9, "2026-11-04T12:00:00Z"),
];

/** Aggregate reaction counts per message (Telegram's full counts). */
export const REACTION_COUNTS: { chatId: number; messageId: number; counts: Record<string, number> }[] = [
  { chatId: CHAT, messageId: 10, counts: { "👍": 3 } }, // last week's
  { chatId: CHAT, messageId: IDS.berndFirst, counts: { "👍": 10 } }, // the most, but Bernd opts out
  { chatId: CHAT, messageId: IDS.annaFirst, counts: { "❤": 4, "👍": 2 } },
  { chatId: CHANNEL, messageId: 902, counts: { "🔥": 10 } },
];
/** Visible per-user reactions: Anna and Clara on Clara's first message. */
export const USER_REACTIONS = [
  { chatId: CHAT, messageId: IDS.claraBoundary, actorId: ANNA, reactions: ["👍"] },
  { chatId: CHAT, messageId: IDS.claraBoundary, actorId: CLARA, reactions: ["🎉"] },
];

export const SNAPSHOTS = [
  { chatId: CHAT, date: "2026-10-31", value: 40 },
  { chatId: CHAT, date: "2026-11-05", value: 45 },
  { chatId: CHANNEL, date: "2026-10-25", value: 1000 },
  { chatId: CHANNEL, date: "2026-11-01", value: 1030 },
];

export async function loadRecapDataset(database: Database): Promise<void> {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  await writer.write({
    chats: [
      chatRecord(CHAT, { title: "Elm Street Neighbours", memberCount: 50, botStatus: "administrator" }),
      chatRecord(CHANNEL, { type: "channel", title: "Elm Street News" }),
    ],
    users: [
      { id: ANNA, isBot: false, firstName: "Anna" },
      { id: BERND, isBot: false, firstName: "Bernd" },
      { id: CLARA, isBot: false, firstName: "Clara", lastName: "Zetkin" },
      { id: DMITRI, isBot: false, firstName: "Dmitri" },
      { id: EVE, isBot: false, firstName: "Eve" },
      { id: GUS, isBot: false, firstName: "Gus" },
      { id: HELPER_BOT, isBot: true, firstName: "Helper", username: "helper_bot" },
    ],
  });
  // Rollup days are taken in the chat's zone when rows are written.
  await database.db.execute(sql`UPDATE chats SET timezone = ${TZ} WHERE id IN (${CHAT}, ${CHANNEL})`);
  const messages = MESSAGES.map((m) =>
    messageRecord(m.chatId, m.id, m.at, {
      userId: m.sender > 0 ? m.sender : null,
      senderChatId: m.sender > 0 ? null : m.sender,
      kind: m.kind ?? "text",
      text: m.text ?? "hello",
      textLength: [...(m.text ?? "hello")].length,
      replyToMessageId: m.replyTo ?? null,
      views: m.views ?? null,
      forwards: m.forwards ?? null,
      source: m.views === undefined ? "bot" : "mtproto",
    }),
  );
  const reactionCounts: ReactionCountsRecord[] = REACTION_COUNTS.map((r) => ({
    chatId: r.chatId,
    messageId: r.messageId,
    counts: Object.entries(r.counts).map(([reaction, count]) => ({ reaction, count })),
    date: new Date("2026-11-05T00:00:00Z"),
    source: "mtproto",
  }));
  await writer.write({
    messages,
    memberEvents: MEMBER_EVENTS,
    reactionCounts,
    userReactions: USER_REACTIONS.map((r) => ({
      ...r,
      date: new Date("2026-11-05T00:00:00Z"),
      source: "bot" as const,
    })),
  });
  await writer.close();
  for (const s of SNAPSHOTS) {
    await database.db.execute(sql`
      INSERT INTO chat_daily_snapshots (chat_id, date, metric, value, source)
      VALUES (${s.chatId}, ${s.date}, 'member_count', ${s.value}, 'bot')`);
  }
  await optOut(database, { userId: BERND, username: null });
}
