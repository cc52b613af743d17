// Import throughput: a generated Telegram Desktop export (the demo community, scaled up) read
// by the streaming reader and written by the bulk loader; peak resident memory shows whether
// memory stays flat as the file grows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importExport } from "../src/collectors/tdesktop/importer.js";
import type { Database } from "../src/db/client.js";
import { writeCommunityExport } from "../src/demo/index.js";
import { sampleRss } from "./lib/stats.js";

export async function runImportBench(database: Database, messages: number) {
  const dir = mkdtempSync(join(tmpdir(), "pulse-import-bench-"));
  try {
    const path = join(dir, "result.json");
    const generatedAt = performance.now();
    const generated = await writeCommunityExport(path, {
      messages,
      members: Math.max(400, Math.round(messages / 150)),
      days: 365,
      seed: 7,
    });
    const generateSeconds = (performance.now() - generatedAt) / 1000;
    const rss = sampleRss();
    const summary = await importExport(database, path, { storeText: true, defaultTimezone: "UTC" });
    const peakRssMb = rss.stop();
    return {
      messages: summary.messagesRead,
      fileMb: Math.round(generated.bytes / 1024 / 1024),
      generateSeconds: Math.round(generateSeconds * 10) / 10,
      importSeconds: Math.round(summary.seconds * 10) / 10,
      messagesPerSecond: Math.round(summary.messagesRead / summary.seconds),
      imported: summary.imported,
      peakRssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
