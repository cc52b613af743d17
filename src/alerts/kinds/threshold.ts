// Threshold: a metric over its trailing window against a fixed value.
import { thresholdCondition } from "../rules.js";
import { trailingCount, windowHours } from "../windows.js";
import type { AlertKindDefinition, HourlyField } from "./types.js";

type Condition = typeof thresholdCondition._output;

const HOURLY: Partial<Record<Condition["metric"], { field: HourlyField; hours: number }>> = {
  messages_per_hour: { field: "messages", hours: 1 },
  messages_per_day: { field: "messages", hours: 24 },
  joins_per_hour: { field: "joins", hours: 1 },
  joins_per_day: { field: "joins", hours: 24 },
  leaves_per_hour: { field: "leaves", hours: 1 },
  leaves_per_day: { field: "leaves", hours: 24 },
};

function holds(value: number, op: Condition["op"], limit: number): boolean {
  switch (op) {
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
  }
}

export const thresholdKind: AlertKindDefinition<Condition> = {
  kind: "threshold",
  condition: thresholdCondition,
  hours(condition, atMs) {
    const hourly = HOURLY[condition.metric];
    return hourly ? windowHours(atMs, hourly.hours) : [];
  },
  needsPosts: (condition) => condition.metric === "post_views",
  dwell: () => 1,
  observe(condition, atMs, history) {
    if (condition.metric === "post_views") {
      // Each recent post is its own episode: one alert per post that passes the line.
      return (history.posts?.recent ?? []).flatMap((post) => {
        const views = post.snapshots.at(-1)?.views;
        if (views === null || views === undefined) return [];
        const breach = holds(views, condition.op, condition.value);
        return [
          {
            episode: `post:${post.messageId}`,
            breach,
            clear: !breach,
            values: {
              metric: condition.metric,
              value: views,
              op: condition.op,
              limit: condition.value,
              messageId: post.messageId,
            },
          },
        ];
      });
    }
    const value =
      condition.metric === "active_members_per_day"
        ? history.activeMembersToday
        : (() => {
            const hourly = HOURLY[condition.metric] as { field: HourlyField; hours: number };
            return trailingCount((hour) => history.hourly(hourly.field, hour), atMs, hourly.hours);
          })();
    const breach = holds(value, condition.op, condition.value);
    return [
      {
        episode: "chat",
        breach,
        clear: !breach,
        values: {
          metric: condition.metric,
          value: Math.round(value * 100) / 100,
          op: condition.op,
          limit: condition.value,
        },
      },
    ];
  },
};
