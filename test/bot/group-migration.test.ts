// A basic group upgraded to a supergroup goes on under a new chat id: through the Bot API, the
// supergroup keeps the group's time zone, language and /settings, and counts in that zone.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Pulse } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { getChatSettings, setChatTimezone, updateChatSettings } from "../../src/settings/chat-settings.js";
import { TestBotApiServer } from "../helpers/bot-api-server.js";
import { testEngines } from "../helpers/db.js";
import { startTestPulse } from "../helpers/pulse.js";
import { recountedRollups, storedRollups } from "../helpers/recount.js";
import { chatMemberUpdate, member, message, person, supergroup, update } from "../helpers/updates.js";

const basic = { id: -4001, type: "group" as const, title: "Allotment" };
const upgraded = supergroup(-1004001, "Allotment");
const olga = { ...person(11, "Olga"), language_code: "en" };
const anya = { ...person(12, "Anya"), language_code: "en" };
// 23:30 UTC is already the next day in Tokyo: the day a message counts on shows the zone.
const AT = "2026-03-10T23:30:00Z";

for (const engine of testEngines()) {
  describe(`a group upgraded to a supergroup on ${engine.name}`, () => {
    let server: TestBotApiServer;
    let database: Database;
    let pulse: Pulse;

    before(async () => {
      server = await TestBotApiServer.start();
      database = await engine.open();
      server.setChatMember(upgraded.id, member(anya, "member"));
      pulse = await startTestPulse(server, database, {}, () => new Date("2026-03-11T12:00:00Z"));
    });
    after(async () => {
      await pulse.stop();
      await database.close();
      await server.close();
    });

    test("the supergroup keeps the group's zone, language and settings", async () => {
      // The group as an admin left it: recording, in Tokyo time, in Spanish, statistics for admins.
      const joined = server.pushUpdates([
        chatMemberUpdate(
          "my_chat_member",
          basic,
          olga,
          "2026-03-01T10:00:00Z",
          member(server.botInfo, "left"),
          member(server.botInfo, "administrator"),
        ),
        update.message(message(basic, 1, "2026-03-01T10:01:00Z", { from: olga, text: "hello" })),
      ]);
      await server.waitUntilConfirmed(joined.at(-1) as number, 30_000);
      await setChatTimezone(database, basic.id, "Asia/Tokyo", new Date("2026-03-01T10:02:00Z"));
      await updateChatSettings(database, basic.id, { locale: "es", statsAccess: "admins", recap: { hour: 18 } });
      await database.rows(sql`UPDATE chats SET settings = settings - 'rollupsPendingSince' WHERE id = ${basic.id}`);

      // Telegram's two service messages, then the supergroup's own.
      const ids = server.pushUpdates([
        update.message(message(basic, 2, AT, { from: olga, migrate_to_chat_id: upgraded.id })),
        update.message(message(upgraded, 1, AT, { from: olga, migrate_from_chat_id: basic.id })),
        update.message(message(upgraded, 2, AT, { from: anya, text: "still here" })),
      ]);
      await server.waitUntilConfirmed(ids.at(-1) as number, 30_000);

      const settings = await getChatSettings(database, upgraded.id, "UTC");
      assert.equal(settings?.timezone, "Asia/Tokyo");
      assert.equal(settings?.locale, "es");
      assert.equal(settings?.statsAccess, "admins");
      assert.deepEqual(settings?.recap, { enabled: true, weekday: 1, hour: 18 });
      // Counted on Tokyo's day, exactly as a recount in that zone says.
      const [day] = await database.rows<{ day: string }>(
        sql`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM chat_user_daily_activity WHERE chat_id = ${upgraded.id}`,
      );
      assert.equal(day?.day, "2026-03-11");
      assert.deepEqual(
        await storedRollups(database, upgraded.id),
        await recountedRollups(database, upgraded.id, "Asia/Tokyo"),
      );
      // A member asking for statistics is refused, in the group's language.
      server.pushUpdate(
        update.message(
          message(upgraded, 3, "2026-03-11T11:00:00Z", {
            from: anya,
            text: "/stats",
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          }),
        ),
      );
      const refusal = await server.waitForCall("sendMessage", (c) => c.payload.chat_id === upgraded.id, 30_000);
      assert.equal(refusal.payload.text, "En este chat, solo los administradores pueden pedir estadísticas.");
    });
  });
}
