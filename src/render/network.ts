// The interaction-network chart of /influence: who replies to and reacts to whom, as nodes
// (people and chats, sized by their interactions) and arrows (thicker = more). d3-force lays
// the nodes out (links pull partners together, charge keeps everyone apart, collision keeps
// room for a name); its seeded start makes the same data give the same picture. Labels are
// then placed beside their node where they overlap nothing, biggest nodes first.
import type { ChartConfiguration, Plugin } from "chart.js";
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from "d3-force";
import type { Translate } from "../i18n/index.js";
import {
  baseOptions,
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartBase,
  type Context2D,
  cleanLabel,
  count,
  ellipsize,
  FOOTER_HEIGHT,
  font,
  frameOf,
  framePlugin,
  HEADER_HEIGHT,
  noPlugins,
  PAD_X,
  THEME,
} from "./charts.js";

export interface NetworkChart extends ChartBase {
  kind: "network";
  /** People ("user") and chats posting as themselves ("chat"); weight = their interactions. */
  nodes: { id: string; label: string; type: "user" | "chat"; weight: number }[];
  /** source replied to or reacted to target's messages, weight times. */
  edges: { source: string; target: string; weight: number }[];
  /** Nodes and edges before the top were taken, for the footer. */
  totals?: { nodes: number };
}

export const MAX_NETWORK_NODES = 30;
const CHAT_COLOUR = "#d9480f";
const EDGE_COLOUR = "rgba(89, 99, 110, 0.38)";
const LABEL_SIZE = 24;
const LABEL_MAX_WIDTH = 210;
const MIN_RADIUS = 9;
const MAX_RADIUS = 30;

interface LayoutNode extends SimulationNodeDatum {
  id: string;
  label: string;
  type: "user" | "chat";
  weight: number;
  r: number;
}

export interface PlacedNode {
  id: string;
  label: string;
  type: "user" | "chat";
  weight: number;
  x: number;
  y: number;
  r: number;
}

export interface NetworkLayout {
  nodes: PlacedNode[];
  edges: { source: PlacedNode; target: PlacedNode; weight: number }[];
  /** Nodes in the data (before the top 30 were taken). */
  totalNodes: number;
}

/** Cleans the spec: at most 30 nodes (heaviest first), edges between them only, merged. */
export function networkData(spec: NetworkChart): {
  nodes: Omit<PlacedNode, "x" | "y" | "r">[];
  edges: { source: string; target: string; weight: number }[];
  totalNodes: number;
} {
  const seen = new Map<string, Omit<PlacedNode, "x" | "y" | "r">>();
  for (const node of Array.isArray(spec.nodes) ? spec.nodes : []) {
    const id = String(node?.id ?? "");
    if (id === "" || seen.has(id)) continue;
    seen.set(id, {
      id,
      label: cleanLabel(node.label, "—"),
      type: node.type === "chat" ? "chat" : "user",
      weight: count(node.weight),
    });
  }
  const all = [...seen.values()].filter((n) => n.weight > 0);
  const nodes = all.sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id)).slice(0, MAX_NETWORK_NODES);
  const kept = new Set(nodes.map((n) => n.id));
  const merged = new Map<string, { source: string; target: string; weight: number }>();
  for (const edge of Array.isArray(spec.edges) ? spec.edges : []) {
    const source = String(edge?.source ?? "");
    const target = String(edge?.target ?? "");
    const weight = count(edge?.weight);
    if (source === target || !kept.has(source) || !kept.has(target) || weight === 0) continue;
    const key = `${source}→${target}`;
    const existing = merged.get(key);
    if (existing) existing.weight += weight;
    else merged.set(key, { source, target, weight });
  }
  const edges = [...merged.values()];
  // A node whose partners all fell outside the top has nothing to connect to: leave it out.
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  return {
    nodes: nodes.filter((n) => linked.has(n.id)),
    edges,
    totalNodes: Math.max(all.length, count(spec.totals?.nodes)),
  };
}

