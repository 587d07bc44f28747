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
// PutPermission's checks (moto's EventBridge backend and its test_put_permission_errors).
export const invalidPolicyJson = () => new ValidationException("This policy contains invalid Json");
export const principalRequired = () => new ValidationException("Parameter Principal must be specified.");
export const actionNotSupported = () => new ValidationException("Provided value in parameter 'action' is not supported.");
export const ruleHasTargets = () => new ValidationException("Rule can't be deleted since it has targets.");
export const patternOrSchedule = () => new ValidationException("Parameter(s) EventPattern or ScheduleExpression must be specified.");
export const scheduleOnDefaultOnly = () => new ValidationException("ScheduleExpression is supported only on the default event bus.");
export const invalidSchedule = () => new ValidationException("Parameter ScheduleExpression is not valid.");
export const entriesTooLarge = () => new ValidationException("Total size of the entries in the request is over the limit.");
export const duplicateTagKeys = () => new ValidationException("Invalid parameter: Duplicated keys are not allowed.");
export const onlyOneInput = (targetId: string) => new ValidationException(`Only one of Input, InputPath, or InputTransformer must be provided for target ${targetId}.`);
export const invalidPlaceholder = (targetId: string, name: string) => new ValidationException(`InputTemplate for target ${targetId} contains invalid placeholder ${name}.`);

/**
 * A rule EventBridge manages (an archive's), changed without Force: "<rule> is a managed rule.
 * Set 'force' parameter to true to override." (AWS's answers quoted in rebuy-de/aws-nuke#448
 * for DeleteRule and cloud-custodian#10308 for RemoveTargets).
 */
export class ManagedRuleException extends AwsError {
  constructor(rule: string) {
    super("ManagedRuleException", `${rule} is a managed rule. Set 'force' parameter to true to override.`, 400);
  }
}

/** CancelReplay on a replay that has ended. */
export class IllegalStatusException extends AwsError {
  constructor(message: string) {
    super("IllegalStatusException", message, 400);
  }
}

// Archives and replays: localstack test_archive_and_replay.snapshot.json (recorded on AWS),
// and moto's events/models.py where no recording has the case (marked "moto").
export const archiveExists = (name: string) => new ResourceAlreadyExistsException(`Archive ${name} already exists.`);
export const archiveNotFound = (name: string) => new ResourceNotFoundException(`Archive ${name} does not exist.`);
export const replayExists = (name: string) => new ResourceAlreadyExistsException(`Replay ${name} already exists.`);
/** moto. */
export const replayNotFound = (name: string) => new ResourceNotFoundException(`Replay ${name} does not exist.`);
export const replayArchiveNotFound = (name: string) => new ValidationException(`Parameter EventSourceArn is not valid. Reason: Archive ${name} does not exist.`);
export const crossBusReplay = () => new ValidationException("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
/** moto. */
export const notABusArn = () => new ValidationException("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.");
export const replayWindow = () => new ValidationException("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
/** moto. */
export const replayEnded = (name: string) => new IllegalStatusException(`Replay ${name} is not in a valid state for this operation.`);
/** moto. */
export const oneFilter = (action: string) => new ValidationException(`At most one filter is allowed for ${action}. Use either : State, EventSourceArn, or NamePrefix.`);
