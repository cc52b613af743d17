// Every 15 minutes, and once at start: rebuilds the rollups of chats whose time zone was
// changed with /settings but whose background rebuild never finished (the process stopped or
// crashed first, or the rebuild failed). /settings' own rebuild normally clears the mark within
// seconds; only marks older than ten minutes are taken, so the two rarely do the same work
// (if they do, both are correct: each rebuild locks the rollups and reads the zone itself).
import { rebuildRollups } from "../ingest/rebuild-rollups.js";
import { clearRollupsPending, getChatsAwaitingRebuild } from "../settings/chat-settings.js";
import type { JobDefinition } from "./types.js";

const GRACE_MS = 10 * 60_000;

export const rezoneRollupsJob: JobDefinition = {
  name: "rollups.rezone",
  cron: "*/15 * * * *",
  runOnStart: true,
  async run(deps, { signal, log }) {
    const { database, config } = deps;
    const chats = await getChatsAwaitingRebuild(database, new Date(deps.now().getTime() - GRACE_MS));
    if (chats.length === 0) return { outcome: "skipped", totals: { chats: 0 }, error: "no chat awaits a rebuild" };
    let rebuilt = 0;
    let changed = 0;
    const failed: string[] = [];
    for (const chatId of chats) {
      if (signal.aborted) return { outcome: "interrupted", totals: { chats: chats.length, rebuilt, changed } };
      try {
        const [result] = await rebuildRollups(database, { chatId, defaultTimezone: config.defaultTimezone });
        if (!result) continue;
        await clearRollupsPending(database, chatId, result.timezone, config.defaultTimezone);
        rebuilt++;
        changed += result.changed;
        log.info({ chatId, timezone: result.timezone, changed: result.changed }, "rollups rebuilt in the chat's zone");
      } catch (error) {
        // One chat's failure does not hold up the others; it stays marked for the next run.
        log.error({ err: error, chatId }, "rebuilding a chat's rollups in its zone failed");
        failed.push(`${chatId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const totals = { chats: chats.length, rebuilt, changed };
    if (failed.length > 0) return { outcome: "error", totals, error: `not rebuilt: ${failed.join("; ")}` };
    return { outcome: "ok", totals };
  },
};
