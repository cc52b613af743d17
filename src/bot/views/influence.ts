// The /influence view of a chat: its top influencers as text, and the chart of who replies to
// and reacts to whom. Both read the social-graph views, which are rebuilt daily; the caption
// says as of when.
import type { Database } from "../../db/client.js";
import type { ChatInfo } from "../../queries/chats.js";
import {
  getNetworkEdges,
  getSocialGraphStatus,
  getTopInfluencers,
  type Influencer,
  type NetworkEdge,
} from "../../queries/influence.js";
import type { NetworkChart } from "../../render/network.js";
import { escapeHtml, formatDate, formatNumber, truncate } from "../format.js";

export interface InfluenceView {
  caption: string;
  chart: NetworkChart;
  /** Same chat and same build of the views → same picture. */
  cacheKey: string;
}

/** Telegram's limit for a photo caption. */
const CAPTION_LIMIT = 1024;
export const INFLUENCERS_SHOWN = 10;
export const SCORE_NOTE = "score = 2 × replies + reactions + 3 × forwards + 5 × people who interacted";

/** undefined: the views have not been built yet. */
export async function buildInfluenceView(
  database: Database,
  chat: ChatInfo,
  timezone: string,
): Promise<InfluenceView | undefined> {
  const status = await getSocialGraphStatus(database);
  if (!status.ready) return undefined;
  const [influencers, edges] = await Promise.all([
    getTopInfluencers(database, chat.id, INFLUENCERS_SHOWN),
    getNetworkEdges(database, chat.id),
  ]);
  if (!influencers || !edges) return undefined;
  const asOf = status.refreshedAt ? formatAsOf(status.refreshedAt, timezone) : "the last build";
  // The picture has room for the day only; the caption gives the hour and zone.
  const asOfDay = status.refreshedAt ? formatDate(status.refreshedAt, timezone) : "the last build";
  return {
    caption: influenceCaption(chat, influencers, asOf),
    chart: interactionChart(chat, edges, asOfDay),
    cacheKey: `influence:${chat.id}:${status.refreshedAt?.getTime() ?? 0}`,
  };
}

function formatAsOf(date: Date, timezone: string): string {
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  return `${local} ${timezone}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

function influencerLine(influencer: Influencer): string {
  const name = escapeHtml(truncate(influencer.name, 28));
  const parts = [
    influencer.repliesReceived > 0 ? plural(influencer.repliesReceived, "reply", "replies") : "",
    influencer.reactionsReceived > 0 ? plural(influencer.reactionsReceived, "reaction") : "",
    influencer.forwards > 0 ? plural(influencer.forwards, "forward") : "",
    influencer.interactors > 0 ? plural(influencer.interactors, "person", "people") : "",
  ].filter(Boolean);
  const kind = influencer.type === "chat" ? " 📣" : "";
  return `${influencer.rank}. ${name}${kind} — <b>${formatNumber(influencer.score)}</b> · ${parts.join(" · ")}`;
}

export function influenceCaption(chat: ChatInfo, influencers: Influencer[], asOf: string): string {
  const head = `🌐 <b>Top influencers</b> · <b>${escapeHtml(truncate(chat.title, 48))}</b>`;
  const foot = `<i>${SCORE_NOTE}; 📣 a chat or channel. All time, as of ${escapeHtml(asOf)} (rebuilt daily).</i>`;
  if (influencers.length === 0) {
    return `${head}\n\nNo replies, reactions or forwards between members recorded yet.\n\n${foot}`;
  }
  // Long names could push ten lines past Telegram's caption limit: drop lines from the bottom.
  const lines = influencers.map(influencerLine);
  let caption = "";
  for (let shown = lines.length; shown > 0; shown--) {
    caption = `${head}\n\n${lines.slice(0, shown).join("\n")}\n\n${foot}`;
    if (caption.length <= CAPTION_LIMIT) break;
  }
  return caption;
}

/** Who replies to and reacts to whom (forwards are in the export, not in this picture). */
export function interactionChart(chat: ChatInfo, edges: NetworkEdge[], asOf: string): NetworkChart {
  const weights = new Map<number, { label: string; weight: number }>();
  const links: NetworkChart["edges"] = [];
  for (const edge of edges) {
    if (edge.kind === "forward") continue;
    links.push({ source: String(edge.sourceId), target: String(edge.targetId), weight: edge.weight });
    for (const [id, label] of [
      [edge.sourceId, edge.sourceName],
      [edge.targetId, edge.targetName],
    ] as const) {
      const node = weights.get(id) ?? { label, weight: 0 };
      node.weight += edge.weight;
      weights.set(id, node);
    }
  }
  return {
    kind: "network",
    title: chat.title,
    subtitle: `Who replies to and reacts to whom · all time, as of ${asOf}`,
    emptyText: "No replies or reactions between members yet",
    nodes: [...weights].map(([id, node]) => ({
      id: String(id),
      label: node.label,
      type: id > 0 ? "user" : "chat",
      weight: node.weight,
    })),
    edges: links,
  };
}
