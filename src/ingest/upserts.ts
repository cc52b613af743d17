// The SQL behind the writer. Each function writes one kind of record for a whole batch in
// one statement (rows travel as a single JSON parameter, so there is no 65,535-parameter
// cap and the same text runs on PostgreSQL and PGlite). Rollups are fed only from rows
// that were newly inserted, which is what makes re-delivery harmless.
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { MESSAGE_COPY_COLUMNS, REACTION_COLUMNS } from "./copy-text.js";
import type { MergedBatch } from "./merge.js";
import { refreshReplyStats } from "./reply-stats.js";

type Executor = Pick<Db, "execute">;

const json = (rows: unknown[]): SQL => sql`${JSON.stringify(rows)}::json`;
const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * How a batch may treat chats already stored: "update" (what Telegram itself says, through
 * the bot or the user session) rewrites what they are called and their type; "create" (an
 * export, a file anyone can edit) adds chats not seen yet and leaves known ones as they
 * are, apart from when they were seen.
 */
export type ChatWrite = "update" | "create";

export async function upsertChats(
  tx: Executor,
  chats: MergedBatch["chats"],
  mode: ChatWrite = "update",
): Promise<void> {
  if (chats.length === 0) return;
  const rows = chats.map((c) => ({
    id: c.id,
    type: c.type,
    title: c.title ?? null,
    username: c.username ?? null,
    is_forum: c.isForum ?? false,
    linked_chat_id: c.linkedChatId ?? null,
    migrated_to_chat_id: c.migratedToChatId ?? null,
    bot_status: c.botStatus ?? null,
    member_count: c.memberCount ?? null,
    seen_at: iso(c.seenAt),
    last_message_at: iso(c.lastMessageAt),
  }));
  const insert = sql`
    INSERT INTO chats (id, type, title, username, is_forum, linked_chat_id, migrated_to_chat_id,
                       bot_status, member_count, first_seen_at, last_seen_at, last_message_at)
    SELECT id, type, title, username, is_forum, linked_chat_id, migrated_to_chat_id,
           bot_status, member_count, seen_at, seen_at, last_message_at
    FROM json_to_recordset(${json(rows)}) AS r(
      id bigint, type text, title text, username text, is_forum boolean, linked_chat_id bigint,
      migrated_to_chat_id bigint, bot_status text, member_count int, seen_at timestamptz,
      last_message_at timestamptz)`;
  if (mode === "create") {
    await tx.execute(sql`${insert}
      ON CONFLICT (id) DO UPDATE SET
        first_seen_at = least(chats.first_seen_at, excluded.first_seen_at),
        last_seen_at = greatest(chats.last_seen_at, excluded.last_seen_at),
        last_message_at = greatest(chats.last_message_at, excluded.last_message_at)
      WHERE excluded.first_seen_at < chats.first_seen_at
         OR excluded.last_seen_at > chats.last_seen_at + interval '1 minute'
         OR excluded.last_message_at > coalesce(chats.last_message_at, '-infinity') + interval '1 minute'`);
    return;
  }
  await tx.execute(sql`${insert}
    ON CONFLICT (id) DO UPDATE SET
      type = excluded.type,
      title = coalesce(excluded.title, chats.title),
      username = coalesce(excluded.username, chats.username),
      is_forum = excluded.is_forum OR chats.is_forum,
      linked_chat_id = coalesce(excluded.linked_chat_id, chats.linked_chat_id),
      migrated_to_chat_id = coalesce(excluded.migrated_to_chat_id, chats.migrated_to_chat_id),
      bot_status = coalesce(excluded.bot_status, chats.bot_status),
      member_count = coalesce(excluded.member_count, chats.member_count),
      first_seen_at = least(chats.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(chats.last_seen_at, excluded.last_seen_at),
      last_message_at = greatest(chats.last_message_at, excluded.last_message_at)
    -- Busy chats appear in every batch: rewrite the row only when something it says changed,
    -- keeping last_seen_at / last_message_at to the minute.
    WHERE (chats.type, chats.title, chats.username, chats.is_forum) IS DISTINCT FROM
          (excluded.type, coalesce(excluded.title, chats.title), coalesce(excluded.username, chats.username),
           excluded.is_forum OR chats.is_forum)
       OR (excluded.linked_chat_id IS NOT NULL AND excluded.linked_chat_id IS DISTINCT FROM chats.linked_chat_id)
       OR (excluded.migrated_to_chat_id IS NOT NULL AND excluded.migrated_to_chat_id IS DISTINCT FROM chats.migrated_to_chat_id)
       OR (excluded.bot_status IS NOT NULL AND excluded.bot_status IS DISTINCT FROM chats.bot_status)
       OR (excluded.member_count IS NOT NULL AND excluded.member_count IS DISTINCT FROM chats.member_count)
       OR excluded.first_seen_at < chats.first_seen_at
       OR excluded.last_seen_at > chats.last_seen_at + interval '1 minute'
       OR excluded.last_message_at > coalesce(chats.last_message_at, '-infinity') + interval '1 minute'`);
  await inheritMigratedSettings(tx, chats);
}

