import assert from "node:assert/strict";
import { test } from "node:test";
import { Api, Context } from "grammy";
import type { Update } from "grammy/types";
import { mayBeAnswered } from "../../src/bot/answerable.js";
import type { PulseContext } from "../../src/bot/context.js";
import { channel, message, person, supergroup, TEST_BOT_INFO, update } from "../helpers/updates.js";

const me = TEST_BOT_INFO;
const group = supergroup(-100777, "Readers");
const alice = person(7, "Alice");
const at = "2026-11-30T10:00:00Z";
const command = (text: string) => ({
  text,
  entities: [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0]?.length ?? 0 }],
});

function answerable(body: object): boolean {
  const ctx = new Context({ update_id: 1, ...body } as Update, new Api("0:test"), me) as PulseContext;
  return mayBeAnswered(ctx);
}

test("only updates a feature may answer go past ingest", () => {
  const botMessage = message(group, 5, at, { from: { ...me }, text: "Type the time zone" });
  const otherMessage = message(group, 6, at, { from: alice, text: "hi" });
  const cases: [string, object, boolean][] = [
    ["an ordinary group message", update.message(message(group, 10, at, { from: alice, text: "hello" })), false],
    ["a photo in a group", update.message(message(group, 11, at, { from: alice, photo: [] })), false],
    ["a command in a group", update.message(message(group, 12, at, { from: alice, ...command("/stats 7d") })), true],
    [
      "a command later in the text",
      update.message(
        message(group, 13, at, {
          from: alice,
          text: "see /stats",
          entities: [{ type: "bot_command", offset: 4, length: 6 }],
        }),
      ),
      false,
    ],
    [
      "a reply to the bot (a /settings prompt)",
      update.message(message(group, 14, at, { from: alice, text: "Europe/Berlin", reply_to_message: botMessage })),
      true,
    ],
    [
      "a reply to someone else",
      update.message(message(group, 15, at, { from: alice, text: "yes", reply_to_message: otherMessage })),
      false,
    ],
    ["an edited command", update.edited(message(group, 16, at, { from: alice, ...command("/stats") })), false],
    [
      "a command posted in a channel",
      update.channelPost(message(channel(-100888, "News"), 17, at, command("/stats"))),
      true,
    ],
    [
      "an ordinary channel post",
      update.channelPost(message(channel(-100888, "News"), 18, at, { text: "news" })),
      false,
    ],
    [
      "anything in a private chat",
      update.message(
        message({ id: 7, type: "private", first_name: "Alice" }, 19, at, {
          from: alice,
          document: { file_id: "f", file_unique_id: "u" },
        }),
      ),
      true,
    ],
    ["a button press", { callback_query: { id: "q", from: alice, chat_instance: "c", data: "stats:7d" } }, true],
    ["a reaction", { message_reaction_count: { chat: group, message_id: 10, date: 1, reactions: [] } }, false],
  ];
  for (const [what, body, expected] of cases) assert.equal(answerable(body), expected, what);
});
