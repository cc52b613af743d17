// `npm start`: read the configuration, start Pulse, stop cleanly on SIGTERM/SIGINT.
// A later signal (2 s after the first, or a third one) exits at once; that loses nothing,
// since Telegram is only told about updates whose records are committed.

import { StartupError, startPulse } from "./app.js";
import { type MtprotoConfig, MtprotoConfigError, parseMtprotoConfig } from "./collectors/mtproto/index.js";
import { ConfigError, loadDotEnv, parseConfig } from "./config.js";
import { surviveClosedSocketWrites } from "./db/client.js";
import { DataDirInUseError } from "./db/data-dir-lock.js";
import { createLogger, passwordOf } from "./logger.js";

/** A signal this soon after the first one is a wrapper relaying it, not a second request. */
const REPEAT_WINDOW_MS = 2_000;

loadDotEnv();
let config: ReturnType<typeof parseConfig>;
let mtproto: MtprotoConfig | undefined;
try {
  config = parseConfig(process.env);
  mtproto = parseMtprotoConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError || error instanceof MtprotoConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

const log = createLogger({
  level: config.logLevel,
  secrets: [config.botToken, passwordOf(config.databaseUrl), mtproto?.apiHash, config.cronSecret],
});

surviveClosedSocketWrites((error) =>
  log.warn(
    { err: error.message },
    "the database driver wrote to a closed connection; the connection is gone, Pulse goes on",
  ),
);

try {
  const pulse = await startPulse(config, { log, defaultMetrics: true, mtproto });
  let firstSignalAt: number | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      log.info({ signal }, "signal received");
      // Should the stop itself hang (a handler that never ends), leave anyway: nothing
      // unconfirmed is lost, Telegram delivers it again after the restart.
      setTimeout(() => {
        log.error("shutdown did not finish in time; exiting (unconfirmed updates will be delivered again)");
        process.exit(1);
      }, config.shutdownTimeoutMs + 5_000).unref();
      pulse.stop().then(
        () => process.exit(process.exitCode ?? 0),
        (error: unknown) => {
          log.fatal({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
      return;
    }
    // Wrappers (npm, a shell, a supervisor signalling the whole process group) relay the
    // same signal a moment later: that is not a person asking twice.
    if (signals < 3 && Date.now() - firstSignalAt < REPEAT_WINDOW_MS) {
      log.debug({ signal }, "repeated signal ignored: already stopping");
      return;
    }
    log.warn({ signal }, "signal while stopping: exiting now; unconfirmed updates will be delivered again");
    process.exit(1);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
} catch (error) {
  if (error instanceof StartupError || error instanceof DataDirInUseError) log.fatal(error.message);
  else log.fatal({ err: error }, "start-up failed");
  process.exit(1);
}