/**
 * A group upgraded to a supergroup (its `migrate_to_chat_id` service message) goes on under a
 * new id: the supergroup takes the group's time zone, language and /settings (recap schedule,
 * statistics access, where charts go) wherever it has none of its own, instead of starting over
 * with the defaults. When the supergroup already has messages counted in another zone, its
 * rollups are marked for the background rebuild, as a /settings zone change does.
 */
async function inheritMigratedSettings(tx: Executor, chats: MergedBatch["chats"]): Promise<void> {
  const pairs = chats.flatMap((c) => (c.migratedToChatId ? [{ old_id: c.id, new_id: c.migratedToChatId }] : []));
  if (pairs.length === 0) return;
  await tx.execute(sql`
    INSERT INTO chats (id, type)
    SELECT new_id, 'supergroup' FROM json_to_recordset(${json(pairs)}) AS p(old_id bigint, new_id bigint)
    ON CONFLICT (id) DO NOTHING`);
  await tx.execute(sql`
    UPDATE chats n SET
      timezone = coalesce(n.timezone, o.timezone),
      locale = coalesce(n.locale, o.locale),
      settings = (o.settings - 'rollupsPendingSince') || n.settings
        || CASE WHEN n.timezone IS NULL AND o.timezone IS NOT NULL
                     AND EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = n.id)
                THEN jsonb_build_object('rollupsPendingSince', now()::text) ELSE '{}'::jsonb END
    FROM json_to_recordset(${json(pairs)}) AS p(old_id bigint, new_id bigint)
    JOIN chats o ON o.id = p.old_id
    WHERE n.id = p.new_id AND n.id <> o.id
      AND (n.timezone IS NULL AND o.timezone IS NOT NULL
        OR n.locale IS NULL AND o.locale IS NOT NULL
        OR NOT (n.settings @> (o.settings - 'rollupsPendingSince')))`);
}

export async function upsertUsers(tx: Executor, users: MergedBatch["users"]): Promise<void> {
  const partial = users.filter((u) => u.partial);
  if (partial.length > 0) {
    await tx.execute(sql`
      INSERT INTO users (id, is_bot, first_name)
      SELECT id, false, first_name FROM json_to_recordset(${json(partial.map((u) => ({ id: u.id, first_name: u.firstName ?? null })))})
        AS r(id bigint, first_name text)
      ON CONFLICT (id) DO NOTHING`);
  }
  const complete = users.filter((u) => !u.partial);
  if (complete.length === 0) return;
  const rows = complete.map((u) => ({
    id: u.id,
    is_bot: u.isBot,
    first_name: u.firstName ?? null,
    last_name: u.lastName ?? null,
    username: u.username ?? null,
    language_code: u.languageCode ?? null,
  }));
  // The WHERE skips rewriting unchanged users: most messages come from known senders.
  await tx.execute(sql`
    INSERT INTO users (id, is_bot, first_name, last_name, username, language_code)
    SELECT id, is_bot, first_name, last_name, username, language_code
    FROM json_to_recordset(${json(rows)}) AS r(
      id bigint, is_bot boolean, first_name text, last_name text, username text, language_code text)
    ON CONFLICT (id) DO UPDATE SET
      is_bot = excluded.is_bot,
      first_name = CASE WHEN users.opted_out THEN NULL ELSE coalesce(excluded.first_name, users.first_name) END,
      last_name = CASE WHEN users.opted_out THEN NULL ELSE excluded.last_name END,
      username = CASE WHEN users.opted_out THEN NULL ELSE excluded.username END,
      language_code = coalesce(excluded.language_code, users.language_code),
      updated_at = now()
    WHERE NOT users.opted_out
      AND (users.first_name, users.last_name, users.username, users.is_bot)
          IS DISTINCT FROM (excluded.first_name, excluded.last_name, excluded.username, excluded.is_bot)`);
}

