// One XLSX workbook from several tables, a sheet per table, through exceljs. Written with its
// streaming writer, so a 100,000-row messages table costs the zip's size in memory rather
// than a cell object per value. Numbers stay numbers, so a spreadsheet can sum them.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

export interface XlsxSheet {
  /** Shown on the sheet's tab; cut to Excel's 31 characters, characters it forbids replaced. */
  name: string;
  columns: readonly string[];
  rows: readonly Record<string, unknown>[];
}

/** Excel's limit on a sheet name's length. */
export const SHEET_NAME_MAX = 31;

export async function toXlsx(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const used = new Set<string>();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(uniqueName(sheetName(sheet.name), used), {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    worksheet.columns = sheet.columns.map((key) => ({ header: key, key, width: Math.max(10, key.length + 2) }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.getRow(1).commit();
    for (const row of sheet.rows) worksheet.addRow(sheet.columns.map((key) => cell(row[key]))).commit();
    worksheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}

function cell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Excel refuses : \ / ? * [ ] in sheet names, and names longer than 31 characters. */
export function sheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, " ").trim() || "Sheet";
  return [...clean].slice(0, SHEET_NAME_MAX).join("").trim();
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = [...name].slice(0, SHEET_NAME_MAX - suffix.length).join("") + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
