import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { autoRetry } from "@grammyjs/auto-retry";
import { run } from "@grammyjs/runner";
import { Api, Bot, GrammyError, InputFile } from "grammy";
import type { Message, Update } from "grammy/types";
import type { RawUpdate } from "./bot-api-server.js";
import { attachedFile, DEFAULT_TEST_TOKEN, TestBotApiServer } from "./bot-api-server.js";

function textUpdate(chatId: number, text: string, messageId = 1): RawUpdate {
  return {
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Ann" },
      from: { id: chatId, is_bot: false, first_name: "Ann" },
      text,
    },
  };
}

function chatMemberUpdate(chatId: number): RawUpdate {
  const user = { id: 555, is_bot: false, first_name: "Bob" };
  return {
    chat_member: {
      chat: { id: chatId, type: "supergroup", title: "Group" },
      from: user,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: "left", user },
      new_chat_member: { status: "member", user },
    },
  };
}

const ids = (updates: Update[]) => updates.map((u) => u.update_id);

/** A PNG header claiming 16x8 pixels, followed by some arbitrary bytes. */
function fakePng(): Buffer {
  const header = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
  const size = Buffer.alloc(8);
  size.writeUInt32BE(16, 0);
  size.writeUInt32BE(8, 4);
  return Buffer.concat([header, size, Buffer.from([8, 6, 0, 0, 0, 0, 255, 1, 2, 3])]);
}