/**
 * The tail of a WITH statement that adds a CTE named \`changes\` to the rollups. \`changes\`
 * has one row per new or edited message: chat_id, date, kind, inserted (new row), is_service,
 * is_command, is_reply, is_forward, is_media (new rows only), chars (text length, or its
 * change for an edit), sender_id, local_day (the date in the chat's time zone). The statement
 * answers one row: \`inserted\`, the number of new messages among the changes. Bot commands
 * count in no rollup: talking to a bot is not chat activity (their rows stay in messages).
 */
export const ROLLUPS_FROM_CHANGES = sql.raw(`
    hourly AS (
      INSERT INTO chat_hourly_activity AS h (chat_id, hour, messages, text_chars, media, replies, forwards, service_messages)
      SELECT chat_id, date_trunc('hour', date, 'UTC'),
        count(*) FILTER (WHERE inserted AND NOT is_service),
        coalesce(sum(chars) FILTER (WHERE NOT is_service), 0),
        count(*) FILTER (WHERE is_media),
        count(*) FILTER (WHERE is_reply AND NOT is_service),
        count(*) FILTER (WHERE is_forward AND NOT is_service),
        count(*) FILTER (WHERE inserted AND is_service)
      FROM changes WHERE NOT is_command GROUP BY 1, 2 ORDER BY 1, 2
      ON CONFLICT (chat_id, hour) DO UPDATE SET
        messages = h.messages + excluded.messages,
        text_chars = h.text_chars + excluded.text_chars,
        media = h.media + excluded.media,
        replies = h.replies + excluded.replies,
        forwards = h.forwards + excluded.forwards,
        service_messages = h.service_messages + excluded.service_messages
    ),
    daily AS (
    INSERT INTO chat_user_daily_activity AS d (chat_id, user_id, day, messages, text_chars, media, replies,
      forwards, first_message_at, last_message_at)
    SELECT chat_id, sender_id, local_day, count(*) FILTER (WHERE inserted), coalesce(sum(chars), 0),
      count(*) FILTER (WHERE is_media), count(*) FILTER (WHERE is_reply), count(*) FILTER (WHERE is_forward),
      min(date), max(date)
    FROM changes WHERE NOT is_service AND NOT is_command AND sender_id IS NOT NULL
    GROUP BY 1, 2, 3
    -- Members who opted out count in the chat's totals only, never per member (checked per
    -- group, after grouping, so a batch looks each sender up once).
    HAVING NOT EXISTS (SELECT 1 FROM users u WHERE u.id = sender_id AND u.opted_out)
    ORDER BY 1, 2, 3
    ON CONFLICT (chat_id, user_id, day) DO UPDATE SET
      messages = d.messages + excluded.messages,
      text_chars = d.text_chars + excluded.text_chars,
      media = d.media + excluded.media,
      replies = d.replies + excluded.replies,
      forwards = d.forwards + excluded.forwards,
      first_message_at = least(d.first_message_at, excluded.first_message_at),
      last_message_at = greatest(d.last_message_at, excluded.last_message_at)
    RETURNING chat_id, user_id, day, (xmax = 0) AS created
    ),
    -- All-time per member: the same messages as the per-day rows, and one more active day for
    -- each day row created.
    member_totals AS (
    INSERT INTO chat_member_totals AS t (chat_id, user_id, messages, text_chars, media, replies, forwards,
      active_days, first_message_at, last_message_at)
    SELECT g.chat_id, g.sender_id, g.messages, g.chars, g.media, g.replies, g.forwards, coalesce(n.days, 0),
      g.first_at, g.last_at
    FROM (
      SELECT chat_id, sender_id, count(*) FILTER (WHERE inserted) AS messages, coalesce(sum(chars), 0) AS chars,
        count(*) FILTER (WHERE is_media) AS media, count(*) FILTER (WHERE is_reply) AS replies,
        count(*) FILTER (WHERE is_forward) AS forwards, min(date) AS first_at, max(date) AS last_at
      FROM changes WHERE NOT is_service AND NOT is_command AND sender_id IS NOT NULL
      GROUP BY 1, 2
      HAVING NOT EXISTS (SELECT 1 FROM users u WHERE u.id = sender_id AND u.opted_out)
    ) g
    LEFT JOIN (SELECT chat_id, user_id, count(*) FILTER (WHERE created) AS days FROM daily GROUP BY 1, 2) n
      ON n.chat_id = g.chat_id AND n.user_id = g.sender_id
    ORDER BY 1, 2
    ON CONFLICT (chat_id, user_id) DO UPDATE SET
      messages = t.messages + excluded.messages,
      text_chars = t.text_chars + excluded.text_chars,
      media = t.media + excluded.media,
      replies = t.replies + excluded.replies,
      forwards = t.forwards + excluded.forwards,
      active_days = t.active_days + excluded.active_days,
      first_message_at = least(t.first_message_at, excluded.first_message_at),
      last_message_at = greatest(t.last_message_at, excluded.last_message_at)
    ),
    -- Messages per kind and local day: new messages only (an edit never changes a kind).
    kinds AS (
    INSERT INTO chat_daily_kinds AS k (chat_id, day, kind, messages)
    SELECT chat_id, local_day, kind, count(*) FROM changes
    WHERE inserted AND NOT is_service AND NOT is_command GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (chat_id, day, kind) DO UPDATE SET messages = k.messages + excluded.messages
    ),
    -- A sender's first row of a day is one more active sender that day.
    active AS (
    INSERT INTO chat_daily_activity AS c (chat_id, day, active_senders)
    SELECT chat_id, day, count(*) FROM daily WHERE created GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (chat_id, day) DO UPDATE SET active_senders = c.active_senders + excluded.active_senders
    )
    SELECT (count(*) FILTER (WHERE inserted))::int AS inserted FROM changes`);

