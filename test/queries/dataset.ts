// A small fixed dataset whose numbers are worked out by hand in the query tests. The chat
// lives in Europe/Berlin, and its days straddle the DST change of 2026-03-29 (02:00 → 03:00).
import { sql } from "drizzle-orm";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import { chatRecord, joinEvent, messageRecord } from "../helpers/records.js";

export const CHAT = -1009000000001;
export const CHANNEL = -1005000000005;
export const TZ = "Europe/Berlin";
export const NOW = new Date("2026-03-31T10:00:00Z"); // Tuesday 12:00 CEST

export async function loadDataset(database: Database): Promise<void> {
  const writer = new BatchWriter(
    database,
    { flushMs: 1, batchSize: 1000, queueLimit: 10_000, defaultTimezone: "UTC" },
    pino({ level: "silent" }),
  );
  await writer.write({
    chats: [
      chatRecord(CHAT, { title: "Berlin Club", memberCount: 10, botStatus: "administrator" }),
      chatRecord(CHANNEL, { type: "channel", title: "Club News" }),
    ],
    users: [
      { id: 1, isBot: false, firstName: "Anna", username: "anna" },
      { id: 2, isBot: false, firstName: "Bernd" },
      { id: 3, isBot: false, firstName: "Clara", lastName: "Zetkin" },
    ],
  });
  // Rollup days are taken in the chat's zone when rows are written.
  await database.db.execute(sql`UPDATE chats SET timezone = ${TZ} WHERE id = ${CHAT}`);
  const m = (id: number, at: string, fields = {}) => messageRecord(CHAT, id, at, fields);
  await writer.write({
    messages: [
      m(1, "2026-03-28T22:30:00Z", { userId: 1 }), // Sat 23:30 CET
      m(2, "2026-03-28T23:30:00Z", { userId: 2, kind: "photo", textLength: 0, text: null, replyToMessageId: 1 }), // Sun 00:30
      m(3, "2026-03-29T00:30:00Z", { userId: 1 }), // Sun 01:30 CET
      m(4, "2026-03-29T01:30:00Z", { userId: 1 }), // Sun 03:30 CEST, after the jump
      m(5, "2026-03-30T08:00:00Z", { userId: 3, replyToMessageId: 3 }), // Mon 10:00
      m(6, "2026-03-30T08:10:00Z", { userId: 2, replyToMessageId: 1 }), // Mon 10:10
      m(7, "2026-03-31T07:00:00Z", { userId: 1, textLength: 10, text: "xxxxxxxxxx" }), // Tue 09:00
      m(8, "2026-03-31T08:00:00Z", { userId: null, senderChatId: CHANNEL }), // Tue 10:00, posted as the channel
    ],
    memberEvents: [
      joinEvent(CHAT, 3, "2026-03-30T07:00:00Z", { method: "link" }),
      { ...joinEvent(CHAT, 2, "2026-03-31T06:00:00Z"), kind: "leave" },
    ],
    reactionCounts: [
      {
        chatId: CHAT,
        messageId: 1,
        counts: [
          { reaction: "👍", count: 3 },
          { reaction: "❤", count: 1 },
        ],
        date: new Date("2026-03-31T09:00:00Z"),
        source: "bot",
      },
    ],
    userReactions: [
      {
        chatId: CHAT,
        messageId: 1,
        actorId: 2,
        reactions: ["👍"],
        date: new Date("2026-03-29T09:00:00Z"),
        source: "bot",
      },
      {
        chatId: CHAT,
        messageId: 5,
        actorId: 1,
        reactions: ["🔥"],
        date: new Date("2026-03-30T09:00:00Z"),
        source: "bot",
      },
      {
        chatId: CHAT,
        messageId: 5,
        actorId: 2,
        reactions: ["🔥"],
        date: new Date("2026-03-30T09:05:00Z"),
        source: "bot",
      },
    ],
  });
  await writer.close();
}
