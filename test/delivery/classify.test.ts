// Telegram's refusals, as their descriptions read, sorted into outcomes and remembered marks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GrammyError, HttpError } from "grammy";
import { classify } from "../../src/delivery/sender.js";

const GROUP = -1001000000001;
const USER = 42;

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(description, { ok: false, error_code, description, parameters }, "sendMessage", {});

test("Telegram's answers become a reason and, for refusals, the mark to remember", () => {
  const cases: Array<[number, number, string, string, string | undefined]> = [
    [USER, 403, "Forbidden: bot was blocked by the user", "blocked", "blocked"],
    [USER, 403, "Forbidden: bot can't initiate conversation with a user", "blocked", "not_started"],
    [USER, 403, "Forbidden: bot can't send messages to bots", "blocked", "not_started"],
    [USER, 403, "Forbidden: user is deactivated", "chat_gone", "deactivated"],
    [USER, 400, "Bad Request: chat not found", "blocked", "not_started"],
    [GROUP, 403, "Forbidden: bot was kicked from the supergroup chat", "blocked", "kicked"],
    [GROUP, 403, "Forbidden: bot was kicked from the channel chat", "blocked", "kicked"],
    [GROUP, 403, "Forbidden: bot is not a member of the supergroup chat", "chat_gone", "left"],
    [GROUP, 403, "Forbidden: the group chat was deleted", "chat_gone", "left"],
    [GROUP, 400, "Bad Request: chat not found", "chat_gone", "left"],
    [GROUP, 400, "Bad Request: not enough rights to send photos to the chat", "error", undefined],
    [GROUP, 400, "Bad Request: message is too long", "error", undefined],
    [GROUP, 502, "Bad Gateway", "error", undefined],
  ];
  for (const [chatId, code, description, reason, mark] of cases) {
    const outcome = classify(chatId, apiError(code, description));
    assert.equal(outcome.reason, reason, description);
    assert.equal(outcome.mark, mark, description);
    assert.equal(outcome.errorCode, code);
    assert.equal(outcome.description, description);
    assert.equal(outcome.attempted, true);
  }
});

test("a 429 carries its wait; a migration its supergroup; a network failure is an error", () => {
  const limited = classify(GROUP, apiError(429, "Too Many Requests: retry after 120", { retry_after: 120 }));
  assert.equal(limited.reason, "rate_limited");
  assert.equal(limited.retryAfter, 120);
  assert.equal(limited.mark, undefined);

  const migrated = classify(
    -4000001,
    apiError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -1004000001 }),
  );
  assert.equal(migrated.reason, "chat_gone");
  assert.equal(migrated.mark, "migrated");
  assert.equal(migrated.migratedTo, -1004000001);

  const network = classify(USER, new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET")));
  assert.equal(network.reason, "error");
  assert.equal(network.errorCode, undefined);
  assert.match(network.description, /Network request/);
});
