// Telegram Desktop export import: a streaming reader of result.json that yields ingest records.
export { ExportFormatError } from "./errors.js";
export { type ExportEvent, type ReadExportOptions, readExport } from "./reader.js";
