import { AwsError } from "@sam-sandbox/core";

/** CloudWatch Logs' error codes and AWS's message texts. */
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

export class InvalidParameterException extends AwsError {
  constructor(message: string) {
    super("InvalidParameterException", message, 400);
  }
}

export const groupNotFound = () => new ResourceNotFoundException("The specified log group does not exist.");
export const streamNotFound = () => new ResourceNotFoundException("The specified log stream does not exist.");
export const groupExists = () => new ResourceAlreadyExistsException("The specified log group already exists");
export const streamExists = () => new ResourceAlreadyExistsException("The specified log stream already exists");

export class LimitExceededException extends AwsError {
  constructor(message = "Resource limit exceeded.") {
    super("LimitExceededException", message, 400);
  }
}

/** A query AWS cannot compile; queryCompileError names the offending characters. */
export class MalformedQueryException extends AwsError {
  constructor(message: string, queryCompileError: { location: { startCharOffset: number; endCharOffset: number }; message: string }) {
    super("MalformedQueryException", message, 400, { queryCompileError });
  }
}

export class AccessDeniedException extends AwsError {
  constructor(message: string) {
    super("AccessDeniedException", message, 400);
  }
}

export class InvalidOperationException extends AwsError {
  constructor(message: string) {
    super("InvalidOperationException", message, 400);
  }
}

export class ConflictException extends AwsError {
  constructor(message: string) {
    super("ConflictException", message, 400);
  }
}

export const subscriptionFilterNotFound = () => new ResourceNotFoundException("The specified subscription filter does not exist.");

/** CloudWatch Logs' answer to some request-shape mistakes (e.g. logGroupName together with logGroupIdentifier). */
export class ValidationException extends AwsError {
  constructor(message: string) {
    super("ValidationException", message, 400);
  }
}
