// MTProto native-stats job: daily: Telegram's native statistics where the account may read them.

import type { MtprotoJobRunner } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export function mtprotoNativeStatsJob(runner: MtprotoJobRunner, cron: string): JobDefinition {
  return {
    name: "mtproto.native-stats",
    cron,
    run: ({ signal }) => runner.runJob("native-stats", signal),
  };
}
