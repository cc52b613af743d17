export { type MtprotoJobName, type MtprotoJobRunner, mtprotoJobs } from "./mtproto.js";
export { type CronEngine, createScheduler, nodeCronEngine, type Scheduler, SchedulerError } from "./scheduler.js";
export type { JobContext, JobDefinition, JobOutcome, JobResult, JobTrigger } from "./types.js";
