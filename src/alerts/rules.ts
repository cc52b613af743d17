// What an alert rule is, independent of where it is stored or how it is delivered. A rule
// belongs to one chat and has a kind (how it decides), a metric (what it watches) and the
// kind's own condition; every kind's condition is validated here, so a rule that reaches
// the database or the evaluator is one that can be evaluated.
import { z } from "zod";

export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Metrics read from rollups; the unit of each is fixed by its window. */
export const METRICS = {
  messages_per_hour: { source: "messages", windowMinutes: 60 },
  messages_per_day: { source: "messages", windowMinutes: 1440 },
  active_members_per_day: { source: "active_members", windowMinutes: 1440 },
  joins_per_hour: { source: "joins", windowMinutes: 60 },
  joins_per_day: { source: "joins", windowMinutes: 1440 },
  leaves_per_hour: { source: "leaves", windowMinutes: 60 },
  leaves_per_day: { source: "leaves", windowMinutes: 1440 },
  post_views: { source: "post_views", windowMinutes: 0 },
} as const;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export const COMPARATORS = [">", ">=", "<", "<="] as const;
export type Comparator = (typeof COMPARATORS)[number];

const metric = z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]);

export const thresholdCondition = z.object({
  metric,
  op: z.enum(COMPARATORS),
  value: z.number().finite().min(0, "alerts-error-negative"),
});

export const anomalyCondition = z.object({
  metric: z.enum(["messages_per_hour", "joins_per_hour", "leaves_per_hour"]),
  /** Fire at this modified z-score (and resolve below `resolveScore`). */
  score: z.number().min(1).max(100).default(3.5),
  resolveScore: z.number().min(0).max(100).default(2),
  /** …and only at this many times the baseline median… */
  minRatio: z.number().min(1).max(1000).default(2),
  /** …and only with at least this many events in the window, so small chats stay quiet. */
  minVolume: z.number().int().min(1).max(1_000_000).default(20),
  /** Consecutive evaluations the condition must hold before it fires. */
  dwell: z.number().int().min(1).max(12).default(2),
});

export const silenceCondition = z.object({
  /** Hours without a message… */
  hours: z.number().int().min(1, "alerts-error-silence-hours").max(24, "alerts-error-silence-hours").default(6),
  /** …in a chat whose median for those hours of the week is at least this many messages. */
  minTypical: z.number().int().min(1).max(100_000).default(10),
});

export const viralPostCondition = z.object({
  /** A post at least `watchRatio`× the median of the channel's last 30 posts at the same age is watched… */
  watchRatio: z.number().min(1).max(1000).default(2),
  /** …alerted at `alertRatio`×, and escalated once at `escalateRatio`×. */
  alertRatio: z.number().min(1).max(1000).default(3),
  escalateRatio: z.number().min(1).max(10_000).default(10),
});

export const RULE_KINDS = ["threshold", "anomaly", "silence", "viral-post"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const ruleSpec = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("threshold"), condition: thresholdCondition }),
  z.object({ kind: z.literal("anomaly"), condition: anomalyCondition }),
  z.object({ kind: z.literal("silence"), condition: silenceCondition }),
  z.object({ kind: z.literal("viral-post"), condition: viralPostCondition }),
]);
export type RuleSpec = z.infer<typeof ruleSpec>;

export const DEFAULT_COOLDOWN_MINUTES = 6 * 60;

/** Settings every rule has whatever its kind. */
export const ruleCommon = z.object({
  severity: z.enum(SEVERITIES).default("warning"),
  cooldownMinutes: z
    .number()
    .int()
    .min(1, "alerts-error-cooldown")
    .max(7 * 24 * 60, "alerts-error-cooldown")
    .default(DEFAULT_COOLDOWN_MINUTES),
});
export type RuleCommon = z.infer<typeof ruleCommon>;

export type NewRule = RuleSpec & RuleCommon;

/** One-tap presets, also reachable as `/alerts add <name>`. */
export const PRESETS = {
  "activity-spike": { kind: "anomaly", condition: anomalyCondition.parse({ metric: "messages_per_hour" }) },
  "joins-spike": { kind: "anomaly", condition: anomalyCondition.parse({ metric: "joins_per_hour", minVolume: 10 }) },
  "leaves-spike": { kind: "anomaly", condition: anomalyCondition.parse({ metric: "leaves_per_hour", minVolume: 10 }) },
  silence: { kind: "silence", condition: silenceCondition.parse({}) },
  "viral-post": { kind: "viral-post", condition: viralPostCondition.parse({}) },
} as const satisfies Record<string, RuleSpec>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
