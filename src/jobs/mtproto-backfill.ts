// MTProto backfill job: every 10 minutes: history backfill while a tracked chat is incomplete, and catch-up after gaps.

import type { MtprotoJobRunner } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export function mtprotoBackfillJob(runner: MtprotoJobRunner, cron: string): JobDefinition {
  return {
    name: "mtproto.backfill",
    cron,
    run: ({ signal }) => runner.runJob("backfill", signal),
  };
}
