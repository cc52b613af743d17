import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import {
  messageRecord as botMessageRecord,
  reactionKey as botReactionKey,
} from "../../../src/collectors/bot/records.js";
import {
  channelChatId,
  type MappingContext,
  mapMessages,
  messageRecordOf,
  reactionKey,
  reactionRecordsOf,
} from "../../../src/collectors/mtproto/records.js";
import type { Database } from "../../../src/db/client.js";
import type { MessageRecord } from "../../../src/ingest/records.js";
import { BatchWriter } from "../../../src/ingest/writer.js";
import { busiestHours, getHourOfWeekHeatmap, getMessageTotals } from "../../../src/queries/activity.js";
import { getMedianFirstReplySeconds } from "../../../src/queries/conversations.js";
import { getTopSenders } from "../../../src/queries/senders.js";
import { testEngines } from "../../helpers/db.js";
import {
  channel,
  GROUP_ANONYMOUS_BOT,
  message,
  person,
  seconds,
  supergroup,
  TELEGRAM_SERVICE,
} from "../../helpers/updates.js";
import { reactions } from "./fake-telegram.js";
import { silent } from "./helpers.js";

const CHANNEL = 1_234_567_890;
const GROUP = 2_345_678_901;
const channelId = channelChatId(CHANNEL);
const groupId = channelChatId(GROUP);
const at = "2026-03-10T09:00:00Z";
const peerChannel = (id: number) => new Api.PeerChannel({ channelId: returnBigInt(id) });
const peerUser = (id: number) => new Api.PeerUser({ userId: returnBigInt(id) });
const inChannel: MappingContext = { chatId: channelId, kind: "channel", storeText: true };
const inGroup: MappingContext = { chatId: groupId, kind: "supergroup", storeText: true };
const botOptions = { storeText: true, botId: 999 };

/** The fields both sources know; views/forwards/replies and source are MTProto's extra. */
function comparable(record: MessageRecord) {
  const { views: _v, forwards: _f, replies: _r, source: _s, ...rest } = record;
  return rest;
}

function mt(fields: Partial<ConstructorParameters<typeof Api.Message>[0]> & { id: number; peerId: Api.TypePeer }) {
  return new Api.Message({ date: seconds(at), message: "", ...fields });
}

