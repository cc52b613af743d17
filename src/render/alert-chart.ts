// The small chart in an alert DM: the metric hour by hour around the event, against the band
// its own history says is normal for those hours (the middle half of the same hours in earlier
// weeks) and that history's median. Every word arrives translated in the spec; this file only
// draws. Drawn in the renderer's worker like the other charts.
import type { ChartConfiguration } from "chart.js";
import { ChartJSNodeCanvas } from "chartjs-node-canvas";
import { FONT_FAMILY, THEME } from "./charts.js";

export interface AlertChartSpec {
  kind: "alert_metric";
  /** The hour labels, oldest first ("21:00"). */
  labels: string[];
  values: number[];
  /** Baseline: 25th and 75th percentile and the median of the same hours in earlier weeks. */
  low: number[];
  high: number[];
  median: number[];
  title: string;
  subtitle: string;
  legend: { value: string; typical: string; median: string };
}

export const ALERT_CHART_WIDTH = 1000;
export const ALERT_CHART_HEIGHT = 560;

let canvas: ChartJSNodeCanvas | undefined;

function chartCanvas(): ChartJSNodeCanvas {
  canvas ??= new ChartJSNodeCanvas({
    width: ALERT_CHART_WIDTH,
    height: ALERT_CHART_HEIGHT,
    backgroundColour: THEME.background,
    chartCallback: (ChartJS) => {
      ChartJS.defaults.font.family = FONT_FAMILY;
      ChartJS.defaults.color = THEME.ink;
    },
  });
  return canvas;
}

export function alertChartConfig(spec: AlertChartSpec): ChartConfiguration<"line"> {
  return {
    type: "line",
    data: {
      labels: spec.labels,
      datasets: [
        {
          // The band's lower edge: it has no legend entry (filtered below by index).
          label: "",
          data: spec.low,
          borderWidth: 0,
          pointRadius: 0,
          fill: false,
        },
        {
          label: spec.legend.typical,
          data: spec.high,
          borderWidth: 0,
          pointRadius: 0,
          backgroundColor: "rgba(37, 99, 235, 0.14)",
          fill: "-1",
        },
        {
          label: spec.legend.median,
          data: spec.median,
          borderColor: THEME.muted,
          borderDash: [8, 6],
          borderWidth: 2,
          pointRadius: 0,
          fill: false,
        },
        {
          label: spec.legend.value,
          data: spec.values,
          borderColor: THEME.accent,
          backgroundColor: THEME.accent,
          borderWidth: 4,
          pointRadius: 3,
          fill: false,
        },
      ],
    },
    // Colour emoji in titles: cairo draws them only in glyph mode (as the other charts do).
    plugins: [
      {
        id: "glyphText",
        beforeDraw(chart) {
          (chart.ctx as unknown as { textDrawingMode: string }).textDrawingMode = "glyph";
        },
      },
    ],
    options: {
      animation: false,
      responsive: false,
      layout: { padding: { left: 24, right: 32, top: 16, bottom: 16 } },
      plugins: {
        title: { display: true, text: spec.title, font: { size: 30, weight: "bold" }, align: "start" },
        subtitle: {
          display: true,
          text: spec.subtitle,
          font: { size: 20 },
          color: THEME.muted,
          align: "start",
          padding: { bottom: 16 },
        },
        legend: {
          position: "bottom",
          labels: { font: { size: 18 }, filter: (item) => item.datasetIndex !== 0, boxWidth: 28 },
        },
      },
      scales: {
        x: { ticks: { font: { size: 16 }, maxTicksLimit: 9, maxRotation: 0 }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { font: { size: 16 }, precision: 0 }, grid: { color: THEME.grid } },
      },
    },
  };
}

export function drawAlertChart(spec: AlertChartSpec): Buffer {
  return chartCanvas().renderToBufferSync(alertChartConfig(spec) as never, "image/png");
}