const MESSAGE_COLUMNS = sql.raw(MESSAGE_COPY_COLUMNS);

/**
 * The input's columns as they are stored: the text of a member who opted out (`hidden`, looked
 * up once per row in the INSERT below, which also marks their message member_state 1: it
 * counts for the chat, not for them, as ROLLUPS_FROM_CHANGES counts it) is never kept, nor
 * their name on a message forwarded from them (looked up only for rows that carry one).
 */
const STORED_MESSAGE_VALUES = sql.raw(
  MESSAGE_COPY_COLUMNS.replace(/\btext\b/, "CASE WHEN hidden THEN NULL ELSE text END").replace(
    /\bforward_from_name\b/,
    "CASE WHEN forward_from_name IS NOT NULL AND EXISTS (SELECT 1 FROM users u WHERE u.id = input.forward_from_id AND u.opted_out) THEN NULL ELSE forward_from_name END",
  ),
);

/** Message records as the JSON rows the SQL below reads with json_to_recordset. */
function messageJsonRows(messages: MergedBatch["messages"]) {
  return messages.map((m) => ({
    chat_id: m.chatId,
    message_id: m.messageId,
    thread_id: m.threadId,
    user_id: m.userId,
    sender_chat_id: m.senderChatId,
    date: iso(m.date),
    edit_date: iso(m.editDate),
    kind: m.kind,
    text_length: m.textLength,
    text: m.text,
    reply_to_message_id: m.replyToMessageId,
    forward_origin: m.forwardOrigin,
    forward_from_id: m.forwardFromId,
    forward_from_name: m.forwardFromName,
    forward_from_message_id: m.forwardFromMessageId,
    forward_date: iso(m.forwardDate),
    is_automatic_forward: m.isAutomaticForward,
    media_group_id: m.mediaGroupId,
    service_action: m.serviceAction,
    views: m.views,
    forwards: m.forwards,
    replies: m.replies,
    source: m.source,
  }));
}

/** A FROM-able relation over message JSON rows. */
function messageInput(rows: unknown[]): SQL {
  return sql`SELECT * FROM json_to_recordset(${json(rows)}) AS r(
    chat_id bigint, message_id int, thread_id int, user_id bigint, sender_chat_id bigint,
    date timestamptz, edit_date timestamptz, kind text, text_length int, text text,
    reply_to_message_id int, forward_origin text, forward_from_id bigint, forward_from_name text,
    forward_from_message_id int, forward_date timestamptz, is_automatic_forward boolean,
    media_group_id text, service_action text, views int, forwards int, replies int, source text)`;
}

// An incoming copy is a newer edit than the stored one.
const NEWER_EDIT = sql.raw(
  "(excluded.edit_date IS NOT NULL AND (messages.edit_date IS NULL OR excluded.edit_date > messages.edit_date))",
);

