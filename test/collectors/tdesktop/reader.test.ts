// The reader on hand-made exports: hazards of real files (control characters, DST, unknown
// fields), whole-account exports, bad input, and flat memory on a large file.
import assert from "node:assert/strict";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, describe, test } from "node:test";
import v8 from "node:v8";
import vm from "node:vm";
import { type ExportEvent, ExportFormatError, readExport } from "../../../src/collectors/tdesktop/index.js";
import { INVALID_MESSAGE } from "../../../src/collectors/tdesktop/reader.js";
import type { ChatRecord, MessageRecord } from "../../../src/ingest/records.js";

type Options = Parameters<typeof readExport>[1];

function stream(text: string | Buffer): Readable {
  return Readable.from([typeof text === "string" ? Buffer.from(text) : text]);
}

async function events(input: string | Buffer, options: Options = { storeText: true }): Promise<ExportEvent[]> {
  const out: ExportEvent[] = [];
  for await (const event of readExport(stream(input), options)) out.push(event);
  return out;
}

const messagesOf = (list: ExportEvent[]): MessageRecord[] =>
  list.flatMap((e) => (e.type === "batch" ? (e.batch.messages ?? []) : []));

async function failure(input: string | Buffer, options: Options = { storeText: true }): Promise<ExportFormatError> {
  try {
    await events(input, options);
  } catch (error) {
    assert.ok(error instanceof ExportFormatError, `expected ExportFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected an ExportFormatError");
}

/** A one-chat export in Telegram Desktop's layout around the given message objects. */
function chat(messages: object[], header: object = { name: "Group", type: "private_supergroup", id: 77 }): string {
  const head = JSON.stringify(header, null, 1).slice(0, -2);
  const body = messages.map((m) => JSON.stringify(m, null, 1).replace(/\n/g, "\n  ")).join(",\n  ");
  return `${head},\n "messages": [\n  ${body}\n ]\n}\n`;
}

const message = (id: number, extra: object = {}) => ({
  id,
  type: "message",
  date: "2024-05-01T10:00:00",
  date_unixtime: String(1714557600 + id),
  from: "Alice",
  from_id: "user42",
  text: `hello ${id}`,
  text_entities: [{ type: "plain", text: `hello ${id}` }],
  ...extra,
});

describe("hazards of real exports", () => {
  test("raw control characters and \\x escapes inside strings are repaired, with one warning", async () => {
    const text = chat([message(1, { text: "a\u0001b\nc\tz", text_entities: undefined }), message(2)]).replace(
      '"hello 2"',
      '"x\\x0By"',
    );
    // JSON.stringify escaped the control characters: put them back raw, as broken exports have them.
    const broken = text.replace("a\\u0001b\\nc\\tz", "a\u0001b\nc\tz");
    assert.notEqual(broken, text);
    const list = await events(broken);
    const records = messagesOf(list);
    assert.equal(records[0]?.text, "a\u0001b\nc\tz");
    assert.equal(records[0]?.textLength, 7);
    assert.equal(records[1]?.text, "hello 2"); // text_entities wins; `text` held the \x escape
    const warnings = list.filter((e) => e.type === "warning");
    assert.equal(warnings.length, 1);
    assert.match((warnings[0] as { message: string }).message, /repaired 4 raw control characters/);
  });

  test("raw control characters across chunk boundaries are found too", async () => {
    const text = chat([message(1, { text: "x\u0002y", text_entities: undefined })]).replace("x\\u0002y", "x\u0002y");
    const bytes = Buffer.from(text);
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 3) pieces.push(bytes.subarray(i, i + 3));
    const list: ExportEvent[] = [];
    for await (const event of readExport(Readable.from(pieces), { storeText: true })) list.push(event);
    assert.equal(messagesOf(list)[0]?.text, "x\u0002y");
    assert.equal(list.filter((e) => e.type === "warning").length, 1);
  });

  test("wall-clock dates across the March DST jump in Europe/Berlin", async () => {
    const local = ["2024-03-31T01:59:59", "2024-03-31T03:00:00", "2024-03-31T03:30:00", "2024-03-30T12:00:00"];
    const list = await events(
      chat(local.map((date, i) => ({ id: i + 1, type: "message", date, from: "A", from_id: 1, text: "t" }))),
      { storeText: false, timezone: "Europe/Berlin" },
    );
    assert.deepEqual(
      messagesOf(list).map((m) => m.date.toISOString()),
      ["2024-03-31T00:59:59.000Z", "2024-03-31T01:00:00.000Z", "2024-03-31T01:30:00.000Z", "2024-03-30T11:00:00.000Z"],
    );
  });

  test("the repeated hour in October is read in message order", async () => {
    const local = ["2024-10-27T02:10:00", "2024-10-27T02:50:00", "2024-10-27T02:20:00", "2024-10-27T03:10:00"];
    const list = await events(
      chat(local.map((date, i) => ({ id: i + 1, type: "message", date, from: "A", from_id: 1, text: "t" }))),
      { storeText: false, timezone: "Europe/Berlin" },
    );
    assert.deepEqual(
      messagesOf(list).map((m) => m.date.toISOString()),
      ["2024-10-27T00:10:00.000Z", "2024-10-27T00:50:00.000Z", "2024-10-27T01:20:00.000Z", "2024-10-27T02:10:00.000Z"],
    );
  });

  test("an unknown time zone is refused before reading", async () => {
    await assert.rejects(
      events(chat([message(1)]), { storeText: true, timezone: "Mars/Olympus" }),
      /unknown time zone/,
    );
  });

  test("unknown fields and unknown raw types: ignored, or skipped with a reason", async () => {
    const list = await events(
      chat([
        message(1, { rich_message: { blocks: [{ type: "x", items: [1, 2.5e3, null, true] }] }, "ünïcode key": "v" }),
        { id: 2, type: "sponsored", date_unixtime: "1714557600" },
        { id: 3, type: "unsupported" },
      ]),
    );
    assert.deepEqual(
      messagesOf(list).map((m) => m.messageId),
      [1],
    );
    const skipped = list.filter((e) => e.type === "skipped");
    assert.deepEqual(
      skipped.map((e) => (e.type === "skipped" ? [e.reason, e.count] : [])),
      [
        ['message type "sponsored"', 1],
        ["unsupported message", 1],
      ],
    );
  });

  test("storeText false keeps lengths in code points, not text", async () => {
    const list = await events(chat([message(1, { text_entities: [{ type: "plain", text: "héllo 👋🏽" }] })]), {
      storeText: false,
    });
    const [record] = messagesOf(list);
    assert.equal(record?.text, null);
    assert.equal(record?.textLength, 8);
  });

  test("senders: channels, anonymous admins, linked-channel posts; chatId override", async () => {
    const list = await events(
      chat([
        message(1, { from: "Group", from_id: "channel77" }),
        message(2, { from: "News", from_id: "channel555", forwarded_from: "News", forwarded_from_id: "channel555" }),
        message(3, { forwarded_from: "Someone hidden" }),
        message(6, { from: "News", from_id: "channel555", forwarded_from: "News" }),
        message(4, { forwarded_from: "Bob", forwarded_from_id: "user43" }),
        message(5, { from: null, from_id: "user44", message_thread_id: 9 }),
      ]),
      { storeText: true, chatId: -1009999 },
    );
    const records = messagesOf(list);
    assert.deepEqual(
      records.map((m) => [m.chatId, m.userId, m.senderChatId, m.forwardOrigin, m.forwardFromId, m.isAutomaticForward]),
      [
        [-1009999, null, -1009999, null, null, false], // "channel77" is the chat itself
        [-1009999, null, -1000000000555, "channel", -1000000000555, true],
        [-1009999, 42, null, "hidden_user", null, false],
        [-1009999, null, -1000000000555, "channel", -1000000000555, true], // named only: the sender is the channel
        [-1009999, 42, null, "user", 43, false],
        [-1009999, 44, null, null, null, false],
      ],
    );
    assert.equal(records[2]?.forwardFromName, "Someone hidden");
    assert.equal(records[5]?.threadId, 9);
    const batch = list.find((e) => e.type === "batch");
    assert.ok(batch?.type === "batch");
    const chats = batch.batch.chats as ChatRecord[];
    assert.equal(chats[0]?.linkedChatId, -1000000000555);
    assert.deepEqual(
      chats.slice(1).map((c) => [c.id, c.type, c.title]),
      [[-1000000000555, "channel", "News"]],
    );
    assert.deepEqual(
      (batch.batch.users ?? []).map((u) => [u.id, u.firstName]),
      [
        [42, "Alice"],
        [43, "Bob"],
        [44, null],
      ],
    );
  });

  test("member events: self-invites, removals, leaves, names resolved later in the chat", async () => {
    const service = (id: number, actor: string, actorId: string, action: string, extra: object = {}) => ({
      id,
      type: "service",
      date: "2024-05-01T10:00:00",
      date_unixtime: String(1714557600 + id),
      actor,
      actor_id: actorId,
      action,
      ...extra,
      text: "",
    });
    const list = await events(
      chat([
        service(1, "Admin", "user1", "invite_members", { members: ["Carol", "Dave", "Twin"] }),
        service(2, "Erin", "user5", "invite_members", { members: ["Erin"] }),
        service(3, "Admin", "user1", "remove_members", { members: ["Carol"] }),
        service(4, "Erin", "user5", "remove_members", { members: ["Erin"] }),
        service(5, "Channel", "channel9", "join_group_by_link", {}),
        message(6, { from: "Carol", from_id: "user3" }),
        message(7, { from: "Twin", from_id: "user7" }),
        message(8, { from: "Twin", from_id: "user8" }),
      ]),
    );
    const memberEvents = list.flatMap((e) => (e.type === "batch" ? (e.batch.memberEvents ?? []) : []));
    assert.deepEqual(
      memberEvents.map((e) => [e.userId, e.kind, e.method, e.actorId, e.occurredAt.getTime() / 1000 - 1714557600]),
      [
        [5, "join", "self", null, 2],
        [5, "leave", null, null, 4],
        [3, "join", "added", 1, 1],
        [3, "kick", null, 1, 3],
      ],
    );
    const skipped = new Map(list.flatMap((e) => (e.type === "skipped" ? [[e.reason, e.count] as const] : [])));
    assert.equal(skipped.get("member listed by name without a known user id"), 2); // Dave (never seen), Twin (two ids)
    assert.equal(skipped.get("service action without user id"), 1);
  });

  test("reactions: one state per reactor, dated by their newest recent reaction", async () => {
    const list = await events(
      chat([
        message(1, {
          date: "2024-05-01T12:00:01",
          reactions: [
            {
              type: "emoji",
              count: 3,
              emoji: "👍",
              recent: [
                { from: "Bob", from_id: "user43", date: "2024-05-01T12:05:00" },
                { from: "Chan", from_id: "channel9", date: "2024-05-01T12:06:00" },
              ],
            },
            {
              type: "emoji",
              count: 1,
              emoji: "❤",
              recent: [{ from: "Bob", from_id: "user43", date: "2024-05-01T12:09:00" }],
            },
            { type: "custom_emoji", count: 2, document_id: "5368324170671202286" },
            { type: "paid", count: 40, recent: [{ from: "Bob", from_id: "user43", date: "2024-05-01T12:01:00" }] },
          ],
        }),
      ]),
    );
    const batch = list.find((e) => e.type === "batch");
    assert.ok(batch?.type === "batch");
    // The export machine ran two hours ahead of UTC (date vs date_unixtime): recent dates use that offset.
    assert.deepEqual(
      (batch.batch.userReactions ?? []).map((r) => [r.actorId, r.reactions, r.date.toISOString()]),
      [
        [43, ["👍", "❤", "paid"], "2024-05-01T10:09:00.000Z"],
        [-1000000000009, ["👍"], "2024-05-01T10:06:00.000Z"],
      ],
    );
    assert.deepEqual(
      (batch.batch.reactionCounts ?? []).map((r) => [r.counts, r.date.toISOString()]),
      [
        [
          [
            { reaction: "👍", count: 3 },
            { reaction: "❤", count: 1 },
            { reaction: "custom:5368324170671202286", count: 2 },
            { reaction: "paid", count: 40 },
          ],
          "2024-05-01T10:09:00.000Z",
        ],
      ],
    );
  });
});

describe("whole-account exports", () => {
  const account = JSON.stringify(
    {
      about: "Here is the data you requested.",
      personal_information: { user_id: 1, first_name: "Me", last_name: "", phone_number: "+0", bio: "" },
      profile_pictures: [{ date: "2020-01-01T00:00:00", photo: "profile_pictures/p.jpg" }],
      contacts: { about: "", list: [{ user_id: 2, first_name: "Al", last_name: "", phone_number: "+1", date: "x" }] },
      frequent_contacts: { about: "", list: [{ id: 2, category: "people", type: "user", name: "Al", rating: 1.5 }] },
      chats: {
        about: "",
        list: [
          { name: "Al", type: "personal_chat", id: 2, messages: [message(1), message(2)] },
          {
            name: "Old group",
            type: "private_group",
            id: 300,
            messages: [
              message(9),
              {
                id: 10,
                type: "service",
                date_unixtime: "1714560000",
                actor: "Me",
                actor_id: "user1",
                action: "migrate_to_supergroup",
                text: "",
              },
            ],
          },
          {
            name: "Old group",
            type: "private_supergroup",
            id: 400,
            messages: [
              {
                id: 1,
                type: "service",
                date_unixtime: "1714560001",
                actor: "Old group",
                actor_id: "channel400",
                action: "migrate_from_group",
                title: "Old group",
                text: "",
              },
              message(2),
            ],
          },
        ],
      },
      left_chats: {
        about: "",
        list: [
          {
            name: "Left channel",
            type: "public_channel",
            id: 500,
            messages: [message(1, { from: "Left channel", from_id: "channel500" })],
          },
        ],
      },
      other_data: { about: "", changes_log: [] },
    },
    null,
    1,
  );

  test("chats and left chats are read; personal chats and other sections are skipped", async () => {
    const list = await events(account);
    const chats = list.flatMap((e) => (e.type === "chat" ? [[e.chat.id, e.chat.type, e.exportType]] : []));
    assert.deepEqual(chats, [
      [-300, "group", "private_group"],
      [-1000000000400, "supergroup", "private_supergroup"],
      [-1000000000500, "channel", "public_channel"],
    ]);
    const skipped = list.filter((e) => e.type === "skipped");
    assert.deepEqual(skipped, [{ type: "skipped", chatId: 2, reason: "personal chat", count: 2 }]);
    const records = messagesOf(list);
    assert.deepEqual(
      records.map((m) => [m.chatId, m.messageId]),
      [
        [-300, 9],
        [-300, 10],
        [-1000000000400, 1],
        [-1000000000400, 2],
        [-1000000000500, 1],
      ],
    );
    assert.equal(records.at(-1)?.senderChatId, -1000000000500);
  });

  test("a migration whose two sides are both in the export is recorded on the basic group", async () => {
    const list = await events(account);
    const migrated = list
      .flatMap((e) => (e.type === "batch" ? (e.batch.chats ?? []) : []))
      .filter((c) => c.migratedToChatId !== undefined);
    assert.deepEqual(
      migrated.map((c) => [c.id, c.type, c.migratedToChatId]),
      [[-300, "group", -1000000000400]],
    );
  });

  test("chatId cannot override the chats of a whole-account export", async () => {
    await assert.rejects(events(account, { storeText: true, chatId: -5 }), /single-chat export/);
  });
});

describe("bad input", () => {
  test("not an export: empty object, array, scalar, other JSON, empty file", async () => {
    for (const text of ["{}", '{"foo": [1, 2], "bar": {}}']) {
      const error = await failure(text);
      assert.match(error.message, /not a Telegram Desktop export: expected "messages"/);
    }
    for (const text of ["[]", '[{"id": 1}]', '"text"', "42"]) {
      const error = await failure(text);
      assert.match(error.message, /not a Telegram Desktop export: expected a JSON object/);
      assert.equal(error.byteOffset, 0);
    }
    assert.match((await failure("")).message, /empty/);
    assert.match((await failure("  \n ")).message, /only whitespace/);
  });

  test("a broken structure or chat header stops the import with its JSON path", async () => {
    const cases: [string, string, RegExp][] = [
      [
        '{"name": "g", "type": "private_supergroup", "id": 5, "messages": {}}',
        "messages",
        /expected an array, found an object/,
      ],
      [
        '{"name": "g", "type": "private_supergroup", "id": "5", "messages": []}',
        "id",
        /expected a positive numeric chat id/,
      ],
    ];
    for (const [text, path, problem] of cases) {
      const error = await failure(text);
      assert.equal(error.path, path, error.message);
      assert.match(error.message, problem);
    }
  });

  test("a message with wrong fields is left out, counted and located; the rest is read", async () => {
    const cases: [string, string, RegExp][] = [
      [chat([message(1), { ...message(2), id: "2" }]), "messages[1].id", /expected a 32-bit integer message id/],
      [
        chat([message(1), { ...message(2), date_unixtime: "soon" }]),
        "messages[1].date_unixtime",
        /expected a number of seconds/,
      ],
      [
        chat([message(1), { ...message(2), text_entities: [{ type: "bold" }] }]),
        "messages[1].text_entities[0]",
        /expected a string/,
      ],
      [
        chat([message(1), { ...message(2), reactions: [{ type: "emoji", count: "3", emoji: "👍" }] }]),
        "messages[1].reactions[0].count",
        /expected a count/,
      ],
      [chat([message(1), { ...message(2), from_id: 0 }]), "messages[1].from_id", /expected "user<id>"/],
      [
        JSON.stringify({
          chats: { list: [{ name: "x", type: "private_group", id: 3, messages: [message(1), "oops"] }] },
        }),
        "chats.list[0].messages[1]",
        /expected a message object/,
      ],
    ];
    for (const [text, path, problem] of cases) {
      const list = await events(text);
      assert.deepEqual(
        messagesOf(list).map((m) => m.messageId),
        [1],
        path,
      );
      const invalid = list.filter((e) => e.type === "invalid");
      assert.equal(invalid.length, 1, path);
      const described = (invalid[0] as { message: string }).message;
      assert.ok(described.startsWith(`${path}: `), described);
      assert.match(described, problem);
      assert.match(described, /\(line \d+, column \d+, byte \d+\)$/);
      const skipped = list.find((e) => e.type === "skipped" && e.reason === INVALID_MESSAGE);
      assert.equal(skipped?.type === "skipped" && skipped.count, 1, path);
    }
  });

  test("the chat's type and id must precede its messages", async () => {
    const error = await failure('{"messages": [], "type": "private_group", "id": 1}');
    assert.match(error.message, /"type" and "id" must come before/);
  });

  test("invalid JSON inside a message: exact line, column and byte", async () => {
    const good = chat([message(1), message(2)]);
    const text = good.replace(
      '"from_id": "user42",\n   "text": "hello 2"',
      '"from_id": "user42"\n   "text": "hello 2"',
    );
    assert.notEqual(text, good);
    const at = text.indexOf('"text": "hello 2"');
    const error = await failure(text);
    assert.equal(error.byteOffset, at);
    assert.equal(error.line, text.slice(0, at).split("\n").length);
    assert.equal(error.column, at - text.lastIndexOf("\n", at - 1));
    assert.equal(error.path, "messages[1]");
    assert.match(error.message, /invalid JSON: unexpected '"', expected ',' or '}'/);
  });

  test("an invalid message leaves nothing of itself behind: no reactions, users or sender chat", async () => {
    // Message 4 names a new user, a new sender chat and a reactor before its last reaction
    // turns out invalid; message 5 is fine. Nothing of message 4 may reach the records, and
    // the users it named first must still be emitted when a valid message names them.
    const bad = message(4, {
      from: "Chan",
      from_id: "channel900",
      forwarded_from: "Fwd",
      forwarded_from_id: "user700",
      reactions: [
        {
          type: "emoji",
          count: 1,
          emoji: "👍",
          recent: [{ from: "Rea", from_id: "user800", date: "2024-05-01T12:00:00" }],
        },
        { type: "emoji", count: 1, emoji: "a\u0000b" },
      ],
    });
    const good = message(5, {
      from: "Chan",
      from_id: "channel900",
      forwarded_from: "Fwd",
      forwarded_from_id: "user700",
      reactions: [
        {
          type: "emoji",
          count: 1,
          emoji: "👍",
          recent: [{ from: "Rea", from_id: "user800", date: "2024-05-01T12:00:00" }],
        },
      ],
    });
    const text = chat([message(1), message(2), message(3), bad, good]);
    const list = await events(text, { storeText: true, batchSize: 2 });
    assert.deepEqual(
      messagesOf(list).map((m) => m.messageId),
      [1, 2, 3, 5],
    );
    const batches = list.flatMap((e) => (e.type === "batch" ? [e.batch] : []));
    const states = batches.flatMap((b) => b.userReactions ?? []);
    assert.deepEqual(
      states.map((s) => [s.messageId, s.actorId]),
      [[5, 800]],
    );
    assert.deepEqual(
      batches.flatMap((b) => b.reactionCounts ?? []).map((s) => s.messageId),
      [5],
    );
    assert.deepEqual(
      batches
        .flatMap((b) => b.users ?? [])
        .map((u) => u.id)
        .sort(),
      [42, 700, 800],
    );
    assert.deepEqual(batches.flatMap((b) => b.chats ?? []).filter((c) => c.id === -1000000000900).length, 1);
    const invalid = list.find((e) => e.type === "invalid");
    assert.match((invalid as { message: string }).message, /^messages\[3\]\.reactions\[1\]\.emoji: .*NUL/);
  });

  test("an unclosed string does not swallow memory: the file ends first", async () => {
    const text = chat([message(1), message(2)]).replace('"hello 2",', '"hello 2,');
    const error = await failure(text);
    assert.match(error.message, /truncated/);
  });
});

describe("large files", () => {
  const dir = mkdtempSync(join(tmpdir(), "pulse-tdesktop-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("500,000 messages with flat memory", async () => {
    const path = join(dir, "large.json");
    const count = 500_000;
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path);
      out.on("error", reject);
      out.write('{\n "name": "Big",\n "type": "public_supergroup",\n "id": 123,\n "messages": [');
      const block: string[] = [];
      for (let i = 1; i <= count; i++) {
        const t = 1700000000 + i * 7;
        block.push(
          `${i === 1 ? "" : ","}\n  {\n   "id": ${i},\n   "type": "message",\n   "date": "2023-11-14T22:13:20",\n   "date_unixtime": "${t}",\n   "from": "User ${i % 500}",\n   "from_id": "user${1000 + (i % 500)}",\n   ${i % 5 === 0 ? `"reply_to_message_id": ${i - 1},\n   ` : ""}"text": "message number ${i} привет",\n   "text_entities": [\n    {\n     "type": "plain",\n     "text": "message number ${i} привет"\n    }\n   ]\n  }`,
        );
        if (block.length === 5000) out.write(block.splice(0).join(""));
      }
      out.write(`${block.join("")}\n ]\n}\n`);
      out.end(resolve);
    });

    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let messages = 0;
    let batches = 0;
    let lastId = 0;
    const started = performance.now();
    for await (const event of readExport(path, { storeText: true })) {
      if (event.type !== "batch") continue;
      messages += event.messages;
      lastId = event.batch.messages?.at(-1)?.messageId ?? lastId;
      if (++batches % 20 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    assert.equal(messages, count);
    assert.equal(lastId, count);
    assert.ok(peak < 48 * 1024 * 1024, `heap grew by ${Math.round(peak / 1024 / 1024)} MB`);
    console.log(
      `read ${count} messages in ${seconds.toFixed(2)} s (${Math.round(count / seconds)} msgs/s), heap growth ≤ ${Math.round(peak / 1024 / 1024)} MB`,
    );
  });
});
