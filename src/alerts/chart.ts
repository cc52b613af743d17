// What an alert's chart shows: the metric in each of the 24 hours up to the event, and for
// each of those hours the same local hour in the last 8 weeks — their median and middle half
// (25th to 75th percentile) as the band of "normal". One rollup query; kinds without an
// hourly metric (today's active members, a post's views, viral posts) get no chart.
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { Locale, Translate } from "../i18n/index.js";
import type { AlertChartSpec } from "../render/alert-chart.js";
import { baselineInstants } from "./baseline.js";
import type { HourlyField } from "./kinds/types.js";
import { median } from "./robust-score.js";
import { HOUR_MS, hourStart } from "./windows.js";

const FIELD: Record<string, HourlyField> = {
  messages_per_hour: "messages",
  messages_per_day: "messages",
  joins_per_hour: "joins",
  joins_per_day: "joins",
  leaves_per_hour: "leaves",
  leaves_per_day: "leaves",
};

export interface AlertForChart {
  chatId: number;
  chatTitle: string;
  kind: string;
  values: Record<string, unknown>;
  at: Date;
  timezone: string;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return (sorted[lower] as number) + ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower);
}

export async function alertChartSpec(
  database: Database,
  alert: AlertForChart,
  t: Translate,
  locale: Locale,
): Promise<AlertChartSpec | undefined> {
  const metric = alert.kind === "silence" ? "messages_per_hour" : String(alert.values.metric ?? "");
  const field = FIELD[metric];
  if (!field || (alert.kind !== "anomaly" && alert.kind !== "threshold" && alert.kind !== "silence")) return undefined;
  const end = hourStart(alert.at.getTime());
  const ends = [end, ...(baselineInstants(end, 0, alert.timezone)?.instants ?? [])].map(hourStart);
  const rows = await database.rows<{ ms: number; value: number }>(sql`
    SELECT (extract(epoch FROM h.hour) * 1000)::float8 AS ms, h.${sql.raw(field)} AS value
    FROM unnest(${`{${ends.map((e) => (e - 23 * HOUR_MS) / 1000).join(",")}}`}::float8[],
                ${`{${ends.map((e) => e / 1000).join(",")}}`}::float8[]) AS r(from_epoch, to_epoch)
    JOIN chat_hourly_activity h
      ON h.chat_id = ${alert.chatId} AND h.hour BETWEEN to_timestamp(r.from_epoch) AND to_timestamp(r.to_epoch)`);
  const counts = new Map(rows.map((r) => [Number(r.ms), Number(r.value)]));
  const hourLabel = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", timeZone: alert.timezone });
  const spec: AlertChartSpec = {
    kind: "alert_metric",
    labels: [],
    values: [],
    low: [],
    high: [],
    median: [],
    title: alert.chatTitle.length > 60 ? `${alert.chatTitle.slice(0, 59)}…` : alert.chatTitle,
    subtitle: t(`alerts-metric-${field === "messages" ? "messages_per_hour" : `${field}_per_hour`}`),
    legend: { value: t("alerts-chart-value"), typical: t("alerts-chart-typical"), median: t("alerts-chart-median") },
  };
  for (let i = 23; i >= 0; i--) {
    const hour = end - i * HOUR_MS;
    const past = ends
      .slice(1)
      .map((e) => counts.get(e - i * HOUR_MS) ?? 0)
      .sort((a, b) => a - b);
    spec.labels.push(hourLabel.format(new Date(hour)));
    spec.values.push(counts.get(hour) ?? 0);
    spec.low.push(quantile(past, 0.25));
    spec.high.push(quantile(past, 0.75));
    spec.median.push(past.length > 0 ? median(past) : 0);
  }
  return spec;
}
