// The fast path (reading a message straight from bytes) must agree with the slow path
// (JSON.parse + the same mapper) whenever it accepts a message, and must never accept
// what JSON.parse rejects. Checked on every real fixture message, on tricky hand-made
// ones, and on thousands of random corruptions.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { FieldError } from "../../../src/collectors/tdesktop/errors.js";
import { FastMessageParser, latin1 } from "../../../src/collectors/tdesktop/fast-message.js";
import { ChatState, MessageMapper } from "../../../src/collectors/tdesktop/messages.js";
import { ZoneClock } from "../../../src/collectors/tdesktop/time.js";
import { writeCommunityExport } from "../../../src/demo/index.js";

const FIXTURES = "/work/shared/fixtures/tdesktop";
const NAMES = [
  "tkonverter-personal-chat.json",
  "tkonverter-private-group.json",
  "tg2md-private-channel.json",
  "tcp-saved.json",
  "tcp-public_supergroup.json",
  "tcp-private_channel.json",
  "tcp-bot.json",
];

type Outcome = { records: unknown } | { error: string } | { refused: true };

const clock = new ZoneClock("Europe/Berlin");

function newChat(): ChatState {
  return new ChatState(-1000000000077, 77, "supergroup", "Group", true);
}

function snapshot(chat: ChatState): unknown {
  return {
    messages: chat.messages,
    users: chat.users,
    senderChats: chat.senderChats,
    userReactions: chat.userReactions,
    reactionCounts: chat.reactionCounts,
    memberEvents: chat.memberEvents,
    namedMembers: chat.namedMembers,
    skipped: [...chat.skipped],
  };
}

function run(add: (mapper: MessageMapper, chat: ChatState) => void): Outcome {
  const mapper = new MessageMapper({ storeText: true, clock });
  const chat = newChat();
  try {
    add(mapper, chat);
  } catch (error) {
    if (error instanceof FieldError) return { error: `${error.segments.join(".")}: ${error.message}` };
    throw error;
  }
  return { records: snapshot(chat) };
}

const parser = new FastMessageParser();

function fast(bytes: Buffer): Outcome {
  if (parser.parse(bytes, latin1(bytes, 0, bytes.length), 0, 0, bytes.length) !== bytes.length)
    return { refused: true };
  return run((mapper, chat) => mapper.add(chat, parser.message, false));
}

function slow(bytes: Buffer): Outcome | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  return run((mapper, chat) => mapper.add(chat, parsed, false));
}

function agree(bytes: Buffer): "accepted" | "refused" {
  const quick = fast(bytes);
  const reference = slow(bytes);
  if ("refused" in quick) return "refused";
  assert.ok(reference !== undefined, `fast path accepted invalid JSON: ${bytes.toString("utf8")}`);
  assert.deepEqual(quick, reference, bytes.toString("utf8"));
  return "accepted";
}

function fixtureMessages(): unknown[] {
  return NAMES.flatMap(
    (name) => (JSON.parse(readFileSync(`${FIXTURES}/${name}`, "utf8")) as { messages: unknown[] }).messages,
  );
}

/** Messages of a small demo community: reactions with `recent`, link entities, polls, service messages. */
let demo: unknown[] = [];
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), "pulse-fast-"));
  const path = join(dir, "demo.json");
  await writeCommunityExport(path, {
    seed: 5,
    members: 40,
    days: 10,
    messages: 1500,
    endDate: new Date("2025-01-01T00:00:00Z"),
  });
  demo = (JSON.parse(readFileSync(path, "utf8")) as { messages: unknown[] }).messages;
  rmSync(dir, { recursive: true, force: true });
});

