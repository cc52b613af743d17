// Every 10 minutes, and once at start: refreshes the member windows (src/ingest/member-windows.ts)
// of chats past their local midnight since the last refresh, and of chats where a write reached
// a day the windows cover (an import, history from the user session, an erasure, a rebuild).
// Until then /stats, /me and /top read the per-member days instead: slower, never wrong.
// Chats whose windows are current cost nothing but the look-up of their state.
import { refreshChatWindows, staleWindowChats } from "../ingest/member-windows.js";
import type { JobDefinition } from "./types.js";

export const refreshMemberWindowsJob: JobDefinition = {
  name: "stats.windows",
  cron: "*/10 * * * *",
  runOnStart: true,
  async run(deps, { signal, log }) {
    const due = await staleWindowChats(deps.database, deps.now(), deps.config.defaultTimezone);
    if (due.length === 0)
      return { outcome: "skipped", totals: { chats: 0 }, error: "every chat's windows are current" };
    let refreshed = 0;
    let rows = 0;
    const failed: string[] = [];
    for (const chat of due) {
      if (signal.aborted) return { outcome: "interrupted", totals: { chats: due.length, refreshed, rows } };
      try {
        rows += (await refreshChatWindows(deps.database, chat.chatId, chat.asOf)).rows;
        refreshed++;
      } catch (error) {
        // One chat's failure does not hold up the others; its windows stay unused until a
        // later run succeeds.
        log.error({ err: error, chatId: chat.chatId }, "refreshing a chat's member windows failed");
        failed.push(`${chat.chatId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const totals = { chats: due.length, refreshed, rows };
    if (failed.length > 0) return { outcome: "error", totals, error: `not refreshed: ${failed.join("; ")}` };
    return { outcome: "ok", totals };
  },
};
