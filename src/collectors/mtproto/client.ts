// Builds the gramjs client. It is handed straight to the SafeCaller, which takes over its
// invoke(); nothing else in Pulse keeps a reference to it.
import { TelegramClient } from "telegram";
import { Logger as GramLogger, LogLevel } from "telegram/extensions/Logger.js";
import { StringSession } from "telegram/sessions/index.js";
import type { Logger } from "../../logger.js";

/** gramjs's own log lines, forwarded to pino at warn and above, scrubbed of the session. */
class PinoBridge extends GramLogger {
  constructor(
    private readonly sink: Logger | undefined,
    private readonly secret: string,
    level: LogLevel,
  ) {
    super(level);
  }
  override log(level: LogLevel, message: string): void {
    if (!this.sink) return;
    const text = this.secret.length >= 8 ? message.split(this.secret).join("[REDACTED]") : message;
    if (level === LogLevel.ERROR) this.sink.error({ module: "gramjs" }, text);
    else if (level === LogLevel.WARN) this.sink.warn({ module: "gramjs" }, text);
  }
}

export interface ClientOptions {
  apiId: number;
  apiHash: string;
  /** The saved session string; "" for a fresh login. */
  session: string;
  log?: Logger;
  /** No gramjs output at all (the login CLI, which explains failures itself). */
  quiet?: boolean;
}

export function createTelegramClient(options: ClientOptions): TelegramClient {
  return new TelegramClient(new StringSession(options.session), options.apiId, options.apiHash, {
    // Every FLOOD_WAIT surfaces to the SafeCaller, which decides whether to wait or park.
    floodSleepThreshold: 0,
    connectionRetries: 5,
    requestRetries: 3,
    autoReconnect: true,
    deviceModel: "Pulse analytics",
    appVersion: "pulse",
    baseLogger: new PinoBridge(options.log, options.session, options.quiet ? LogLevel.NONE : LogLevel.WARN),
  });
}