async function rawCall(server: TestBotApiServer, method: string, init?: RequestInit, token = server.token) {
  const res = await fetch(`${server.apiRoot}/bot${token}/${method}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function isGrammyError(code: number, description: string | RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof GrammyError, `expected GrammyError, got ${String(error)}`);
    assert.equal(error.error_code, code);
    if (typeof description === "string") assert.equal(error.description, description);
    else assert.match(error.description, description);
    return true;
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(5);
  }
}

describe("TestBotApiServer: routing and request bodies", () => {
  let server: TestBotApiServer;
  let api: Api;
  before(async () => {
    server = await TestBotApiServer.start();
    api = new Api(server.token, { apiRoot: server.apiRoot });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  test("binds to 127.0.0.1 with the default token and answers getMe with the default bot", async () => {
    assert.match(server.apiRoot, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.token, DEFAULT_TEST_TOKEN);
    const me = await api.getMe();
    assert.equal(me.id, 7000000001);
    assert.equal(me.is_bot, true);
    assert.equal(me.first_name, "Pulse");
    assert.equal(me.username, "pulse_test_bot");
    assert.equal(me.can_join_groups, true);
    assert.equal(me.can_read_all_group_messages, false);
    assert.equal(server.callsTo("getMe").length, 1);
  });

  test("botInfo and token are configurable", async () => {
    const custom = await TestBotApiServer.start({ token: "42:custom", botInfo: { username: "other_bot", id: 42 } });
    try {
      const me = await new Api("42:custom", { apiRoot: custom.apiRoot }).getMe();
      assert.equal(me.username, "other_bot");
      assert.equal(me.id, 42);
      assert.equal(me.first_name, "Pulse");
    } finally {
      await custom.close();
    }
  });

  test("a wrong token gets 401 Unauthorized and is not recorded", async () => {
    const raw = await rawCall(server, "getMe", undefined, "1:wrong");
    assert.equal(raw.status, 401);
    assert.deepEqual(raw.body, { ok: false, error_code: 401, description: "Unauthorized" });
    const wrong = new Api("1:wrong", { apiRoot: server.apiRoot });
    await assert.rejects(wrong.getMe(), isGrammyError(401, "Unauthorized"));
    assert.equal(server.calls.length, 0);
  });

  test("an unknown method gets 404 Not Found: method not found; method names are case-insensitive", async () => {
    const raw = await rawCall(server, "sendTelepathy", { method: "POST" });
    assert.equal(raw.status, 404);
    assert.deepEqual(raw.body, { ok: false, error_code: 404, description: "Not Found: method not found" });
    const lower = await rawCall(server, "getme");
    assert.equal(lower.status, 200);
    assert.equal((lower.body.result as { username: string }).username, "pulse_test_bot");
    assert.deepEqual(
      server.calls.map((c) => c.method),
      ["sendTelepathy", "getMe"],
    );
  });

  test("parses urlencoded bodies, coercing numbers and booleans", async () => {
    const raw = await rawCall(server, "sendMessage", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "chat_id=42&text=hello+there&disable_notification=true",
    });
    assert.equal(raw.status, 200);
    const result = raw.body.result as Message;
    assert.equal(result.text, "hello there");
    assert.deepEqual(result.chat, { id: 42, type: "private", first_name: "User 42" });
    const call = await server.waitForCall("sendMessage");
    assert.deepEqual(call.payload, { chat_id: 42, text: "hello there", disable_notification: true });
  });

  test("parses query-string parameters on GET and JSON bodies", async () => {
    const get = await rawCall(server, "sendMessage?chat_id=-1001&text=hi");
    assert.equal((get.body.result as Message).chat.type, "supergroup");
    const post = await rawCall(server, "sendMessage", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: "77", text: "json", entities: [{ type: "bold", offset: 0, length: 4 }] }),
    });
    const msg = post.body.result as Message;
    assert.equal(msg.chat.id, 77);
    assert.deepEqual(msg.entities, [{ type: "bold", offset: 0, length: 4 }]);
    assert.deepEqual(
      server.callsTo("sendMessage").map((c) => c.payload.chat_id),
      [-1001, "77"],
    );
    const bad = await rawCall(server, "sendMessage", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(bad.status, 400);
  });
});

describe("TestBotApiServer: getUpdates", () => {
  let server: TestBotApiServer;
  let api: Api;
  beforeEach(async () => {
    server = await TestBotApiServer.start();
    api = new Api(server.token, { apiRoot: server.apiRoot });
  });
  // Each test gets a fresh queue; closing twice is harmless.
  afterEach(() => server.close());

  test("assigns monotonic update ids above any seen", async () => {
    assert.equal(server.pushUpdate(textUpdate(1, "a")), 1);
    assert.equal(server.pushUpdate({ update_id: 10, ...textUpdate(1, "b") }), 10);
    assert.deepEqual(server.pushUpdates([textUpdate(1, "c"), textUpdate(1, "d")]), [11, 12]);
    assert.equal(server.pendingCount(), 4);
    const got = await api.getUpdates({ timeout: 0 });
    assert.deepEqual(ids(got), [1, 10, 11, 12]);
    assert.equal(got[1]?.message?.text, "b");
    await server.close();
  });

  test("redelivers unconfirmed updates and forgets confirmed ones", async () => {
    server.pushUpdates([textUpdate(1, "a"), textUpdate(1, "b"), textUpdate(1, "c")]);
    assert.deepEqual(ids(await api.getUpdates({ timeout: 0 })), [1, 2, 3]);
    // No offset: nothing was confirmed, so the same updates come again.
    assert.deepEqual(ids(await api.getUpdates({ timeout: 0 })), [1, 2, 3]);
    assert.equal(server.deliveryCount(1), 2);
    assert.equal(server.confirmedOffset, 0);

    assert.deepEqual(ids(await api.getUpdates({ offset: 3, timeout: 0 })), [3]);
    assert.equal(server.confirmedOffset, 3);
    assert.equal(server.pendingCount(), 1);
    await server.waitUntilConfirmed(2, 100);

    assert.deepEqual(await api.getUpdates({ offset: 4, timeout: 0 }), []);
    assert.equal(server.pendingCount(), 0);
    await server.waitUntilConfirmed(3, 100);
    // Confirmed updates are gone for good, even when asking from offset 1 again.
    assert.deepEqual(await api.getUpdates({ offset: 1, timeout: 0 }), []);
    assert.deepEqual(server.getUpdatesOffsets, [undefined, undefined, 3, 4, 1]);
    assert.equal(server.getUpdatesCalls, 5);
    assert.equal(server.calls.length, 0, "getUpdates is not recorded by default");
    await assert.rejects(server.waitUntilConfirmed(4, 50), /waitUntilConfirmed\(4\) timed out after 50ms/);
    await server.close();
  });

  test("honours limit (default 100, max 100)", async () => {
    server.pushUpdates(Array.from({ length: 150 }, (_, i) => textUpdate(1, `m${i}`)));
    const first = await api.getUpdates({ timeout: 0 });
    assert.equal(first.length, 100);
    assert.equal(first[0]?.update_id, 1);
    assert.deepEqual(
      ids(await api.getUpdates({ limit: 10, timeout: 0, offset: 101 })),
      [101, 102, 103, 104, 105, 106, 107, 108, 109, 110],
    );
    assert.equal((await api.getUpdates({ limit: 500, timeout: 0, offset: 101 })).length, 50);
    await server.close();
  });

  test("allowed_updates: default set drops chat_member, explicit lists are remembered, [] resets", async () => {
    server.pushUpdates([textUpdate(1, "a"), chatMemberUpdate(-100), textUpdate(1, "b")]);
    assert.deepEqual(ids(await api.getUpdates({ timeout: 0 })), [1, 3]);
    assert.equal(server.droppedCount, 1);
    assert.equal(server.pendingCount(), 2);
    assert.deepEqual(await api.getUpdates({ offset: 4, timeout: 0 }), []);
    assert.equal(server.pendingCount(), 0);
    assert.equal(server.deliveryCount(2), 0);

    // Asking for chat_member later does not resurrect the dropped update...
    assert.deepEqual(await api.getUpdates({ offset: 4, timeout: 0, allowed_updates: ["message", "chat_member"] }), []);
    // ...but new ones are delivered, and the setting sticks when the next call omits it.
    const memberId = server.pushUpdate(chatMemberUpdate(-100));
    const got = await api.getUpdates({ offset: 4, timeout: 0 });
    assert.deepEqual(ids(got), [memberId]);
    assert.equal(got[0]?.chat_member?.new_chat_member.status, "member");

    // An empty list goes back to the default set.
    assert.deepEqual(await api.getUpdates({ offset: memberId + 1, timeout: 0, allowed_updates: [] }), []);
    const [dropped, kept] = server.pushUpdates([chatMemberUpdate(-100), textUpdate(1, "c")]);
    assert.deepEqual(ids(await api.getUpdates({ offset: memberId + 1, timeout: 0 })), [kept]);
    assert.equal(server.deliveryCount(dropped ?? -1), 0);

    // Filtering to only callback_query drops messages too.
    const msgId = server.pushUpdate(textUpdate(1, "d"));
    const cbId = server.pushUpdate({
      callback_query: { id: "cb1", from: { id: 1, is_bot: false, first_name: "Ann" }, chat_instance: "x", data: "go" },
    });
    const cb = await api.getUpdates({ offset: (kept ?? 0) + 1, timeout: 0, allowed_updates: ["callback_query"] });
    assert.deepEqual(ids(cb), [cbId]);
    assert.equal(server.deliveryCount(msgId), 0);
    await server.close();
  });

  test("a long poll is released as soon as an update is pushed", async () => {
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 10 });
    await sleep(100);
    const id = server.pushUpdate(textUpdate(5, "wake up"));
    const got = await poll;
    assert.deepEqual(ids(got), [id]);
    assert.equal(got[0]?.message?.text, "wake up");
    assert.ok(Date.now() - started < 2000, `poll took ${Date.now() - started}ms`);
    await server.close();
  });

  test("a long poll answers [] when its timeout passes; timeout 0 answers at once", async () => {
    let started = Date.now();
    assert.deepEqual(await api.getUpdates({ timeout: 1 }), []);
    const waited = Date.now() - started;
    assert.ok(waited >= 900 && waited < 3000, `waited ${waited}ms`);
    started = Date.now();
    assert.deepEqual(await api.getUpdates({ timeout: 0 }), []);
    assert.ok(Date.now() - started < 500);
    await server.close();
  });

  test("a long poll keeps waiting when the pushed update is not allowed", async () => {
    const poll = api.getUpdates({ timeout: 1 });
    await sleep(50);
    server.pushUpdate(chatMemberUpdate(-100));
    assert.deepEqual(await poll, []);
    assert.equal(server.droppedCount, 1);
    await server.close();
  });

  test("a client aborting a long poll is handled and gets nothing delivered", async () => {
    const controller = new AbortController();
    const poll = fetch(`${server.apiRoot}/bot${server.token}/getUpdates?timeout=10`, { signal: controller.signal });
    await sleep(50);
    controller.abort();
    await assert.rejects(poll);
    await sleep(50);
    const id = server.pushUpdate(textUpdate(1, "after abort"));
    await sleep(20);
    assert.equal(server.deliveryCount(id), 0);
    assert.deepEqual(ids(await api.getUpdates({ timeout: 0 })), [id]);
    assert.equal(server.deliveryCount(id), 1);
    await server.close();
  });

  test("close() releases a waiting long poll promptly", async () => {
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 30 }).then(
      (updates) => updates.length,
      () => -1,
    );
    await sleep(50);
    await server.close();
    const outcome = await poll;
    assert.ok(outcome === 0 || outcome === -1);
    assert.ok(Date.now() - started < 2000, `poll settled after ${Date.now() - started}ms`);
  });

  test("concurrent pollers are both served", async () => {
    const a = api.getUpdates({ timeout: 5 });
    const b = api.getUpdates({ timeout: 5 });
    await sleep(50);
    const id = server.pushUpdate(textUpdate(1, "both"));
    assert.deepEqual(ids(await a), [id]);
    assert.deepEqual(ids(await b), [id]);
    await server.close();
  });

  test("failNext works for getUpdates and does not confirm anything", async () => {
    server.pushUpdates([textUpdate(1, "a"), textUpdate(1, "b")]);
    server.failNext("getUpdates", { error_code: 502, description: "Bad Gateway" });
    await assert.rejects(api.getUpdates({ offset: 2, timeout: 0 }), isGrammyError(502, "Bad Gateway"));
    assert.equal(server.pendingCount(), 2);
    assert.deepEqual(ids(await api.getUpdates({ offset: 2, timeout: 0 })), [2]);
    await server.close();
  });

  test("webhooks: getUpdates conflicts while set; drop_pending_updates clears the queue", async () => {
    server.pushUpdates([textUpdate(1, "a"), textUpdate(1, "b")]);
    assert.equal((await api.getWebhookInfo()).pending_update_count, 2);
    assert.equal(await api.setWebhook("https://example.com/hook"), true);
    assert.equal((await api.getWebhookInfo()).url, "https://example.com/hook");
    await assert.rejects(api.getUpdates({ timeout: 0 }), isGrammyError(409, /^Conflict: can't use getUpdates/));
    assert.equal(await api.deleteWebhook({ drop_pending_updates: true }), true);
    assert.equal(server.pendingCount(), 0);
    assert.deepEqual(await api.getUpdates({ timeout: 0 }), []);
    assert.equal(server.pushUpdate(textUpdate(1, "c")), 3);
    await server.close();
  });
});

describe("TestBotApiServer: methods", () => {
  let server: TestBotApiServer;
  let api: Api;
  before(async () => {
    server = await TestBotApiServer.start();
    api = new Api(server.token, { apiRoot: server.apiRoot });
  });
  after(() => server.close());
  beforeEach(() => server.reset());

  test("sendMessage returns realistic messages with per-chat ids", async () => {
    const before = Math.floor(Date.now() / 1000);
    const m1 = await api.sendMessage(42, "one");
    const keyboard = { inline_keyboard: [[{ text: "Open", callback_data: "open" }]] };
    const m2 = await api.sendMessage(42, "two", { reply_markup: keyboard });
    const g1 = await api.sendMessage(-100123, "group", { entities: [{ type: "italic", offset: 0, length: 5 }] });
    assert.equal(m1.message_id, 1);
    assert.equal(m2.message_id, 2);
    assert.equal(g1.message_id, 1);
    assert.deepEqual(m1.chat, { id: 42, type: "private", first_name: "User 42" });
    assert.deepEqual(g1.chat, { id: -100123, type: "supergroup", title: "Chat -100123" });
    assert.deepEqual(m1.from, { id: 7000000001, is_bot: true, first_name: "Pulse", username: "pulse_test_bot" });
    assert.ok(m1.date >= before && m1.date <= before + 2);
    assert.equal(m1.text, "one");
    assert.deepEqual(m2.reply_markup, keyboard);
    assert.deepEqual(g1.entities, [{ type: "italic", offset: 0, length: 5 }]);
    // Reply keyboards are not echoed back by Telegram.
    const m3 = await api.sendMessage(42, "three", { reply_markup: { keyboard: [[{ text: "hi" }]] } });
    assert.equal(m3.reply_markup, undefined);
    await assert.rejects(api.sendMessage(42, "  "), isGrammyError(400, "Bad Request: message text is empty"));
    await assert.rejects(api.sendMessage(42, "x".repeat(4097)), isGrammyError(400, "Bad Request: message is too long"));
  });

  test("bot message ids continue after ids seen in pushed updates", async () => {
    server.pushUpdate(textUpdate(9001, "hello", 50));
    const reply = await api.sendMessage(9001, "hi", { reply_parameters: { message_id: 50 } });
    assert.equal(reply.message_id, 51);
  });

  test("edits update the stored message; unknown and unchanged edits fail like Telegram", async () => {
    const keyboard = { inline_keyboard: [[{ text: "More", callback_data: "more" }]] };
    const sent = await api.sendMessage(600, "draft", { reply_markup: keyboard });
    const edited = (await api.editMessageText(600, sent.message_id, "final", { reply_markup: keyboard })) as Message;
    assert.equal(edited.message_id, sent.message_id);
    assert.equal(edited.text, "final");
    assert.deepEqual(edited.reply_markup, keyboard);
    assert.equal(typeof edited.edit_date, "number");
    assert.equal(server.sentMessage(600, sent.message_id)?.text, "final");

    await assert.rejects(
      api.editMessageText(600, sent.message_id, "final", { reply_markup: keyboard }),
      isGrammyError(400, /^Bad Request: message is not modified/),
    );
    await assert.rejects(
      api.editMessageText(600, 999, "nope"),
      isGrammyError(400, "Bad Request: message to edit not found"),
    );
    // Editing text without reply_markup removes the keyboard.
    const plain = (await api.editMessageText(600, sent.message_id, "no keyboard")) as Message;
    assert.equal(plain.reply_markup, undefined);
    const withKb = (await api.editMessageReplyMarkup(600, sent.message_id, { reply_markup: keyboard })) as Message;
    assert.deepEqual(withKb.reply_markup, keyboard);
    assert.equal(withKb.text, "no keyboard");
    await assert.rejects(
      api.editMessageCaption(600, sent.message_id, { caption: "c" }),
      isGrammyError(400, "Bad Request: there is no caption in the message to edit"),
    );
    assert.equal(await api.deleteMessage(600, sent.message_id), true);
    assert.deepEqual(server.sentMessages(600), []);
    await assert.rejects(
      api.editMessageText(600, sent.message_id, "gone"),
      isGrammyError(400, /message to edit not found/),
    );
  });

  test("sendPhoto with InputFile(Buffer) uploads via multipart; getFile + download return the bytes", async () => {
    const bytes = fakePng();
    const msg = await api.sendPhoto(42, new InputFile(bytes), { caption: "Weekly chart" });
    assert.equal(msg.caption, "Weekly chart");
    assert.equal(msg.chat.id, 42);
    assert.equal(msg.photo?.length, 1);
    const photo = msg.photo?.[0];
    assert.ok(photo);
    assert.equal(photo.width, 16);
    assert.equal(photo.height, 8);
    assert.equal(photo.file_size, bytes.length);
    assert.ok(photo.file_id.length > 0 && photo.file_unique_id.length > 0);

    const call = await server.waitForCall("sendPhoto");
    assert.equal(call.payload.chat_id, 42, "multipart numeric fields are JSON-parsed");
    assert.equal(call.payload.caption, "Weekly chart");
    assert.match(String(call.payload.photo), /^attach:\/\//);
    const upload = attachedFile(call, "photo");
    assert.ok(upload);
    assert.deepEqual(upload.data, bytes);
    assert.equal(upload.filename, "photo.jpg");
    assert.equal(upload.mimeType, "application/octet-stream");
    assert.deepEqual(server.fileData(photo.file_id), bytes);

    const file = await api.getFile(photo.file_id);
    assert.equal(file.file_id, photo.file_id);
    assert.equal(file.file_size, bytes.length);
    assert.ok(file.file_path);
    const download = await fetch(`${server.apiRoot}/file/bot${server.token}/${file.file_path}`);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);

    // Re-sending by file_id reuses the stored file.
    const again = await api.sendPhoto(43, photo.file_id);
    assert.equal(again.photo?.[0]?.file_id, photo.file_id);
    await assert.rejects(api.sendPhoto(43, "no-such-file"), isGrammyError(400, /wrong file identifier/));
  });

  test("sendDocument keeps the file name and guesses the MIME type; editMessageMedia swaps media", async () => {
    const csv = Buffer.from("day,messages\nmon,12\n");
    const msg = await api.sendDocument(-1005, new InputFile(csv, "report.csv"), {
      caption: "Export",
      reply_markup: { inline_keyboard: [[{ text: "x", callback_data: "y" }]] },
    });
    assert.equal(msg.document?.file_name, "report.csv");
    assert.equal(msg.document?.mime_type, "text/csv");
    assert.equal(msg.document?.file_size, csv.length);
    assert.equal(msg.caption, "Export");
    const call = await server.waitForCall("sendDocument");
    assert.deepEqual(call.payload.reply_markup, { inline_keyboard: [[{ text: "x", callback_data: "y" }]] });
    assert.deepEqual(attachedFile(call, "document")?.data, csv);

    const png = fakePng();
    const swapped = (await api.editMessageMedia(-1005, msg.message_id, {
      type: "photo",
      media: new InputFile(png, "chart.png"),
      caption: "Now a chart",
    })) as Message;
    assert.equal(swapped.document, undefined);
    assert.equal(swapped.photo?.[0]?.width, 16);
    assert.equal(swapped.caption, "Now a chart");
    const mediaCall = await server.waitForCall("editMessageMedia");
    const media = mediaCall.payload.media as { media: string };
    assert.deepEqual(attachedFile(mediaCall, media.media)?.data, png);
    assert.equal(attachedFile(mediaCall, media.media)?.filename, "chart.png");
    const recaptioned = (await api.editMessageCaption(-1005, msg.message_id, { caption: "Chart v2" })) as Message;
    assert.equal(recaptioned.caption, "Chart v2");
  });

  test("addFile registers downloadable files; unknown files fail", async () => {
    const info = server.addFile("FILE-1", "hello file", "documents/hello.txt");
    assert.deepEqual(await api.getFile("FILE-1"), info);
    assert.equal(info.file_path, "documents/hello.txt");
    assert.equal(info.file_size, 10);
    const res = await fetch(`${server.apiRoot}/file/bot${server.token}/documents/hello.txt`);
    assert.equal(await res.text(), "hello file");
    assert.equal((await fetch(`${server.apiRoot}/file/bot${server.token}/documents/missing.txt`)).status, 404);
    assert.equal((await fetch(`${server.apiRoot}/file/bot1:wrong/documents/hello.txt`)).status, 401);
    await assert.rejects(api.getFile("nope"), isGrammyError(400, "Bad Request: invalid file_id"));
  });

  test("chat registries and defaults", async () => {
    server.setChat({ id: -1001, type: "supergroup", title: "Pulse HQ", username: "pulsehq" });
    const chat = await api.getChat(-1001);
    assert.equal(chat.title, "Pulse HQ");
    assert.equal(chat.type, "supergroup");
    assert.equal((await api.getChat("@pulsehq")).id, -1001);
    const dm = await api.getChat(5);
    assert.equal(dm.type, "private");
    assert.equal(dm.first_name, "User 5");
    assert.equal(dm.accent_color_id, 0);
    await assert.rejects(api.getChat("@nobody"), isGrammyError(400, "Bad Request: chat not found"));
    const posted = await api.sendMessage("@pulsehq", "hi");
    assert.deepEqual(posted.chat, { id: -1001, type: "supergroup", title: "Pulse HQ", username: "pulsehq" });

    assert.deepEqual(await api.getChatMember(-1001, 9), {
      status: "member",
      user: { id: 9, is_bot: false, first_name: "User 9" },
    });
    const owner = {
      status: "creator" as const,
      is_anonymous: false,
      user: { id: 1, is_bot: false, first_name: "Owner" },
    };
    server.setChatAdministrators(-1001, [owner]);
    assert.deepEqual(await api.getChatAdministrators(-1001), [owner]);
    assert.deepEqual(await api.getChatMember(-1001, 1), owner);
    assert.deepEqual(await api.getChatAdministrators(-2002), []);
    const kicked = { status: "kicked" as const, until_date: 0, user: { id: 3, is_bot: false, first_name: "Spam" } };
    server.setChatMember(-1001, kicked);
    assert.deepEqual(await api.getChatMember(-1001, 3), kicked);
    assert.equal(await api.getChatMemberCount(-1001), 0);
    server.setChatMemberCount(-1001, 1234);
    assert.equal(await api.getChatMemberCount(-1001), 1234);
  });

  test("bot commands are stored per scope and language", async () => {
    assert.equal(await api.setMyCommands([{ command: "stats", description: "Show stats" }]), true);
    await api.setMyCommands([{ command: "top", description: "Top members" }], {
      scope: { type: "all_group_chats" },
      language_code: "de",
    });
    assert.deepEqual(await api.getMyCommands(), [{ command: "stats", description: "Show stats" }]);
    assert.deepEqual(await api.getMyCommands({ scope: { type: "all_group_chats" }, language_code: "de" }), [
      { command: "top", description: "Top members" },
    ]);
    assert.deepEqual(await api.getMyCommands({ language_code: "de" }), []);
    assert.deepEqual(server.commands({ type: "all_group_chats" }, "de"), [
      { command: "top", description: "Top members" },
    ]);
    await assert.rejects(
      api.setMyCommands([{ command: "Bad Command", description: "x" }]),
      isGrammyError(400, "Bad Request: BOT_COMMAND_INVALID"),
    );
    assert.equal(await api.deleteMyCommands(), true);
    assert.deepEqual(await api.getMyCommands(), []);
    assert.equal(await api.setMyDescription("Analytics for groups"), true);
    assert.equal((await api.getMyDescription()).description, "Analytics for groups");
    assert.equal(await api.setMyShortDescription("Analytics"), true);
    assert.equal(await api.sendChatAction(42, "typing"), true);
    assert.equal(await api.answerCallbackQuery("cb-1", { text: "ok" }), true);
    assert.equal(await api.close(), true);
    assert.equal(await api.logOut(), true);
  });

  test("failNext 429 reaches grammY as GrammyError with retry_after, then calls succeed", async () => {
    server.failNext("sendMessage", {
      error_code: 429,
      description: "Too Many Requests: retry after 3",
      parameters: { retry_after: 3 },
    });
    await assert.rejects(api.sendMessage(1, "x"), (error: unknown) => {
      assert.ok(error instanceof GrammyError);
      assert.equal(error.error_code, 429);
      assert.equal(error.description, "Too Many Requests: retry after 3");
      assert.equal(error.parameters.retry_after, 3);
      return true;
    });
    assert.equal((await api.sendMessage(1, "x")).text, "x");
    assert.equal(server.callsTo("sendMessage").length, 2, "failed attempts are recorded too");

    server.failNext("getChat", {
      error_code: 400,
      description: "Bad Request: group chat was upgraded to a supergroup chat",
      parameters: { migrate_to_chat_id: -1009 },
    });
    await assert.rejects(api.getChat(-9), (error: unknown) => {
      assert.ok(error instanceof GrammyError);
      assert.equal(error.parameters.migrate_to_chat_id, -1009);
      return true;
    });
  });

  test("auto-retry retries through injected 429s", async () => {
    const retrying = new Api(server.token, { apiRoot: server.apiRoot });
    retrying.config.use(autoRetry());
    server.failNext(
      "sendMessage",
      { error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } },
      2,
    );
    const msg = await retrying.sendMessage(7, "eventually");
    assert.equal(msg.text, "eventually");
    assert.equal(server.callsTo("sendMessage").length, 3);
  });

  test("setResult overrides results, enables extra methods and can answer errors", async () => {
    server.setResult("getChatMemberCount", (payload) => Math.abs(Number(payload.chat_id)));
    assert.equal(await api.getChatMemberCount(-77), 77);
    server.clearResult("getChatMemberCount");
    assert.equal(await api.getChatMemberCount(-77), 0);

    await assert.rejects(api.banChatMember(-1, 2), isGrammyError(404, "Not Found: method not found"));
    server.setResult("banChatMember", () => true);
    assert.equal(await api.banChatMember(-1, 2), true);

    server.setResult("sendMessage", () => {
      throw { error_code: 403, description: "Forbidden: bot was blocked by the user" };
    });
    await assert.rejects(api.sendMessage(5, "hi"), isGrammyError(403, "Forbidden: bot was blocked by the user"));
    server.clearResult("sendMessage");
    assert.equal((await api.sendMessage(5, "hi")).text, "hi");
  });

  test("waitForCall finds past and future calls and times out clearly; reset clears calls", async () => {
    await api.sendMessage(1, "early");
    assert.equal((await server.waitForCall("sendMessage")).payload.text, "early");
    const later = server.waitForCall("sendMessage", (c) => c.payload.text === "later");
    await api.sendMessage(1, "later");
    const call = await later;
    assert.equal(call.payload.text, "later");
    assert.ok(call.at <= Date.now());
    await assert.rejects(
      server.waitForCall("sendPhoto", undefined, 50),
      /waitForCall\("sendPhoto"\) timed out after 50ms/,
    );
    server.failNext("getMe", { error_code: 500, description: "Internal Server Error" });
    server.reset();
    assert.equal(server.calls.length, 0);
    assert.equal((await api.getMe()).username, "pulse_test_bot", "reset clears failure injections");
  });
});

describe("TestBotApiServer: driving a real grammY bot with @grammyjs/runner", () => {
  test("every update is handled exactly once and replies are recorded", async () => {
    const server = await TestBotApiServer.start();
    const bot = new Bot(server.token, { client: { apiRoot: server.apiRoot } });
    bot.api.config.use(autoRetry());
    const handled: number[] = [];
    bot.on("message:text", async (ctx) => {
      handled.push(ctx.update.update_id);
      await ctx.reply(`echo ${ctx.message.text}`);
    });
    // The first poll is rate limited; auto-retry must recover transparently.
    server.failNext("getUpdates", {
      error_code: 429,
      description: "Too Many Requests: retry after 0",
      parameters: { retry_after: 0 },
    });
    const pushed = server.pushUpdates(Array.from({ length: 300 }, (_, i) => textUpdate(1000 + (i % 5), `m${i}`)));
    const memberId = server.pushUpdate(chatMemberUpdate(-100));
    const handle = run(bot);
    try {
      await until(() => server.callsTo("sendMessage").length === 300);
      await server.waitUntilConfirmed(memberId - 1);
    } finally {
      await handle.stop();
    }
    assert.equal(handled.length, 300);
    assert.deepEqual(
      [...handled].sort((a, b) => a - b),
      pushed,
    );
    for (const id of pushed) assert.equal(server.deliveryCount(id), 1);
    assert.equal(server.deliveryCount(memberId), 0, "chat_member is not in the default set");
    assert.equal(server.callsTo("getMe").length, 1);
    const texts = new Set(server.callsTo("sendMessage").map((c) => c.payload.text));
    assert.ok(texts.has("echo m0") && texts.has("echo m299"));
    const replies = server.sentMessages(1000);
    assert.equal(replies.length, 60);
    assert.deepEqual(
      replies.map((m) => m.message_id),
      Array.from({ length: 60 }, (_, i) => i + 2),
      "ids continue after the pushed message_id 1",
    );
    await server.close();
  });

  test("sustains a large backlog quickly", async () => {
    const server = await TestBotApiServer.start({ recordCalls: false });
    const bot = new Bot(server.token, { client: { apiRoot: server.apiRoot } });
    let count = 0;
    bot.on("message", () => {
      count++;
    });
    const total = 20_000;
    const started = Date.now();
    for (let i = 0; i < total; i++) server.pushUpdate(textUpdate(1 + (i % 50), `m${i}`));
    const handle = run(bot);
    try {
      await server.waitUntilConfirmed(total, 20_000);
    } finally {
      await handle.stop();
    }
    const elapsed = Date.now() - started;
    assert.equal(count, total);
    assert.equal(server.pendingCount(), 0);
    assert.equal(server.deliveries.size, total);
    assert.ok([...server.deliveries.values()].every((n) => n === 1));
    assert.ok(elapsed < 15_000, `took ${elapsed}ms`);
    await server.close();
  });
});
