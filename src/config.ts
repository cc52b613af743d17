// Configuration is read from the environment once, validated, and frozen into a typed
// object; anything wrong stops start-up with the variable's name and what it expects.
import { existsSync } from "node:fs";
import { validate as validateCron } from "node-cron";
import { z } from "zod";

/** true/false, 1/0 or yes/no; unset is `fallback`. */
export const booleanFlag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], {
      error: "expected true or false",
    })
    .optional()
    .transform((value) => (value === undefined ? fallback : ["true", "1", "yes"].includes(value)));

/**
 * A number from `min` to `max` (an integer unless `integer: false`); unset or empty is
 * `fallback`. With `trimBlank`, whitespace alone counts as empty too; without it, "  " is
 * Number("  "), i.e. 0.
 */
export const boundedNumber = (
  fallback: number,
  min: number,
  max: number,
  { integer = true, trimBlank = false }: { integer?: boolean; trimBlank?: boolean } = {},
) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || (trimBlank ? value.trim() : value) === "") return fallback;
      const parsed = Number(value);
      if (!Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)) || parsed < min || parsed > max) {
        ctx.addIssue({
          code: "custom",
          message: `expected ${integer ? "an integer" : "a number"} from ${min} to ${max}`,
        });
        return z.NEVER;
      }
      return parsed;
    });

const integer = (fallback: number, min: number, max: number) => boundedNumber(fallback, min, max);

const timezone = z
  .string()
  .default("UTC")
  .refine(isValidTimezone, { message: "expected an IANA time zone such as Europe/Berlin or UTC" });

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const idList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return [] as number[];
    const ids = value.split(",").map((part) => part.trim());
    const bad = ids.find((id) => !/^\d{1,15}$/.test(id));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `expected comma-separated numeric Telegram user ids, got "${bad}"` });
      return z.NEVER;
    }
    return ids.map(Number);
  });

const optionalUrl = (protocols: string[], hint: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: `expected ${hint}` });
        return z.NEVER;
      }
      if (!protocols.includes(url.protocol)) {
        ctx.addIssue({ code: "custom", message: `expected ${hint}` });
        return z.NEVER;
      }
      return value.replace(/\/+$/, "");
    });

const envSchema = z.object({
  BOT_TOKEN: z
    .string({ error: "is required: the token @BotFather gave you, like 123456789:AA..." })
    .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,}$/, { message: "expected a bot token from @BotFather, like 123456789:AA..." }),
  TELEGRAM_API_ROOT: optionalUrl(["http:", "https:"], "an http(s) URL of a Bot API server, e.g. http://localhost:8081"),
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"], "a postgres:// connection URL"),
  DATA_DIR: z.string().min(1).default("./data"),
  HTTP_HOST: z.string().min(1).default("0.0.0.0"),
  HTTP_PORT: integer(8080, 0, 65535),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DEFAULT_TIMEZONE: timezone,
  BOT_OWNER_IDS: idList,
  STORE_MESSAGE_TEXT: booleanFlag(true),
  WRITER_FLUSH_MS: integer(20, 1, 5_000),
  WRITER_BATCH_SIZE: integer(1_000, 1, 20_000),
  WRITER_QUEUE_LIMIT: integer(20_000, 100, 1_000_000),
  RUNNER_CONCURRENCY: integer(500, 1, 10_000),
  SHUTDOWN_TIMEOUT_SECONDS: integer(20, 1, 600),
  API_MAX_RETRIES: integer(5, 0, 20),
  API_MAX_RETRY_DELAY_SECONDS: integer(60, 1, 3_600),
  RATE_LIMIT_USER_PER_MINUTE: integer(10, 1, 10_000),
  RATE_LIMIT_CHAT_PER_MINUTE: integer(30, 1, 10_000),
  IMPORT_MAX_UPLOAD_MB: integer(20, 1, 2_000),
  IMPORT_CONCURRENCY: integer(1, 1, 16),
  ALERTS_CRON: cronExpression("*/5 * * * *"),
  ALERTS_DAILY_CAP: integer(20, 1, 1_000),
  // Unset: the /internal/jobs endpoints do not exist. Long enough that guessing is hopeless.
  CRON_SECRET: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const secret = value?.trim();
      if (!secret) return undefined;
      if (secret.length < 24) {
        ctx.addIssue({ code: "custom", message: "expected at least 24 characters (e.g. `openssl rand -hex 32`)" });
        return z.NEVER;
      }
      return secret;
    }),
});

