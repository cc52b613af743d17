import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { returnBigInt } from "telegram/Helpers.js";
import { PeerInputError, PeerNotFoundError, PeerPrivateError } from "../../../src/collectors/mtproto/errors.js";
import { parsePeerInput } from "../../../src/collectors/mtproto/peers.js";
import { PeerResolver } from "../../../src/collectors/mtproto/resolver.js";
import type { Database } from "../../../src/db/client.js";
import { testEngines } from "../../helpers/db.js";
import { botApiId, rpcError } from "./fake-telegram.js";
import { harness } from "./helpers.js";

describe("what people type to name a chat", () => {
  const cases: [string, unknown][] = [
    ["@durov_news", { kind: "username", username: "durov_news" }],
    ["durov_news", { kind: "username", username: "durov_news" }],
    ["https://t.me/durov_news", { kind: "username", username: "durov_news" }],
    ["t.me/durov_news/123", { kind: "username", username: "durov_news", messageId: 123 }],
    ["http://telegram.me/s/durov_news", { kind: "username", username: "durov_news" }],
    ["https://durov_news.t.me", { kind: "username", username: "durov_news" }],
    ["tg://resolve?domain=durov_news&post=5", { kind: "username", username: "durov_news", messageId: 5 }],
    ["https://t.me/c/1234567890/55", { kind: "chat_id", chatId: -1001234567890, messageId: 55 }],
    ["t.me/c/1234567890/7/55", { kind: "chat_id", chatId: -1001234567890, messageId: 55 }],
    ["https://t.me/c/1234567890", { kind: "chat_id", chatId: -1001234567890 }],
    ["-1001234567890", { kind: "chat_id", chatId: -1001234567890 }],
    ["1234567890", { kind: "chat_id", chatId: -1001234567890 }],
    ["-4012345678", { kind: "chat_id", chatId: -4012345678 }],
    ["https://t.me/+AbCdEfGh12345", { kind: "invite", hash: "AbCdEfGh12345" }],
    ["t.me/joinchat/AbCdEfGh12345", { kind: "invite", hash: "AbCdEfGh12345" }],
  ];
  for (const [input, expected] of cases) {
    test(input, () => assert.deepEqual(parsePeerInput(input), expected));
  }

  const refused: [string, RegExp][] = [
    ["https://example.com/durov", /example.com is not Telegram/],
    ["https://t.me.evil.com/durov", /is not Telegram/],
    ["ftp://t.me/durov", /not a Telegram link/],
    ["https://t.me/addstickers/Animals", /links are not chats/],
    ["@ab", /not a valid Telegram username/],
    ["hello world", /does not name a Telegram chat/],
    ["https://t.me/c/abc/1", /not a valid t.me\/c\/ link/],
    ["", /Which chat\?/],
  ];
  for (const [input, message] of refused) {
    test(`refuses ${JSON.stringify(input)}`, () =>
      assert.throws(
        () => parsePeerInput(input),
        (error: unknown) => error instanceof PeerInputError && message.test(error.message),
      ));
  }
});

for (const engine of testEngines()) {
  describe(`resolving chats on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
    });
    after(async () => {
      await database.close();
    });

    test("usernames: a channel, a user, an unknown name, a banned channel", async () => {
      const { Api } = await import("telegram");
      const h = await harness(database);
      h.telegram.addChannel(6_000_000_001, { username: "openchannel", title: "Open" });
      h.telegram.addUser(777, { username: "someperson" });
      const resolver = new PeerResolver(h.safe, database);
      const open = await resolver.resolve({ kind: "username", username: "OpenChannel" });
      assert.deepEqual(
        [open.chatId, open.kind, open.peerType, open.accessHash, open.title],
        [botApiId(6_000_000_001), "channel", "channel", String(6_000_000_001 * 31), "Open"],
      );
      await assert.rejects(
        resolver.resolve({ kind: "username", username: "someperson" }),
        /is a user or a bot, not a group or channel/,
      );
      await assert.rejects(resolver.resolve({ kind: "username", username: "nobodyhere" }), (error: unknown) => {
        assert.ok(error instanceof PeerNotFoundError);
        assert.equal(error.message, "No Telegram chat is called @nobodyhere.");
        return true;
      });
      h.telegram.failNext("contacts.ResolveUsername", (r) => rpcError(r, 400, "USERNAME_INVALID"));
      await assert.rejects(resolver.resolve({ kind: "username", username: "bad_name" }), PeerNotFoundError);
      h.telegram.on((request) =>
        request instanceof Api.contacts.ResolveUsername && request.username === "bannedhere"
          ? new Api.contacts.ResolvedPeer({
              peer: new Api.PeerChannel({ channelId: returnBigInt(6_000_000_009) }),
              chats: [
                new Api.ChannelForbidden({
                  id: returnBigInt(6_000_000_009),
                  accessHash: returnBigInt(1),
                  title: "Closed",
                  broadcast: true,
                }),
              ],
              users: [],
            })
          : undefined,
      );
      await assert.rejects(resolver.resolve({ kind: "username", username: "bannedhere" }), (error: unknown) => {
        assert.ok(error instanceof PeerPrivateError);
        assert.match(error.message, /"Closed" is private to the account behind Pulse/);
        return true;
      });
    });

    test("a numeric id the account cannot find is explained", async () => {
      const h = await harness(database);
      const resolver = new PeerResolver(h.safe, database);
      await assert.rejects(
        resolver.resolve({ kind: "chat_id", chatId: -1009999999999 }),
        /not a member of chat -1009999999999/,
      );
      await assert.rejects(resolver.resolve({ kind: "chat_id", chatId: 42 }), /belongs to a user/);
      // A public chat the bot has seen resolves through its username.
      h.telegram.addChannel(6_000_000_002, { username: "knownbybot" });
      await database.rows(
        sql`INSERT INTO chats (id, type, username) VALUES (${botApiId(6_000_000_002)}, 'channel', 'knownbybot')`,
      );
      assert.equal(
        (await resolver.resolve({ kind: "chat_id", chatId: botApiId(6_000_000_002) })).chatId,
        botApiId(6_000_000_002),
      );
    });

    test("invite links: only owners may make the account join", async () => {
      const h = await harness(database);
      const resolver = new PeerResolver(h.safe, database);
      const { Api } = await import("telegram");
      h.telegram.on((request) =>
        request instanceof Api.messages.CheckChatInvite
          ? new Api.ChatInvite({
              title: "Secret",
              photo: new Api.PhotoEmpty({ id: returnBigInt(0) }),
              participantsCount: 3,
              color: 0,
            })
          : undefined,
      );
      await assert.rejects(resolver.resolve({ kind: "invite", hash: "AbCdEfGh12345" }), (error: unknown) => {
        assert.ok(error instanceof PeerPrivateError);
        assert.match(error.message, /Only Pulse's owners can make the account join/);
        return true;
      });
      assert.equal(h.telegram.callsOf("messages.ImportChatInvite").length, 0);
      h.telegram.failNext("messages.CheckChatInvite", (r) => rpcError(r, 400, "INVITE_HASH_EXPIRED"));
      await assert.rejects(resolver.resolve({ kind: "invite", hash: "AbCdEfGh12345" }), /expired or was revoked/);
    });
  });
}
