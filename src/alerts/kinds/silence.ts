// Silence: no message for N hours at a time of the week when the chat is normally busy. A
// chat that is always quiet at night never alerts at night.
import { baselineInstants } from "../baseline.js";
import { median } from "../robust-score.js";
import { silenceCondition } from "../rules.js";
import { trailingCount, windowHours } from "../windows.js";
import type { AlertKindDefinition } from "./types.js";

type Condition = typeof silenceCondition._output;

export const silenceKind: AlertKindDefinition<Condition> = {
  kind: "silence",
  condition: silenceCondition,
  hours(condition, atMs, chat) {
    const instants = [atMs, ...(baselineInstants(atMs, chat.firstActivityMs, chat.timezone)?.instants ?? [])];
    return instants.flatMap((end) => windowHours(end, condition.hours));
  },
  dwell: () => 1,
  observe(condition, atMs, history) {
    const count = (hour: number) => history.hourly("messages", hour);
    // Silent means nothing in any hour the window touches, the partly covered oldest one
    // included: a silence is reported at most an hour late, never early.
    const value = trailingCount(count, atMs, condition.hours);
    const baseline = baselineInstants(atMs, history.firstActivityMs, history.timezone);
    if (!baseline) return [{ episode: "chat", breach: false, clear: value > 0, values: { value, learning: "true" } }];
    const typical = median(baseline.instants.map((end) => trailingCount(count, end, condition.hours)));
    const silent = windowHours(atMs, condition.hours).every((hour) => count(hour) === 0);
    return [
      {
        episode: "chat",
        breach: silent && typical >= condition.minTypical,
        clear: !silent,
        values: { hours: condition.hours, typical: Math.round(typical * 100) / 100, baseline: baseline.mode },
      },
    ];
  },
};
