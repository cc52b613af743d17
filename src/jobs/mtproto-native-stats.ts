// MTProto native-stats job: daily: Telegram's native statistics where the account may read them.
// The cron here is the default; MTPROTO_NATIVE_STATS_CRON overrides it (src/jobs/mtproto.ts).
import { mtprotoEnabled, mtprotoPort } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export const mtprotoNativeStatsJob: JobDefinition = {
  name: "mtproto.native-stats",
  cron: "40 3 * * *",
  enabled: mtprotoEnabled,
  run: (deps, { signal }) => mtprotoPort(deps).runJob("native-stats", signal),
};
