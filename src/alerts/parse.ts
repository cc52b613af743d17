// The one-line form of a rule, for people who would rather type than tap:
//   /alerts add activity-spike [critical] [cooldown=2h]
//   /alerts add silence [hours=4]
//   /alerts add threshold messages_per_hour > 500 [info] [cooldown=30m]
// A malformed line never becomes a rule; the answer names what was wrong (a message key
// and its arguments, translated by the caller) and the form that works.
import type { ZodError } from "zod";
import {
  COMPARATORS,
  type Comparator,
  METRIC_NAMES,
  type MetricName,
  type NewRule,
  PRESET_NAMES,
  PRESETS,
  type PresetName,
  type RuleSpec,
  ruleCommon,
  ruleSpec,
  SEVERITIES,
  type Severity,
} from "./rules.js";

export type ParseResult =
  | { ok: true; rule: NewRule }
  | { ok: false; key: string; vars: Record<string, string | number> };

const DURATION = /^(\d{1,5})(m|h|d)$/;
const UNIT_MINUTES = { m: 1, h: 60, d: 1440 } as const;

function fail(key: string, vars: Record<string, string | number> = {}): ParseResult {
  return { ok: false, key, vars };
}

/** Parses the words after `/alerts add`. */
export function parseAddRule(words: readonly string[]): ParseResult {
  const [head, ...rest] = words.map((w) => w.trim()).filter((w) => w.length > 0);
  if (!head) return fail("alerts-error-usage", { presets: PRESET_NAMES.join(", ") });
  const name = head.toLowerCase();

  let spec: RuleSpec;
  let options: string[];
  if (name === "threshold") {
    const [metricWord, opWord, valueWord, ...more] = rest;
    if (!metricWord || !opWord || !valueWord) return fail("alerts-error-threshold-usage");
    const metric = metricWord.toLowerCase();
    if (!(METRIC_NAMES as string[]).includes(metric))
      return fail("alerts-error-unknown-metric", { metric: metricWord, metrics: METRIC_NAMES.join(", ") });
    if (!(COMPARATORS as readonly string[]).includes(opWord)) return fail("alerts-error-threshold-usage");
    const value = Number(valueWord);
    if (!Number.isFinite(value) || valueWord.trim() === "")
      return fail("alerts-error-bad-number", { value: valueWord });
    spec = {
      kind: "threshold",
      condition: { metric: metric as MetricName, op: opWord as Comparator, value },
    } as RuleSpec;
    options = more;
  } else if ((PRESET_NAMES as string[]).includes(name)) {
    const preset = PRESETS[name as PresetName];
    spec = { kind: preset.kind, condition: { ...preset.condition } } as RuleSpec;
    options = rest;
  } else {
    return fail("alerts-error-unknown-preset", { name: head, presets: PRESET_NAMES.join(", ") });
  }

  let severity: Severity | undefined;
  let cooldownMinutes: number | undefined;
  for (const option of options) {
    const word = option.toLowerCase();
    if ((SEVERITIES as readonly string[]).includes(word)) {
      severity = word as Severity;
      continue;
    }
    const [key, value] = word.split("=", 2);
    if (key === "cooldown" && value !== undefined) {
      const match = DURATION.exec(value);
      if (!match) return fail("alerts-error-duration", { value });
      cooldownMinutes = Number(match[1]) * UNIT_MINUTES[match[2] as keyof typeof UNIT_MINUTES];
      continue;
    }
    if (key === "hours" && value !== undefined && spec.kind === "silence") {
      const hours = Number(value);
      if (!Number.isInteger(hours)) return fail("alerts-error-bad-number", { value });
      spec = { ...spec, condition: { ...spec.condition, hours } };
      continue;
    }
    if (key === "min" && value !== undefined && spec.kind === "anomaly") {
      const minVolume = Number(value);
      if (!Number.isInteger(minVolume)) return fail("alerts-error-bad-number", { value });
      spec = { ...spec, condition: { ...spec.condition, minVolume } };
      continue;
    }
    return fail("alerts-error-unknown-option", { option });
  }

  const checkedSpec = ruleSpec.safeParse(spec);
  if (!checkedSpec.success) return fromZod(checkedSpec.error);
  const common = ruleCommon.safeParse({ severity, cooldownMinutes });
  if (!common.success) return fromZod(common.error);
  return { ok: true, rule: { ...checkedSpec.data, ...common.data } };
}

/** Our schemas carry message keys as their error messages; anything else is a usage error. */
function fromZod(error: ZodError): ParseResult {
  const message = error.issues[0]?.message ?? "";
  return message.startsWith("alerts-error-")
    ? fail(message)
    : fail("alerts-error-usage", { presets: PRESET_NAMES.join(", ") });
}
