// The /influence view of a chat: its top influencers as caption lines, and the chart of who
// replies to and reacts to whom. Both read the social-graph views, rebuilt daily; the caption
// says as of when.

import type { Translate } from "../i18n/index.js";
import { type Locale, translator } from "../i18n/index.js";
import { type ChatInfo, getChatInfo } from "../queries/chats.js";
import {
  getNetworkEdges,
  getSocialGraphStatus,
  getTopInfluencers,
  type Influencer,
  type NetworkEdge,
} from "../queries/influence.js";
import type { NetworkChart } from "../render/network.js";
import { truncate, UnknownChatError } from "./chat-stats.js";
import { formatDate, formatDateTime } from "./format.js";
import { type Message, message, type ReportDeps, type TranslateOptions, translateMessage } from "./types.js";

export const INFLUENCERS_SHOWN = 10;
/** Telegram's limit for a photo caption. */
const CAPTION_LIMIT = 1024;

export interface InfluenceParams {
  chat: ChatInfo | number;
  locale: Locale;
}

export interface InfluenceView {
  chat: { id: number; title: string };
  influencers: Influencer[];
  /** When the views were last built; null if the build time is unknown. */
  asOf: Date | null;
  /** Caption parts: head, one line per influencer (best first), foot; see influenceCaption. */
  head: Message;
  lines: Message[];
  foot: Message;
  /** Labels already in `locale`. */
  chart: NetworkChart;
  /** Same chat, language and build of the views → same picture. */
  cacheKey: string;
}

/** undefined: the views have not been built yet. */
export async function getInfluenceView(deps: ReportDeps, params: InfluenceParams): Promise<InfluenceView | undefined> {
  const { database } = deps;
  const chat = typeof params.chat === "number" ? await getChatInfo(database, params.chat) : params.chat;
  if (!chat) throw new UnknownChatError(`chat ${String(params.chat)} is not recorded`);
  const timezone = chat.timezone ?? deps.config.defaultTimezone;
  const status = await getSocialGraphStatus(database);
  if (!status.ready) return undefined;
  const [influencers, edges] = await Promise.all([
    getTopInfluencers(database, chat.id, INFLUENCERS_SHOWN),
    getNetworkEdges(database, chat.id),
  ]);
  if (!influencers || !edges) return undefined;
  const { locale } = params;
  const t = translator(locale);
  const built = status.refreshedAt;
  const asOf = built
    ? message("influence-as-of-time", { time: formatDateTime(built, timezone, locale), timezone })
    : message("influence-last-build");
  // The picture has room for the day only; the caption gives the hour and zone.
  const asOfDay = built ? formatDate(built, timezone, locale) : t("influence-last-build");
  return {
    chat: { id: chat.id, title: chat.title },
    influencers,
    asOf: built,
    head: message("influence-title", { title: truncate(chat.title, 48) }),
    lines: influencers.length === 0 ? [message("influence-none")] : influencers.map(influencerLine),
    foot: message("influence-foot", { asOf }),
    chart: interactionChart(chat, edges, asOfDay, t, locale),
    cacheKey: `influence:${chat.id}:${locale}:${built?.getTime() ?? 0}`,
  };
}

function influencerLine(influencer: Influencer): Message {
  const parts: Message[] = [];
  if (influencer.repliesReceived > 0) parts.push(message("influence-replies", { n: influencer.repliesReceived }));
  if (influencer.reactionsReceived > 0) parts.push(message("influence-reactions", { n: influencer.reactionsReceived }));
  if (influencer.forwards > 0) parts.push(message("influence-forwards", { n: influencer.forwards }));
  if (influencer.interactors > 0) parts.push(message("influence-people", { n: influencer.interactors }));
  const args: Record<string, Message | string | number> = {
    rank: influencer.rank,
    name: truncate(influencer.name, 28),
    chat: influencer.type === "chat" ? " 📣" : "",
    score: influencer.score,
  };
  parts.forEach((part, i) => {
    args[`p${i}`] = part;
  });
  return message(`influence-line-${parts.length}`, args);
}

/** The caption in one language; long names could push ten lines past Telegram's limit, so lines go from the bottom. */
export function influenceCaption(
  t: Translate,
  view: Pick<InfluenceView, "head" | "lines" | "foot">,
  options: TranslateOptions = { html: true },
): string {
  const head = translateMessage(t, view.head, options);
  const foot = translateMessage(t, view.foot, options);
  const lines = view.lines.map((line) => translateMessage(t, line, options));
  let caption = "";
  for (let shown = lines.length; shown > 0; shown--) {
    caption = `${head}\n\n${lines.slice(0, shown).join("\n")}\n\n${foot}`;
    if (caption.length <= CAPTION_LIMIT) break;
  }
  return caption;
}

/** Who replies to and reacts to whom (forwards are in the export, not in this picture). */
export function interactionChart(
  chat: Pick<ChatInfo, "title">,
  edges: NetworkEdge[],
  asOf: string,
  t: Translate,
  locale: Locale,
): NetworkChart {
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
    locale,
    title: chat.title,
    subtitle: t("influence-chart-subtitle", { asOf }),
    emptyText: t("influence-chart-empty"),
    nodes: [...weights].map(([id, node]) => ({
      id: String(id),
      label: node.label,
      type: id > 0 ? "user" : "chat",
      weight: node.weight,
    })),
    edges: links,
  };
}
