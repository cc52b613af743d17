// MTProto backfill job: every 10 minutes: history backfill while a tracked chat is incomplete, and catch-up after gaps.
// The cron here is the default; MTPROTO_BACKFILL_CRON overrides it (src/jobs/mtproto.ts).
import { mtprotoEnabled, mtprotoPort } from "./mtproto.js";
import type { JobDefinition } from "./types.js";

export const mtprotoBackfillJob: JobDefinition = {
  name: "mtproto.backfill",
  cron: "*/10 * * * *",
  enabled: mtprotoEnabled,
  run: (deps, { signal }) => mtprotoPort(deps).runJob("backfill", signal),
};
