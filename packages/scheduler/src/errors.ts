/**
 * The scheduler's errors: AWS's refusal of an expression (PutRule / CreateSchedule answer
 * ValidationException "Parameter ScheduleExpression is not valid."), and the sandbox's own
 * configuration mistakes.
 */
import { SandboxError, ValidationException } from "@sam-sandbox/core";

/** AWS's text for any expression PutRule or CreateSchedule refuses; it never says which part is wrong. */
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
