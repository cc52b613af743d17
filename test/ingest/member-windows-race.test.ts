// A write that commits while a chat's member windows are refreshed must end either in the
// fresh windows or in their being set aside (dirty): never neither. On PostgreSQL a writer
// and the refresh run at the same time, and the write here reaches the very day the refresh
// starts to cover (yesterday, right after midnight: a late message) or changes who is ranked
// (an opt-out while the windows were already dirty). PGlite is one session, so there is no
// overlap to test there.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type Database, openDatabase } from "../../src/db/client.js";
import { runMigrations } from "../../src/db/migrate.js";
import { refreshChatWindows } from "../../src/ingest/member-windows.js";
import { createPostgresDatabase } from "../helpers/db.js";
import { waitFor } from "../helpers/pulse.js";

const CHAT = -3001;
const url = process.env.TEST_DATABASE_URL;

describe("member windows against a concurrent write (postgres)", { skip: !url }, () => {
  let created: { url: string; drop(): Promise<void> };
  let database: Database;
  let other: postgres.Sql;
  before(async () => {
    created = await createPostgresDatabase(url as string);
    database = await openDatabase({ engine: "postgres", url: created.url });
    await runMigrations(database);
    other = postgres(created.url, { max: 2, onnotice: () => {} });
  });
  after(async () => {
    await other.end();
    await database.close();
    await created.drop();
  });

  const day = (userId: number, d: string, messages: number) => sql`
    INSERT INTO chat_user_daily_activity (chat_id, user_id, day, messages, first_message_at, last_message_at)
    VALUES (${CHAT}, ${userId}, ${d}, ${messages}, now(), now())
    ON CONFLICT (chat_id, user_id, day) DO UPDATE SET messages = chat_user_daily_activity.messages + excluded.messages`;

  /**
   * Runs `write` in another session's open transaction, refreshes as of `asOf` meanwhile, then
   * commits the write. The refresh may wait for the write (a lock): then the commit lets it go on.
   */
  async function refreshDuring(write: (tx: postgres.Sql) => Promise<unknown>, asOf: string) {
    const reserved = await other.reserve();
    await reserved`BEGIN`;
    await write(reserved);
    let finished = false;
    const refreshing = refreshChatWindows(database, CHAT, asOf).finally(() => {
      finished = true;
    });
    const blocked = async () => {
      const [row] = await database.rows<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return (row?.n ?? 0) > 0;
    };
    let waiting = false;
    await waitFor(
      async () => {
        waiting = await blocked();
        return finished || waiting;
      },
      15_000,
      "the refresh to finish or wait for the write",
    );
    await reserved`COMMIT`;
    reserved.release();
    await refreshing;
  }

  /** The 7-day window's messages per member, and the state. */
  async function windows() {
    const rows = await database.rows<{ user_id: string; messages: number }>(sql`
      SELECT user_id::text, messages FROM chat_member_windows WHERE chat_id = ${CHAT} AND days = 7 ORDER BY user_id`);
    const [state] = await database.rows<{ as_of: string; dirty: boolean }>(sql`
      SELECT as_of::text AS as_of, dirty_from IS NOT NULL AS dirty FROM chat_window_state WHERE chat_id = ${CHAT}`);
    const [ranked] = await database.rows<{ ranked: number }>(sql`
      SELECT ranked FROM chat_window_totals WHERE chat_id = ${CHAT} AND days = 7`);
    return { rows: rows.map((r) => [Number(r.user_id), r.messages]), state, ranked: ranked?.ranked };
  }

  test("a late message for yesterday, committed while the refresh covers yesterday for the first time", async () => {
    await database.db.execute(day(1, "2026-06-12", 3));
    await database.db.execute(day(2, "2026-06-13", 4));
    await refreshChatWindows(database, CHAT, "2026-06-13");
    assert.equal((await windows()).state?.dirty, false);
    // After midnight: the refresh as of 06-14 runs while a message of 06-14 is being stored.
    await refreshDuring(
      (tx) =>
        tx.unsafe(`
      INSERT INTO chat_user_daily_activity (chat_id, user_id, day, messages, first_message_at, last_message_at)
      VALUES (${CHAT}, 3, '2026-06-14', 5, now(), now())`),
      "2026-06-14",
    );
    const after = await windows();
    assert.equal(after.state?.as_of, "2026-06-14");
    // Either the message is in the windows, or they are set aside until the next refresh.
    const counted = after.rows.some(([user, messages]) => user === 3 && messages === 5);
    assert.ok(counted || after.state?.dirty, `neither counted nor dirty: ${JSON.stringify(after)}`);
  });

  test("an opt-out committed while the refresh of already dirty windows counts those ranked", async () => {
    await database.db.execute(
      sql`INSERT INTO users (id, is_bot, first_name) VALUES (3, false, 'Cleo') ON CONFLICT DO NOTHING`,
    );
    await database.db.execute(sql`
      INSERT INTO chat_member_totals (chat_id, user_id, messages, first_message_at, last_message_at)
      VALUES (${CHAT}, 3, 5, now(), now()) ON CONFLICT DO NOTHING`);
    // Dirty before the refresh starts (a covered day written).
    await database.db.execute(day(1, "2026-06-13", 1));
    assert.equal((await windows()).state?.dirty, true);
    await refreshDuring((tx) => tx.unsafe(`UPDATE users SET opted_out = true WHERE id = 3`), "2026-06-14");
    const after = await windows();
    const [people] = await database.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM chat_member_windows w
      WHERE w.chat_id = ${CHAT} AND w.days = 7 AND w.active_days > 0
        AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = w.user_id AND u.opted_out)`);
    assert.ok(after.ranked === people?.n || after.state?.dirty, `ranked is stale and clean: ${JSON.stringify(after)}`);
  });
});
