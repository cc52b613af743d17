// What each social-graph view holds: the query its rebuild runs and the indexes its readers
// use. The views are tables that src/graph/refresh.ts builds afresh from these queries and swaps
// in by name (see there and docs/social-graph.md); they began as the materialized views of
// migrations 0007 and 0012, whose comments and rows these queries keep.
//
// What counts: every message except service messages and bot commands, as everywhere else.
// A reply or a reaction of the author to their own message is no interaction.
import type { SocialGraphView } from "./refresh.js";

/** A condition on a chat id column that holds for the chats of one part of a build. */
export type PartFilter = (chatIdColumn: string) => string;

export interface ViewDefinition {
  /**
   * For message_social_graph, keyed by message: the rows of the messages listed in the table
   * `targets` (chat_id, message_id), for a refresh of what changed (see ./refresh.ts).
   */
  changed?: (targets: string) => string;
  /**
   * The SELECT whose rows the view holds, for the chats `part` selects: the rows of one chat
   * never depend on another chat's rows, so a build can run as several parts at once.
   */
  query: (part: PartFilter) => string;
  /** Whether the view is worth building in parts (a small one is not). */
  parts: boolean;
  /** Name suffix (after the view's name and "_") and columns; the first is the unique key. */
  indexes: { suffix: string; columns: string[]; unique: boolean }[];
}

// Per message, its replies (kind 1: the replier), copies Pulse saw elsewhere (kind 2),
// Telegram's aggregate reaction counts (kind 3: n) and visible reactions (kind 4: the reactor).
const INTERACTION_TOTALS = `
             array_agg("actor") FILTER (WHERE "kind" = 1) AS "repliers",
             count(*) FILTER (WHERE "kind" = 2)::int AS "copies",
             -- Telegram's aggregate counts (user_id NULL) already include the visible reactions;
             -- without them, the visible reactions are all there is.
             bool_or("kind" = 3) AS "counted",
             coalesce(sum("n") FILTER (WHERE "kind" = 3), 0)::int AS "anonymous",
             array_agg("actor") FILTER (WHERE "kind" = 4) AS "reactors"`;

/**
 * message_social_graph's rows from `source`: FROM … WHERE giving the message m, its author a
 * and its interaction totals i. The author's own replies and reactions are taken out here.
 */
const graphRows = (source: string) => `
    SELECT * FROM (
      SELECT m."chat_id", m."message_id", m."date", a."author_id",
             coalesce(cardinality(array_remove(i."repliers", a."author_id")), 0) AS "replies_received",
             coalesce(array_remove(i."repliers", a."author_id"), '{}'::bigint[]) AS "replier_ids",
             CASE WHEN i."counted" THEN i."anonymous"
                  ELSE coalesce(cardinality(array_remove(i."reactors", a."author_id")), 0) END AS "reactions_received",
             coalesce(array_remove(i."reactors", a."author_id"), '{}'::bigint[]) AS "reactor_ids",
             m."forwards" AS "forwards_out",
             coalesce(i."copies", 0) AS "forwards_seen",
             m."views"
      ${source}
    ) AS "g"
    -- engagement = replies received + reactions received + forwards (Telegram's count where
    -- known, else the copies Pulse saw). A message whose only reply or reaction is its author's
    -- drops out.
    CROSS JOIN LATERAL (
      SELECT "replies_received" + "reactions_received" + greatest(coalesce("forwards_out", 0), "forwards_seen") AS "engagement"
    ) AS "e"
    WHERE "engagement" > 0`;

