// The send throttler with Telegram's real limits on a controlled clock (node:test's mock timers
// drive Bottleneck's Date.now and setTimeout): one message per second per chat, 20 per minute
// per group but not per private chat, 30 per second overall; calls that do not create a
// message (getUpdates, admin checks, edits, typing) never queue.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, mock, test } from "node:test";
import { isSendMethod, sendThrottler, TELEGRAM_SEND_LIMITS } from "../../src/delivery/limits.js";

const GROUP = -1001234567890;
const USER = 4242;

interface Seen {
  method: string;
  chatId: number | undefined;
  at: number;
}

describe("send throttler on Telegram's limits", () => {
  let seen: Seen[];
  let call: (method: string, payload?: Record<string, unknown>) => Promise<unknown>;

  beforeEach(() => {
    mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: 0 });
    seen = [];
    const throttle = sendThrottler(TELEGRAM_SEND_LIMITS);
    // Stands for the rest of the chain (auto-retry, HTTP): notes when each call is let through.
    const prev = async (method: string, payload: Record<string, unknown>) => {
      seen.push({ method, chatId: payload?.chat_id as number | undefined, at: Date.now() });
      return { ok: true as const, result: true };
    };
    call = (method, payload = {}) => throttle(prev as never, method as never, payload as never);
  });
  afterEach(() => mock.timers.reset());

  /**
   * Moves the mocked clock in steps (10 ms unless asked). Between steps, Bottleneck's promise chains run and
   * the zero-delay timers they set are fired without moving the clock.
   */
  async function advance(ms: number, step = 10) {
    const settle = async () => {
      for (let i = 0; i < 8; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        mock.timers.tick(0);
      }
    };
    await settle();
    for (let t = 0; t < ms; t += step) {
      mock.timers.tick(step);
      await settle();
    }
  }
  const times = (chatId: number) => seen.filter((s) => s.chatId === chatId).map((s) => s.at);
  /**
   * Bottleneck spaces the starts it schedules; the hop through the overall limiter that
   * follows takes one clock step here (a few microseconds in real time), so a single gap may
   * come out one step short while no message is ever early against the first one's pace.
   * (Fine steps where the gap is short.)
   */
  function assertPaced(at: number[], gapMs: number, step = 10) {
    for (let i = 1; i < at.length; i++) {
      const n = at[i] as number;
      assert.ok(n - (at[i - 1] as number) >= gapMs - step, `message ${i} came ${n} ms in, after ${at[i - 1]}`);
      assert.ok(n - (at[0] as number) >= gapMs * i, `message ${i} came ${n} ms in`);
    }
  }

  test("a private chat gets one message per second, with no per-minute quota", async () => {
    for (let i = 0; i < 25; i++) void call("sendMessage", { chat_id: USER, text: `${i}` });
    await advance(30_000);
    const at = times(USER);
    assert.equal(at.length, 25);
    assert.equal(at[0], 0);
    assertPaced(at, 1_000);
    // The 21st and later are not held for a minute: private chats have no group quota.
    assert.ok((at[24] as number) < 30_000, `the 25th came at ${at[24]} ms`);
  });

  test("a group gets one message per second and 20 per minute", async () => {
    for (let i = 0; i < 22; i++) void call("sendPhoto", { chat_id: GROUP, photo: "x" });
    await advance(25_000);
    assert.equal(times(GROUP).length, 20, "20 in the first minute");
    await advance(40_000);
    const at = times(GROUP);
    assert.equal(at.length, 22);
    assertPaced(at, 1_000);
    assert.ok((at[19] as number) < 60_000);
    assert.ok((at[20] as number) >= 60_000, `the 21st came at ${at[20]} ms`);
  });

  test("at most 30 messages in any second across chats, evenly spaced", async () => {
    for (let i = 0; i < 90; i++) void call("sendMessage", { chat_id: 10_000 + i, text: "hi" });
    await advance(3_500, 1);
    const at = seen.map((s) => s.at);
    assert.equal(at.length, 90);
    // One every 34 ms (within a clock step), never a burst…
    assertPaced(at, 34, 1);
    // …so any 31 consecutive messages span more than a second: no sliding second holds 31.
    for (let i = 30; i < at.length; i++) {
      assert.ok((at[i] as number) - (at[i - 30] as number) >= 1_000, `messages ${i - 30}–${i} within a second`);
    }
    // …and the pace is kept: 90 messages in about 3 s (a message every 34 ms).
    assert.ok((at[89] as number) <= 3_100, `the 90th came at ${at[89]} ms`);
  });

  test("polling, admin checks, edits and typing pass while a group's queue is full", async () => {
    for (let i = 0; i < 5; i++) void call("sendMessage", { chat_id: GROUP, text: `${i}` });
    void call("getUpdates", { offset: 1, timeout: 30 });
    void call("getChatMember", { chat_id: GROUP, user_id: USER });
    void call("editMessageText", { chat_id: GROUP, message_id: 1, text: "edited" });
    void call("sendChatAction", { chat_id: GROUP, action: "typing" });
    void call("answerCallbackQuery", { callback_query_id: "1" });
    await advance(10);
    const immediate = seen.filter((s) => s.method !== "sendMessage");
    assert.deepEqual(
      immediate.map((s) => [s.method, s.at]),
      [
        ["getUpdates", 0],
        ["getChatMember", 0],
        ["editMessageText", 0],
        ["sendChatAction", 0],
        ["answerCallbackQuery", 0],
      ],
    );
    // …while the group's messages go one a second.
    assert.deepEqual(
      seen.filter((s) => s.method === "sendMessage").map((s) => s.at),
      [0],
    );
  });
});

test("which methods count as messages", () => {
  for (const method of ["sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "copyMessage", "forwardMessages"])
    assert.equal(isSendMethod(method), true, method);
  for (const method of ["sendChatAction", "sendMessageDraft", "getUpdates", "editMessageText", "getChatMember"])
    assert.equal(isSendMethod(method), false, method);
});
