import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Message, MessageReactionUpdated } from "grammy/types";
import {
  memberUpdateBatch,
  messageBatch,
  messageKind,
  reactionCountBatch,
  userReactionBatch,
} from "../../../src/collectors/bot/records.js";
import {
  channel,
  chatMemberUpdate,
  GROUP_ANONYMOUS_BOT,
  member,
  message,
  person,
  reactionCountUpdate,
  reactionUpdate,
  supergroup,
  TELEGRAM_SERVICE,
} from "../../helpers/updates.js";

const group = supergroup(-1001000000001, "Test group", true);
const alice = person(101, "Alice", "alice");
const bob = person(102, "Bob");
const options = { storeText: true, botId: 7000000001 };
const at = "2026-03-10T09:00:00Z";

describe("message records", () => {
  test("text: length in code points, sender, thread and reply", () => {
    const m = message(group, 5, at, {
      from: alice,
      text: "héllo 👋🏽",
      message_thread_id: 42,
      reply_to_message: message(group, 4, at, { from: bob, text: "x" }),
    });
    const batch = messageBatch(m, options);
    const record = batch.messages?.[0];
    assert.ok(record);
    assert.equal(record.kind, "text");
    assert.equal(record.textLength, 8); // h é l l o space 👋 🏽
    assert.equal(record.text, "héllo 👋🏽");
    assert.equal(record.userId, 101);
    assert.equal(record.threadId, 42);
    assert.equal(record.replyToMessageId, 4);
    assert.equal(record.date.toISOString(), "2026-03-10T09:00:00.000Z");
    assert.deepEqual(
      batch.users?.map((u) => u.id),
      [101],
    );
    assert.equal(batch.chats?.[0]?.isForum, true);
  });

  test("text is dropped but its length kept when storing text is off", () => {
    const record = messageBatch(message(group, 1, at, { from: alice, text: "secret" }), {
      ...options,
      storeText: false,
    }).messages?.[0];
    assert.equal(record?.text, null);
    assert.equal(record?.textLength, 6);
  });

  test("media kinds take precedence in the right order", () => {
    const doc = { file_id: "d", file_unique_id: "d" };
    assert.equal(messageKind(message(group, 1, at, { animation: {}, document: doc } as never)), "animation");
    assert.equal(messageKind(message(group, 1, at, { venue: {}, location: {} } as never)), "venue");
    assert.equal(messageKind(message(group, 1, at, { photo: [], caption: "c" } as never)), "photo");
    assert.equal(messageKind(message(group, 1, at, { some_future_media: {} } as never)), "other");
    assert.equal(messageKind(message(group, 1, at, { pinned_message: {} } as never)), "service");
  });

  test("anonymous admin: no user, the group as sender chat", () => {
    const batch = messageBatch(
      message(group, 9, at, { from: GROUP_ANONYMOUS_BOT, sender_chat: group, text: "Rules" }),
      options,
    );
    assert.equal(batch.messages?.[0]?.userId, null);
    assert.equal(batch.messages?.[0]?.senderChatId, group.id);
    assert.deepEqual(batch.users, []);
    assert.equal(batch.chats?.length, 1);
  });

  test("automatic forward from the linked channel", () => {
    const linked = channel(-1005555, "News", "news");
    const batch = messageBatch(
      message(group, 12, at, {
        from: TELEGRAM_SERVICE,
        sender_chat: linked,
        is_automatic_forward: true,
        text: "New post",
        forward_origin: { type: "channel", chat: linked, message_id: 77, date: 1 },
      }),
      options,
    );
    const record = batch.messages?.[0];
    assert.equal(record?.isAutomaticForward, true);
    assert.equal(record?.userId, null);
    assert.equal(record?.forwardOrigin, "channel");
    assert.equal(record?.forwardFromId, -1005555);
    assert.equal(record?.forwardFromMessageId, 77);
    assert.deepEqual(batch.chats?.map((c) => c.id).sort(), [group.id, -1005555].sort());
  });

  test("hidden-user forward keeps the name only", () => {
    const record = messageBatch(
      message(group, 3, at, {
        from: alice,
        text: "fwd",
        forward_origin: { type: "hidden_user", sender_user_name: "Mystery", date: 10 },
      }),
      options,
    ).messages?.[0];
    assert.equal(record?.forwardOrigin, "hidden_user");
    assert.equal(record?.forwardFromName, "Mystery");
    assert.equal(record?.forwardFromId, null);
  });

  test("service join and leave become member events, the bot's own are skipped", () => {
    const bot = { id: 7000000001, is_bot: true, first_name: "Pulse" };
    const join = messageBatch(
      message(group, 20, at, { from: alice, new_chat_members: [bob, bot, alice] } as never),
      options,
    );
    assert.equal(join.messages?.[0]?.kind, "service");
    assert.equal(join.messages?.[0]?.serviceAction, "new_chat_members");
    assert.deepEqual(
      join.memberEvents?.map((e) => [e.userId, e.kind, e.method, e.actorId]),
      [
        [102, "join", "added", 101],
        [101, "join", "self", null],
      ],
    );
    const kick = messageBatch(message(group, 21, at, { from: alice, left_chat_member: bob } as never), options);
    assert.deepEqual(
      kick.memberEvents?.map((e) => [e.userId, e.kind]),
      [[102, "kick"]],
    );
  });

  test("odd messages never throw: no from, 4096 characters, NUL and lone surrogates", () => {
    const long = `${"a".repeat(4095)}\u0000\ud800`;
    const record = messageBatch(message(group, 30, at, { text: long }), options).messages?.[0];
    assert.equal(record?.userId, null);
    assert.equal(record?.text?.includes("\u0000"), false);
    assert.equal(record?.text?.isWellFormed(), true);
    const empty = messageBatch({ message_id: 31, date: 0, chat: group } as Message, options).messages?.[0];
    assert.equal(empty?.kind, "other");
    assert.equal(empty?.textLength, 0);
  });
});

