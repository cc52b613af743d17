ALTER TABLE "job_runs" ADD COLUMN "scheduled_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "instance" text;--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_job_slot_idx" ON "job_runs" USING btree ("job","scheduled_for") WHERE "job_runs"."trigger" in ('schedule', 'catch-up');