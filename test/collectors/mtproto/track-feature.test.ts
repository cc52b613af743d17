import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { BotDeps, PulseContext } from "../../../src/bot/context.js";
import { trackFeature } from "../../../src/bot/features/track.js";
import type { MtprotoBotDeps, TrackResult } from "../../../src/collectors/mtproto/collector.js";
import { PeerPrivateError, QuotaExceededError } from "../../../src/collectors/mtproto/errors.js";
import type { PeerInput } from "../../../src/collectors/mtproto/peers.js";
import { parseConfig } from "../../../src/config.js";
import { createI18n, translator } from "../../../src/i18n/index.js";

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
  // The sender's Telegram language decides, as in the bot when a chat has no language set.
  bot.use(createI18n<PulseContext>().middleware());
  bot.use(trackFeature);
  let updateId = 1;
  const send = (
    text: string,
    from: number,
    chat: { id: number; type: "private" | "supergroup"; title?: string } = { id: from, type: "private" },
    languageCode?: string,
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
        from: { id: from, is_bot: false, first_name: "x", ...(languageCode ? { language_code: languageCode } : {}) },
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
    assert.equal(none.replies[0], translator("en")("track-not-configured"));
    assert.match(none.replies[0] ?? "", /^Tracking needs Pulse's user-session collector/);
  });

  test("Russian and Spanish speakers get refusals, results and the collector's errors in their language", async () => {
    const m = fakeMtproto();
    const { send, replies } = setup(m.deps);
    const ru = (text: string, from = OWNER) => send(text, from, { id: from, type: "private" }, "ru");
    const es = (text: string, from = OWNER) => send(text, from, { id: from, type: "private" }, "es");

    await ru("/track https://example.com/news");
    assert.equal(
      replies.at(-1),
      "example.com — не Telegram: на чаты указывают только ссылки t.me, telegram.me и telegram.dog. " +
        "Пришлите @username, ссылку t.me (t.me/name, t.me/c/1234567890/5, t.me/+invite) или id чата вида -1001234567890.",
    );
    await es("/track t.me/share/url");
    assert.match(replies.at(-1) ?? "", /^Los enlaces t\.me\/share\/… no son chats\. Envía @usuario/);

    await ru("/track @newsroom");
    assert.equal(
      replies.at(-1),
      [
        "Теперь слежу за News (@newsroom) — это канал (-1001234567890).",
        // Russian groups thousands with a narrow no-break space.
        `Участников: 1\u00a0500.`,
        "Его группа обсуждений (-1009876543210) тоже отслеживается, так что комментарии учитываются.",
        "История загружается с безопасной для аккаунта скоростью запросов (начнётся в течение 10 минут); просмотры, пересылки, комментарии и реакции опрашиваются каждый час.",
      ].join("\n"),
    );
    await es("/track @newsroom");
    assert.match(
      replies.at(-1) ?? "",
      /^Ahora sigo News \(@newsroom\), un canal \(-1001234567890\)\.\nMiembros: 1500\./,
    );

    await es("/track https://t.me/+AbCdEfGh12345", ADMIN);
    assert.equal(
      replies.at(-1),
      "Solo los propietarios de Pulse pueden seguir chats por enlace de invitación (hace que la cuenta se una).",
    );

    // A collector error with a date: formatted in the speaker's language, in UTC.
    m.deps.track = async () => {
      throw new QuotaExceededError("join", 20, new Date("2026-12-03T00:00:00Z"));
    };
    await ru("/track @newsroom");
    assert.equal(
      replies.at(-1),
      "Дневная квота «join» (20) исчерпана; она обновится 3 дек. 2026 г., 00:00 UTC (в 00:00 UTC).",
    );
  });
});
