// Per-chat settings on both engines: what a typed time zone resolves to (and what is refused),
// partial updates that do not undo each other, the time zone's own path, and the cache.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pino from "pino";
import type { Database } from "../../src/db/client.js";
import { BatchWriter } from "../../src/ingest/writer.js";
import {
  ChatSettingsCache,
  getChatSettings,
  resolveTimezone,
  setChatTimezone,
  updateChatSettings,
} from "../../src/settings/chat-settings.js";
import { testEngines } from "../helpers/db.js";
import { chatRecord } from "../helpers/records.js";

const CHAT = -1005550001;
const DEFAULT_ZONE = "Europe/Berlin";

for (const engine of testEngines()) {
  describe(`chat settings on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      const writer = new BatchWriter(
        database,
        { flushMs: 1, batchSize: 100, queueLimit: 1000, defaultTimezone: DEFAULT_ZONE },
        pino({ level: "silent" }),
      );
      await writer.write({ chats: [chatRecord(CHAT)] });
      await writer.close();
    });
    after(() => database.close());

    test("a typed zone resolves to its IANA name, whatever its case", async () => {
      assert.equal(await resolveTimezone(database, "Europe/Berlin"), "Europe/Berlin");
      assert.equal(await resolveTimezone(database, "  europe/berlin "), "Europe/Berlin");
      assert.equal(await resolveTimezone(database, "america/new_york"), "America/New_York");
      assert.equal(await resolveTimezone(database, "utc"), "UTC");
      // Three-part names exist (Argentina's provinces); ICU answers the canonical spelling.
      assert.match((await resolveTimezone(database, "America/Argentina/Buenos_Aires")) ?? "", /Buenos_Aires$/);
    });

    test("what is not a zone is refused: unknown places, abbreviations, offsets, junk", async () => {
      for (const input of [
        "Mars/Olympus_Mons",
        "Europe/Berlinn",
        "EST",
        "MSK",
        "+03:00",
        "UTC+3",
        "",
        "Berlin",
        "a".repeat(80),
      ]) {
        assert.equal(await resolveTimezone(database, input), undefined, input);
      }
    });

    test("defaults for a chat never configured; undefined for a chat never seen", async () => {
      const settings = await getChatSettings(database, CHAT, DEFAULT_ZONE);
      assert.deepEqual(settings, {
        recap: { enabled: true, weekday: 1, hour: 10 },
        statsAccess: "everyone",
        chartsTo: "chat",
        timezone: DEFAULT_ZONE,
        timezoneSet: false,
        locale: null,
      });
      assert.equal(await getChatSettings(database, -1009999, DEFAULT_ZONE), undefined);
    });

    test("updates change only what they name, so two admins' presses both stay", async () => {
      await Promise.all([
        updateChatSettings(database, CHAT, { recap: { weekday: 5 } }),
        updateChatSettings(database, CHAT, { recap: { hour: 18 } }),
        updateChatSettings(database, CHAT, { statsAccess: "admins" }),
        updateChatSettings(database, CHAT, { locale: "ru" }),
      ]);
      await updateChatSettings(database, CHAT, { chartsTo: "private" });
      const settings = await getChatSettings(database, CHAT, DEFAULT_ZONE);
      assert.deepEqual(settings?.recap, { enabled: true, weekday: 5, hour: 18 });
      assert.equal(settings?.statsAccess, "admins");
      assert.equal(settings?.chartsTo, "private");
      assert.equal(settings?.locale, "ru");
      await updateChatSettings(database, CHAT, { locale: null, recap: { enabled: false } });
      const later = await getChatSettings(database, CHAT, DEFAULT_ZONE);
      assert.equal(later?.locale, null);
      assert.deepEqual(later?.recap, { enabled: false, weekday: 5, hour: 18 });
      assert.equal(await updateChatSettings(database, -1009999, { statsAccess: "admins" }), false);
    });

    test("the time zone has its own path; NULL goes back to the default", async () => {
      assert.equal(await setChatTimezone(database, CHAT, "Asia/Tokyo"), true);
      assert.deepEqual(await getChatSettings(database, CHAT, DEFAULT_ZONE).then((s) => [s?.timezone, s?.timezoneSet]), [
        "Asia/Tokyo",
        true,
      ]);
      await setChatTimezone(database, CHAT, null);
      assert.deepEqual(await getChatSettings(database, CHAT, DEFAULT_ZONE).then((s) => [s?.timezone, s?.timezoneSet]), [
        DEFAULT_ZONE,
        false,
      ]);
      assert.equal(await setChatTimezone(database, -1009999, "UTC"), false);
    });

    test("the cache answers from memory until invalidated or expired", async () => {
      let now = 0;
      const cache = new ChatSettingsCache(database, DEFAULT_ZONE, 1_000, () => now);
      await updateChatSettings(database, CHAT, { statsAccess: "everyone" });
      assert.equal((await cache.get(CHAT))?.statsAccess, "everyone");
      await updateChatSettings(database, CHAT, { statsAccess: "admins" });
      assert.equal((await cache.get(CHAT))?.statsAccess, "everyone", "still cached");
      cache.invalidate(CHAT);
      assert.equal((await cache.get(CHAT))?.statsAccess, "admins");
      await updateChatSettings(database, CHAT, { statsAccess: "everyone" });
      now = 1_001;
      assert.equal((await cache.get(CHAT))?.statsAccess, "everyone", "expired");
    });
  });
}