describe("fast path ≡ JSON.parse path", () => {
  test("every message of every real fixture, pretty and compact", () => {
    let accepted = 0;
    for (const message of fixtureMessages()) {
      for (const text of [JSON.stringify(message, null, 1), JSON.stringify(message)]) {
        if (agree(Buffer.from(text)) === "accepted") accepted++;
      }
    }
    // Only the one message with an object where text belongs goes the slow way.
    assert.ok(accepted >= 2 * (fixtureMessages().length - 2), `accepted ${accepted}`);
  });

  test("every message of a demo community", () => {
    assert.ok(demo.length > 1000);
    for (const message of demo) assert.equal(agree(Buffer.from(JSON.stringify(message, null, 1))), "accepted");
  });

  test("escapes, numbers, nesting, duplicates, odd types", () => {
    const samples = [
      '{"id":1,"type":"message","date_unixtime":"1714557600","from":"\\u0410\\u043b\\u0451\\"q\\"","from_id":"user5","text":"tab\\tnew\\nline \\ud83d\\ude00 \\/"}',
      '{"id":2,"type":"message","date_unixtime":1714557600.5,"from_id":7,"text":["a",{"type":"bold","text":"b","extra":[1,{"x":null}]},"c"],"text_entities":[]}',
      '{"id":3,"type":"message","date_unixtime":"1714557600","from_id":"user1","photo":null,"location_information":null,"text":""}',
      '{"id":4,"type":"message","date_unixtime":"1714557600","from_id":"user1","type":"service","action":"pin_message","message_id":3}',
      '{"id":5,"type":"message","date_unixtime":"1714557600","from_id":"user1","unknown":{"deep":[[[[{"a":[-0.5e-3,1E+2,0]}]]]]},"text":"x"}',
      '{"id":6,"type":"message","date_unixtime":"01","from_id":"user1"}',
      '{"id":7,"type":"message","date_unixtime":"","from_id":"user1"}',
      '{"id":8,"type":"message","date_unixtime":"1714557600","from_id":"channel3","text":5}',
      '{"id":9,"type":"message","date_unixtime":"1714557600","from_id":"user1","text_entities":[{"text":1}]}',
      '{"id":10,"type":"message","date":"2024-10-27T02:30:00","from_id":"user1","edited":"2024-10-27T02:20:00"}',
      '{"id":11,"type":"message","date_unixtime":"1714557600","from_id":true}',
      '{"id":12.5,"type":"message"}',
      '{"type":"unsupported"}',
      "{}",
      '{"id":13,"type":"message","date_unixtime":"1714557600","from_id":"user1","reactions":[{"type":"emoji","count":2,"emoji":"\\ud83d\\udc4d","recent":[{"from":"B","from_id":"user2","date":"2024-05-01T12:00:00"}]}]}',
      '{"id":14,"type":"service","date_unixtime":"1714557600","actor":"A","actor_id":"user1","action":"invite_members","members":["A","B",null]}',
      '{"\\u0069d":15,"type":"message","date_unixtime":"1714557600"}',
      '{ "id" : 16 , "type" : "message" , "date_unixtime" : "1714557600" , "text" : [ ] }',
      '{"id":17,"type":"message","date_unixtime":"1714557600","from_id":"user1","reactions":[{"\\u0074ype":"paid","count":1}]}',
      '{"id":18,"type":"message","date_unixtime":"1714557600","from_id":"user1","reactions":[{"type":"emoji","count":1,"emoji":"x","recent":null,"extra":[1]}]}',
      '{"id":19,"type":"message","date_unixtime":"1714557600","from_id":"user1","reactions":[{"type":"emoji","count":1,"emoji":"x","recent":[{"from":"A","from_id":"user2","date":"bad"}]}]}',
    ];
    for (const sample of samples) agree(Buffer.from(sample));
  });

  test("a text that opens with a bot command is kind 'command' on both paths", () => {
    const head = '"type":"message","date_unixtime":"1714557600","from_id":"user1"';
    const samples: [string, string][] = [
      [
        `{"id":1,${head},"text":[{"type":"bot_command","text":"/top"}," week"],"text_entities":[{"type":"bot_command","text":"/top"},{"type":"plain","text":" week"}]}`,
        "command",
      ],
      [`{"id":2,${head},"text_entities":[{"text":"/top","type":"bot_command"}]}`, "command"],
      [`{"id":3,${head},"text_entities":[{"type":"bot_command","type":"plain","text":"/top"}]}`, "text"],
      [`{"id":4,${head},"text_entities":[{"type":"plain","type":"bot_command","text":"/top"}]}`, "command"],
      [`{"id":5,${head},"text_entities":[{"type":"bot\\u005fcommand","text":"/top"}]}`, "command"],
      [`{"id":6,${head},"text_entities":[{"type":"bot_command","type":7,"text":"/top"}]}`, "text"],
      [
        `{"id":7,${head},"text_entities":[{"type":"plain","text":"see "},{"type":"bot_command","text":"/top"}]}`,
        "text",
      ],
      [`{"id":8,${head},"text":[{"type":"bot_command","text":"/start"}]}`, "command"],
      [`{"id":9,${head},"text":[{"type":"bot_command","text":"/start"}],"text_entities":[]}`, "command"],
      [`{"id":10,${head},"text":"/start","text_entities":[{"type":"plain","text":"/start"}]}`, "text"],
      [`{"id":11,${head},"photo":"p.jpg","text_entities":[{"type":"bot_command","text":"/start"}]}`, "photo"],
    ];
    for (const [sample, kind] of samples) {
      assert.equal(agree(Buffer.from(sample)), "accepted", sample);
      const outcome = fast(Buffer.from(sample)) as { records: { messages: { kind: string }[] } };
      assert.equal(outcome.records.messages[0]?.kind, kind, sample);
    }
  });

  test("what JSON.parse rejects, the fast path refuses", () => {
    const invalid = [
      '{"id":1,"text":"a\u0001b"}',
      '{"id":1,"text":"a\\x0Bb"}',
      '{"id":1,"text":"a\\qb"}',
      '{"id":1,"text":"\\u12G4"}',
      '{"id":1,}',
      '{"id":1,"a":[1,2,]}',
      '{"id":01}',
      '{"id":1.}',
      '{"id":.5}',
      '{"id":-}',
      '{"id":1e}',
      '{"id":tru}',
      '{"id":nul}',
      '{"id":1 "type":"message"}',
      '{"id":[1}',
      '{"id":{"a":1]}',
      '{"id":1',
      '{"id":"abc',
      "{id:1}",
      "{'id':1}",
    ];
    for (const sample of invalid) {
      assert.equal(agree(Buffer.from(sample)), "refused", sample);
      assert.throws(() => JSON.parse(sample), sample);
    }
  });

  test("thousands of random corruptions never make the two paths disagree", () => {
    let state = 12345;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const alphabet = '{}[],:"\\ 0123456789-.eEtrufalsn\u0001xu';
    const messages = [...fixtureMessages(), ...demo.filter((_, i) => i % 5 === 0)].map((m) =>
      Buffer.from(JSON.stringify(m, null, 1)),
    );
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 8000; round++) {
      const original = messages[random(messages.length)] as Buffer;
      const bytes = Buffer.from(original);
      const edits = 1 + random(3);
      let mutated: Buffer = bytes;
      for (let e = 0; e < edits; e++) {
        const at = random(mutated.length);
        const char = Buffer.from(alphabet[random(alphabet.length)] as string);
        const kind = random(3);
        mutated =
          kind === 0
            ? Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1)])
            : kind === 1
              ? Buffer.concat([mutated.subarray(0, at), char, mutated.subarray(at)])
              : Buffer.concat([mutated.subarray(0, at), char, mutated.subarray(at + 1)]);
      }
      if (mutated[0] !== 0x7b) continue;
      // The fast path reads up to the matching brace; give it exactly one object's bytes.
      if (agree(mutated) === "accepted") accepted++;
      else refused++;
    }
    assert.ok(accepted > 500 && refused > 500, `accepted ${accepted}, refused ${refused}`);
  });
});