describe("MTProto records have the bot's keys and shapes", () => {
  test("channel ids in Bot API form", () => {
    assert.equal(channelChatId(CHANNEL), -1_001_234_567_890);
    assert.equal(channelChatId(returnBigInt(CHANNEL)), -1_001_234_567_890);
  });

  test("a channel post", () => {
    const bot = botMessageRecord(
      message(channel(channelId, "News"), 5, at, { sender_chat: channel(channelId, "News"), text: "héllo 👋" }),
      botOptions,
    );
    const record = messageRecordOf(
      mt({ id: 5, peerId: peerChannel(CHANNEL), post: true, message: "héllo 👋", views: 120, forwards: 3 }),
      inChannel,
      new Map(),
    );
    assert.deepEqual(comparable(record), comparable(bot));
    assert.equal(record.views, 120);
    assert.equal(record.forwards, 3);
    assert.equal(record.source, "mtproto");
    // A signed post names its author in from_id; like the Bot API, the sender is still the channel.
    const signed = messageRecordOf(
      mt({ id: 6, peerId: peerChannel(CHANNEL), post: true, fromId: peerUser(501), postAuthor: "Ann", message: "x" }),
      inChannel,
      new Map(),
    );
    assert.deepEqual([signed.userId, signed.senderChatId], [null, channelId]);
  });

  test("a member's reply in a supergroup, and an anonymous admin", () => {
    const group = supergroup(groupId, "Chat");
    const botReply = botMessageRecord(
      message(group, 11, at, {
        from: person(501, "Ann"),
        text: "yes",
        message_thread_id: 10,
        reply_to_message: message(group, 10, at, { from: person(502, "Bob"), text: "q" }),
      }),
      botOptions,
    );
    const reply = messageRecordOf(
      mt({
        id: 11,
        peerId: peerChannel(GROUP),
        fromId: peerUser(501),
        message: "yes",
        replyTo: new Api.MessageReplyHeader({ replyToMsgId: 10 }),
      }),
      inGroup,
      new Map(),
    );
    assert.deepEqual(comparable(reply), comparable(botReply));

    const botAnonymous = botMessageRecord(
      message(group, 12, at, { from: GROUP_ANONYMOUS_BOT, sender_chat: group, text: "rules" }),
      botOptions,
    );
    const anonymous = messageRecordOf(
      mt({ id: 12, peerId: peerChannel(GROUP), fromId: peerChannel(GROUP), message: "rules" }),
      inGroup,
      new Map(),
    );
    assert.deepEqual(comparable(anonymous), comparable(botAnonymous));
    assert.equal(anonymous.userId, null);
    assert.equal(anonymous.senderChatId, groupId);
  });

  test("a channel post automatically forwarded into its discussion group", () => {
    const news = channel(channelId, "News");
    const bot = botMessageRecord(
      message(supergroup(groupId, "Chat"), 20, at, {
        from: TELEGRAM_SERVICE,
        sender_chat: news,
        is_automatic_forward: true,
        forward_origin: { type: "channel", chat: news, message_id: 5, date: seconds("2026-03-10T08:59:00Z") },
        text: "post",
      }),
      botOptions,
    );
    const record = messageRecordOf(
      mt({
        id: 20,
        peerId: peerChannel(GROUP),
        fromId: peerChannel(CHANNEL),
        message: "post",
        fwdFrom: new Api.MessageFwdHeader({
          fromId: peerChannel(CHANNEL),
          date: seconds("2026-03-10T08:59:00Z"),
          channelPost: 5,
          savedFromPeer: peerChannel(CHANNEL),
          savedFromMsgId: 5,
        }),
      }),
      inGroup,
      new Map(),
    );
    assert.deepEqual(comparable(record), comparable(bot));
    assert.equal(record.isAutomaticForward, true);
  });

  test("forwards from a user and from a hidden user, media kinds, albums", () => {
    const group = supergroup(groupId, "Chat");
    const fromUser = messageRecordOf(
      mt({
        id: 30,
        peerId: peerChannel(GROUP),
        fromId: peerUser(501),
        message: "fwd",
        fwdFrom: new Api.MessageFwdHeader({ fromId: peerUser(777), date: seconds(at) - 60 }),
      }),
      inGroup,
      new Map(),
    );
    const botFromUser = botMessageRecord(
      message(group, 30, at, {
        from: person(501, "Ann"),
        text: "fwd",
        forward_origin: { type: "user", sender_user: person(777, "Zed"), date: seconds(at) - 60 },
      }),
      botOptions,
    );
    assert.deepEqual(comparable(fromUser), comparable(botFromUser));
    const hidden = messageRecordOf(
      mt({
        id: 31,
        peerId: peerChannel(GROUP),
        fromId: peerUser(501),
        message: "",
        media: new Api.MessageMediaPhoto({}),
        groupedId: returnBigInt("13570000000000001"),
        fwdFrom: new Api.MessageFwdHeader({ fromName: "Secret", date: seconds(at) }),
      }),
      inGroup,
      new Map(),
    );
    assert.equal(hidden.forwardOrigin, "hidden_user");
    assert.equal(hidden.forwardFromName, "Secret");
    assert.equal(hidden.kind, "photo");
    assert.equal(hidden.mediaGroupId, "13570000000000001");

    const doc = (
      attributes: Api.TypeDocumentAttribute[],
      flags: Partial<ConstructorParameters<typeof Api.MessageMediaDocument>[0]> = {},
    ) =>
      new Api.MessageMediaDocument({
        document: new Api.Document({
          id: returnBigInt(1),
          accessHash: returnBigInt(1),
          fileReference: Buffer.alloc(0),
          date: 0,
          mimeType: "x",
          size: returnBigInt(1),
          dcId: 2,
          attributes,
        }),
        ...flags,
      });
    const kinds: [Api.TypeMessageMedia, string][] = [
      [doc([new Api.DocumentAttributeSticker({ alt: "😀", stickerset: new Api.InputStickerSetEmpty() })]), "sticker"],
      [
        doc([new Api.DocumentAttributeAnimated(), new Api.DocumentAttributeVideo({ duration: 1, w: 1, h: 1 })]),
        "animation",
      ],
      [doc([new Api.DocumentAttributeVideo({ duration: 1, w: 1, h: 1, roundMessage: true })]), "video_note"],
      [doc([new Api.DocumentAttributeVideo({ duration: 1, w: 1, h: 1 })]), "video"],
      [doc([new Api.DocumentAttributeAudio({ duration: 1, voice: true })], { voice: true }), "voice"],
      [doc([new Api.DocumentAttributeAudio({ duration: 1 })]), "audio"],
      [doc([new Api.DocumentAttributeFilename({ fileName: "a.pdf" })]), "document"],
      [new Api.MessageMediaDice({ value: 3, emoticon: "🎲" }), "dice"],
      [new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() }), "location"],
      [new Api.MessageMediaWebPage({ webpage: new Api.WebPageEmpty({ id: returnBigInt(1) }) }), "text"],
    ];
    for (const [media, kind] of kinds) {
      const record = messageRecordOf(
        mt({ id: 40, peerId: peerChannel(GROUP), fromId: peerUser(501), message: "x", media }),
        inGroup,
        new Map(),
      );
      assert.equal(record.kind, kind, media.className);
    }
  });

  test("a text that opens with a bot command is kind 'command', as the bot records it", () => {
    const group = supergroup(groupId, "Chat");
    const cases: { text: string; entities: ["bold" | "bot_command", number, number][]; kind: string }[] = [
      { text: "/top@PulseBot week", entities: [["bot_command", 0, 13]], kind: "command" },
      // A bold entity over the command may come first; the command is still at offset 0.
      {
        text: "/stats",
        entities: [
          ["bold", 0, 6],
          ["bot_command", 0, 6],
        ],
        kind: "command",
      },
      { text: "see /help", entities: [["bot_command", 4, 5]], kind: "text" },
      { text: "/usr/bin", entities: [], kind: "text" },
    ];
    const mtEntity = ([type, offset, length]: [string, number, number]) =>
      type === "bold"
        ? new Api.MessageEntityBold({ offset, length })
        : new Api.MessageEntityBotCommand({ offset, length });
    for (const [index, c] of cases.entries()) {
      const record = messageRecordOf(
        mt({
          id: 60 + index,
          peerId: peerChannel(GROUP),
          fromId: peerUser(501),
          message: c.text,
          entities: c.entities.map(mtEntity),
        }),
        inGroup,
        new Map(),
      );
      const bot = botMessageRecord(
        message(group, 60 + index, at, {
          from: person(501, "Ann"),
          text: c.text,
          entities: c.entities.map(([type, offset, length]) => ({ type, offset, length })),
        }),
        botOptions,
      );
      assert.equal(record.kind, c.kind, c.text);
      assert.deepEqual(comparable(record), comparable(bot), c.text);
    }
  });

  test("service messages: the same action names and member events as the bot", () => {
    const group = supergroup(groupId, "Chat");
    const service = new Api.MessageService({
      id: 50,
      peerId: peerChannel(GROUP),
      fromId: peerUser(501),
      date: seconds(at),
      action: new Api.MessageActionChatAddUser({ users: [returnBigInt(601), returnBigInt(501)] }),
    });
    const mapped = mapMessages(
      [service],
      { chats: [], users: [new Api.User({ id: returnBigInt(601), firstName: "New" })] },
      inGroup,
      new Date(at),
    );
    const bot = botMessageRecord(
      message(group, 50, at, { from: person(501, "Ann"), new_chat_members: [person(601, "New"), person(501, "Ann")] }),
      botOptions,
    );
    assert.deepEqual(comparable(mapped.batch.messages?.[0] as MessageRecord), comparable(bot));
    assert.deepEqual(
      mapped.batch.memberEvents?.map((e) => [e.userId, e.kind, e.method, e.actorId]),
      [
        [601, "join", "added", 501],
        [501, "join", "self", null],
      ],
    );
  });

  test("reaction keys are the bot's: emoji, custom:<id>, paid", () => {
    assert.equal(
      reactionKey(new Api.ReactionEmoji({ emoticon: "👍" })),
      botReactionKey({ type: "emoji", emoji: "👍" }),
    );
    assert.equal(
      reactionKey(new Api.ReactionCustomEmoji({ documentId: returnBigInt("5368324170671202286") })),
      botReactionKey({ type: "custom_emoji", custom_emoji_id: "5368324170671202286" }),
    );
    assert.equal(reactionKey(new Api.ReactionPaid()), botReactionKey({ type: "paid" }));
    assert.equal(reactionKey(new Api.ReactionEmpty()), undefined);
  });

  test("two reaction tiers: counts with no user, and recent reactors dated by their own reaction", () => {
    const post = mt({
      id: 7,
      peerId: peerChannel(GROUP),
      fromId: peerUser(501),
      reactions: reactions(
        [
          ["👍", 5],
          [5368324170671202286n, 2],
          ["paid", 50],
        ],
        [
          { user: 601, reaction: "👍", date: seconds(at) + 10 },
          { user: 601, reaction: "🔥", date: seconds(at) + 20 },
          { user: 602, reaction: "👍", date: seconds(at) + 30 },
        ],
      ),
    });
    const capturedAt = new Date("2026-03-10T12:00:00Z");
    const { counts, users } = reactionRecordsOf(post, groupId, capturedAt);
    assert.deepEqual(counts?.counts, [
      { reaction: "👍", count: 5 },
      { reaction: "custom:5368324170671202286", count: 2 },
      { reaction: "paid", count: 50 },
    ]);
    assert.equal(counts?.date, capturedAt);
    assert.deepEqual(
      users.map((u) => [u.actorId, u.reactions, u.date.toISOString()]),
      [
        [601, ["👍", "🔥"], "2026-03-10T09:00:20.000Z"],
        [602, ["👍"], "2026-03-10T09:00:30.000Z"],
      ],
    );
  });
});