describe("member updates", () => {
  test("join by invite link, join request, leave, kick, ban, and promotions ignored", () => {
    const link = { invite_link: "https://t.me/+abc...", name: "spring campaign", creator: alice };
    const joined = memberUpdateBatch(
      chatMemberUpdate("chat_member", group, bob, at, member(bob, "left"), member(bob, "member"), { invite_link: link })
        .chat_member as never,
    );
    assert.deepEqual(
      joined.memberEvents?.map((e) => [e.kind, e.method, e.inviteLink]),
      [["join", "link", "spring campaign"]],
    );
    const requested = memberUpdateBatch(
      chatMemberUpdate("chat_member", group, bob, at, member(bob, "left"), member(bob, "member"), {
        via_join_request: true,
      }).chat_member as never,
    );
    assert.equal(requested.memberEvents?.[0]?.method, "request");
    const left = memberUpdateBatch(
      chatMemberUpdate("chat_member", group, bob, at, member(bob, "member"), member(bob, "left")).chat_member as never,
    );
    assert.equal(left.memberEvents?.[0]?.kind, "leave");
    const kicked = memberUpdateBatch(
      chatMemberUpdate("chat_member", group, alice, at, member(bob, "member"), member(bob, "left"))
        .chat_member as never,
    );
    assert.deepEqual(
      kicked.memberEvents?.map((e) => [e.kind, e.actorId]),
      [["kick", 101]],
    );
    const banned = memberUpdateBatch(
      chatMemberUpdate("chat_member", group, alice, at, member(bob, "member"), member(bob, "kicked"))
        .chat_member as never,
    );
    assert.equal(banned.memberEvents?.[0]?.kind, "ban");
    const promoted = memberUpdateBatch(
      chatMemberUpdate("chat_member", group, alice, at, member(bob, "member"), member(bob, "administrator"))
        .chat_member as never,
    );
    assert.deepEqual(promoted.memberEvents, []);
  });
});

describe("reactions", () => {
  test("per-user state replaces, duplicates collapse, custom and paid reactions are keyed", () => {
    const base = reactionUpdate(group, 1, alice, at, ["👍"], ["🔥", "🔥"]).message_reaction as MessageReactionUpdated;
    const withCustom = {
      ...base,
      new_reaction: [...base.new_reaction, { type: "custom_emoji", custom_emoji_id: "5368" }, { type: "paid" }],
    } as MessageReactionUpdated;
    const state = userReactionBatch(withCustom).userReactions?.[0];
    assert.deepEqual(state?.reactions, ["🔥", "custom:5368", "paid"]);
    assert.equal(state?.actorId, 101);
  });

  test("anonymous counts", () => {
    const batch = reactionCountBatch(
      reactionCountUpdate(group, 1, at, { "👍": 3, "❤": 1 }).message_reaction_count as never,
    );
    assert.deepEqual(batch.reactionCounts?.[0]?.counts, [
      { reaction: "👍", count: 3 },
      { reaction: "❤", count: 1 },
    ]);
  });
});
