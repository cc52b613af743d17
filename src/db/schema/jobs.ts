import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** One row per job run: when, which slot, on which instance, how it ended, its totals and any error. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    job: text("job").notNull(),
    trigger: text("trigger").notNull(), // schedule | start | catch-up | manual
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    outcome: text("outcome").notNull(), // running | ok | parked | skipped | error | interrupted
    totals: jsonb("totals").$type<Record<string, unknown>>().notNull().default({}),
    error: text("error"),
    /** The cron slot the run covers (manual and start runs: when they were asked for). */
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }),
    /** hostname:pid:random of the process that ran it. */
    instance: text("instance"),
  },
  (t) => [
    index("job_runs_job_started_idx").on(t.job, t.startedAt),
    // A slot runs once however many instances see it come due.
    uniqueIndex("job_runs_job_slot_idx").on(t.job, t.scheduledFor).where(sql`${t.trigger} in ('schedule', 'catch-up')`),
  ],
);
