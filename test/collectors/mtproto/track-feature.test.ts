import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { BotDeps, PulseContext } from "../../../src/bot/context.js";
import { NOT_CONFIGURED, trackFeature } from "../../../src/bot/features/track.js";
import type { MtprotoBotDeps, TrackResult } from "../../../src/collectors/mtproto/collector.js";
import { PeerPrivateError } from "../../../src/collectors/mtproto/errors.js";
import type { PeerInput } from "../../../src/collectors/mtproto/peers.js";
import { parseConfig } from "../../../src/config.js";

const botInfo: UserFromGetMe = {
  id: 999,
  is_bot: true,
  first_name: "Pulse",
  username: "pulse_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

const OWNER = 1;
const ADMIN = 2;
const MEMBER = 3;

function setup(mtproto: MtprotoBotDeps | undefined) {
  const config = parseConfig({
    BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    BOT_OWNER_IDS: String(OWNER),
    LOG_LEVEL: "silent",
  });
  const bot = new Bot<PulseContext>(config.botToken, { botInfo });
  const replies: string[] = [];
  const memberChecks: unknown[] = [];
  bot.api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    if (method === "sendMessage") {
      replies.push(String(p.text));
      return { ok: true, result: { message_id: 1, date: 0, chat: { id: p.chat_id, type: "private" } } } as never;
    }
    if (method === "getChatMember") {
      memberChecks.push(p.chat_id);
      const status = p.user_id === ADMIN ? "administrator" : "member";
      return { ok: true, result: { status, user: { id: p.user_id, is_bot: false, first_name: "x" } } } as never;
    }
    return { ok: true, result: true } as never;
  });
  const deps = { config, mtproto } as unknown as BotDeps;
  bot.use((ctx, next) => {
    ctx.deps = deps;
    return next();
  });
  bot.use(trackFeature);
  let updateId = 1;
  const send = (
    text: string,
    from: number,
    chat: { id: number; type: "private" | "supergroup"; title?: string } = { id: from, type: "private" },
  ) =>
    bot.handleUpdate({
      update_id: updateId++,
      message: {
        message_id: updateId,
        date: 1_700_000_000,
        chat:
          chat.type === "private"
            ? { id: chat.id, type: "private", first_name: "x" }
            : { id: chat.id, type: "supergroup", title: chat.title ?? "G" },
        from: { id: from, is_bot: false, first_name: "x" },
        text,
        entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
      },
    } as Update);
  return { send, replies, memberChecks };
}

function fakeMtproto() {
  const tracked: { input: PeerInput; by: { userId: number; isOwner: boolean } }[] = [];
  const deps: MtprotoBotDeps = {
    async track(input, by) {
      tracked.push({ input, by });
      if (input.kind === "username" && input.username === "closedclub")
        throw new PeerPrivateError("Chat is private to the account.");
      return {
        chat: {
          chatId: -1001234567890,
          kind: "channel",
          peerType: "channel",
          accessHash: "1",
          title: "News",
          username: "newsroom",
        },
        alreadyTracked: false,
        linkedChatId: -1009876543210,
        memberCount: 1500,
      } satisfies TrackResult;
    },
    async untrack() {
      return undefined;
    },
    async list() {
      return [];
    },
  };
  return { deps, tracked };
}

describe("/track and /untrack", () => {
  test("a non-Telegram link is refused before any request", async () => {
    const m = fakeMtproto();
    const { send, replies, memberChecks } = setup(m.deps);
    await send("/track https://example.com/news", OWNER);
    assert.match(replies[0] ?? "", /example.com is not Telegram/);
    assert.equal(m.tracked.length, 0);
    assert.equal(memberChecks.length, 0);
  });

  test("owners may track anything; the answer says what happens next", async () => {
    const m = fakeMtproto();
    const { send, replies, memberChecks } = setup(m.deps);
    await send("/track @newsroom", OWNER);
    assert.deepEqual(m.tracked, [
      { input: { kind: "username", username: "newsroom" }, by: { userId: OWNER, isOwner: true } },
    ]);
    assert.equal(memberChecks.length, 0);
    assert.match(replies[0] ?? "", /Now following News \(@newsroom\), a channel \(-1001234567890\)/);
    assert.match(replies[0] ?? "", /discussion group \(-1009876543210\) is followed too/);
  });

  test("others must be admins of the chat they name", async () => {
    const m = fakeMtproto();
    const { send, replies, memberChecks } = setup(m.deps);
    await send("/track t.me/newsroom", MEMBER);
    assert.match(replies[0] ?? "", /Only the chat's admins or Pulse's owners/);
    assert.deepEqual(memberChecks, ["@newsroom"]);
    assert.equal(m.tracked.length, 0);
    await send("/track https://t.me/c/1234567890/5", ADMIN);
    assert.deepEqual(memberChecks, ["@newsroom", -1001234567890]);
    assert.equal(m.tracked.length, 1);
    await send("/track https://t.me/+AbCdEfGh12345", ADMIN);
    assert.match(replies.at(-1) ?? "", /Only Pulse's owners can track chats by invite link/);
  });

  test("in a group, /track alone means this group", async () => {
    const m = fakeMtproto();
    const { send } = setup(m.deps);
    await send("/track", ADMIN, { id: -1005555555555, type: "supergroup" });
    assert.deepEqual(m.tracked[0]?.input, { kind: "chat_id", chatId: -1005555555555 });
  });

  test("collector errors become the answer; without the collector the command explains itself", async () => {
    const m = fakeMtproto();
    const { send, replies } = setup(m.deps);
    await send("/track @closedclub", OWNER);
    assert.equal(replies[0], "Chat is private to the account.");
    const none = setup(undefined);
    await none.send("/track @newsroom", OWNER);
    assert.equal(none.replies[0], NOT_CONFIGURED);
  });
});
