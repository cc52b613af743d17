import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAddRule } from "../../src/alerts/parse.js";

const words = (line: string) => line.split(/\s+/);

describe("one-line alert rules", () => {
  it("turns a preset into its rule with the default severity and cooldown", () => {
    const result = parseAddRule(words("activity-spike"));
    assert.deepEqual(result, {
      ok: true,
      rule: {
        kind: "anomaly",
        condition: { metric: "messages_per_hour", score: 3.5, resolveScore: 2, minRatio: 2, minVolume: 20, dwell: 2 },
        severity: "warning",
        cooldownMinutes: 360,
      },
    });
  });

  it("reads severity, cooldown and a preset's own option", () => {
    const result = parseAddRule(words("silence hours=4 critical cooldown=2h"));
    assert.ok(result.ok);
    assert.deepEqual(result.rule, {
      kind: "silence",
      condition: { hours: 4, minTypical: 10 },
      severity: "critical",
      cooldownMinutes: 120,
    });
  });

  it("parses a threshold rule", () => {
    const result = parseAddRule(words("threshold messages_per_hour > 500 info cooldown=30m"));
    assert.ok(result.ok);
    assert.deepEqual(result.rule, {
      kind: "threshold",
      condition: { metric: "messages_per_hour", op: ">", value: 500 },
      severity: "info",
      cooldownMinutes: 30,
    });
  });

  it("refuses malformed and impossible rules with a specific reason", () => {
    const cases: [string, string][] = [
      ["", "alerts-error-usage"],
      ["spikes", "alerts-error-unknown-preset"],
      ["threshold messages_per_hour", "alerts-error-threshold-usage"],
      ["threshold messages_per_hour => 5", "alerts-error-threshold-usage"],
      ["threshold messages_per_minute > 5", "alerts-error-unknown-metric"],
      ["threshold messages_per_hour > lots", "alerts-error-bad-number"],
      ["threshold messages_per_hour > -5", "alerts-error-negative"],
      ["activity-spike cooldown=0m", "alerts-error-cooldown"],
      ["activity-spike cooldown=soon", "alerts-error-duration"],
      ["silence hours=0", "alerts-error-silence-hours"],
      ["activity-spike loudly", "alerts-error-unknown-option"],
      ["activity-spike hours=3", "alerts-error-unknown-option"],
    ];
    for (const [line, key] of cases) {
      const result = parseAddRule(words(line));
      assert.equal(result.ok, false, line);
      if (!result.ok) assert.equal(result.key, key, line);
    }
  });
});
