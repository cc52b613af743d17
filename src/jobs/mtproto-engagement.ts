// MTProto engagement job: hourly at :00 by default, the last MTPROTO_ENGAGEMENT_WINDOW_HOURS of messages of every tracked chat.
// The cron here is the default; MTPROTO_ENGAGEMENT_CRON overrides it (src/jobs/mtproto.ts).
import { mtprotoEnabled, mtprotoPort } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export const mtprotoEngagementJob: JobDefinition = {
  name: "mtproto.engagement",
  cron: "0 * * * *",
  enabled: mtprotoEnabled,
  run: (deps, { signal }) => mtprotoPort(deps).runJob("engagement", signal),
};
