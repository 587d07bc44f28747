/**
 * EventBridge schedules (SAM `Schedule` and `ScheduleV2` events) run on the sandbox's Clock:
 * rate, cron and at expressions validated as AWS validates them, targets reached through
 * the Lambda and dispatcher ports (DESIGN.md rule 1).
 */
import { Scheduler, type ScheduleDefinition, type ScheduleInfo, type SchedulerOptions } from "./engine/scheduler.js";

export { Scheduler } from "./engine/scheduler.js";
export type { ScheduleDefinition, ScheduleInfo, SchedulerOptions } from "./engine/scheduler.js";
export { firstFire, latestFire, nextFire, parseScheduleExpression } from "./engine/expression.js";
export type { ScheduleExpression, ScheduleKind } from "./engine/expression.js";
export type { ScheduleTarget } from "./engine/targets.js";
export { scheduledEvent, scheduleArn } from "./engine/targets.js";
export { INVALID_SCHEDULE_EXPRESSION, InvalidScheduleExpression } from "./errors.js";
export { createSchedulerService, type SchedulerService, type SchedulerServiceOptions } from "./api/service.js";
export type { SchedulerApi } from "./api/engine.js";

export interface SchedulerHandle {
  /** Validates and arms a schedule; a SandboxError (with `file`/`line` when given) when AWS would refuse it. */
  add(definition: ScheduleDefinition): void;
  /** Every schedule added, with its next fire. */
  list(): ScheduleInfo[];
  /** Disarms and forgets the schedule added with this id. */
  remove(id: string): void;
  /** Stops every timer. */
  close(): void;
}

export function createScheduler(options: SchedulerOptions): SchedulerHandle {
  const scheduler = new Scheduler(options);
  return {
    add: (definition) => scheduler.add(definition),
    list: () => scheduler.list(),
    remove: (id) => scheduler.remove(id),
    close: () => scheduler.close(),
  };
}
