// The callback-data codec: values survive a round trip, the wire format of buttons already
// sent is still read, Telegram's 64-byte limit is enforced, and filters match only data that
// unpacks — so malformed presses fall through to the last handler.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Api, Composer, Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import {
  CALLBACK_DATA_MAX_BYTES,
  CallbackDataError,
  callbackData,
  callbackKindOf,
  callbackKinds,
  exportPicker,
  field,
  importZone,
  influencePicker,
  statsPicker,
  statsView,
} from "../../src/bot/callback-data.js";

const BOT = {
  id: 1,
  is_bot: true,
  first_name: "Pulse",
  username: "pulse_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
} as UserFromGetMe;

describe("callback data", () => {
  test("round trips, in the format the buttons used before", () => {
    const data = statsView.pack({ chatId: -1001234567890, period: "2026-03-01..2026-03-31", chart: "top" });
    assert.equal(data, "s|-1001234567890|2026-03-01..2026-03-31|top");
    assert.deepEqual(statsView.unpack(data), {
      chatId: -1001234567890,
      period: "2026-03-01..2026-03-31",
      chart: "top",
    });
    assert.equal(statsPicker.pack({ chatId: -100987 }), "p|-100987");
    assert.equal(exportPicker.pack({ chatId: 42, period: "30d" }), "e|42|30d");
    assert.equal(influencePicker.pack({ chatId: -5 }), "i|-5");
    assert.equal(importZone.pack({ token: "Ab-_0123", zone: 7 }), "iz|Ab-_0123|7");
    // Buttons sent by earlier versions carry exactly these strings.
    assert.deepEqual(statsView.unpack("s|-100200|7d|hours"), { chatId: -100200, period: "7d", chart: "hours" });
    assert.deepEqual(importZone.unpack("iz|AAAAAAAA|12"), { token: "AAAAAAAA", zone: 12 });
    assert.deepEqual(exportPicker.unpack("e|-100200|all"), { chatId: -100200, period: "all" });
  });

  test("values that do not fit, and data over 64 bytes, are refused when packing", () => {
    assert.throws(() => statsPicker.pack({ chatId: 1.5 }), CallbackDataError);
    assert.throws(() => statsPicker.pack({ chatId: Number.MAX_SAFE_INTEGER + 2 }), CallbackDataError);
    assert.throws(() => statsView.pack({ chatId: 1, period: "7d|x", chart: "top" }), CallbackDataError);
    assert.throws(() => importZone.pack({ token: "short", zone: 1 }), CallbackDataError);
    assert.throws(() => importZone.pack({ token: "AAAAAAAA", zone: 100 }), CallbackDataError);
    const long = callbackData("tlong", { note: field.text(/[a-z]{1,80}/) }, { rateLimit: "light" });
    const fits = long.pack({ note: "a".repeat(CALLBACK_DATA_MAX_BYTES - "tlong|".length) });
    assert.equal(Buffer.byteLength(fits), 64);
    assert.throws(
      () => long.pack({ note: "a".repeat(CALLBACK_DATA_MAX_BYTES - "tlong|".length + 1) }),
      /65 bytes, Telegram allows 64/,
    );
    // Bytes, not characters: Cyrillic letters take two each.
    const words = callbackData("tword", { word: field.text(/[а-я]{1,40}/) }, { rateLimit: "light" });
    assert.throws(() => words.pack({ word: "я".repeat(30) }), /66 bytes/);
  });

  test("malformed data does not unpack and does not match the filter", () => {
    const bad = [
      "s|-100200|7d", // a field missing
      "s|-100200|7d|top|x", // one too many
      "s|abc|7d|top",
      "s|-100200|7D|top",
      "s|99999999999999999|7d|top", // not a safe integer
      "iz|AAAAAAAA|100", // zone out of bounds
      "iz|AAAA|1",
      "p|1 ",
      "x|1",
      "",
    ];
    for (const data of bad) {
      assert.equal(callbackKindOf(data), undefined, data);
      for (const kind of [statsView, statsPicker, importZone]) {
        assert.equal(kind.parse(data), undefined, data);
        assert.equal(kind.filter().test(data), false, data);
        assert.equal(data.match(kind.filter()), null, data);
      }
    }
    assert.throws(() => statsView.unpack("s|abc|7d|top"), CallbackDataError);
  });

  test("filters narrow by field values and grammY routes by them", async () => {
    assert.ok(statsView.filter({ chart: "top" }).test("s|1|7d|top"));
    assert.equal(statsView.filter({ chart: "top" }).test("s|1|7d|hours"), false);
    assert.equal(statsView.filter({ chatId: -1 }).test("s|-10|7d|top"), false);
    const seen: string[] = [];
    const composer = new Composer();
    composer.callbackQuery(statsView.filter(), (ctx) => {
      seen.push(`stats ${JSON.stringify(statsView.unpack(ctx.callbackQuery.data))}`);
    });
    composer.callbackQuery(importZone.filter(), (ctx) => {
      seen.push(`zone ${importZone.unpack(ctx.callbackQuery.data).zone}`);
    });
    composer.on("callback_query", (ctx) => {
      seen.push(`stray ${ctx.callbackQuery.data}`);
    });
    const middleware = composer.middleware();
    for (const data of ["s|5|30d|top", "iz|AAAAAAAA|3", "iz|AAAAAAAA|300", "s|5|30d"]) {
      const from = { id: 1, is_bot: false, first_name: "A" };
      const update = { update_id: 1, callback_query: { id: "1", data, chat_instance: "x", from } };
      await middleware(new Context(update, new Api("0:test"), BOT), async () => {});
    }
    assert.deepEqual(seen, [
      'stats {"chatId":5,"period":"30d","chart":"top"}',
      "zone 3",
      "stray iz|AAAAAAAA|300",
      "stray s|5|30d",
    ]);
  });

  test("each kind knows its rate-limit class, and prefixes are unique", () => {
    assert.equal(callbackKindOf("s|1|7d|top")?.rateLimit, "heavy");
    assert.equal(callbackKindOf("p|1")?.rateLimit, "heavy");
    assert.equal(callbackKindOf("e|1|7d")?.rateLimit, "heavy");
    assert.equal(callbackKindOf("i|1")?.rateLimit, "heavy");
    assert.equal(callbackKindOf("iz|AAAAAAAA|1")?.rateLimit, "light");
    assert.throws(() => callbackData("s", {}, { rateLimit: "light" }), /declared twice/);
    assert.throws(() => callbackData("a|b", {}, { rateLimit: "light" }), /lowercase/);
    assert.throws(() => field.text(/.+/), /allows "\|"/);
    const prefixes = callbackKinds().map((kind) => kind.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
  });
});
