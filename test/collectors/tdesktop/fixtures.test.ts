// The reader against real Telegram Desktop exports (read from the shared fixtures, never
// copied). Expected values are computed here from JSON.parse of the same files with
// hand-written rules, or are literals checked by reading the files.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { type ExportEvent, ExportFormatError, readExport } from "../../../src/collectors/tdesktop/index.js";
import type {
  MemberEventRecord,
  MessageRecord,
  ReactionCountsRecord,
  UserReactionsRecord,
  UserRecord,
} from "../../../src/ingest/records.js";

const FIXTURES = "/work/shared/fixtures/tdesktop";
const fixture = (name: string) => join(FIXTURES, name);

interface RawMessage {
  id: number;
  type: string;
  [key: string]: unknown;
}
interface RawExport {
  name?: string;
  type: string;
  id: number;
  messages: RawMessage[];
}

function raw(name: string): RawExport {
  return JSON.parse(readFileSync(fixture(name), "utf8")) as RawExport;
}

interface Collected {
  events: ExportEvent[];
  messages: MessageRecord[];
  users: UserRecord[];
  memberEvents: MemberEventRecord[];
  userReactions: UserReactionsRecord[];
  reactionCounts: ReactionCountsRecord[];
  skipped: Map<string, number>;
  warnings: string[];
}

async function collect(
  input: string | NodeJS.ReadableStream,
  options: Parameters<typeof readExport>[1] = { storeText: true },
): Promise<Collected> {
  const out: Collected = {
    events: [],
    messages: [],
    users: [],
    memberEvents: [],
    userReactions: [],
    reactionCounts: [],
    skipped: new Map(),
    warnings: [],
  };
  for await (const event of readExport(input, options)) {
    out.events.push(event);
    if (event.type === "batch") {
      out.messages.push(...(event.batch.messages ?? []));
      out.users.push(...(event.batch.users ?? []));
      out.memberEvents.push(...(event.batch.memberEvents ?? []));
      out.userReactions.push(...(event.batch.userReactions ?? []));
      out.reactionCounts.push(...(event.batch.reactionCounts ?? []));
    } else if (event.type === "skipped") {
      out.skipped.set(event.reason, (out.skipped.get(event.reason) ?? 0) + event.count);
    } else if (event.type === "warning") {
      out.warnings.push(event.message);
    }
  }
  return out;
}

/** The same bytes as a stream of small, irregular chunks: every boundary case of the scanner. */
function trickle(bytes: Buffer, seed = 1): Readable {
  let state = seed;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % 17);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return Readable.from(chunks);
}

/** A fixture with its chat type replaced, fed as a stream: reads personal chats as if they were groups. */
function asGroup(name: string, type = "private_supergroup"): Readable {
  const text = readFileSync(fixture(name), "utf8").replace(
    /"type": "(personal_chat|saved_messages|bot_chat)"/,
    `"type": "${type}"`,
  );
  return Readable.from([Buffer.from(text)]);
}

const byId = (messages: MessageRecord[]) => new Map(messages.map((m) => [m.messageId, m]));
const imported = (m: RawMessage) => m.type === "message" || m.type === "service";

