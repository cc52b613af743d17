// Daily snapshots job: hourly at :05, so every chat is snapshotted within the hour after its
// own local midnight whatever its time zone (zones differ by whole or half hours); a chat whose
// day is already stored costs nothing, so 23 of a chat's 24 runs a day skip it. After downtime,
// catch-up runs once and takes the day that had ended by the missed slot.
import { takeDailySnapshots } from "../snapshots/daily.js";
import type { JobDefinition } from "./types.js";

export const dailySnapshotsJob: JobDefinition = {
  name: "snapshots.daily",
  cron: "5 * * * *",
  catchUp: true,
  async run(deps, { signal, scheduledFor, log }) {
    const totals = await takeDailySnapshots(deps, { at: scheduledFor, signal, log, now: deps.now });
    log.info(
      {
        chats: totals.chats,
        snapshotted: totals.snapshotted,
        alreadyDone: totals.alreadyDone,
        failed: totals.failedCount,
        retired: totals.retired,
        durationMs: totals.durationMs,
      },
      "daily snapshots taken",
    );
    if (totals.interrupted) return { outcome: "interrupted", totals: { ...totals } };
    // Every chat failing for a passing reason (the Bot API unreachable) is the run failing.
    const passing = totals.failures.filter((f) => f.reason === "error" || f.reason === "rate_limited").length;
    if (totals.snapshotted === 0 && passing > 0 && passing === totals.failedCount) {
      return {
        outcome: "error",
        totals: { ...totals },
        error: `every chat failed: ${totals.failures[0]?.description}`,
      };
    }
    return { outcome: "ok", totals: { ...totals } };
  },
};