export async function upsertMessages(
  tx: Executor,
  messages: MergedBatch["messages"],
  defaultTimezone: string,
): Promise<void> {
  if (messages.length === 0) return;
  const rows = messageJsonRows(messages);
  // Most batches are new messages only: without edits or counters nothing existing can
  // change, so the statement skips reading the stored rows and just ignores duplicates.
  const updates = messages.some(
    (m) => m.editDate !== null || m.views !== null || m.forwards !== null || m.replies !== null,
  );
  // Rows that already exist are updated only by a newer edit or fresher counters. Rollups
  // take a new row once (`inserted`: xmax = 0 only for rows this statement created) and an
  // edit only as the change in text length, read from \`previous\` (every part of one
  // statement sees the table as it was before the statement), so they always agree with
  // what \`messages\` holds, however often and in whatever grouping the data arrives.
  await tx.execute(sql`
    WITH input AS (${messageInput(rows)}),
    ${
      updates
        ? sql`previous AS (
      SELECT m.chat_id, m.message_id, m.text_length
      FROM messages m JOIN input i ON m.chat_id = i.chat_id AND m.message_id = i.message_id
    ),`
        : sql``
    }
    written AS (
      INSERT INTO messages (${MESSAGE_COLUMNS}, member_state)
      SELECT ${STORED_MESSAGE_VALUES}, CASE WHEN hidden THEN 1 ELSE 0 END
      FROM input
      CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = input.user_id AND u.opted_out) AS hidden) h
      ${
        updates
          ? sql`ON CONFLICT (chat_id, message_id) DO UPDATE SET
        edit_date = CASE WHEN ${NEWER_EDIT} THEN excluded.edit_date ELSE messages.edit_date END,
        text = CASE WHEN ${NEWER_EDIT} THEN excluded.text ELSE messages.text END,
        text_length = CASE WHEN ${NEWER_EDIT} THEN excluded.text_length ELSE messages.text_length END,
        thread_id = coalesce(messages.thread_id, excluded.thread_id),
        views = coalesce(excluded.views, messages.views),
        forwards = coalesce(excluded.forwards, messages.forwards),
        replies = coalesce(excluded.replies, messages.replies)
      WHERE ${NEWER_EDIT}
        OR (excluded.views IS NOT NULL AND excluded.views IS DISTINCT FROM messages.views)
        OR (excluded.forwards IS NOT NULL AND excluded.forwards IS DISTINCT FROM messages.forwards)
        OR (excluded.replies IS NOT NULL AND excluded.replies IS DISTINCT FROM messages.replies)`
          : sql`ON CONFLICT (chat_id, message_id) DO NOTHING`
      }
      RETURNING chat_id, message_id, user_id, sender_chat_id, date, kind, text_length, reply_to_message_id,
        forward_origin, (xmax = 0) AS inserted
    ),
    changes AS (
      SELECT w.chat_id, w.date, w.kind, w.inserted, w.kind = 'service' AS is_service, w.kind = 'command' AS is_command,
        w.inserted AND w.reply_to_message_id IS NOT NULL AS is_reply,
        w.inserted AND w.forward_origin IS NOT NULL AS is_forward,
        w.inserted AND w.kind NOT IN ('text', 'service', 'command') AS is_media,
        ${updates ? sql`CASE WHEN w.inserted THEN w.text_length ELSE w.text_length - p.text_length END` : sql`w.text_length`} AS chars,
        coalesce(w.user_id, w.sender_chat_id) AS sender_id,
        (w.date AT TIME ZONE coalesce(c.timezone, ${defaultTimezone}))::date AS local_day
      FROM written w
      ${updates ? sql`LEFT JOIN previous p ON NOT w.inserted AND p.chat_id = w.chat_id AND p.message_id = w.message_id` : sql``}
      LEFT JOIN chats c ON c.id = w.chat_id
      ${updates ? sql`WHERE w.inserted OR w.text_length <> p.text_length` : sql``}
    ),
    ${ROLLUPS_FROM_CHANGES}`);
  // Every message of the batch may be a reply whose target's stats change, or a message
  // whose replies were stored before it (history read newest first).
  const keys = messages.flatMap((m) =>
    m.replyToMessageId === null
      ? [{ c: m.chatId, m: m.messageId }]
      : [
          { c: m.chatId, m: m.messageId },
          { c: m.chatId, m: m.replyToMessageId },
        ],
  );
  await refreshReplyStats(
    tx,
    sql`SELECT c AS chat_id, m AS message_id FROM json_to_recordset(${json(keys)}) AS k(c bigint, m int)`,
    defaultTimezone,
  );
}