/** Positions in the drawing area {left, top, right, bottom}, deterministic for the same data. */
export function layoutNetwork(
  spec: NetworkChart,
  area: { left: number; top: number; right: number; bottom: number },
): NetworkLayout {
  const data = networkData(spec);
  const maxWeight = Math.max(1, ...data.nodes.map((n) => n.weight));
  const nodes: LayoutNode[] = data.nodes.map((n) => ({
    ...n,
    r: MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(n.weight / maxWeight),
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const maxEdge = Math.max(1, ...data.edges.map((e) => e.weight));
  const links: (SimulationLinkDatum<LayoutNode> & { weight: number })[] = data.edges.map((e) => ({ ...e }));
  const cx = (area.left + area.right) / 2;
  const cy = (area.top + area.bottom) / 2;
  const width = area.right - area.left;
  const height = area.bottom - area.top;
  // Room for a name below each node; the frame is wide, so the pull towards the middle is
  // weaker sideways than up and down.
  const margin = { x: 70, y: 20 };
  const simulation = forceSimulation(nodes)
    .force(
      "link",
      forceLink<LayoutNode, (typeof links)[number]>(links)
        .id((n) => n.id)
        .distance(150)
        .strength((l) => 0.15 + 0.5 * (l.weight / maxEdge)),
    )
    .force("charge", forceManyBody<LayoutNode>().strength(-900))
    .force("collide", forceCollide<LayoutNode>((n) => n.r + 34).iterations(3))
    .force("x", forceX<LayoutNode>(cx).strength(0.04))
    .force("y", forceY<LayoutNode>(cy).strength(0.09))
    .stop();
  for (let i = 0; i < 400; i++) {
    simulation.tick();
    for (const n of nodes) {
      n.x = Math.min(area.right - n.r - margin.x, Math.max(area.left + n.r + margin.x, n.x ?? cx));
      n.y = Math.min(area.bottom - n.r - margin.y - LABEL_SIZE, Math.max(area.top + n.r + margin.y, n.y ?? cy));
    }
  }
  // Spread the result over the whole area: scaling up from the middle never adds an overlap.
  if (nodes.length > 1) {
    const xs = nodes.map((n) => n.x ?? cx);
    const ys = nodes.map((n) => n.y ?? cy);
    const spanX = Math.max(...xs) - Math.min(...xs);
    const spanY = Math.max(...ys) - Math.min(...ys);
    const usableX = width - 2 * (MAX_RADIUS + margin.x);
    const usableY = height - 2 * (MAX_RADIUS + margin.y) - LABEL_SIZE;
    const midX = (Math.max(...xs) + Math.min(...xs)) / 2;
    const midY = (Math.max(...ys) + Math.min(...ys)) / 2;
    const sx = spanX > 0 ? Math.max(1, usableX / spanX) : 1;
    const sy = spanY > 0 ? Math.max(1, usableY / spanY) : 1;
    for (const n of nodes) {
      n.x = cx + ((n.x ?? cx) - midX) * sx;
      n.y = cy - LABEL_SIZE / 2 + ((n.y ?? cy) - midY) * sy;
    }
  }
  const placed = new Map<string, PlacedNode>(
    nodes.map((n) => [
      n.id,
      { id: n.id, label: n.label, type: n.type, weight: n.weight, x: n.x ?? cx, y: n.y ?? cy, r: n.r },
    ]),
  );
  return {
    nodes: [...placed.values()],
    edges: data.edges.flatMap((e) => {
      const source = placed.get(e.source);
      const target = placed.get(e.target);
      return source && target && byId.has(e.source) ? [{ source, target, weight: e.weight }] : [];
    }),
    totalNodes: data.totalNodes,
  };
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Where each name goes: below its node, else above, right or left, wherever it overlaps no
 * other name and no node. A name that fits nowhere is left off (the node stays); the ten
 * biggest nodes always get theirs, at the least crowded spot.
 */
export function placeLabels(
  layout: NetworkLayout,
  measure: (text: string) => number,
  bounds: { left: number; top: number; right: number; bottom: number },
): { node: PlacedNode; text: string; x: number; y: number }[] {
  const order = [...layout.nodes].sort((a, b) => b.weight - a.weight);
  const taken: Box[] = layout.nodes.map((n) => ({ x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r }));
  const placed: { node: PlacedNode; text: string; x: number; y: number }[] = [];
  order.forEach((node, index) => {
    const text = ellipsize(node.label, LABEL_MAX_WIDTH, measure);
    const w = measure(text);
    const h = LABEL_SIZE + 4;
    const candidates: Box[] = [
      { x: node.x - w / 2, y: node.y + node.r + 4, w, h },
      { x: node.x - w / 2, y: node.y - node.r - 4 - h, w, h },
      { x: node.x + node.r + 8, y: node.y - h / 2, w, h },
      { x: node.x - node.r - 8 - w, y: node.y - h / 2, w, h },
    ].filter((b) => b.x >= bounds.left && b.x + b.w <= bounds.right && b.y >= bounds.top && b.y + b.h <= bounds.bottom);
    const own = (b: Box) => b.x === node.x - node.r && b.y === node.y - node.r;
    const clashes = (b: Box) => taken.filter((t) => !own(t) && overlaps(b, t)).length;
    let best = candidates.find((b) => clashes(b) === 0);
    if (!best && index < 10 && candidates.length > 0) {
      best = candidates.reduce((a, b) => (clashes(b) < clashes(a) ? b : a));
    }
    if (!best) return;
    taken.push(best);
    placed.push({ node, text, x: best.x, y: best.y });
  });
  return placed;
}

type NetworkContext = Context2D & {
  strokeText(text: string, x: number, y: number): void;
  closePath(): void;
  lineJoin: string;
};

function drawNetworkPlugin(layout: NetworkLayout): Plugin {
  return {
    id: "pulseNetwork",
    afterDraw(chart) {
      const ctx = chart.ctx as unknown as NetworkContext;
      const bounds = {
        left: PAD_X / 2,
        top: HEADER_HEIGHT,
        right: chart.width - PAD_X / 2,
        bottom: chart.height - FOOTER_HEIGHT,
      };
      const maxEdge = Math.max(1, ...layout.edges.map((e) => e.weight));
      ctx.save();
      // Edges first, under the nodes: a line from the one who replied or reacted, with an
      // arrowhead at the rim of the one whose message it was.
      for (const edge of [...layout.edges].sort((a, b) => a.weight - b.weight)) {
        const { source, target } = edge;
        const dx = target.x - source.x;
        const dy = target.y - source.y;
        const length = Math.hypot(dx, dy);
        if (length < source.r + target.r + 2) continue;
        const ux = dx / length;
        const uy = dy / length;
        const width = 1.5 + 6 * Math.sqrt(edge.weight / maxEdge);
        const head = 8 + width * 1.6;
        const tipX = target.x - ux * (target.r + 2);
        const tipY = target.y - uy * (target.r + 2);
        ctx.strokeStyle = EDGE_COLOUR;
        ctx.fillStyle = EDGE_COLOUR;
        ctx.lineWidth = width;
        ctx.beginPath();
        ctx.moveTo(source.x + ux * source.r, source.y + uy * source.r);
        ctx.lineTo(tipX - ux * head * 0.8, tipY - uy * head * 0.8);
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - ux * head - uy * head * 0.5, tipY - uy * head + ux * head * 0.5);
        ctx.lineTo(tipX - ux * head + uy * head * 0.5, tipY - uy * head - ux * head * 0.5);
        ctx.closePath();
        ctx.fill();
      }
      for (const node of layout.nodes) {
        ctx.beginPath();
        ctx.arc(node.x, node.y, node.r, 0, 2 * Math.PI);
        ctx.fillStyle = node.type === "chat" ? CHAT_COLOUR : THEME.accent;
        ctx.fill();
        ctx.lineWidth = 3;
        ctx.strokeStyle = THEME.background;
        ctx.stroke();
      }
      ctx.font = font(LABEL_SIZE);
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      const labels = placeLabels(layout, (text) => ctx.measureText(text).width, bounds);
      for (const label of labels) {
        // A white halo keeps a name legible where an edge runs beneath it.
        ctx.strokeStyle = THEME.background;
        ctx.lineWidth = 6;
        ctx.strokeText(label.text, label.x, label.y);
        ctx.fillStyle = THEME.ink;
        ctx.fillText(label.text, label.x, label.y);
      }
      ctx.restore();
    },
  };
}

/** What the picture shows and how to read it; `t` in the spec's language (numbers through Fluent). */
export function networkFooter(layout: NetworkLayout, t: Translate): string {
  const shown = layout.nodes.length;
  const total = Math.max(layout.totalNodes, shown);
  return total > shown ? t("chart-network-footer-top", { shown, total }) : t("chart-network-footer-all", { shown });
}

export function networkConfig(spec: NetworkChart, t: Translate): ChartConfiguration<"bar", number[], string> {
  const area = {
    left: PAD_X,
    top: HEADER_HEIGHT + 10,
    right: CHART_WIDTH - PAD_X,
    bottom: CHART_HEIGHT - FOOTER_HEIGHT - 10,
  };
  const layout = layoutNetwork(spec, area);
  const frame = {
    ...frameOf(spec, networkFooter(layout, t), t),
    // The key names only the kinds of node drawn.
    legend: [
      ...(layout.nodes.some((n) => n.type === "user")
        ? [{ label: t("chart-network-person"), colour: THEME.accent, shape: "box" as const }]
        : []),
      ...(layout.nodes.some((n) => n.type === "chat")
        ? [{ label: t("chart-network-chat"), colour: CHAT_COLOUR, shape: "box" as const }]
        : []),
    ],
  };
  return {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: {
      ...baseOptions(true),
      plugins: noPlugins,
      scales: { x: { display: false }, y: { display: false } },
    },
    plugins: [framePlugin(frame), drawNetworkPlugin(layout)],
  };
}

export function isNetworkEmpty(spec: NetworkChart): boolean {
  return networkData(spec).edges.length === 0;
}
