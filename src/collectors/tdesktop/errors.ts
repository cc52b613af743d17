// The one error a broken export produces: what is wrong and where, so a user can open the
// file at that spot (line:column for editors, byte offset for multi-GB files, JSON path).
// The message is English for the command line and the logs; the bot answers in its user's
// language from `key` and `vars` (locales/*/import.ftl), with the place formatted there too.

export interface ExportErrorLocation {
  byteOffset?: number;
  line?: number;
  column?: number;
  path?: string;
}

/** A problem as a translation key (`import-error-…`) and its arguments. */
export interface ExportProblemKey {
  key: string;
  vars?: Record<string, string | number>;
}

export class ExportFormatError extends Error {
  override name = "ExportFormatError";
  /** The problem without its place, in English. */
  problem: string;
  /** The problem as a translation key, where there is one; else the bot shows `problem`. */
  key?: string;
  vars?: Record<string, string | number>;
  readonly byteOffset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  /** "timezone_required": the export has wall-clock dates only and no time zone was given. */
  code?: "timezone_required";
  /** The Bot API id of the chat being read when the problem was found, if any. */
  chatId?: number;

  constructor(problem: string, location: ExportErrorLocation = {}, translation?: ExportProblemKey) {
    super(describe(problem, location));
    this.problem = problem;
    if (translation) {
      this.key = translation.key;
      if (translation.vars) this.vars = translation.vars;
    }
    if (location.byteOffset !== undefined) this.byteOffset = location.byteOffset;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
    if (location.path !== undefined) this.path = location.path;
  }
}

function describe(problem: string, { byteOffset, line, column, path }: ExportErrorLocation): string {
  const where: string[] = [];
  if (line !== undefined) where.push(column !== undefined ? `line ${line}, column ${column}` : `line ${line}`);
  if (byteOffset !== undefined) where.push(`byte ${byteOffset}`);
  const prefix = path ? `${path}: ` : "";
  return where.length > 0 ? `${prefix}${problem} (${where.join(", ")})` : `${prefix}${problem}`;
}

/**
 * A problem found inside one message, before its place in the file is known. The reader
 * leaves that message out and goes on (one odd message must not sink a whole export).
 */
export class FieldError extends Error {
  constructor(
    readonly segments: (string | number)[],
    problem: string,
    readonly translation?: ExportProblemKey,
  ) {
    super(problem);
  }
}

/**
 * The export's dates are wall-clock times only and no time zone was given: no message of
 * it can be read, so this stops the import instead of skipping every message.
 */
export class TimezoneRequiredError extends FieldError {}
