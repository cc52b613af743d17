// Settings of the user-session collector, read from the environment once. It is optional:
// with neither TG_API_ID nor TG_API_HASH set, parseMtprotoConfig answers undefined and
// Pulse runs the bot alone.
import { join } from "node:path";
import { z } from "zod";
import { booleanFlag, boundedNumber, cronExpression, describeEnvIssues } from "../../config.js";

// Unlike the main configuration, whitespace alone counts as unset here.
const number = (fallback: number, min: number, max: number, integer = true) =>
  boundedNumber(fallback, min, max, { integer, trimBlank: true });

const cron = cronExpression;

const schema = z.object({
  TG_API_ID: z
    .string({ error: "is required with TG_API_HASH: the api_id from https://my.telegram.org → API development tools" })
    .regex(/^\d{1,10}$/, { message: "expected the numeric api_id from https://my.telegram.org" }),
  TG_API_HASH: z
    .string({ error: "is required with TG_API_ID: the api_hash from https://my.telegram.org → API development tools" })
    .regex(/^[0-9a-fA-F]{32}$/, {
      message: "expected the 32-character hexadecimal api_hash from https://my.telegram.org",
    }),
  TG_SESSION_FILE: z.string().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  MTPROTO_ENABLED: booleanFlag(true),
  MTPROTO_REQUESTS_PER_SECOND: number(4, 0.05, 30, false),
  MTPROTO_BURST: number(4, 1, 100),
  MTPROTO_FLOOD_WAIT_MAX_SECONDS: number(120, 0, 86_400),
  MTPROTO_FLOOD_MAX_RETRIES: number(3, 0, 10),
  MTPROTO_BULK_PAUSE_EVERY: number(100, 0, 100_000),
  MTPROTO_BULK_PAUSE_SECONDS: number(10, 0, 3_600, false),
  MTPROTO_DAILY_DM_QUOTA: number(20, 0, 10_000),
  MTPROTO_DAILY_JOIN_QUOTA: number(10, 0, 1_000),
  MTPROTO_ENGAGEMENT_WINDOW_HOURS: number(24, 1, 24 * 30),
  MTPROTO_BACKFILL_PAGES_PER_RUN: number(300, 1, 1_000_000),
  MTPROTO_TRACK_DISCUSSION_GROUPS: booleanFlag(true),
  MTPROTO_ENGAGEMENT_CRON: cron("0 * * * *"),
  MTPROTO_DISCOVERY_CRON: cron("20 3 * * *"),
  MTPROTO_NATIVE_STATS_CRON: cron("40 3 * * *"),
  MTPROTO_BACKFILL_CRON: cron("*/10 * * * *"),
});

export interface MtprotoConfig {
  apiId: number;
  apiHash: string;
  sessionFile: string;
  enabled: boolean;
  requestsPerSecond: number;
  burst: number;
  floodWaitMaxSeconds: number;
  floodMaxRetries: number;
  bulkPauseEvery: number;
  bulkPauseSeconds: number;
  dailyDmQuota: number;
  dailyJoinQuota: number;
  engagementWindowHours: number;
  backfillPagesPerRun: number;
  trackDiscussionGroups: boolean;
  cron: { engagement: string; discovery: string; nativeStats: string; backfill: string };
}

export class MtprotoConfigError extends Error {
  override name = "MtprotoConfigError";
}

/** Undefined when the collector is not configured (neither TG_API_ID nor TG_API_HASH set). */
export function parseMtprotoConfig(env: NodeJS.ProcessEnv): MtprotoConfig | undefined {
  const blank = (v: string | undefined) => v === undefined || v.trim() === "";
  if (blank(env.TG_API_ID) && blank(env.TG_API_HASH)) return undefined;
  const result = schema.safeParse({
    ...env,
    TG_API_ID: blank(env.TG_API_ID) ? undefined : env.TG_API_ID?.trim(),
    TG_API_HASH: blank(env.TG_API_HASH) ? undefined : env.TG_API_HASH?.trim(),
  });
  if (!result.success) {
    throw new MtprotoConfigError(
      `Invalid MTProto configuration (see docs/mtproto.md):\n${describeEnvIssues(result.error)}`,
    );
  }
  const e = result.data;
  return {
    apiId: Number(e.TG_API_ID),
    apiHash: e.TG_API_HASH.toLowerCase(),
    sessionFile: e.TG_SESSION_FILE?.trim() || join(e.DATA_DIR, "mtproto", "session"),
    enabled: e.MTPROTO_ENABLED,
    requestsPerSecond: e.MTPROTO_REQUESTS_PER_SECOND,
    burst: e.MTPROTO_BURST,
    floodWaitMaxSeconds: e.MTPROTO_FLOOD_WAIT_MAX_SECONDS,
    floodMaxRetries: e.MTPROTO_FLOOD_MAX_RETRIES,
    bulkPauseEvery: e.MTPROTO_BULK_PAUSE_EVERY,
    bulkPauseSeconds: e.MTPROTO_BULK_PAUSE_SECONDS,
    dailyDmQuota: e.MTPROTO_DAILY_DM_QUOTA,
    dailyJoinQuota: e.MTPROTO_DAILY_JOIN_QUOTA,
    engagementWindowHours: e.MTPROTO_ENGAGEMENT_WINDOW_HOURS,
    backfillPagesPerRun: e.MTPROTO_BACKFILL_PAGES_PER_RUN,
    trackDiscussionGroups: e.MTPROTO_TRACK_DISCUSSION_GROUPS,
    cron: {
      engagement: e.MTPROTO_ENGAGEMENT_CRON,
      discovery: e.MTPROTO_DISCOVERY_CRON,
      nativeStats: e.MTPROTO_NATIVE_STATS_CRON,
      backfill: e.MTPROTO_BACKFILL_CRON,
    },
  };
}
