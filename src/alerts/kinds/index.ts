// The rule kinds: adding one is a file in this folder and a line here.
import type { RuleKind } from "../rules.js";
import { anomalyKind } from "./anomaly.js";
import { silenceKind } from "./silence.js";
import { thresholdKind } from "./threshold.js";
import type { AlertKindDefinition } from "./types.js";
import { viralPostKind } from "./viral-post.js";

// biome-ignore lint/suspicious/noExplicitAny: each entry is checked against its own condition type above
export const alertKinds: Record<RuleKind, AlertKindDefinition<any>> = {
  threshold: thresholdKind,
  anomaly: anomalyKind,
  silence: silenceKind,
  "viral-post": viralPostKind,
};
