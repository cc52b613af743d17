// The MTProto collector's public face, and the one call startPulse makes to run it: it
// starts only when configured and logged in, and a bad session (missing, loose permissions,
// revoked, wrong API id/hash) is explained in the log and to the owners, not fatal to Pulse.
// Nothing here loads gramjs: the collector (and gramjs with it, tens of MB resident) is
// imported only once a session file exists, so a bot running alone never pays for it.
import type { Registry } from "prom-client";
import type { Database } from "../../db/client.js";
import type { Logger } from "../../logger.js";
import type { MtprotoCollector } from "./collector.js";
import type { MtprotoConfig } from "./config.js";
import type { IngestSink } from "./engagement.js";
import { ApiCredentialsError, describeError, errorNotice, type Notice, SessionRevokedError } from "./errors.js";
import { readSessionFile, SessionFileError } from "./session-file.js";

export type { MtprotoBotDeps, MtprotoCollector } from "./collector.js";
export { type MtprotoConfig, MtprotoConfigError, parseMtprotoConfig } from "./config.js";
export type { MtprotoJobName, MtprotoJobsPort, MtprotoRunResult } from "./port.js";

export interface StartMtprotoOptions {
  /** From parseMtprotoConfig(process.env); undefined: not configured, the bot runs alone. */
  config: MtprotoConfig | undefined;
  database: Database;
  writer: IngestSink;
  log: Logger;
  registry?: Registry;
  storeMessageText: boolean;
  /** Tells the bot's owners, each in their language, what they must act on. */
  notify?: (notice: Notice) => Promise<void>;
}

/** Starts the collector when configured and logged in; otherwise says why and answers undefined. */
export async function startMtproto(options: StartMtprotoOptions): Promise<MtprotoCollector | undefined> {
  const { config, log } = options;
  if (!config) {
    log.info("MTProto collector not configured (TG_API_ID/TG_API_HASH unset): the bot runs alone");
    return undefined;
  }
  if (!config.enabled) {
    log.info("MTProto collector disabled (MTPROTO_ENABLED=false)");
    return undefined;
  }
  const tell = (notice: Notice) => options.notify?.(notice).catch(() => {});
  try {
    if (readSessionFile(config.sessionFile) === undefined) {
      log.info(
        { sessionFile: config.sessionFile },
        "no MTProto session yet: run `npm run login` to collect history and views",
      );
      return undefined;
    }
  } catch (error) {
    if (error instanceof SessionFileError) {
      log.error({ err: error.message }, "MTProto session refused; the bot runs alone");
      await tell({ key: "track-notice-session-refused", vars: { detail: errorNotice(error) } });
      return undefined;
    }
    throw error;
  }
  const { createMtprotoCollector } = await import("./collector.js");
  const collector = createMtprotoCollector({
    config,
    database: options.database,
    writer: options.writer,
    log: log.child({ module: "mtproto" }),
    registry: options.registry,
    storeMessageText: options.storeMessageText,
    notify: options.notify,
  });
  try {
    await collector.start();
    return collector;
  } catch (error) {
    const message = describeError(error);
    log.error({ err: message }, "MTProto collector could not start; the bot runs alone");
    // A revoked session was already reported to the owners by the collector itself.
    if (error instanceof ApiCredentialsError || error instanceof SessionFileError) {
      await tell({ key: "track-notice-start-failed", vars: { detail: errorNotice(error) } });
    } else if (!(error instanceof SessionRevokedError)) {
      await tell({ key: "track-notice-start-failed-running", vars: { detail: errorNotice(error) } });
    }
    await collector.stop().catch(() => {});
    return undefined;
  }
}
