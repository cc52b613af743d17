// Interactive login of the account behind the collector: phone → code → 2FA password when
// the account has one. Every request goes through the SafeCaller like any other. Wrong or
// expired codes and wrong passwords are explained and asked again (a few times at most);
// the session is written to TG_SESSION_FILE (600, in a 700 directory) and never printed.
import { Api } from "telegram";
import { computeCheck } from "telegram/Password.js";
import { FloodWaitParkedError, MtprotoError, rpcErrorName } from "./errors.js";
import { toNumber } from "./records.js";
import type { SafeCaller } from "./safe-call.js";
import { writeSessionFile } from "./session-file.js";

export class LoginError extends MtprotoError {
  override name = "LoginError";
}

export interface LoginIO {
  ask(question: string): Promise<string>;
  /** Asks without echoing what is typed. */
  askSecret(question: string): Promise<string>;
  say(line: string): void;
}

export interface LoginDeps {
  safe: SafeCaller;
  apiId: number;
  apiHash: string;
  io: LoginIO;
  /** The session string once logged in (client.session.save()). */
  exportSession: () => string;
  sessionFile: string;
  maxAttempts?: number;
}

export interface LoggedIn {
  userId: number;
  name: string;
}

export function normalizePhone(input: string): string | undefined {
  const compact = input.replace(/[\s().-]/g, "");
  return /^\+?\d{7,15}$/.test(compact) ? compact.replace(/^\+?/, "+") : undefined;
}

function describeSentCode(type: Api.auth.TypeSentCodeType): string {
  if (type instanceof Api.auth.SentCodeTypeApp) return "in your Telegram app (a message from “Telegram”)";
  if (type instanceof Api.auth.SentCodeTypeSms) return "by SMS";
  if (type instanceof Api.auth.SentCodeTypeCall) return "by a phone call";
  if (type instanceof Api.auth.SentCodeTypeEmailCode) return `by e-mail (${type.emailPattern})`;
  if (type instanceof Api.auth.SentCodeTypeFragmentSms) return "by SMS through Fragment";
  return "by Telegram";
}

function floodMessage(error: unknown): string | undefined {
  if (error instanceof FloodWaitParkedError) {
    return `Telegram asks this account to wait ${error.seconds} s before trying again (until ${error.until.toISOString()}). Try again later.`;
  }
  const name = rpcErrorName(error);
  if (name === "PHONE_NUMBER_FLOOD" || name === "PHONE_PASSWORD_FLOOD") {
    return "Telegram has seen too many login attempts for this number; wait a few hours and try again.";
  }
  return undefined;
}

export async function runLogin(deps: LoginDeps): Promise<LoggedIn> {
  const { safe, io } = deps;
  const attempts = deps.maxAttempts ?? 5;

  const fail = (error: unknown): never => {
    if (error instanceof MtprotoError && !(error instanceof FloodWaitParkedError)) throw error;
    const flood = floodMessage(error);
    if (flood) throw new LoginError(flood);
    const name = rpcErrorName(error);
    if (name === "PHONE_NUMBER_BANNED") throw new LoginError("Telegram has banned this phone number.");
    throw error;
  };

  let phone: string | undefined;
  let sent: Api.auth.SentCode | undefined;
  for (let attempt = 1; !sent; attempt++) {
    if (attempt > attempts) throw new LoginError("No valid phone number was given.");
    phone = normalizePhone(await io.ask("Phone number of the account, international format (e.g. +491701234567): "));
    if (!phone) {
      io.say("That is not a phone number: use the international format, + and the country code, digits only.");
      continue;
    }
    try {
      sent = await sendCode(safe, phone, deps);
    } catch (error) {
      if (rpcErrorName(error) === "PHONE_NUMBER_INVALID") {
        io.say("Telegram says that phone number is not valid. Check the country code and try again.");
        continue;
      }
      fail(error);
    }
  }
  if (!phone || !sent) throw new LoginError("No code could be requested.");
  io.say(`A login code was sent ${describeSentCode(sent.type)}.`);

  let authorization: Api.auth.TypeAuthorization | undefined;
  let needsPassword = false;
  for (let attempt = 1; !authorization && !needsPassword; attempt++) {
    if (attempt > attempts) throw new LoginError("Too many wrong codes; run npm run login again later.");
    const code = (await io.ask("Login code: ")).replace(/\s/g, "");
    if (code === "") {
      io.say("The code is empty; type the digits Telegram sent.");
      continue;
    }
    try {
      authorization = await safe.call(
        new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code }),
      );
    } catch (error) {
      const name = rpcErrorName(error);
      if (name === "SESSION_PASSWORD_NEEDED") {
        needsPassword = true;
      } else if (name === "PHONE_CODE_INVALID" || name === "PHONE_CODE_EMPTY") {
        io.say("That code is wrong. Check the latest code Telegram sent and type it again.");
      } else if (name === "PHONE_CODE_EXPIRED") {
        io.say(
          "That code has expired (codes last a few minutes, and a code shared in any Telegram chat is cancelled at once). Sending a new one…",
        );
        try {
          sent = await sendCode(safe, phone, deps);
        } catch (resendError) {
          fail(resendError);
        }
        io.say(`A new login code was sent ${describeSentCode(sent.type)}.`);
      } else {
        fail(error);
      }
    }
  }

  if (needsPassword) {
    for (let attempt = 1; !authorization; attempt++) {
      if (attempt > attempts) throw new LoginError("Too many wrong passwords; run npm run login again later.");
      const srp = await safe.call(new Api.account.GetPassword());
      const password = await io.askSecret(
        `This account has two-step verification. Password${srp.hint ? ` (hint: ${srp.hint})` : ""}: `,
      );
      if (password === "") {
        io.say("The password is empty.");
        continue;
      }
      try {
        authorization = await safe.call(new Api.auth.CheckPassword({ password: await computeCheck(srp, password) }));
      } catch (error) {
        if (rpcErrorName(error) === "PASSWORD_HASH_INVALID") {
          io.say("Wrong password. Try again (it is the two-step verification password, not the login code).");
          continue;
        }
        fail(error);
      }
    }
  }

  if (authorization instanceof Api.auth.AuthorizationSignUpRequired) {
    throw new LoginError("No Telegram account uses this phone number: sign up in a Telegram app first.");
  }
  if (!(authorization instanceof Api.auth.Authorization)) throw new LoginError("Telegram did not confirm the login.");
  const user = authorization.user;
  const userId = toNumber(user.id);
  const name =
    user instanceof Api.User
      ? [user.firstName, user.lastName].filter(Boolean).join(" ") + (user.username ? ` (@${user.username})` : "")
      : String(userId);
  writeSessionFile(deps.sessionFile, deps.exportSession());
  io.say(`Logged in as ${name}, id ${userId}. Session saved to ${deps.sessionFile} (mode 600); keep it secret.`);
  return { userId, name };
}

async function sendCode(safe: SafeCaller, phone: string, deps: LoginDeps): Promise<Api.auth.SentCode> {
  for (let restart = 0; ; restart++) {
    try {
      const result = await safe.call(
        new Api.auth.SendCode({
          phoneNumber: phone,
          apiId: deps.apiId,
          apiHash: deps.apiHash,
          settings: new Api.CodeSettings({}),
        }),
      );
      if (result instanceof Api.auth.SentCodeSuccess) {
        throw new LoginError("Telegram logged this session in without a code; run npm run login again.");
      }
      return result;
    } catch (error) {
      if (rpcErrorName(error) === "AUTH_RESTART" && restart < 2) continue;
      throw error;
    }
  }
}