for (const engine of testEngines()) {
  describe(`one message is one row whichever source saw it (${engine.name})`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    test("commands read by the user session count in no rollup, leaderboard, heatmap or reply time", async () => {
      const writer = new BatchWriter(
        database,
        { flushMs: 2, batchSize: 100, queueLimit: 1000, defaultTimezone: "UTC" },
        silent,
      );
      const day = "2026-03-10";
      const said = (id: number, time: string, from: number, text: string, replyTo?: number, command = false) =>
        mt({
          id,
          peerId: peerChannel(GROUP),
          fromId: peerUser(from),
          date: seconds(`${day}T${time}:00Z`),
          message: text,
          ...(command
            ? { entities: [new Api.MessageEntityBotCommand({ offset: 0, length: text.split(" ")[0]?.length ?? 0 })] }
            : {}),
          ...(replyTo === undefined ? {} : { replyTo: new Api.MessageReplyHeader({ replyToMsgId: replyTo }) }),
        });
      const mapped = mapMessages(
        [
          said(1, "09:00", 501, "anyone for lunch?"),
          said(2, "09:20", 502, "me", 1), // answers 1 after 20 min
          said(3, "09:30", 501, "and dinner?"),
          // 503 tries the bot: /stats answering 3 after 5.5 h, then more commands.
          said(4, "15:00", 503, "/stats", 3, true),
          said(5, "15:01", 503, "/top@PulseBot week", undefined, true),
          said(6, "15:02", 503, "/activity", undefined, true),
          said(7, "15:03", 503, "/me", undefined, true),
          said(8, "16:00", 502, "haha", 4), // answers a command
        ],
        { chats: [], users: [] },
        inGroup,
        new Date(`${day}T17:00:00Z`),
      );
      await writer.write({
        chats: [{ id: groupId, type: "supergroup", title: "Chat", seenAt: new Date(at) }],
        ...mapped.batch,
      });
      await writer.close();
      const kinds = await database.rows<{ message_id: number; kind: string }>(
        sql`SELECT message_id, kind FROM messages WHERE chat_id = ${groupId} AND kind = 'command' ORDER BY 1`,
      );
      assert.deepEqual(
        kinds.map((k) => k.message_id),
        [4, 5, 6, 7],
      );
      const range = {
        chatId: groupId,
        timezone: "UTC",
        start: new Date(`${day}T00:00:00Z`),
        end: new Date("2026-03-11T00:00:00Z"),
        firstDay: day,
        lastDay: day,
      };
      assert.deepEqual(
        (await getTopSenders(database, range)).map((s) => [s.senderId, s.messages]),
        [
          [501, 2],
          [502, 2],
        ],
      );
      const totals = await getMessageTotals(database, range);
      assert.equal(totals.messages, 4);
      assert.equal(totals.replies, 2);
      assert.deepEqual(busiestHours(await getHourOfWeekHeatmap(database, range)), [
        { hour: 9, messages: 3 },
        { hour: 16, messages: 1 },
      ]);
      assert.equal(await getMedianFirstReplySeconds(database, range), 20 * 60);
    });

    test("the bot's row and MTProto's row for the same post merge; counters come from MTProto", async () => {
      const writer = new BatchWriter(
        database,
        { flushMs: 2, batchSize: 100, queueLimit: 1000, defaultTimezone: "UTC" },
        silent,
      );
      const news = channel(channelId, "News");
      const fromBot = botMessageRecord(message(news, 5, at, { sender_chat: news, text: "hello" }), botOptions);
      await writer.write({
        chats: [{ id: channelId, type: "channel", title: "News", seenAt: new Date(at) }],
        messages: [fromBot],
      });
      const mapped = mapMessages(
        [mt({ id: 5, peerId: peerChannel(CHANNEL), post: true, message: "hello", views: 900, forwards: 4 })],
        { chats: [], users: [] },
        inChannel,
        new Date(at),
      );
      await writer.write(mapped.batch);
      await writer.write(mapped.batch);
      await writer.close();
      const rows = await database.rows(
        sql`SELECT message_id, source, views, forwards, text FROM messages WHERE chat_id = ${channelId}`,
      );
      assert.deepEqual(rows, [{ message_id: 5, source: "bot", views: 900, forwards: 4, text: "hello" }]);
      const [hourly] = await database.rows<{ messages: number }>(
        sql`SELECT sum(messages)::int AS messages FROM chat_hourly_activity WHERE chat_id = ${channelId}`,
      );
      assert.equal(hourly?.messages, 1);
    });
  });
}
