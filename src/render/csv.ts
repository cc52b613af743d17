// RFC 4180 CSV: a header from the first row's keys, fields quoted when they need it. A
// leading =, +, - or @ is prefixed with ' so spreadsheets do not run exported text as formulas.

export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  const lines = [header.map(field).join(",")];
  for (const row of rows) lines.push(header.map((column) => field(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function field(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