export async function insertMemberEvents(tx: Executor, events: MergedBatch["memberEvents"]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    chat_id: e.chatId,
    user_id: e.userId,
    kind: e.kind,
    method: e.method,
    actor_id: e.actorId,
    invite_link: e.inviteLink,
    occurred_at: iso(e.occurredAt),
    source: e.source,
  }));
  await tx.execute(sql`
    WITH written AS (
      INSERT INTO member_events AS m (chat_id, user_id, kind, method, actor_id, invite_link, occurred_at, source)
      SELECT chat_id, user_id, kind, method, actor_id, invite_link, occurred_at, source
      FROM json_to_recordset(${json(rows)}) AS r(
        chat_id bigint, user_id bigint, kind text, method text, actor_id bigint, invite_link text,
        occurred_at timestamptz, source text)
      ON CONFLICT ON CONSTRAINT member_events_key DO UPDATE SET
        method = CASE WHEN excluded.source = 'chat_member' THEN coalesce(excluded.method, m.method) ELSE coalesce(m.method, excluded.method) END,
        actor_id = coalesce(m.actor_id, excluded.actor_id),
        invite_link = coalesce(m.invite_link, excluded.invite_link)
      RETURNING chat_id, kind, occurred_at, (xmax = 0) AS inserted
    )
    INSERT INTO chat_hourly_activity AS h (chat_id, hour, joins, leaves)
    SELECT chat_id, date_trunc('hour', occurred_at, 'UTC'),
      count(*) FILTER (WHERE kind = 'join'), count(*) FILTER (WHERE kind <> 'join')
    FROM written WHERE inserted GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (chat_id, hour) DO UPDATE SET joins = h.joins + excluded.joins, leaves = h.leaves + excluded.leaves`);
}

/**
 * Reactions are state, not events: each record replaces what is stored for its message
 * (aggregate tier, actor NULL) or for one actor on that message (per-user tier), unless a
 * newer state was already applied. message_reaction_states remembers each state's date.
 */
export async function replaceReactionCounts(tx: Executor, states: MergedBatch["reactionCounts"]): Promise<void> {
  await replaceReactionStates(
    tx,
    states.map((s) => ({
      chat_id: s.chatId,
      message_id: s.messageId,
      actor_id: null,
      date: iso(s.date),
      source: s.source,
      reactions: s.counts.filter((c) => c.count > 0),
    })),
  );
}

export async function replaceUserReactions(tx: Executor, states: MergedBatch["userReactions"]): Promise<void> {
  await replaceReactionStates(
    tx,
    states.map((s) => ({
      chat_id: s.chatId,
      message_id: s.messageId,
      actor_id: s.actorId,
      date: iso(s.date),
      source: s.source,
      reactions: s.reactions.map((reaction) => ({ reaction, count: 1 })),
    })),
  );
}

interface ReactionStateRow {
  chat_id: number;
  message_id: number;
  actor_id: number | null;
  date: string | null;
  source: string;
  reactions: { reaction: string; count: number }[];
}

async function replaceReactionStates(tx: Executor, rows: ReactionStateRow[]): Promise<void> {
  if (rows.length === 0) return;
  const input = sql`json_to_recordset(${json(rows)}) AS i(chat_id bigint, message_id int, actor_id bigint, date timestamptz, source text, reactions json)`;
  await tx.execute(sql`
    INSERT INTO message_reaction_states AS s (chat_id, message_id, actor_id, date)
    SELECT chat_id, message_id, actor_id, date FROM ${input}
    ON CONFLICT ON CONSTRAINT message_reaction_states_key DO UPDATE SET date = excluded.date
    WHERE excluded.date > s.date`);
  // A state is applied when it is the one now recorded (an equal date re-applies, harmlessly).
  const applied = sql`EXISTS (SELECT 1 FROM message_reaction_states s
    WHERE s.chat_id = i.chat_id AND s.message_id = i.message_id
      AND s.actor_id IS NOT DISTINCT FROM i.actor_id AND s.date = i.date)`;
  await tx.execute(sql`
    DELETE FROM message_reactions r USING ${input}
    WHERE r.chat_id = i.chat_id AND r.message_id = i.message_id
      AND r.user_id IS NOT DISTINCT FROM i.actor_id AND ${applied}`);
  await tx.execute(sql`
    INSERT INTO message_reactions (${sql.raw(REACTION_COLUMNS)})
    SELECT i.chat_id, i.message_id, c.reaction, i.actor_id, c.count, i.date, i.source
    FROM ${input} CROSS JOIN LATERAL json_to_recordset(i.reactions) AS c(reaction text, count int)
    WHERE ${applied}
    ON CONFLICT ON CONSTRAINT message_reactions_key DO NOTHING`);
}