export type Config = Readonly<{
  botToken: string;
  telegramApiRoot: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  http: { host: string; port: number };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  defaultTimezone: string;
  botOwnerIds: readonly number[];
  storeMessageText: boolean;
  writer: { flushMs: number; batchSize: number; queueLimit: number };
  runnerConcurrency: number;
  /** Longest a graceful stop waits for handlers and the database before giving up (ms). */
  shutdownTimeoutMs: number;
  apiRetry: { maxAttempts: number; maxDelaySeconds: number };
  rateLimits: { perUserPerMinute: number; perChatPerMinute: number };
  /** Largest export file accepted when sent to the bot (the cloud Bot API serves up to 20 MB). */
  importMaxUploadBytes: number;
  /** Exports sent to the bot imported at once; the rest wait in line. */
  importConcurrency: number;
  /** Secret of the /internal/jobs endpoints (X-Cron-Secret); undefined: endpoints off. */
  cronSecret: string | undefined;
  /** When alert rules are evaluated (cron, UTC) and how many alert DMs one admin gets per day at most. */
  alerts: { cron: string; dailyCap: number };
}>;

/** A node-cron expression; unset or blank means `fallback`. */
export function cronExpression(fallback: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const expression = value?.trim() || fallback;
      if (!validateCron(expression)) {
        ctx.addIssue({ code: "custom", message: `expected a cron expression like "${fallback}"` });
        return z.NEVER;
      }
      return expression;
    });
}

/** One "  VARIABLE: what it expects" line per issue, for a start-up error. */
export function describeEnvIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${String(issue.path[0] ?? "environment")}: ${issue.message}`).join("\n");
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the environment; throws ConfigError listing every bad variable. Command-line tools
 * that never talk to the Bot API (import, migrate, demo) pass `{ bot: false }`.
 */
export function parseConfig(env: NodeJS.ProcessEnv, options: { bot?: boolean } = {}): Config {
  const schema = options.bot === false ? envSchema.extend({ BOT_TOKEN: z.string().optional().default("") }) : envSchema;
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`Invalid configuration (see .env.example):\n${describeEnvIssues(result.error)}`);
  }
  const e = result.data;
  return Object.freeze({
    botToken: e.BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT },
    logLevel: e.LOG_LEVEL,
    defaultTimezone: e.DEFAULT_TIMEZONE,
    botOwnerIds: e.BOT_OWNER_IDS,
    storeMessageText: e.STORE_MESSAGE_TEXT,
    writer: { flushMs: e.WRITER_FLUSH_MS, batchSize: e.WRITER_BATCH_SIZE, queueLimit: e.WRITER_QUEUE_LIMIT },
    runnerConcurrency: e.RUNNER_CONCURRENCY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    apiRetry: { maxAttempts: e.API_MAX_RETRIES, maxDelaySeconds: e.API_MAX_RETRY_DELAY_SECONDS },
    rateLimits: { perUserPerMinute: e.RATE_LIMIT_USER_PER_MINUTE, perChatPerMinute: e.RATE_LIMIT_CHAT_PER_MINUTE },
    importMaxUploadBytes: e.IMPORT_MAX_UPLOAD_MB * 1024 * 1024,
    importConcurrency: e.IMPORT_CONCURRENCY,
    cronSecret: e.CRON_SECRET,
    alerts: { cron: e.ALERTS_CRON, dailyCap: e.ALERTS_DAILY_CAP },
  });
}

/** Loads `.env` from the working directory when present; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
