import { AwsError, ValidationException } from "@sam-sandbox/core";

/**
 * Amazon EventBridge's errors (every one HTTP 400 but InternalException), with AWS's
 * texts as recorded by localstack's and moto's EventBridge tests.
 */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, 400);
  }
}

export class ResourceAlreadyExistsException extends AwsError {
  constructor(message: string) {
    super("ResourceAlreadyExistsException", message, 400);
  }
}

export class InvalidEventPatternException extends AwsError {
  constructor(reason: string) {
    super("InvalidEventPatternException", `Event pattern is not valid. Reason: ${reason}`, 400);
  }
}

export class LimitExceededException extends AwsError {
  constructor(message = "The requested resource exceeds the maximum number allowed.") {
    super("LimitExceededException", message, 400);
  }
}

export class InternalException extends AwsError {
  constructor(message = "Service encountered unexpected problem. Please try again.") {
    super("InternalException", message, 500);
  }
}

export const busNotFound = (name: string) => new ResourceNotFoundException(`Event bus ${name} does not exist.`);
export const ruleNotFound = (name: string, bus: string) => new ResourceNotFoundException(`Rule ${name} does not exist on EventBus ${bus}.`);
export const busExists = (name: string) => new ResourceAlreadyExistsException(`Event bus ${name} already exists.`);
export const cannotDeleteDefault = () => new ValidationException("Cannot delete event bus default.");
export const ruleHasTargets = () => new ValidationException("Rule can't be deleted since it has targets.");
export const patternOrSchedule = () => new ValidationException("Parameter(s) EventPattern or ScheduleExpression must be specified.");
export const scheduleOnDefaultOnly = () => new ValidationException("ScheduleExpression is supported only on the default event bus.");
export const invalidSchedule = () => new ValidationException("Parameter ScheduleExpression is not valid.");
export const entriesTooLarge = () => new ValidationException("Total size of the entries in the request is over the limit.");
export const duplicateTagKeys = () => new ValidationException("Invalid parameter: Duplicated keys are not allowed.");
export const onlyOneInput = (targetId: string) => new ValidationException(`Only one of Input, InputPath, or InputTransformer must be provided for target ${targetId}.`);
export const invalidPlaceholder = (targetId: string, name: string) => new ValidationException(`InputTemplate for target ${targetId} contains invalid placeholder ${name}.`);
