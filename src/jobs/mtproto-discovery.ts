// MTProto discovery job: daily and at start: linked discussion groups, reactions, participant counts.

import type { MtprotoJobRunner } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export function mtprotoDiscoveryJob(runner: MtprotoJobRunner, cron: string): JobDefinition {
  return {
    name: "mtproto.discovery",
    cron,
    runOnStart: true,
    run: ({ signal }) => runner.runJob("discovery", signal),
  };
}
