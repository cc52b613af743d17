// MTProto discovery job: daily and at start: linked discussion groups, reactions, participant counts.
// The cron here is the default; MTPROTO_DISCOVERY_CRON overrides it (src/jobs/mtproto.ts).
import { mtprotoEnabled, mtprotoPort } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export const mtprotoDiscoveryJob: JobDefinition = {
  name: "mtproto.discovery",
  cron: "20 3 * * *",
  runOnStart: true,
  enabled: mtprotoEnabled,
  run: (deps, { signal }) => mtprotoPort(deps).runJob("discovery", signal),
};
