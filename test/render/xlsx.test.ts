// The XLSX workbook: opened again with exceljs's reader, it has one sheet per table, in order,
// with the header row, numbers as numbers, empty cells for null, and names Excel accepts.
import assert from "node:assert/strict";
import { test } from "node:test";
import ExcelJS from "exceljs";
import { SHEET_NAME_MAX, sheetName, toXlsx } from "../../src/render/xlsx.js";

test("one sheet per table, headers first, values kept with their types", async () => {
  const bytes = await toXlsx([
    {
      name: "Daily activity",
      columns: ["day", "messages", "active_senders"],
      rows: [
        { day: "2026-11-02", messages: 45, active_senders: 12 },
        { day: "2026-11-03", messages: 0, active_senders: 0 },
      ],
    },
    {
      name: "Активность участников: по дням/неделям [все]",
      columns: ["sender_id", "name", "username"],
      rows: [{ sender_id: 101, name: "Анна 🌸", username: null }],
    },
    { name: "Daily activity", columns: ["message_id"], rows: [] },
  ]);
  assert.equal(bytes.subarray(0, 2).toString("latin1"), "PK", "an XLSX is a zip");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const names = workbook.worksheets.map((s) => s.name);
  assert.deepEqual(names, ["Daily activity", "Активность участников  по дням", "Daily activity (2)"]);
  const daily = workbook.getWorksheet("Daily activity");
  assert.ok(daily);
  const values = (row: number) => [1, 2, 3].map((col) => daily.getRow(row).getCell(col).value);
  assert.deepEqual(values(1), ["day", "messages", "active_senders"]);
  assert.deepEqual(values(2), ["2026-11-02", 45, 12]);
  assert.equal(typeof daily.getRow(3).getCell(2).value, "number");
  assert.equal(daily.getRow(3).getCell(2).value, 0);
  assert.equal(daily.rowCount, 3);
  const members = workbook.worksheets[1];
  assert.equal(members?.getRow(2).getCell(2).value, "Анна 🌸");
  assert.equal(members?.getRow(2).getCell(3).value, null, "null stays an empty cell");
  assert.equal(workbook.worksheets[2]?.rowCount, 1, "an empty table keeps its header");
});

test("sheet names: forbidden characters replaced, 31 characters at most, never empty", () => {
  assert.equal(sheetName("a/b:c?d*e[f]g\\h"), "a b c d e f g h");
  assert.equal([...sheetName("x".repeat(80))].length, SHEET_NAME_MAX);
  assert.equal(sheetName("???"), "Sheet");
  assert.equal(sheetName("👍".repeat(40)), "👍".repeat(31), "cut by code points, never inside an emoji");
});
