// MTProto engagement job: hourly at :00 by default, the last MTPROTO_ENGAGEMENT_WINDOW_HOURS of messages of every tracked chat.

import type { MtprotoJobRunner } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export function mtprotoEngagementJob(runner: MtprotoJobRunner, cron: string): JobDefinition {
  return {
    name: "mtproto.engagement",
    cron,
    run: ({ signal }) => runner.runJob("engagement", signal),
  };
}
