// Anomaly: the last 60 minutes against the same window in earlier weeks, by modified
// z-score, and only when it is also a real multiple of normal and a real volume.
import { baselineInstants } from "../baseline.js";
import { robustScore } from "../robust-score.js";
import { anomalyCondition } from "../rules.js";
import { trailingCount, windowHours } from "../windows.js";
import type { AlertKindDefinition, HourlyField } from "./types.js";

type Condition = typeof anomalyCondition._output;

const FIELD: Record<Condition["metric"], HourlyField> = {
  messages_per_hour: "messages",
  joins_per_hour: "joins",
  leaves_per_hour: "leaves",
};

export const anomalyKind: AlertKindDefinition<Condition> = {
  kind: "anomaly",
  condition: anomalyCondition,
  hours(_condition, atMs, chat) {
    const instants = [atMs, ...(baselineInstants(atMs, chat.firstActivityMs, chat.timezone)?.instants ?? [])];
    return instants.flatMap((end) => windowHours(end, 1));
  },
  dwell: (condition) => condition.dwell,
  observe(condition, atMs, history) {
    const field = FIELD[condition.metric];
    const count = (hour: number) => history.hourly(field, hour);
    const value = trailingCount(count, atMs, 1);
    const baseline = baselineInstants(atMs, history.firstActivityMs, history.timezone);
    if (!baseline) {
      return [{ episode: "chat", breach: false, clear: true, values: { value, learning: "true" } }];
    }
    const past = baseline.instants.map((end) => trailingCount(count, end, 1));
    const score = robustScore(value, past);
    const breach =
      score.score >= condition.score && value >= condition.minRatio * score.median && value >= condition.minVolume;
    return [
      {
        episode: "chat",
        breach,
        clear: score.score < condition.resolveScore,
        values: {
          metric: condition.metric,
          value: round(value),
          median: round(score.median),
          mad: round(score.mad),
          score: Number.isFinite(score.score) ? round(score.score) : null,
          ratio: Number.isFinite(score.ratio) ? round(score.ratio) : null,
          baseline: baseline.mode,
          samples: past.length,
        },
      },
    ];
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
