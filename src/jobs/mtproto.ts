// Shared by the MTProto job files: they run only while the user session does, and their
// crons come from the collector's configuration (MTPROTO_*_CRON) when it is set.
import type { MtprotoConfig } from "../collectors/mtproto/config.js";
import type { JobDeps, MtprotoJobsPort } from "./types.js";

export const mtprotoEnabled = (deps: JobDeps): boolean => deps.mtproto !== undefined;

export function mtprotoPort(deps: JobDeps): MtprotoJobsPort {
  // enabled() keeps the scheduler from getting here without a session; a manual run may not.
  if (!deps.mtproto) throw new Error("the MTProto collector is not running");
  return deps.mtproto;
}

/** Job name → cron from MTPROTO_*_CRON (already validated by parseMtprotoConfig). */
export function mtprotoCrons(cron: MtprotoConfig["cron"]): Record<string, string> {
  return {
    "mtproto.engagement": cron.engagement,
    "mtproto.discovery": cron.discovery,
    "mtproto.native-stats": cron.nativeStats,
    "mtproto.backfill": cron.backfill,
  };
}
