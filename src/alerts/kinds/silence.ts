// Silence: no message for N hours at a time of the week when the chat is normally busy. A
// chat that is always quiet at night never alerts at night.
import { baselineInstants } from "../baseline.js";
import { median } from "../robust-score.js";
import { silenceCondition } from "../rules.js";
import { HOUR_MS, trailingCount, windowHours } from "../windows.js";
import type { AlertKindDefinition } from "./types.js";

type Condition = typeof silenceCondition._output;

export const silenceKind: AlertKindDefinition<Condition> = {
  kind: "silence",
  condition: silenceCondition,
  hours(condition, atMs, firstActivityMs) {
    const instants = [atMs, ...(baselineInstants(atMs, firstActivityMs)?.instants ?? [])];
    return instants.flatMap((end) => windowHours(end, condition.hours));
  },
  dwell: () => 1,
  observe(condition, atMs, history) {
    const count = (hour: number) => history.hourly("messages", hour);
    // The oldest hour is only partly in the window, so "no message" allows what the
    // estimate gives that partial hour and nothing from the hours fully inside.
    const value = trailingCount(count, atMs, condition.hours);
    const baseline = baselineInstants(atMs, history.firstActivityMs);
    if (!baseline) return [{ episode: "chat", breach: false, clear: value > 0, values: { value, learning: "true" } }];
    const typical = median(baseline.instants.map((end) => trailingCount(count, end, condition.hours)));
    const touched = windowHours(atMs, condition.hours);
    const hoursInside = atMs % HOUR_MS === 0 ? touched : touched.slice(1);
    const silent = hoursInside.every((hour) => count(hour) === 0);
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
