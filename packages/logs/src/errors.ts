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
