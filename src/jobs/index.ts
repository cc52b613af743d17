export { mtprotoCrons } from "./mtproto.js";
export { jobs } from "./registry.js";
export {
  createScheduler,
  type Heartbeat,
  type JobStatus,
  nodeCronHeartbeat,
  type Scheduler,
  SchedulerError,
  type StartAttempt,
  UnknownJobError,
} from "./scheduler.js";
export { CronExpressionError, type CronSlots, cronSlots } from "./slots.js";
export type { JobContext, JobDefinition, JobDeps, JobOutcome, JobResult, JobRunContext, JobTrigger } from "./types.js";
