/**
 * The scheduler's errors: AWS's refusal of an expression (PutRule answers ValidationException
 * "Parameter ScheduleExpression is not valid."), the EventBridge Scheduler API's answers, and
 * the sandbox's own configuration mistakes.
 */
import { AwsError, SandboxError, ValidationException } from "@sam-sandbox/core";

/**
 * AWS's text for any expression PutRule refuses; it never says which part is wrong. (The
 * Scheduler API's CreateSchedule names the expression instead: invalidScheduleExpression below.)
 */
export const INVALID_SCHEDULE_EXPRESSION = "Parameter ScheduleExpression is not valid.";

/** An expression AWS refuses; `reason` says which rule it breaks (the sandbox's hint, not AWS's text). */
export class InvalidScheduleExpression extends ValidationException {
  readonly reason: string;

  constructor(reason: string) {
    super(INVALID_SCHEDULE_EXPRESSION);
    this.reason = reason;
  }
}

export function unknownTimeZone(timeZone: string): SandboxError {
  return new SandboxError(`ScheduleExpressionTimezone ${timeZone} is not a time zone`, {
    hint: "Use an IANA time zone name such as UTC, Europe/London or Asia/Tokyo.",
  });
}

export function duplicateSchedule(id: string): SandboxError {
  return new SandboxError(`Schedule ${id} is declared twice`);
}

// ---- the EventBridge Scheduler API's answers ----

export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, 404);
  }
}

export class ConflictException extends AwsError {
  constructor(message: string) {
    super("ConflictException", message, 409);
  }
}

/** CreateSchedule / UpdateSchedule on an expression EventBridge Scheduler refuses (localstack test_scheduler.snapshot.json, recorded on AWS). */
export const invalidScheduleExpression = (expression: string) => new ValidationException(`Invalid Schedule Expression ${expression}.`);
/** GetSchedule / DeleteSchedule / UpdateSchedule on a name not in the group (recorded, as above). */
export const scheduleNotFound = (name: string) => new ResourceNotFoundException(`Schedule ${name} does not exist.`);
/** The texts below are moto's (tests/test_scheduler), in the same form as the recorded ones. */
export const scheduleExists = (name: string) => new ConflictException(`Schedule ${name} already exists.`);
export const groupNotFound = (name: string) => new ResourceNotFoundException(`Schedule group ${name} does not exist.`);
export const groupExists = (name: string) => new ConflictException(`Schedule group ${name} already exists.`);
