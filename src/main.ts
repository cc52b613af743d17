// `npm start`: read the configuration, start Pulse, stop cleanly on SIGTERM/SIGINT.

import { StartupError, startPulse } from "./app.js";
import { type MtprotoConfig, MtprotoConfigError, parseMtprotoConfig } from "./collectors/mtproto/index.js";
import { ConfigError, loadDotEnv, parseConfig } from "./config.js";
import { DataDirInUseError } from "./db/data-dir-lock.js";
import { createLogger, passwordOf } from "./logger.js";

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
  secrets: [config.botToken, passwordOf(config.databaseUrl), mtproto?.apiHash],
});

try {
  const pulse = await startPulse(config, { log, defaultMetrics: true, mtproto });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      log.warn(
        { signal },
        "second signal: exiting now; updates in flight will be redelivered or lost (see docs/operations.md)",
      );
      process.exit(1);
    }
    log.info({ signal }, "signal received");
    pulse.stop().then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        log.fatal({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
} catch (error) {
  if (error instanceof StartupError || error instanceof DataDirInUseError) log.fatal(error.message);
  else log.fatal({ err: error }, "start-up failed");
  process.exit(1);
}
