import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers.js";
import { LoginError, normalizePhone, runLogin } from "../../../src/collectors/mtproto/login.js";
import { MemorySafeCallStore, SafeCaller } from "../../../src/collectors/mtproto/safe-call.js";
import { readSessionFile } from "../../../src/collectors/mtproto/session-file.js";
import { API_HASH, FakeTelegram, fakeClient, rpcError } from "./fake-telegram.js";
import { SAFE_OPTIONS, silent } from "./helpers.js";

const SESSION = "1AgAOMTQ5LjE1NC4xNjcuNTABu0SecretSessionMaterialThatMustStayPrivate==";

// Telegram's 2048-bit SRP prime (the one gramjs accepts), g = 3.
const PRIME = Buffer.from(
  "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
  "hex",
);

function password(hint: string) {
  return new Api.account.Password({
    hasPassword: true,
    currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: Buffer.from("0102030405060708", "hex"),
      salt2: Buffer.from("1112131415161718", "hex"),
      g: 3,
      p: PRIME,
    }),
    srp_B: Buffer.concat([Buffer.from([0x5a]), Buffer.alloc(255, 0x3c)]),
    srpId: returnBigInt(99),
    hint,
    newAlgo: new Api.PasswordKdfAlgoUnknown(),
    newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
    secureRandom: Buffer.alloc(32),
  });
}

const sentCode = (hash: string) =>
  new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: 5 }), phoneCodeHash: hash });

function scriptedIO(answers: string[]) {
  const asked: string[] = [];
  const said: string[] = [];
  const next = (question: string) => {
    asked.push(question);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no scripted answer for: ${question}`);
    return Promise.resolve(answer);
  };
  return { io: { ask: next, askSecret: next, say: (line: string) => said.push(line) }, asked, said };
}

describe("npm run login", () => {
  const root = mkdtempSync(join(tmpdir(), "pulse-login-"));
  after(() => rmSync(root, { recursive: true, force: true }));

  test("phone numbers are normalised or refused", () => {
    assert.equal(normalizePhone("+49 170 123-45 67"), "+491701234567");
    assert.equal(normalizePhone("491701234567"), "+491701234567");
    assert.equal(normalizePhone("call me"), undefined);
  });

  test("wrong code, expired code, wrong 2FA password: each explained, then logged in; the session is saved 600 and never shown", async () => {
    const telegram = new FakeTelegram();
    const signIns: string[] = [];
    let passwordChecks = 0;
    telegram.on((request) => {
      if (request instanceof Api.auth.SendCode) {
        assert.equal(request.apiHash, API_HASH);
        return sentCode(`hash-${telegram.callsOf("auth.SendCode").length}`);
      }
      if (request instanceof Api.auth.SignIn) {
        signIns.push(`${request.phoneCodeHash}:${request.phoneCode}`);
        if (request.phoneCode === "11111") throw rpcError(request, 400, "PHONE_CODE_INVALID");
        if (request.phoneCode === "22222") throw rpcError(request, 400, "PHONE_CODE_EXPIRED");
        throw rpcError(request, 401, "SESSION_PASSWORD_NEEDED");
      }
      if (request instanceof Api.account.GetPassword) return password("pet's name");
      if (request instanceof Api.auth.CheckPassword) {
        assert.ok(request.password instanceof Api.InputCheckPasswordSRP);
        if (++passwordChecks === 1) throw rpcError(request, 400, "PASSWORD_HASH_INVALID");
        return new Api.auth.Authorization({
          user: new Api.User({ id: returnBigInt(4242), firstName: "Ann", username: "ann" }),
        });
      }
      return undefined;
    });
    // Before the login, Telegram answers "not authorized": that must not count as a revoked session.
    telegram.failNext("updates.GetState", (r) => rpcError(r, 401, "AUTH_KEY_UNREGISTERED"));
    const safe = await SafeCaller.create({
      client: fakeClient(telegram),
      options: SAFE_OPTIONS,
      store: new MemorySafeCallStore(),
      log: silent,
      loggingIn: true,
    });
    await assert.rejects(safe.call(new Api.updates.GetState()));
    const { io, said } = scriptedIO(["not a phone", "+49 170 1234567", "11111", "22222", "33333", "wrong", "right"]);
    const file = join(root, "mtproto", "session");
    const result = await runLogin({
      safe,
      apiId: 12345,
      apiHash: API_HASH,
      io,
      exportSession: () => SESSION,
      sessionFile: file,
    });
    assert.deepEqual(result, { userId: 4242, name: "Ann (@ann)" });
    assert.deepEqual(signIns, ["hash-1:11111", "hash-1:22222", "hash-2:33333"]);
    const output = said.join("\n");
    assert.match(output, /That is not a phone number/);
    assert.match(output, /That code is wrong/);
    assert.match(output, /That code has expired/);
    assert.match(output, /Wrong password/);
    assert.match(output, /Logged in as Ann \(@ann\), id 4242/);
    assert.ok(!output.includes(SESSION), "the session is never printed");
    assert.equal(readSessionFile(file), SESSION);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(root, "mtproto")).mode & 0o777, 0o700);
  });

  test("a number without an account, and a flood of attempts, end with a clear message", async () => {
    const telegram = new FakeTelegram();
    telegram.on((request) => {
      if (request instanceof Api.auth.SendCode) return sentCode("h");
      if (request instanceof Api.auth.SignIn) return new Api.auth.AuthorizationSignUpRequired({});
      return undefined;
    });
    const safe = await SafeCaller.create({
      client: fakeClient(telegram),
      options: SAFE_OPTIONS,
      store: new MemorySafeCallStore(),
      loggingIn: true,
    });
    const file = join(root, "x", "session");
    await assert.rejects(
      runLogin({
        safe,
        apiId: 1,
        apiHash: API_HASH,
        io: scriptedIO(["+491701234567", "12345"]).io,
        exportSession: () => SESSION,
        sessionFile: file,
      }),
      (error: unknown) =>
        error instanceof LoginError && /No Telegram account uses this phone number/.test(error.message),
    );
    assert.equal(readSessionFile(file), undefined, "nothing saved");

    const flooded = new FakeTelegram();
    flooded.failNext("auth.SendCode", (r) => rpcError(r, 400, "PHONE_NUMBER_FLOOD"));
    const safe2 = await SafeCaller.create({
      client: fakeClient(flooded),
      options: SAFE_OPTIONS,
      store: new MemorySafeCallStore(),
      loggingIn: true,
    });
    await assert.rejects(
      runLogin({
        safe: safe2,
        apiId: 1,
        apiHash: API_HASH,
        io: scriptedIO(["+491701234567"]).io,
        exportSession: () => SESSION,
        sessionFile: file,
      }),
      /too many login attempts/,
    );
    const wrongApi = new FakeTelegram();
    wrongApi.failNext("auth.SendCode", (r) => rpcError(r, 400, "API_ID_INVALID"));
    const safe3 = await SafeCaller.create({
      client: fakeClient(wrongApi),
      options: SAFE_OPTIONS,
      store: new MemorySafeCallStore(),
      loggingIn: true,
    });
    await assert.rejects(
      runLogin({
        safe: safe3,
        apiId: 1,
        apiHash: API_HASH,
        io: scriptedIO(["+491701234567"]).io,
        exportSession: () => SESSION,
        sessionFile: file,
      }),
      /Telegram rejected TG_API_ID \/ TG_API_HASH/,
    );
  });
});
