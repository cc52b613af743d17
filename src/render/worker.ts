// Render worker: draws one chart at a time with Chart.js on node-canvas, away from the bot's
// event loop. Receives { id, spec }, answers { id, png } or { id, error }.
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import type { CanvasRenderingContext2D as NodeCanvasContext } from "canvas";
import type { ChartConfiguration, Plugin } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import { drawAlertChart } from "./alert-chart.js";
import { CHART_HEIGHT, CHART_WIDTH, type ChartSpec, FONT_FAMILY, THEME, toChartConfig } from "./charts.js";
import { registerFonts } from "./fonts.js";
import { chartTranslator } from "./labels.js";
import { drawRecapCard } from "./recap/draw.js";
import type { RenderSpec } from "./renderer.js";

export type RenderRequest = { id: number; spec: RenderSpec };
export type RenderReply = { id: number; png: ArrayBuffer } | { id: number; error: string };
export type WorkerNotice = { ready: true; missingFonts: string[] };

/**
 * node-canvas draws text as paths by default, filling glyph outlines with the fill colour:
 * colour emoji come out as black blobs. Glyph mode lets cairo paint the emoji bitmaps. It
 * is set before every draw because Chart.js sizes the canvas first, which resets the state.
 */
const glyphText: Plugin = {
  id: "pulseGlyphText",
  beforeDraw(chart) {
    (chart.ctx as unknown as NodeCanvasContext).textDrawingMode = "glyph";
  },
};

const missingFonts = registerFonts();

// chartjs-node-canvas loads Chart.js through require(); the matrix controller must come from
// the same (CommonJS) Chart.js build, so it is required by name rather than imported.
const require = createRequire(import.meta.url);
const renderer = new ChartJSNodeCanvas({
  width: CHART_WIDTH,
  height: CHART_HEIGHT,
  backgroundColour: THEME.background,
  plugins: { modern: [require.resolve("chartjs-chart-matrix"), glyphText] },
  chartCallback: (ChartJS) => {
    ChartJS.defaults.font.family = FONT_FAMILY;
    ChartJS.defaults.color = THEME.ink;
  },
});

export function renderPng(spec: ChartSpec): Buffer {
  // The spec's own texts arrive translated; the chart's words are translated here, in its language.
  const config = toChartConfig(spec, chartTranslator(spec.locale)) as ChartConfiguration;
  return renderer.renderToBufferSync(config as never, "image/png");
}

const port = parentPort;
if (port) {
  port.on("message", (request: RenderRequest) => {
    let reply: RenderReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const spec = request.spec;
      const png =
        spec.kind === "recap_card"
          ? drawRecapCard(spec)
          : spec.kind === "alert_metric"
            ? drawAlertChart(spec)
            : renderPng(spec);
      // Copy into a buffer this thread owns outright, so it can be moved rather than cloned.
      const bytes = new Uint8Array(png.length);
      bytes.set(png);
      reply = { id: request.id, png: bytes.buffer };
      transfer.push(bytes.buffer);
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply, transfer);
  });
  const notice: WorkerNotice = { ready: true, missingFonts };
  port.postMessage(notice);
}
