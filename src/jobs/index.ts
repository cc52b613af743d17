export { mtprotoCrons } from "./mtproto.js";
export { jobs } from "./registry.js";
export { type CronEngine, createScheduler, nodeCronEngine, type Scheduler, SchedulerError } from "./scheduler.js";
export type { JobContext, JobDefinition, JobDeps, JobOutcome, JobResult, JobRunContext, JobTrigger } from "./types.js";
