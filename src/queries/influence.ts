// Reads the social-graph views (migration 0007, refreshed daily): a chat's top influencers,
// who replies to and reacts to whom, and who forwards whom. Views that were never built
// answer `undefined` instead of failing, so callers can say when the first build comes.
// Members who opted out are left out here as well as in the views, since someone may opt
// out between two refreshes.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { populatedViews, SOCIAL_GRAPH_VIEWS } from "../graph/refresh.js";

export interface Influencer {
  id: number;
  type: "user" | "chat";
  name: string;
  username: string | null;
  repliesReceived: number;
  reactionsReceived: number;
  forwards: number;
  interactors: number;
  score: number;
  rank: number;
}

/** The views' state: built or not, and when the last successful refresh of all three finished. */
export async function getSocialGraphStatus(database: Database): Promise<{ ready: boolean; refreshedAt: Date | null }> {
  const populated = await populatedViews(database);
  const ready = SOCIAL_GRAPH_VIEWS.every((view) => populated.has(view));
  const [row] = await database.rows<{ at_ms: number | null }>(sql`
    SELECT (extract(epoch FROM max(started_at + duration_ms * interval '1 millisecond')) * 1000)::float8 AS at_ms
    FROM view_refreshes WHERE view = 'top_influencers' AND success`);
  return { ready, refreshedAt: row?.at_ms ? new Date(row.at_ms) : null };
}

/** A chat's top influencers by score, ranks recounted after leaving out who opted out since. */
export async function getTopInfluencers(
  database: Database,
  chatId: number,
  limit = 10,
): Promise<Influencer[] | undefined> {
  if (!(await populatedViews(database)).has("top_influencers")) return undefined;
  const rows = await database.rows<{
    id: number;
    type: "user" | "chat";
    name: string | null;
    username: string | null;
    replies_received: number;
    reactions_received: number;
    forwards: number;
    interactors: number;
    score: number;
    rank: number;
  }>(sql`
    SELECT t.influencer_id AS id, t.influencer_type AS type,
           coalesce(nullif(trim(concat_ws(' ', u.first_name, u.last_name)), ''), c.title) AS name,
           coalesce(u.username, c.username) AS username,
           t.replies_received, t.reactions_received, t.forwards, t.interactors, t.score,
           rank() OVER (ORDER BY t.score DESC)::int AS rank
    FROM top_influencers t
    LEFT JOIN users u ON u.id = t.influencer_id
    LEFT JOIN chats c ON c.id = t.influencer_id
    WHERE t.chat_id = ${chatId} AND u.opted_out IS NOT TRUE
    ORDER BY t.score DESC, t.influencer_id
    LIMIT ${limit}`);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    name: row.name ?? (row.id > 0 ? `User ${row.id}` : `Chat ${row.id}`),
    username: row.username,
    repliesReceived: row.replies_received,
    reactionsReceived: row.reactions_received,
    forwards: row.forwards,
    interactors: row.interactors,
    score: row.score,
    rank: row.rank,
  }));
}

export interface NetworkEdge {
  sourceId: number;
  sourceName: string;
  targetId: number;
  targetName: string;
  kind: "reply" | "reaction" | "forward";
  /** Replies or reactions from source to target's messages, or messages forwarded. */
  weight: number;
  /** Forwards only: the first and last forwarded message seen. */
  firstSeen: Date | null;
  lastSeen: Date | null;
}

/**
 * A chat's network: who replied to or reacted to whose messages there (one edge per pair and
 * kind, weight = replies or reactions), and who forwards whom (sources forwarded
 * into the chat, and chats that carried this chat's posts). Opted-out members are no node.
 */
export async function getNetworkEdges(database: Database, chatId: number): Promise<NetworkEdge[] | undefined> {
  const populated = await populatedViews(database);
  if (!populated.has("message_social_graph") || !populated.has("channel_influence_network")) return undefined;
  const rows = await database.rows<{
    source_id: number;
    target_id: number;
    kind: "reply" | "reaction" | "forward";
    weight: number;
    first_ms: number | null;
    last_ms: number | null;
    source_name: string | null;
    target_name: string | null;
  }>(sql`
    WITH edges AS (
      SELECT a.actor_id AS source_id, g.author_id AS target_id, 'reply' AS kind, count(*)::int AS weight,
             NULL::timestamptz AS first_seen, NULL::timestamptz AS last_seen
      FROM message_social_graph g CROSS JOIN LATERAL unnest(g.replier_ids) AS a(actor_id)
      WHERE g.chat_id = ${chatId} AND g.author_id IS NOT NULL
      GROUP BY 1, 2
      UNION ALL
      SELECT a.actor_id, g.author_id, 'reaction', count(*)::int, NULL, NULL
      FROM message_social_graph g CROSS JOIN LATERAL unnest(g.reactor_ids) AS a(actor_id)
      WHERE g.chat_id = ${chatId} AND g.author_id IS NOT NULL
      GROUP BY 1, 2
      UNION ALL
      SELECT source_id, target_chat_id, 'forward', forwards, first_seen, last_seen
      FROM channel_influence_network WHERE target_chat_id = ${chatId} OR source_id = ${chatId}
    )
    SELECT e.source_id, e.target_id, e.kind, e.weight,
           (extract(epoch FROM e.first_seen) * 1000)::float8 AS first_ms,
           (extract(epoch FROM e.last_seen) * 1000)::float8 AS last_ms,
           coalesce(nullif(trim(concat_ws(' ', su.first_name, su.last_name)), ''), sc.title) AS source_name,
           coalesce(nullif(trim(concat_ws(' ', tu.first_name, tu.last_name)), ''), tc.title) AS target_name
    FROM edges e
    LEFT JOIN users su ON su.id = e.source_id
    LEFT JOIN chats sc ON sc.id = e.source_id
    LEFT JOIN users tu ON tu.id = e.target_id
    LEFT JOIN chats tc ON tc.id = e.target_id
    WHERE su.opted_out IS NOT TRUE AND tu.opted_out IS NOT TRUE
    ORDER BY e.kind, e.weight DESC, e.source_id, e.target_id`);
  const fallback = (id: number) => (id > 0 ? `User ${id}` : `Chat ${id}`);
  return rows.map((row) => ({
    sourceId: row.source_id,
    sourceName: row.source_name ?? fallback(row.source_id),
    targetId: row.target_id,
    targetName: row.target_name ?? fallback(row.target_id),
    kind: row.kind,
    weight: row.weight,
    firstSeen: row.first_ms === null ? null : new Date(row.first_ms),
    lastSeen: row.last_ms === null ? null : new Date(row.last_ms),
  }));
}
