// The session string grants full access to a person's Telegram account. It lives in one
// file, mode 600, in a directory of mode 700, and is refused when either is looser. It is
// never logged: errors from here name the path and the mode, never the content.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { MtprotoError } from "./errors.js";

export class SessionFileError extends MtprotoError {
  override name = "SessionFileError";
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, "0");
// Permission bits are meaningless on Windows; there the check cannot protect anything.
const checksModes = process.platform !== "win32";

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Refuses a session directory that others may list or enter. */
export function checkSessionDirectory(dir: string): void {
  const stat = statOrUndefined(dir);
  if (!stat) return;
  if (!stat.isDirectory()) throw new SessionFileError(`${dir} should be the session directory but is not a directory`);
  if (checksModes && (stat.mode & 0o077) !== 0) {
    throw new SessionFileError(
      `refusing to use the session directory ${dir}: its mode is ${octal(stat.mode)}, it must be 700 ` +
        `(only you may enter it; the session inside grants full access to the Telegram account). Fix: chmod 700 ${dir}`,
    );
  }
}

/**
 * Reads the session string, or undefined when no session file exists (not logged in yet).
 * Throws SessionFileError when the file or its directory is readable by others, or empty.
 */
export function readSessionFile(path: string): string | undefined {
  const stat = statOrUndefined(path);
  if (!stat) return undefined;
  checkSessionDirectory(dirname(path));
  if (!stat.isFile()) throw new SessionFileError(`${path} should be the session file but is not a regular file`);
  if (checksModes && (stat.mode & 0o077) !== 0) {
    throw new SessionFileError(
      `refusing to use the session file ${path}: its mode is ${octal(stat.mode)}, it must be 600 ` +
        `(the session grants full access to the Telegram account). Fix: chmod 600 ${path}, or delete it and run npm run login`,
    );
  }
  if (checksModes && typeof process.getuid === "function" && stat.uid !== process.getuid()) {
    throw new SessionFileError(
      `refusing to use the session file ${path}: it belongs to another user (uid ${stat.uid})`,
    );
  }
  const session = readFileSync(path, "utf8").trim();
  if (session === "") throw new SessionFileError(`the session file ${path} is empty: run npm run login`);
  return session;
}

/**
 * Writes the session atomically (temporary file, fsync, rename) with mode 600, creating the
 * directory with mode 700. An existing directory that is too open is refused, not changed.
 */
export function writeSessionFile(path: string, session: string): void {
  if (session.trim() === "") throw new SessionFileError("refusing to save an empty session");
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  checkSessionDirectory(dir);
  const temporary = join(dir, `.session-${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, `${session}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  const stat = statSync(path);
  if (checksModes && (stat.mode & 0o077) !== 0) {
    throw new SessionFileError(`the session file ${path} ended up with mode ${octal(stat.mode)}; expected 600`);
  }
}
