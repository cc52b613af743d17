// Display names: a name that draws nothing (the Hangul filler, the Braille blank, zero-width
// characters) is not shown as an empty label, and opted-out members are never named.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { getSenderNames, visibleName } from "../../src/queries/names.js";
import { testEngines } from "../helpers/db.js";

describe("visibleName", () => {
  test("names of invisible characters and spaces are no names; anything visible is kept, trimmed", () => {
    for (const blank of ["\u3164", " \u3164 \u3164", "\u2800", "\u200B\u200D", "\u115F\u1160", "\uFEFF", "   ", ""]) {
      assert.equal(visibleName(blank), null, JSON.stringify(blank));
    }
    assert.equal(visibleName(null), null);
    assert.equal(visibleName(" Anna "), "Anna");
    assert.equal(visibleName("\u3164Anna"), "\u3164Anna");
    assert.equal(visibleName("👩‍💻"), "👩‍💻");
  });
});

for (const engine of testEngines()) {
  describe(`getSenderNames on ${engine.name}`, () => {
    let database: Database;
    before(async () => {
      database = await engine.open();
      await database.db.execute(sql`
        INSERT INTO users (id, first_name, last_name, username, opted_out) VALUES
          (1, 'Anna', NULL, 'anna', false),
          (2, ${"\u3164"}, NULL, 'ghost', false),
          (3, ${"\u3164"}, ${"\u200B"}, NULL, false),
          (4, 'Dieter', NULL, 'dieter', true)`);
    });
    after(() => database.close());

    test("a blank name falls back to @username, else to the id; opted out stays hidden", async () => {
      const names = await getSenderNames(database, [1, 2, 3, 4, 5]);
      assert.deepEqual(Object.fromEntries(names), {
        1: "Anna",
        2: "@ghost",
        3: "User 3",
        4: "Hidden member",
        5: "User 5",
      });
    });
  });
}
