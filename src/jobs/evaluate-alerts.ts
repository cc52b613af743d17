// Every five minutes by default (ALERTS_CRON): evaluates every active alert rule at the
// run's slot and sends what fired to the admins who subscribed. A run started by hand is one
// evaluation at the moment it was asked for.
import { deliverAlertEvents } from "../alerts/deliver.js";
import { evaluateAlerts } from "../alerts/evaluate.js";
import type { JobDefinition } from "./types.js";

export const evaluateAlertsJob: JobDefinition = {
  name: "evaluate-alerts",
  cron: "*/5 * * * *",
  timezone: "UTC",
  async run(deps, { signal, log, scheduledFor }) {
    const evaluation = await evaluateAlerts(deps, scheduledFor, { signal });
    log.debug({ ...evaluation }, "alert rules evaluated");
    const delivery = await deliverAlertEvents(deps, scheduledFor, { signal });
    return { outcome: "ok", totals: { ...evaluation, ...delivery } };
  },
};
