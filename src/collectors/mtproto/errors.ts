// Errors the collector raises on purpose, each with a message a person can act on, and
// helpers to read Telegram's RPC errors as gramjs hands them over. No message built here
// ever contains the session string. The message is English, for logs and job runs; the bot
// answers people from `key` and `vars` (locales/*/track.ftl) in their language.
import { createRequire } from "node:module";
import type * as GramjsErrors from "telegram/errors/index.js";
import type { Translate } from "../../i18n/index.js";

/** An error as a translation key and its arguments (dates are formatted by whoever shows it). */
export interface MtprotoErrorKey {
  key: string;
  vars?: Record<string, string | number | Date>;
}

export class MtprotoError extends Error {
  override name = "MtprotoError";
  readonly key?: string;
  readonly vars?: Record<string, string | number | Date>;

  constructor(message: string, translation?: MtprotoErrorKey) {
    super(message);
    if (translation) {
      this.key = translation.key;
      if (translation.vars) this.vars = translation.vars;
    }
  }
}

/** The account's session no longer works (logged out, revoked, deactivated). */
export class SessionRevokedError extends MtprotoError {
  override name = "SessionRevokedError";
  constructor(readonly reason: string) {
    super(
      `Telegram no longer accepts the account's session (${reason}): collection through the account has stopped. ` +
        "Run `npm run login` again and restart Pulse; the bot keeps running meanwhile.",
      { key: "track-error-session-revoked", vars: { reason } },
    );
  }
}

/**
 * A text for people as a translation key and its arguments, rendered once the reader's
 * language is known (a /track reply, a notice to each owner). An argument may itself be a
 * notice (an error inside a notice).
 */
export interface Notice {
  key: string;
  vars?: Record<string, string | number | Date | Notice>;
}

/** What an error says to a person: its own key, or its English message as a detail. */
export function errorNotice(error: unknown): Notice {
  if (error instanceof MtprotoError && error.key)
    return { key: error.key, ...(error.vars ? { vars: error.vars } : {}) };
  return { key: "track-error-other", vars: { detail: describeError(error) } };
}

/** A notice in one language; dates in UTC, as Telegram's limits and the job slots are. */
export function renderNotice(t: Translate, locale: string, notice: Notice): string {
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const vars = Object.fromEntries(
    Object.entries(notice.vars ?? {}).map(([name, value]) => [
      name,
      value instanceof Date
        ? `${dates.format(value)} UTC`
        : typeof value === "object"
          ? renderNotice(t, locale, value)
          : value,
    ]),
  );
  return t(notice.key, vars);
}

/** TG_API_ID / TG_API_HASH were refused by Telegram. */
export class ApiCredentialsError extends MtprotoError {
  override name = "ApiCredentialsError";
  constructor(readonly reason: string) {
    super(
      `Telegram rejected TG_API_ID / TG_API_HASH (${reason}): copy both again from https://my.telegram.org → API development tools.`,
      { key: "track-error-api-credentials", vars: { reason } },
    );
  }
}

/** A FLOOD_WAIT longer than this installation agrees to sit out: the job stops and is reported. */
export class FloodWaitParkedError extends MtprotoError {
  override name = "FloodWaitParkedError";
  constructor(
    readonly method: string,
    readonly seconds: number,
    readonly until: Date,
  ) {
    super(
      `Telegram asked the account to wait ${seconds} s before calling ${method} again; ` +
        `the job is parked until ${until.toISOString()} instead of retrying.`,
      { key: "track-error-flood-wait", vars: { seconds, method, until } },
    );
  }
}

export class QuotaExceededError extends MtprotoError {
  override name = "QuotaExceededError";
  constructor(
    readonly kind: string,
    readonly limit: number,
    readonly resetsAt: Date,
  ) {
    super(`The daily ${kind} quota (${limit}) is used up; it resets at ${resetsAt.toISOString()} (00:00 UTC).`, {
      key: "track-error-quota",
      vars: { kind, limit, resetsAt },
    });
  }
}

/** What a person typed is not something that names a Telegram chat. */
export class PeerInputError extends MtprotoError {
  override name = "PeerInputError";
}

/** No chat by that name or id is reachable by the account. */
export class PeerNotFoundError extends MtprotoError {
  override name = "PeerNotFoundError";
}

/** The chat exists but the account may not read it. */
export class PeerPrivateError extends MtprotoError {
  override name = "PeerPrivateError";
}

// The bot alone never loads gramjs (tens of MB resident), and this module is on its path
// (/track's answers, the start-up notices). An RPC error exists only once gramjs has created
// it, so gramjs's error classes are looked up only for an error that carries gramjs's
// `errorMessage` field: by then gramjs is loaded and the require is a cache lookup.
const require = createRequire(import.meta.url);

function gramjsErrors(error: unknown): typeof GramjsErrors | undefined {
  if (typeof error !== "object" || error === null || !("errorMessage" in error)) return undefined;
  return require("telegram/errors") as typeof GramjsErrors;
}

/** Telegram's error name (FLOOD_WAIT_30, CHANNEL_PRIVATE…) when `error` is an RPC error. */
export function rpcErrorName(error: unknown): string | undefined {
  const errors = gramjsErrors(error);
  if (!errors) return undefined;
  if (error instanceof errors.FloodWaitError) return `FLOOD_WAIT_${error.seconds}`;
  if (error instanceof errors.RPCError) return error.errorMessage;
  return undefined;
}

export function rpcErrorCode(error: unknown): number | undefined {
  const errors = gramjsErrors(error);
  return errors && error instanceof errors.RPCError ? error.code : undefined;
}

const REVOKED = new Set([
  "AUTH_KEY_UNREGISTERED",
  "AUTH_KEY_INVALID",
  "AUTH_KEY_PERM_EMPTY",
  "AUTH_KEY_DUPLICATED",
  "SESSION_REVOKED",
  "SESSION_EXPIRED",
  "USER_DEACTIVATED",
  "USER_DEACTIVATED_BAN",
]);

export function isRevocation(error: unknown): boolean {
  const name = rpcErrorName(error);
  return name !== undefined && REVOKED.has(name);
}

export function isApiCredentialsError(error: unknown): boolean {
  const name = rpcErrorName(error);
  return name === "API_ID_INVALID" || name === "API_ID_PUBLISHED_FLOOD";
}

const INACCESSIBLE = new Set([
  "CHANNEL_PRIVATE",
  "CHANNEL_INVALID",
  "CHAT_FORBIDDEN",
  "CHAT_ID_INVALID",
  "PEER_ID_INVALID",
  "CHANNEL_PUBLIC_GROUP_NA",
  "USER_BANNED_IN_CHANNEL",
]);

/** The chat cannot be read by the account (left, banned, private, gone). */
export function isInaccessible(error: unknown): boolean {
  if (error instanceof PeerPrivateError || error instanceof PeerNotFoundError) return true;
  const name = rpcErrorName(error);
  return name !== undefined && INACCESSIBLE.has(name);
}

/** A one-line description for logs, job runs and replies; never carries request payloads. */
export function describeError(error: unknown): string {
  if (error instanceof MtprotoError) return error.message;
  const name = rpcErrorName(error);
  if (name) return `${name} (${rpcErrorCode(error) ?? "?"})`;
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
