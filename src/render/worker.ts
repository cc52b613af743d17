// Render worker: draws one chart at a time with Chart.js on node-canvas, away from the bot's
// event loop. Receives { id, spec }, answers { id, png } or { id, error }.
import { endianness } from "node:os";
import { parentPort } from "node:worker_threads";
import { deflateSync } from "node:zlib";
import { createCanvas, type CanvasRenderingContext2D as NodeCanvasContext } from "canvas";
import { Chart, type ChartConfiguration, type Plugin, registerables } from "chart.js";
import { MatrixController, MatrixElement } from "chartjs-chart-matrix";
import { CHART_HEIGHT, CHART_WIDTH, type ChartSpec, FONT_FAMILY, THEME, toChartConfig } from "./charts.js";
import { registerFonts } from "./fonts.js";

export type RenderRequest = { id: number; spec: ChartSpec };
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
Chart.register(...registerables, MatrixController, MatrixElement, glyphText);
Chart.defaults.font.family = FONT_FAMILY;
Chart.defaults.color = THEME.ink;

/**
 * One canvas per worker, reused: Chart.js resizes it for every chart, which frees the old
 * 4 MB surface at once. A fresh canvas per chart would leave each surface to the garbage
 * collector, and the worker's memory would float ~60 MB higher.
 */
const canvas = createCanvas(CHART_WIDTH, CHART_HEIGHT);
// Chart.js reads canvas.style when it sizes the chart; node-canvas has none.
Object.assign(canvas, { style: {} });

export function renderPng(spec: ChartSpec): Buffer {
  const config = toChartConfig(spec) as ChartConfiguration;
  // Chart.js's item type names DOM classes this project doesn't load; node-canvas's context
  // is what it expects at run time.
  const chart = new Chart(canvas.getContext("2d"), config);
  try {
    return encodePng(canvas.toBuffer("raw"), CHART_WIDTH, CHART_HEIGHT);
  } finally {
    chart.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// PNG encoding. node-canvas's encoder (libpng via cairo) takes ~30 ms for 1280×800, more than
// drawing the chart; charts are opaque, so writing RGB rows and deflating them at a low level
// takes ~10 ms and comes out smaller than the default.

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// cairo's ARGB32 is one native-endian 32-bit word per pixel: B,G,R,A in memory on x86 and ARM.
const [R, G, B, A] = endianness() === "LE" ? [2, 1, 0, 3] : [1, 2, 3, 0];

/**
 * An RGB PNG from cairo's premultiplied ARGB32 pixels, composited over white so that any
 * pixel left transparent comes out white rather than black.
 */
let rowsBuffer = Buffer.alloc(0);

export function encodePng(argb: Uint8Array, width: number, height: number): Buffer {
  const stride = width * 3 + 1;
  if (rowsBuffer.length !== stride * height) rowsBuffer = Buffer.allocUnsafe(stride * height);
  const rows = rowsBuffer;
  let o = 0;
  let p = 0;
  for (let y = 0; y < height; y++) {
    rows[o++] = 0; // filter: none; deflate alone does well on flat chart areas
    for (let x = 0; x < width; x++, p += 4) {
      const white = 255 - (argb[p + A] as number);
      rows[o++] = (argb[p + R] as number) + white;
      rows[o++] = (argb[p + G] as number) + white;
      rows[o++] = (argb[p + B] as number) + white;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 3 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

const port = parentPort;
if (port) {
  port.on("message", (request: RenderRequest) => {
    let reply: RenderReply;
    const transfer: ArrayBuffer[] = [];
    try {
      const png = renderPng(request.spec);
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
