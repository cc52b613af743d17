// Daily at 03:00 UTC (after the day's traffic, before the recaps people read in the morning):
// rebuilds the social-graph views behind /influence and the network export. catchUp: a
// night spent down still gets its refresh at the next start. At start the job also builds
// views that hold no data yet (a fresh install, or the first start after the migration), so
// /influence works the same day; views that are built already wait for 03:00.
import { populatedViews, refreshSocialGraph, SOCIAL_GRAPH_VIEWS } from "../graph/refresh.js";
import type { JobDefinition } from "./types.js";

export const refreshSocialGraphJob: JobDefinition = {
  name: "refresh-social-graph",
  cron: "0 3 * * *",
  timezone: "UTC",
  catchUp: true,
  runOnStart: true,
  async run(deps, { signal, log, trigger }) {
    if (trigger === "start") {
      const populated = await populatedViews(deps.database);
      if (SOCIAL_GRAPH_VIEWS.every((view) => populated.has(view))) {
        return { outcome: "skipped", totals: {}, error: "the views are built; the next refresh is at 03:00 UTC" };
      }
    }
    const results = await refreshSocialGraph(deps.database, { now: deps.now, signal });
    const totals: Record<string, unknown> = {};
    for (const result of results) {
      totals[result.view] = {
        rows: result.rows,
        ms: result.durationMs,
        mode: result.mode,
        concurrent: result.concurrent,
      };
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