export const VIEW_DEFINITIONS: Record<SocialGraphView, ViewDefinition> = {
  // Per message that others interacted with (replied to, reacted to, forwarded): who wrote it,
  // who replied (one entry per reply) and who reacted (one entry per visible reaction;
  // anonymous counts have no names), and the counts. Messages nobody interacted with carry no
  // edge and are left out. The author's own replies and reactions are taken out at the end,
  // where the author is known.
  message_social_graph: {
    parts: true,
    query: (part) => `
    WITH "interactions" AS (
      SELECT "chat_id", "message_id", ${INTERACTION_TOTALS}
      FROM (
        -- Each message points at most at one message it answers (kind 1) and one it copies
        -- (kind 2): both from the same scan.
        SELECT t.* FROM "messages" s
        CROSS JOIN LATERAL (VALUES
          (s."chat_id", s."reply_to_message_id", 1, coalesce(s."user_id", s."sender_chat_id"), 0),
          -- A channel post forwarded into a chat Pulse sees; automatic forwards (a channel's post
          -- copied into its discussion group by Telegram) are nobody's choice.
          (s."forward_from_id", CASE WHEN NOT s."is_automatic_forward" THEN s."forward_from_message_id" END, 2, NULL, 0)
        ) AS t("chat_id", "message_id", "kind", "actor", "n")
        WHERE (s."reply_to_message_id" IS NOT NULL OR s."forward_from_message_id" IS NOT NULL)
          AND s."kind" NOT IN ('service', 'command') AND t."chat_id" IS NOT NULL AND t."message_id" IS NOT NULL
          AND ${part('t."chat_id"')}
        UNION ALL
        SELECT "chat_id", "message_id", CASE WHEN "user_id" IS NULL THEN 3 ELSE 4 END, "user_id", "count"
        FROM "message_reactions" WHERE ${part('"chat_id"')}
      ) AS "e"
      GROUP BY 1, 2
    )
    ${graphRows(`
      FROM "messages" m
      CROSS JOIN LATERAL (SELECT coalesce(m."user_id", m."sender_chat_id") AS "author_id") AS a
      LEFT JOIN "interactions" i ON i."chat_id" = m."chat_id" AND i."message_id" = m."message_id"
      WHERE m."kind" NOT IN ('service', 'command') AND ${part('m."chat_id"')}
        AND (i."chat_id" IS NOT NULL OR m."forwards" > 0)`)}`,
    // The same rows for the messages in `targets` only: one primary-key probe per message and
    // index ranges for its replies, copies and reactions (LATERAL … OFFSET 0, so the planner
    // never turns them into scans of the whole tables).
    changed: (targets) => `
    ${graphRows(`
      FROM "${targets}" t
      CROSS JOIN LATERAL (SELECT * FROM "messages" m
        WHERE m."chat_id" = t."chat_id" AND m."message_id" = t."message_id" AND m."kind" NOT IN ('service', 'command')
        OFFSET 0) AS m
      CROSS JOIN LATERAL (SELECT coalesce(m."user_id", m."sender_chat_id") AS "author_id") AS a
      CROSS JOIN LATERAL (
        SELECT count(*) AS "edges", ${INTERACTION_TOTALS}
        FROM (
          SELECT 1 AS "kind", coalesce(r."user_id", r."sender_chat_id") AS "actor", 0 AS "n" FROM "messages" r
          WHERE r."chat_id" = m."chat_id" AND r."reply_to_message_id" = m."message_id"
            AND r."kind" NOT IN ('service', 'command')
          UNION ALL
          SELECT 2, NULL, 0 FROM "messages" f
          WHERE f."forward_from_id" = m."chat_id" AND f."forward_from_message_id" = m."message_id"
            AND NOT f."is_automatic_forward" AND f."kind" NOT IN ('service', 'command')
          UNION ALL
          SELECT CASE WHEN x."user_id" IS NULL THEN 3 ELSE 4 END, x."user_id", x."count" FROM "message_reactions" x
          WHERE x."chat_id" = m."chat_id" AND x."message_id" = m."message_id"
        ) AS "e"
      ) AS i
      WHERE i."edges" > 0 OR m."forwards" > 0`)}`,
    indexes: [{ suffix: "key", columns: ["chat_id", "message_id"], unique: true }],
  },
  // Who forwards whom: one edge per source (a user, or a chat or channel; ids in Bot API form)
  // and chat that carried the forwards, from the forward origins of messages of every source.
  // Hidden senders (no id) cannot be an edge; automatic forwards (a channel's post copied into
  // its discussion group by Telegram) are nobody's choice; a chat forwarding its own posts is
  // no influence; members who opted out are never a source.
  channel_influence_network: {
    parts: false,
    query: (part) => `
    SELECT f."forward_from_id" AS "source_id",
           CASE WHEN f."forward_from_id" > 0 THEN 'user' ELSE 'chat' END AS "source_type",
           f."chat_id" AS "target_chat_id",
           count(*)::int AS "forwards",
           count(DISTINCT f."forward_from_message_id")::int AS "distinct_posts",
           count(DISTINCT coalesce(f."user_id", f."sender_chat_id"))::int AS "forwarders",
           coalesce(array_agg(DISTINCT coalesce(f."user_id", f."sender_chat_id"))
             FILTER (WHERE coalesce(f."user_id", f."sender_chat_id") IS NOT NULL), '{}'::bigint[]) AS "forwarder_ids",
           min(f."date") AS "first_seen",
           max(f."date") AS "last_seen"
    FROM "messages" f
    WHERE f."forward_from_id" IS NOT NULL AND NOT f."is_automatic_forward" AND f."forward_from_id" <> f."chat_id"
      AND f."kind" NOT IN ('service', 'command')
      AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = f."forward_from_id" AND u."opted_out")
      AND ${part('f."chat_id"')}
    GROUP BY f."forward_from_id", f."chat_id"`,
    indexes: [
      { suffix: "key", columns: ["source_id", "target_chat_id"], unique: true },
      { suffix: "target_idx", columns: ["target_chat_id"], unique: false },
    ],
  },
  // Per chat, the members (people and chats posting as themselves) and the sources forwarded
  // into it, ranked by
  //   score = 2 × replies received + reactions received + 3 × forwards of their content
  //           + 5 × distinct people who replied to, reacted to or forwarded them.
  // A reply takes more effort than a reaction; a forward carries the content to a new
  // audience; distinct people keep one devoted fan from making anyone an influencer. Forwards
  // are Telegram's count for a post where known (MTProto), else the copies Pulse saw, plus the
  // forwards of the source into this chat. Built from the two views above: they are rebuilt
  // first. The chat itself is not ranked in its own list, and members who opted out never appear.
  top_influencers: {
    parts: true,
    query: (part) => `
    WITH "totals" AS (
      SELECT "chat_id", "influencer_id", sum("replies")::int AS "replies", sum("reactions")::int AS "reactions",
             sum("forwards")::int AS "forwards"
      FROM (
        SELECT "chat_id", "author_id" AS "influencer_id", "replies_received" AS "replies",
               "reactions_received" AS "reactions", greatest(coalesce("forwards_out", 0), "forwards_seen") AS "forwards"
        FROM "message_social_graph" WHERE "author_id" IS NOT NULL AND ${part('"chat_id"')}
        UNION ALL
        SELECT "target_chat_id", "source_id", 0, 0, "forwards" FROM "channel_influence_network"
        WHERE ${part('"target_chat_id"')}
      ) AS "parts"
      GROUP BY 1, 2
    ),
    -- unnest in the select list: as a LATERAL join the planner put a cache (Memoize) keyed
    -- by the arrays in front of it, which at 10M messages missed three times in four.
    "actors" AS (
      SELECT g."chat_id", g."author_id" AS "influencer_id", unnest(g."replier_ids" || g."reactor_ids") AS "actor_id"
      FROM "message_social_graph" g
      WHERE g."author_id" IS NOT NULL AND ${part('g."chat_id"')}
      UNION
      SELECT n."target_chat_id", n."source_id", unnest(n."forwarder_ids")
      FROM "channel_influence_network" n WHERE ${part('n."target_chat_id"')}
    ),
    "people" AS (
      SELECT "chat_id", "influencer_id", count(*)::int AS "interactors"
      FROM "actors" WHERE "actor_id" <> "influencer_id"
      GROUP BY 1, 2
    ),
    "scored" AS (
      SELECT t."chat_id", t."influencer_id",
             CASE WHEN t."influencer_id" > 0 THEN 'user' ELSE 'chat' END AS "influencer_type",
             t."replies" AS "replies_received", t."reactions" AS "reactions_received", t."forwards",
             coalesce(p."interactors", 0) AS "interactors",
             2 * t."replies" + t."reactions" + 3 * t."forwards" + 5 * coalesce(p."interactors", 0) AS "score"
      FROM "totals" t
      LEFT JOIN "people" p ON p."chat_id" = t."chat_id" AND p."influencer_id" = t."influencer_id"
      WHERE t."influencer_id" <> t."chat_id"
        AND NOT EXISTS (SELECT 1 FROM "users" u WHERE u."id" = t."influencer_id" AND u."opted_out")
    )
    SELECT "chat_id", "influencer_id", "influencer_type", "replies_received", "reactions_received", "forwards",
           "interactors", "score", rank() OVER (PARTITION BY "chat_id" ORDER BY "score" DESC)::int AS "rank"
    FROM "scored"
    WHERE "score" > 0`,
    indexes: [{ suffix: "key", columns: ["chat_id", "influencer_id"], unique: true }],
  },
};
