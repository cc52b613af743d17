// The app's one job table: adding a job is one file under src/jobs/ and one line here.
import { mtprotoBackfillJob } from "./mtproto-backfill.js";
import { mtprotoDiscoveryJob } from "./mtproto-discovery.js";
import { mtprotoEngagementJob } from "./mtproto-engagement.js";
import { mtprotoNativeStatsJob } from "./mtproto-native-stats.js";
import type { JobDefinition } from "./types.js";

export const jobs: JobDefinition[] = [
  mtprotoDiscoveryJob,
  mtprotoEngagementJob,
  mtprotoNativeStatsJob,
  mtprotoBackfillJob,
];
