// A chat's network as files other tools open: an edge list as CSV (Gephi's and Cytoscape's
// table import read source, target, type and weight) and GEXF (Gephi, Cytoscape, graphology),
// written by graphology-gexf. One edge per ordered pair, with the replies, reactions and
// forwards that make it up; the weight is their sum.
import { DirectedGraph } from "graphology";
import { write } from "graphology-gexf";
import type { NetworkEdge } from "../queries/influence.js";
import { toCsv } from "./csv.js";

export interface NetworkPair {
  source: number;
  sourceName: string;
  target: number;
  targetName: string;
  replies: number;
  reactions: number;
  forwards: number;
  weight: number;
  firstForward: Date | null;
  lastForward: Date | null;
}

/** Merges the reply, reaction and forward edges of each ordered pair into one. */
export function networkPairs(edges: readonly NetworkEdge[]): NetworkPair[] {
  const pairs = new Map<string, NetworkPair>();
  for (const edge of edges) {
    const key = `${edge.sourceId}>${edge.targetId}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = {
        source: edge.sourceId,
        sourceName: edge.sourceName,
        target: edge.targetId,
        targetName: edge.targetName,
        replies: 0,
        reactions: 0,
        forwards: 0,
        weight: 0,
        firstForward: null,
        lastForward: null,
      };
      pairs.set(key, pair);
    }
    if (edge.kind === "reply") pair.replies += edge.weight;
    else if (edge.kind === "reaction") pair.reactions += edge.weight;
    else {
      pair.forwards += edge.weight;
      pair.firstForward = edge.firstSeen;
      pair.lastForward = edge.lastSeen;
    }
    pair.weight += edge.weight;
  }
  return [...pairs.values()].sort((a, b) => b.weight - a.weight || a.source - b.source || a.target - b.target);
}

export const NETWORK_CSV_COLUMNS = [
  "source",
  "target",
  "type",
  "weight",
  "source_name",
  "target_name",
  "replies",
  "reactions",
  "forwards",
  "first_forward",
  "last_forward",
];

export function networkCsv(pairs: readonly NetworkPair[]): string {
  return toCsv(
    pairs.map((p) => ({
      source: p.source,
      target: p.target,
      type: "Directed",
      weight: p.weight,
      source_name: p.sourceName,
      target_name: p.targetName,
      replies: p.replies,
      reactions: p.reactions,
      forwards: p.forwards,
      first_forward: p.firstForward,
      last_forward: p.lastForward,
    })),
    NETWORK_CSV_COLUMNS,
  );
}

/**
 * XML 1.0 cannot carry control characters or unpaired surrogates at all (not even escaped),
 * and Telegram names may hold them; the writer escapes <, >, & and quotes itself.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, "");
}

export function networkGexf(pairs: readonly NetworkPair[], description: string): string {
  const graph = new DirectedGraph();
  graph.setAttribute("description", xmlSafe(description));
  const addNode = (id: number, name: string) => {
    if (!graph.hasNode(String(id))) {
      graph.addNode(String(id), { label: xmlSafe(name), type: id > 0 ? "user" : "chat" });
    }
  };
  for (const pair of pairs) {
    addNode(pair.source, pair.sourceName);
    addNode(pair.target, pair.targetName);
    graph.addDirectedEdge(String(pair.source), String(pair.target), {
      weight: pair.weight,
      replies: pair.replies,
      reactions: pair.reactions,
      forwards: pair.forwards,
    });
  }
  return write(graph, { version: "1.3" });
}
