/** Step Functions API errors, with AWS's codes and message texts. */
import { AwsError } from "@sam-sandbox/core";

export class InvalidDefinition extends AwsError {
  constructor(message: string) {
    super("InvalidDefinition", message);
  }
}
export class InvalidName extends AwsError {
  constructor(name: string) {
    super("InvalidName", `Invalid Name: '${name}'`);
  }
}
export class InvalidArn extends AwsError {
  constructor(arn: string) {
    // AWS names a missing "arn:" prefix (LocalStack's AWS-recorded test_describe_invalid_arn_sm).
    super("InvalidArn", arn.startsWith("arn:") ? `Invalid Arn: '${arn}'` : `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  }
}
/**
 * An Express execution's ARN given to an action only Standard executions have (AWS keeps no
 * Express history: GetExecutionHistory; LocalStack's AWS-validated express tests).
 */
export class ExpressArnNotValid extends AwsError {
  constructor() {
    super("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'");
  }
}
export class StateMachineDoesNotExist extends AwsError {
  constructor(arn: string) {
    super("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`);
  }
}
export class StateMachineAlreadyExists extends AwsError {
  constructor(arn: string) {
    super("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`);
  }
}
export class StateMachineDeleting extends AwsError {
  constructor(arn: string) {
    super("StateMachineDeleting", `State Machine is being deleted: '${arn}'`);
  }
}
export class StateMachineTypeNotSupported extends AwsError {
  constructor() {
    super("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
  }
}
export class ExecutionDoesNotExist extends AwsError {
  constructor(arn: string) {
    super("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
  }
}
export class ExecutionAlreadyExists extends AwsError {
  constructor(arn: string) {
    super("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
  }
}
export class InvalidExecutionInput extends AwsError {
  constructor(input: string) {
    super("InvalidExecutionInput", `Invalid State Machine Execution Input: '${input}'`);
  }
}
export class InvalidOutput extends AwsError {
  constructor(output: string) {
    super("InvalidOutput", `Invalid Output: '${output}'`);
  }
}
export class InvalidToken extends AwsError {
  // AWS's text for an unknown task token and a malformed nextToken alike (AWS-recorded).
  constructor(message = "Invalid Token: 'Invalid token'") {
    super("InvalidToken", message);
  }
}
export class TaskDoesNotExist extends AwsError {
  constructor(message = "Provided task does not exist anymore") {
    super("TaskDoesNotExist", message);
  }
}
export class TaskTimedOut extends AwsError {
  constructor(message = "Task Timed Out: 'Provided task does not exist anymore'") {
    super("TaskTimedOut", message);
  }
}
export class ResourceNotFound extends AwsError {
  constructor(arn: string) {
    super("ResourceNotFound", `Resource not found: '${arn}'`);
  }
}
export class TooManyTags extends AwsError {
  constructor(arn: string) {
    super("TooManyTags", `Too many tags on resource: '${arn}'`, 400, { resourceName: arn });
  }
}
/** CreateStateMachine / UpdateStateMachine with a logging level but not exactly one log group. */
export class InvalidLoggingConfiguration extends AwsError {
  constructor(reason: string) {
    super("InvalidLoggingConfiguration", `Invalid Logging Configuration: ${reason}`);
  }
}
export class SfnValidationException extends AwsError {
  constructor(message: string) {
    super("ValidationException", message);
  }
}
export class MissingRequiredParameter extends AwsError {
  constructor(message: string) {
    super("MissingRequiredParameter", message);
  }
}
export class ConflictException extends AwsError {
  constructor(message: string) {
    super("ConflictException", message);
  }
}
export class ActivityDoesNotExist extends AwsError {
  constructor(arn: string) {
    super("ActivityDoesNotExist", `Activity Does Not Exist: '${arn}'`);
  }
}
export class ActivityAlreadyExists extends AwsError {
  constructor(arn: string) {
    super("ActivityAlreadyExists", `Activity Already Exists: '${arn}'`);
  }
}
export class ExecutionNotRedrivable extends AwsError {
  constructor(message: string) {
    super("ExecutionNotRedrivable", message);
  }
}
/** UpdateStateMachineAlias / DescribeStateMachineAlias on an alias that does not exist (AWS's text). */
export class AliasNotFound extends AwsError {
  constructor() {
    super("ResourceNotFound", "Request references a resource that does not exist.");
  }
}
