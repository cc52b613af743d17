// Filtering COPY text by its leading fields, so a merge can leave out rows it would skip
// anyway (a re-import sends every row again: checking keys here is far cheaper than
// copying them into PostgreSQL to find out there).
//
// In COPY text a tab byte only separates fields and a newline byte only ends a row (both are
// escaped inside values), so fields can be found without decoding the line.

/**
 * Keeps the lines for which `keep` answers true. `keep` sees the first `count` fields as
 * Latin-1 strings (exact for numbers, dates and \N; other fields are read as bytes).
 * Answers the kept lines as new parts, sharing the given parts when all of a part is kept.
 */
export function filterCopyLines(
  parts: readonly Uint8Array[],
  count: number,
  keep: (fields: string[]) => boolean,
): Uint8Array[] {
  const kept: Uint8Array[] = [];
  const fields: string[] = new Array(count);
  for (const part of parts) {
    const bytes = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    const ranges: number[] = [];
    let all = true;
    for (let start = 0; start < bytes.length; ) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length - 1;
      let from = start;
      for (let i = 0; i < count; i++) {
        let to = bytes.indexOf(9, from);
        if (to < 0 || to > end) to = end;
        fields[i] = bytes.toString("latin1", from, to);
        from = to + 1;
      }
      if (keep(fields)) ranges.push(start, end + 1);
      else all = false;
      start = end + 1;
    }
    if (all) kept.push(part);
    else if (ranges.length > 0) {
      kept.push(
        Buffer.concat(
          Array.from({ length: ranges.length / 2 }, (_, i) => bytes.subarray(ranges[2 * i], ranges[2 * i + 1])),
        ),
      );
    }
  }
  return kept;
}
