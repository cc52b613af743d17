// The interaction-network chart: at most 30 nodes, a deterministic layout with no node on top
// of another, names that do not overlap, and a PNG of the usual size.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CHART_HEIGHT, CHART_WIDTH, isEmpty } from "../../src/render/charts.js";
import { chartTranslator } from "../../src/render/labels.js";
import { layoutNetwork, type NetworkChart, networkFooter, placeLabels } from "../../src/render/network.js";
import { renderPng } from "../../src/render/worker.js";
import { pngSize } from "../helpers/png.js";

function community(size: number): NetworkChart {
  let seed = 11;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const nodes = Array.from({ length: size }, (_, i) => ({
    id: String(i + 1),
    label: i % 7 === 0 ? `Member with a very long display name number ${i}` : `Member ${i}`,
    type: (i % 9 === 0 ? "chat" : "user") as "user" | "chat",
    weight: 1 + Math.round(100 * random() ** 3),
  }));
  const edges = Array.from({ length: size * 3 }, () => ({
    source: String(1 + Math.floor(random() * size)),
    target: String(1 + Math.floor(random() * size)),
    weight: 1 + Math.floor(random() * 20),
  }));
  return { kind: "network", title: "Graph Club", nodes, edges };
}

const area = { left: 44, top: 160, right: 1236, bottom: 730 };

describe("network chart", () => {
  test("its key and footer in the spec's language, as the render worker translates them", () => {
    const spec = { ...community(50), locale: "ru" };
    const layout = layoutNetwork(spec, area);
    const ru = chartTranslator("ru");
    assert.equal(
      networkFooter(layout, ru),
      `${layout.nodes.length} самых связанных из 50 · стрелка: ответ или реакция · толще: чаще`,
    );
    assert.match(networkFooter(layout, chartTranslator("es")), /^los \d+ más conectados de 50 · flecha/);
    // English when the spec names no language, or one Pulse does not speak.
    assert.match(networkFooter(layout, chartTranslator(undefined)), /most connected of 50/);
    assert.match(networkFooter(layout, chartTranslator("de")), /most connected of 50/);
  });

  test("keeps the 30 heaviest nodes and only edges between them", () => {
    const spec = community(50);
    const layout = layoutNetwork(spec, area);
    assert.ok(layout.nodes.length <= 30);
    assert.equal(layout.totalNodes, 50);
    const heaviest = [...spec.nodes].sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id)).slice(0, 30);
    const kept = new Set(heaviest.map((n) => n.id));
    for (const node of layout.nodes) assert.ok(kept.has(node.id));
    for (const edge of layout.edges) assert.ok(kept.has(edge.source.id) && kept.has(edge.target.id));
  });

  test("the layout is the same for the same data, inside the area, with no node overlapping another", () => {
    const a = layoutNetwork(community(30), area);
    const b = layoutNetwork(community(30), area);
    assert.deepEqual(a, b);
    for (const node of a.nodes) {
      assert.ok(node.x - node.r >= area.left && node.x + node.r <= area.right, `x of ${node.id}`);
      assert.ok(node.y - node.r >= area.top && node.y + node.r <= area.bottom, `y of ${node.id}`);
    }
    for (const [i, p] of a.nodes.entries()) {
      for (const q of a.nodes.slice(i + 1)) {
        assert.ok(Math.hypot(p.x - q.x, p.y - q.y) >= p.r + q.r, `${p.id} and ${q.id} overlap`);
      }
    }
  });

  test("names never overlap each other, and are shortened to fit", () => {
    const layout = layoutNetwork(community(30), area);
    const measure = (text: string) => [...text].length * 12;
    const labels = placeLabels(layout, measure, { left: 22, top: 150, right: 1258, bottom: 740 });
    assert.ok(labels.length >= 20, `most nodes are named (${labels.length})`);
    for (const [i, p] of labels.entries()) {
      assert.ok(measure(p.text) <= 210);
      for (const q of labels.slice(i + 1)) {
        const apart =
          p.x + measure(p.text) <= q.x || q.x + measure(q.text) <= p.x || p.y + 28 <= q.y || q.y + 28 <= p.y;
        assert.ok(apart, `"${p.text}" and "${q.text}" overlap`);
      }
    }
  });

  test("renders a PNG of the usual size; no interactions is an empty chart", () => {
    const png = renderPng(community(30));
    assert.deepEqual(pngSize(png), { width: CHART_WIDTH, height: CHART_HEIGHT });
    const empty: NetworkChart = {
      kind: "network",
      title: "Quiet",
      nodes: [{ id: "1", label: "A", type: "user", weight: 1 }],
      edges: [],
    };
    assert.equal(isEmpty(empty), true);
    assert.deepEqual(pngSize(renderPng(empty)), { width: CHART_WIDTH, height: CHART_HEIGHT });
  });
});