async function rejects(
  input: string | NodeJS.ReadableStream,
  options: Parameters<typeof readExport>[1] = { storeText: true },
): Promise<ExportFormatError> {
  try {
    await collect(input, options);
  } catch (error) {
    assert.ok(error instanceof ExportFormatError, `expected ExportFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the export to be rejected");
}

describe("real exports: chats and their ids", () => {
  for (const [name, botApiId, kind] of [
    ["tcp-private_group.json", -9999999999, "group"],
    ["tcp-public_supergroup.json", -1009888888888, "supergroup"],
    ["tcp-public_channel.json", -1044444444444, "channel"],
    ["tcp-private_channel.json", -1010036995664, "channel"],
    ["tg2md-private-channel.json", -1001292077344, "channel"],
    ["tkonverter-private-group.json", -20001, "group"],
  ] as const) {
    test(`${name}: every message and service message, keyed like the bot`, async () => {
      const source = raw(name);
      const result = await collect(fixture(name), { storeText: true, timezone: "UTC" });
      const chatEvents = result.events.filter((e) => e.type === "chat");
      assert.equal(chatEvents.length, 1);
      const chat = chatEvents[0];
      assert.ok(chat?.type === "chat");
      assert.equal(chat.chat.id, botApiId);
      assert.equal(chat.chat.type, kind);
      assert.equal(chat.exportType, source.type);
      assert.equal(chat.name, source.name);

      const expected = source.messages.filter(imported);
      assert.equal(result.messages.length, expected.length);
      assert.deepEqual(
        result.messages.map((m) => m.messageId),
        expected.map((m) => m.id),
      );
      for (const m of result.messages) {
        assert.equal(m.chatId, botApiId);
        assert.equal(m.source, "export");
      }
      const services = expected.filter((m) => m.type === "service");
      assert.deepEqual(
        result.messages.filter((m) => m.kind === "service").map((m) => m.serviceAction),
        services.map((m) => m.action ?? "custom_action"),
      );
      const unsupported = source.messages.filter((m) => m.type === "unsupported").length;
      assert.equal(result.skipped.get("unsupported message") ?? 0, unsupported);
      // Replies as written; edits wherever the export has them.
      const records = byId(result.messages);
      for (const m of expected) {
        const record = records.get(m.id);
        assert.equal(record?.replyToMessageId, (m.reply_to_message_id as number | undefined) ?? null);
        assert.equal(record?.editDate !== null, m.edited !== undefined);
      }
    });
  }

  for (const [name, reason] of [
    ["tcp-bot.json", "bot chat"],
    ["tcp-saved.json", "saved messages"],
    ["tcp-personal.json", "personal chat"],
    ["tkonverter-personal-chat.json", "personal chat"],
  ] as const) {
    test(`${name}: not group analytics, skipped with its message count`, async () => {
      const source = raw(name);
      const result = await collect(fixture(name), { storeText: true, timezone: "UTC" });
      assert.equal(result.messages.length, 0);
      assert.equal(result.events.filter((e) => e.type === "chat" || e.type === "batch").length, 0);
      const skipped = result.events.filter((e) => e.type === "skipped");
      assert.equal(skipped.length, 1);
      assert.deepEqual(skipped[0], { type: "skipped", chatId: source.id, reason, count: source.messages.length });
    });
  }
});

describe("real exports: senders, texts, kinds", () => {
  test("tg2md private channel (2020): posts come from the channel; text arrays joined; kinds from files", async () => {
    const source = raw("tg2md-private-channel.json");
    const result = await collect(fixture("tg2md-private-channel.json"), { storeText: true, timezone: "UTC" });
    const records = byId(result.messages);
    for (const m of result.messages) {
      assert.equal(m.userId, null);
      assert.equal(m.senderChatId, -1001292077344);
    }
    assert.equal(result.users.length, 0);
    const kinds = Object.fromEntries(result.messages.map((m) => [m.messageId, m.kind]));
    assert.deepEqual(kinds, {
      1: "service",
      2: "text",
      3: "photo",
      4: "photo",
      5: "text",
      7: "voice",
      8: "audio",
      9: "text",
      10: "text",
      11: "text",
      13: "text",
      14: "text",
      15: "text",
      21: "text",
      22: "document",
      23: "photo",
      24: "photo",
      25: "photo",
      26: "document",
    });
    for (const m of source.messages) {
      const text =
        typeof m.text === "string"
          ? m.text
          : (m.text as (string | { text: string })[]).map((p) => (typeof p === "string" ? p : p.text)).join("");
      const record = records.get(m.id);
      assert.equal(record?.text, text === "" ? null : text);
      assert.equal(record?.textLength, [...text].length);
    }
    // No date_unixtime in 2020: dates are wall-clock times, here read as UTC.
    assert.equal(records.get(5)?.date.toISOString(), "2020-11-12T12:58:18.000Z");
    assert.equal(records.get(5)?.editDate?.toISOString(), "2020-11-12T13:03:00.000Z");
  });

  test("tcp channels with numeric from_id: the channel's own id means the channel", async () => {
    const result = await collect(fixture("tcp-private_channel.json"), { storeText: true, timezone: "UTC" });
    for (const m of result.messages) {
      assert.equal(m.userId, null);
      assert.equal(m.senderChatId, -1010036995664);
    }
    assert.deepEqual(
      result.messages.map((m) => m.kind),
      ["service", "text", "text", "service", "poll", "poll", "text"],
    );
  });

  test("tcp private group: numeric from_id is a user (basic groups have no anonymous senders)", async () => {
    const result = await collect(fixture("tcp-private_group.json"), { storeText: true, timezone: "UTC" });
    assert.deepEqual(
      result.messages.map((m) => [m.userId, m.senderChatId]),
      [
        [9999999999, null],
        [9999999999, null],
      ],
    );
    assert.deepEqual(result.users, [{ id: 9999999999, partial: true, isBot: false, firstName: "Ben" }]);
  });

  test("tcp public supergroup: history migrated from a basic group keeps its negative ids, with a warning", async () => {
    const result = await collect(fixture("tcp-public_supergroup.json"), { storeText: true, timezone: "UTC" });
    assert.deepEqual(
      result.messages.map((m) => m.messageId),
      [-999678450, -999678449, -999675685, 1],
    );
    assert.deepEqual(
      result.messages.map((m) => m.serviceAction),
      ["create_group", null, "migrate_to_supergroup", "migrate_from_group"],
    );
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0] ?? "", /3 messages come from the basic group/);
  });

  test("tkonverter group: kinds, forwards, reactions, member events, skips", async () => {
    const source = raw("tkonverter-private-group.json");
    const result = await collect(fixture("tkonverter-private-group.json"));
    const records = byId(result.messages);
    const kind = (id: number) => records.get(id)?.kind;
    assert.deepEqual([8, 9, 10, 11, 12].map(kind), ["poll", "poll", "poll", "poll", "poll"]);
    assert.equal(kind(14), "checklist");
    assert.equal(kind(29), "photo");
    assert.deepEqual([30, 31, 32].map(kind), ["document", "document", "document"]);
    assert.equal(kind(35), "location");
    assert.equal(kind(36), "venue");
    assert.equal(kind(37), "contact");
    assert.equal(kind(39), "game");
    assert.equal(kind(40), "other"); // an invoice
    assert.equal(kind(7), "text");
    // text_entities is empty here while text is not: the text is kept.
    assert.equal(records.get(7)?.text, "Welcome everyone!");
    // A forward from a channel whose id the export names.
    assert.equal(records.get(25)?.forwardOrigin, "channel");
    assert.equal(records.get(25)?.forwardFromId, -1000000000500);
    assert.equal(records.get(26)?.replyToMessageId, 7);
    // Dates from date_unixtime, not from the wall-clock `date`.
    for (const m of source.messages.filter(imported)) {
      assert.equal(records.get(m.id)?.date.getTime(), Number(m.date_unixtime) * 1000);
    }
    // Service messages: the actor is the sender.
    assert.equal(records.get(5)?.userId, 10001);
    assert.equal(records.get(41)?.userId, null); // send_payment has no actor

    // Member events: joins by link and by request carry ids; "Charlie Test" is only ever named.
    assert.deepEqual(
      result.memberEvents.map((e) => [e.userId, e.kind, e.method, e.actorId, e.source]),
      [
        [10001, "join", "link", null, "export"],
        [10002, "join", "request", null, "export"],
      ],
    );
    assert.equal(result.skipped.get("member listed by name without a known user id"), 2);
    assert.equal(result.skipped.get("unsupported message"), 1);

    // Reactions: counts from `count`, reactors from `recent`.
    assert.deepEqual(
      result.reactionCounts.map((r) => [r.messageId, r.counts, r.date.toISOString()]),
      [[33, [{ reaction: "👍", count: 5 }], "2026-02-01T10:22:00.000Z"]],
    );
    assert.deepEqual(
      result.userReactions.map((r) => [r.messageId, r.actorId, r.reactions, r.date.toISOString(), r.source]),
      [
        [33, 777000, ["👍"], "2026-02-01T10:21:00.000Z", "export"],
        [33, 10001, ["👍"], "2026-02-01T10:22:00.000Z", "export"],
      ],
    );
    assert.deepEqual(
      new Map(result.users.map((u) => [u.id, u.firstName])),
      new Map([
        [777000, "Me"],
        [10001, "Alice Example"],
        [10002, "Bob Sample"],
      ]),
    );
  });

  test("tkonverter personal chat, read as a group: every media type, text_entities, reactions of all kinds", async () => {
    const source = raw("tkonverter-personal-chat.json");
    const result = await collect(asGroup("tkonverter-personal-chat.json"));
    const records = byId(result.messages);
    assert.equal(result.messages.length, source.messages.filter(imported).length);
    const kinds = Object.fromEntries(
      source.messages.filter((m) => m.type === "message").map((m) => [m.id, records.get(m.id)?.kind]),
    );
    assert.deepEqual(kinds, {
      1: "text",
      2: "text",
      3: "photo",
      4: "sticker",
      5: "video_note",
      6: "voice",
      7: "animation",
      8: "video",
      9: "audio",
      10: "contact",
      11: "location",
      12: "location",
      13: "venue",
      14: "venue",
      15: "game",
      16: "other",
      17: "poll",
      18: "checklist",
      19: "giveaway",
      20: "giveaway",
      21: "paid_media",
      22: "document",
      84: "text",
      85: "text",
      86: "text",
    });
    // text_entities wins over text when both are there.
    assert.equal(records.get(1)?.text, "Baseaj text with @alice and link");
    assert.equal(records.get(1)?.textLength, 32);
    const edited = records.get(2);
    assert.equal(edited?.editDate?.toISOString(), new Date(1769936580 * 1000).toISOString());
    assert.equal(edited?.replyToMessageId, null); // a reply to a message of another chat (reply_to_peer_id)
    assert.equal(edited?.forwardOrigin, "channel");
    assert.equal(edited?.forwardFromId, -1000000000500);
    assert.equal(result.skipped.get("unsupported message"), 1);
    // custom_action service messages without `action` keep a name; joined_telegram makes no member event.
    assert.equal(records.get(41)?.serviceAction, "custom_action");
    assert.deepEqual(result.memberEvents, []);

    assert.deepEqual(
      result.reactionCounts.map((r) => [r.messageId, r.counts]),
      [
        [
          1,
          [
            { reaction: "🔥", count: 2 },
            { reaction: "custom:1234567890123456789", count: 1 },
            { reaction: "paid", count: 3 },
          ],
        ],
      ],
    );
    // `recent` dates are wall-clock times: read with the message's own offset (UTC here).
    assert.deepEqual(
      result.userReactions.map((r) => [r.messageId, r.actorId, r.reactions, r.date.toISOString()]),
      [[1, 10001, ["🔥"], "2026-02-01T09:01:00.000Z"]],
    );
  });

  test("tcp saved messages, read as a group: forwards without ids are hidden users", async () => {
    const result = await collect(asGroup("tcp-saved.json"), { storeText: true, timezone: "UTC" });
    const records = byId(result.messages);
    assert.equal(records.get(176390)?.forwardOrigin, "hidden_user");
    assert.equal(records.get(176390)?.forwardFromName, "Other Person");
    assert.equal(records.get(323662)?.forwardFromName, "ForwardedFrom Person");
    assert.equal(records.get(278329)?.kind, "sticker");
    assert.equal(records.get(278329)?.text, "DoNotChange");
    assert.equal(records.get(217584)?.kind, "voice");
    assert.equal(records.get(318170)?.kind, "video");
    assert.equal(
      records.get(173430)?.text,
      "bold italic strikethrough underline @person http://google.com monospace http://mystery.knightlab.com/",
    );
  });
});

describe("real exports: broken files", () => {
  test("tcp-error.json (invalid JSON): byte offset, line and column of the missing comma", async () => {
    const text = readFileSync(fixture("tcp-error.json"), "utf8");
    const at = text.indexOf('"messages"');
    const error = await rejects(fixture("tcp-error.json"));
    assert.equal(error.byteOffset, at);
    assert.equal(error.line, text.slice(0, at).split("\n").length);
    assert.equal(error.column, at - text.lastIndexOf("\n", at - 1));
    assert.match(error.message, /expected ',' or '}'/);
    assert.match(error.message, /line 5, column 3/);
  });

  test("tcp-error-unexpected.json (wrong types): each wrong message left out with its JSON path and place", async () => {
    // The file is saved messages, which are never imported; as a group its messages are read.
    const text = readFileSync(fixture("tcp-error-unexpected.json"), "utf8").replace(
      '"type": "saved_messages"',
      '"type": "private_group"',
    );
    const at = text.indexOf('"ERROR:from is string"');
    // Its dates are wall-clock only: with a time zone, the wrong fields are reached.
    const { events, messages, skipped } = await collect(Readable.from([Buffer.from(text)]), {
      storeText: true,
      timezone: "UTC",
    });
    const invalid = events.flatMap((e) => (e.type === "invalid" ? [e.message] : []));
    const byteOffset = Buffer.byteLength(text.slice(0, at));
    const line = text.slice(0, at).split("\n").length;
    const column = at - text.lastIndexOf("\n", at - 1);
    assert.equal(invalid.length, 3);
    assert.match(invalid[0] as string, /^messages\[1\]\.from_id: .*ERROR:from is string/);
    assert.ok((invalid[0] as string).endsWith(`(line ${line}, column ${column}, byte ${byteOffset})`), invalid[0]);
    assert.match(
      invalid[1] as string,
      /^messages\[2\]\.text: expected a string or an array of text parts, found an object/,
    );
    assert.match(invalid[2] as string, /^messages\[7\]\.id: expected a 32-bit integer message id, found nothing/);
    assert.equal(skipped.get("message with invalid fields"), 3);
    assert.equal(skipped.get('message type "ERROR:wrong_type"'), 1);
    // Every other message of the file is read.
    const all = raw("tcp-error-unexpected.json").messages;
    assert.equal(messages.length, all.length - 4);
    assert.ok(!messages.some((m) => m.messageId === 176169));
  });

  test("an export without date_unixtime needs a time zone", async () => {
    const error = await rejects(fixture("tg2md-private-channel.json"));
    assert.equal(error.path, "messages[0].date_unixtime");
    assert.match(error.message, /no date_unixtime/);
    assert.match(error.message, /--timezone/);
  });

  test("a truncated copy fails at its end, after yielding only whole messages", async () => {
    const bytes = readFileSync(fixture("tkonverter-private-group.json"));
    const cut = Math.floor(bytes.length * 0.6);
    const full = await collect(fixture("tkonverter-private-group.json"), { storeText: true, batchSize: 5 });
    const seen: MessageRecord[] = [];
    let failure: unknown;
    try {
      for await (const event of readExport(Readable.from([bytes.subarray(0, cut)]), {
        storeText: true,
        batchSize: 5,
      })) {
        if (event.type === "batch") seen.push(...(event.batch.messages ?? []));
      }
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof ExportFormatError);
    assert.match(failure.message, /unexpected end of file: the export is truncated/);
    assert.equal(failure.byteOffset, cut);
    assert.ok(seen.length > 0);
    assert.deepEqual(seen, full.messages.slice(0, seen.length));
  });
});

describe("real exports: chunk boundaries", () => {
  for (const name of [
    "tkonverter-private-group.json",
    "tcp-public_supergroup.json",
    "tg2md-private-channel.json",
    "tkonverter-personal-chat.json",
    "tcp-saved.json",
  ]) {
    test(`${name} read in 1–17 byte pieces gives the same events`, async () => {
      const options = { storeText: true, timezone: "UTC", batchSize: 7 };
      const whole = await collect(fixture(name), options);
      const pieces = await collect(trickle(readFileSync(fixture(name))), options);
      const strip = (events: ExportEvent[]) =>
        events.map((e) => (e.type === "chat" ? { ...e, chat: { ...e.chat, seenAt: 0 } } : e));
      assert.deepEqual(strip(pieces.events), strip(whole.events));
    });
  }

  test("the broken fixtures fail at the same place whatever the chunking", async () => {
    const options = { storeText: true, timezone: "UTC" };
    const whole = await rejects(fixture("tcp-error.json"), options);
    const pieces = await rejects(trickle(readFileSync(fixture("tcp-error.json")), 7), options);
    assert.equal(pieces.message, whole.message);
    // Messages with wrong fields are described the same way too.
    const text = Buffer.from(
      readFileSync(fixture("tcp-error-unexpected.json"), "utf8").replace(
        '"type": "saved_messages"',
        '"type": "private_group"',
      ),
    );
    const described = async (input: NodeJS.ReadableStream) =>
      (await collect(input, options)).events.filter((e) => e.type === "invalid");
    assert.deepEqual(await described(trickle(text, 7)), await described(Readable.from([text])));
  });
});
