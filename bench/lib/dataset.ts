// Generates a large, realistic-enough analytics dataset straight in SQL (generate_series),
// so query benchmarks can run at 1M and 10M messages without going through ingest. Rollups
// are then derived from the messages exactly as the writer would maintain them.
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";

export const BENCH_CHATS = 100;
export const USERS_PER_CHAT = 2_000;
export const benchChatId = (index: number) => -1006000000000 - index;

export async function generateDataset(database: Database, messages: number, now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const { db } = database;
  await db.execute(sql`
    INSERT INTO chats (id, type, title, bot_status, member_count, last_message_at)
    SELECT ${benchChatId(0)}::bigint - i, 'supergroup', 'Bench chat ' || i, 'administrator', 5000, ${nowIso}::timestamptz
    FROM generate_series(0, ${BENCH_CHATS - 1}) AS i
    ON CONFLICT (id) DO NOTHING`);
  await db.execute(sql`
    INSERT INTO users (id, first_name)
    SELECT 1000000 + i, 'Member ' || i FROM generate_series(0, ${BENCH_CHATS * USERS_PER_CHAT - 1}) AS i
    ON CONFLICT (id) DO NOTHING`);
  // Senders follow a steep power law (a few people write most); times spread over a year
  // with more traffic in the evening than at night.
  await db.execute(sql`
    INSERT INTO messages (chat_id, message_id, user_id, date, kind, text_length, reply_to_message_id, source)
    SELECT ${benchChatId(0)}::bigint - (i % ${BENCH_CHATS}),
           (i / ${BENCH_CHATS})::int + 1,
           1000000 + (i % ${BENCH_CHATS}) * ${USERS_PER_CHAT} + floor(power(random(), 4) * ${USERS_PER_CHAT})::int,
           ${nowIso}::timestamptz - (floor(random() * 365) * interval '1 day')
             - ((23 - floor(power(random(), 0.6) * 24)) * interval '1 hour') - (random() * interval '1 hour'),
           CASE WHEN random() < 0.78 THEN 'text' WHEN random() < 0.5 THEN 'photo' ELSE 'sticker' END,
           (random() * 120)::int,
           CASE WHEN random() < 0.3 AND i >= ${BENCH_CHATS * 50} THEN (i / ${BENCH_CHATS})::int + 1 - (1 + floor(random() * 40))::int END,
           'bench'
    FROM generate_series(0, ${messages - 1}) AS i`);
  await db.execute(sql`
    INSERT INTO message_reactions (chat_id, message_id, reaction, user_id, count, date, source)
    SELECT chat_id, message_id, (ARRAY['👍', '❤', '🔥', '😂'])[1 + (message_id % 4)], NULL, 1 + (message_id % 17), date, 'bench'
    FROM messages WHERE source = 'bench' AND message_id % 7 = 0
    ON CONFLICT ON CONSTRAINT message_reactions_key DO NOTHING`);
  await db.execute(sql`
    INSERT INTO chat_hourly_activity (chat_id, hour, messages, text_chars, media, replies)
    SELECT chat_id, date_trunc('hour', date, 'UTC'), count(*), sum(text_length),
           count(*) FILTER (WHERE kind <> 'text'), count(reply_to_message_id)
    FROM messages WHERE source = 'bench' GROUP BY 1, 2`);
  await db.execute(sql`
    INSERT INTO chat_user_daily_activity (chat_id, user_id, day, messages, text_chars, media, replies, forwards,
                                          first_message_at, last_message_at)
    SELECT chat_id, user_id, (date AT TIME ZONE 'UTC')::date, count(*), sum(text_length),
           count(*) FILTER (WHERE kind <> 'text'), count(reply_to_message_id), 0, min(date), max(date)
    FROM messages WHERE source = 'bench' GROUP BY 1, 2, 3`);
  await db.execute(sql`
    INSERT INTO chat_daily_activity (chat_id, day, active_senders)
    SELECT chat_id, day, count(*) FROM chat_user_daily_activity
    WHERE chat_id BETWEEN ${benchChatId(BENCH_CHATS - 1)}::bigint AND ${benchChatId(0)}::bigint
    GROUP BY 1, 2`);
  await db.execute(sql`ANALYZE`);
}
