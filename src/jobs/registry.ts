// The app's one job table: adding a job is one file under src/jobs/ and one line here.
import { dailySnapshotsJob } from "./daily-snapshots.js";
import { evaluateAlertsJob } from "./evaluate-alerts.js";
import { mtprotoBackfillJob } from "./mtproto-backfill.js";
import { mtprotoDiscoveryJob } from "./mtproto-discovery.js";
import { mtprotoEngagementJob } from "./mtproto-engagement.js";
import { mtprotoNativeStatsJob } from "./mtproto-native-stats.js";
import { refreshMemberWindowsJob } from "./refresh-member-windows.js";
import { refreshSocialGraphJob } from "./refresh-social-graph.js";
import { rezoneRollupsJob } from "./rezone-rollups.js";
import type { JobDefinition } from "./types.js";
import { weeklyRecapJob } from "./weekly-recap.js";

export const jobs: JobDefinition[] = [
  mtprotoDiscoveryJob,
  mtprotoEngagementJob,
  mtprotoNativeStatsJob,
  mtprotoBackfillJob,
  dailySnapshotsJob,
  refreshSocialGraphJob,
  weeklyRecapJob,
  evaluateAlertsJob,
  rezoneRollupsJob,
  refreshMemberWindowsJob,
];
