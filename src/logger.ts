// pino logger whose every output line is scrubbed of secrets (bot token, database password,
// MTProto session) before it is written, whatever field or error message carries them.
import pino, { type Logger } from "pino";

export type { Logger };

const REDACTED = "[REDACTED]";

export function createLogger(options: { level: string; secrets: readonly (string | undefined)[] }): Logger {
  // Short strings would redact innocent text; real secrets are long.
  const secrets = options.secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  return pino({
    level: options.level,
    base: undefined,
    redact: {
      paths: [
        "botToken",
        "token",
        "password",
        "session",
        "databaseUrl",
        "*.botToken",
        "*.token",
        "*.password",
        "*.session",
      ],
      censor: REDACTED,
    },
    hooks: {
      streamWrite: secrets.length === 0 ? undefined : (line) => scrubSecrets(line, secrets),
    },
  });
}

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // JSON output escapes some characters; catch the escaped form as well.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}

/** The password part of a connection URL, so it can be scrubbed from logs. */
export function passwordOf(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  try {
    const password = decodeURIComponent(new URL(databaseUrl).password);
    return password || undefined;
  } catch {
    return undefined;
  }
}
