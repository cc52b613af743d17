// Daily at 03:00 UTC (after the day's traffic, before the recaps people read in the morning):
// rebuilds the social-graph views behind /influence and the network export. catchUp: a
// night spent down still gets its refresh at the next start, so a fresh install builds the
// views on its first start after 03:00 has passed.
import { refreshSocialGraph, SOCIAL_GRAPH_VIEWS } from "../graph/refresh.js";
import type { JobDefinition } from "./types.js";

export const refreshSocialGraphJob: JobDefinition = {
  name: "refresh-social-graph",
  cron: "0 3 * * *",
  timezone: "UTC",
  catchUp: true,
  async run(deps, { signal, log }) {
    const results = await refreshSocialGraph(deps.database, { now: deps.now, signal });
    const totals: Record<string, unknown> = {};
    for (const result of results) {
      totals[result.view] = { rows: result.rows, ms: result.durationMs, concurrent: result.concurrent };
      if (result.success) log.info({ ...result }, "view refreshed");
      else log.warn({ ...result }, "view refresh failed; the view keeps its previous data");
    }
    const failed = results.filter((result) => !result.success);
    if (failed.length > 0) {
      return {
        outcome: "error",
        totals,
        error: failed.map((result) => `${result.view}: ${result.error}`).join("; "),
      };
    }
    // Stopped by a shutdown between two views: the rest waits for the next run.
    if (results.length < SOCIAL_GRAPH_VIEWS.length) return { outcome: "interrupted", totals };
    return { outcome: "ok", totals };
  },
};
