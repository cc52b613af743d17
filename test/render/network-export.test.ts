// The network files: pairs merged from reply, reaction and forward edges; GEXF that stays
// well-formed XML whatever characters a Telegram name holds.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { XMLValidator } from "fast-xml-parser";
import { DirectedGraph } from "graphology";
import { parse } from "graphology-gexf";
import type { NetworkEdge } from "../../src/queries/influence.js";
import { networkCsv, networkGexf, networkPairs } from "../../src/render/network-export.js";

const edge = (sourceId: number, targetId: number, kind: NetworkEdge["kind"], weight: number): NetworkEdge => ({
  sourceId,
  sourceName: `N${sourceId}`,
  targetId,
  targetName: `N${targetId}`,
  kind,
  weight,
  firstSeen: kind === "forward" ? new Date("2026-01-01T00:00:00Z") : null,
  lastSeen: kind === "forward" ? new Date("2026-02-01T00:00:00Z") : null,
});

describe("network export", () => {
  test("one edge per ordered pair, its weight the sum of replies, reactions and forwards", () => {
    const pairs = networkPairs([
      edge(1, 2, "reply", 3),
      edge(1, 2, "reaction", 2),
      edge(2, 1, "reaction", 1),
      edge(-5, 2, "forward", 4),
    ]);
    assert.deepEqual(
      pairs.map((p) => [p.source, p.target, p.weight, p.replies, p.reactions, p.forwards]),
      [
        [1, 2, 5, 3, 2, 0],
        [-5, 2, 4, 0, 0, 4],
        [2, 1, 1, 0, 1, 0],
      ],
    );
    const csv = networkCsv(pairs).split("\r\n");
    assert.equal(csv[2], "-5,2,Directed,4,N-5,N2,0,0,4,2026-01-01T00:00:00.000Z,2026-02-01T00:00:00.000Z");
  });

  test("names with markup, control characters and broken surrogates still give valid GEXF", () => {
    const pairs = networkPairs([
      { ...edge(1, 2, "reply", 1), sourceName: 'A <b>&amp; "x"\u0001\u0008', targetName: "bad \ud800 half 🙂" },
    ]);
    const xml = networkGexf(pairs, "Chat <1> & co\u0002");
    assert.equal(XMLValidator.validate(xml), true);
    assert.doesNotMatch(xml, /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
    const graph = parse(DirectedGraph, xml);
    assert.equal(graph.getNodeAttribute("1", "label"), 'A <b>&amp; "x"');
    assert.equal(graph.getNodeAttribute("2", "label"), "bad  half 🙂");
    assert.equal(graph.getNodeAttribute("1", "type"), "user");
    assert.equal(graph.size, 1);
  });
});
