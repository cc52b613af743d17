// The MTProto collector's job table: one entry per job file, crons from the collector's config.
import { mtprotoBackfillJob } from "./mtproto-backfill.js";
import { mtprotoDiscoveryJob } from "./mtproto-discovery.js";
import { mtprotoEngagementJob } from "./mtproto-engagement.js";
import { mtprotoNativeStatsJob } from "./mtproto-native-stats.js";
import type { JobDefinition, JobResult } from "./types.js";

export type MtprotoJobName = "engagement" | "discovery" | "native-stats" | "backfill";

export interface MtprotoJobRunner {
  runJob(name: MtprotoJobName, signal?: AbortSignal): Promise<JobResult>;
}

export interface MtprotoCrons {
  engagement: string;
  discovery: string;
  nativeStats: string;
  backfill: string;
}

export function mtprotoJobs(runner: MtprotoJobRunner, cron: MtprotoCrons): JobDefinition[] {
  return [
    mtprotoDiscoveryJob(runner, cron.discovery),
    mtprotoEngagementJob(runner, cron.engagement),
    mtprotoNativeStatsJob(runner, cron.nativeStats),
    mtprotoBackfillJob(runner, cron.backfill),
  ];
}
