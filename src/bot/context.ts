import type { Context } from "grammy";
import type { MtprotoBotDeps } from "../collectors/mtproto/index.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { Delivery } from "../delivery/sender.js";
import type { I18nFlavor } from "../i18n/index.js";
import type { BatchWriter } from "../ingest/writer.js";
import type { Scheduler } from "../jobs/index.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { ChartRenderer } from "../render/renderer.js";
import type { ChatSettingsCache } from "../settings/chat-settings.js";
import type { AdminCache } from "./permissions.js";
import type { UpdateWatermark } from "./update-watermark.js";

/** What bot handlers may use; built once in main.ts (or by a test) and put on every context. */
export interface BotDeps {
  config: Config;
  database: Database;
  writer: BatchWriter;
  log: Logger;
  metrics: Metrics;
  renderer: ChartRenderer;
  admins: AdminCache;
  /** Per-chat settings (language, time zone, recap schedule…), cached briefly. */
  chatSettings: ChatSettingsCache;
  /** The clock; tests fix it. */
  now: () => Date;
  /** Sends with Telegram's limits and remembered refusals (DMs, posts to other chats). */
  delivery: Delivery;
  /** Which updates are committed, so polling confirms no more than that (app.ts shares it). */
  watermark?: UpdateWatermark;
  /** The MTProto collector's bot-facing part, when a user session runs (set after start). */
  mtproto?: MtprotoBotDeps;
  /** Starts a job now, beside the schedule (set once the scheduler runs). */
  jobs?: Pick<Scheduler, "trigger">;
}

export type PulseContext = Context & I18nFlavor & { deps: BotDeps };
