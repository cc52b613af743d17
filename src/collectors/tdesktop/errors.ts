// The one error a broken export produces: what is wrong and where, so a user can open the
// file at that spot (line:column for editors, byte offset for multi-GB files, JSON path).

export interface ExportErrorLocation {
  byteOffset?: number;
  line?: number;
  column?: number;
  path?: string;
}

export class ExportFormatError extends Error {
  override name = "ExportFormatError";
  readonly byteOffset?: number;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  /** "timezone_required": the export has wall-clock dates only and no time zone was given. */
  code?: "timezone_required";
  /** The Bot API id of the chat being read when the problem was found, if any. */
  chatId?: number;

  constructor(problem: string, location: ExportErrorLocation = {}) {
    super(describe(problem, location));
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
  ) {
    super(problem);
  }
}

/**
 * The export's dates are wall-clock times only and no time zone was given: no message of
 * it can be read, so this stops the import instead of skipping every message.
 */
export class TimezoneRequiredError extends FieldError {}
