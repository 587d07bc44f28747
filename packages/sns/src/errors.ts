import { AwsError } from "@sam-sandbox/core";

/**
 * Amazon SNS's errors. Codes are the model's shape names; the awsQuery wire answers
 * each with its awsQueryError code ("NotFound", "InvalidParameter", …) and status.
 */
export class NotFoundException extends AwsError {
  constructor(message: string) {
    super("NotFoundException", message, 404);
  }
}

export class InvalidParameterException extends AwsError {
  constructor(message: string) {
    super("InvalidParameterException", message, 400);
  }
}

/** Query code "ParameterValueInvalid". */
export class InvalidParameterValueException extends AwsError {
  constructor(message: string) {
    super("InvalidParameterValueException", message, 400);
  }
}

export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, 404);
  }
}

export class TagLimitExceededException extends AwsError {
  constructor(message: string) {
    super("TagLimitExceededException", message, 400);
  }
}

export class EmptyBatchRequestException extends AwsError {
  constructor(message: string) {
    super("EmptyBatchRequestException", message, 400);
  }
}

export class TooManyEntriesInBatchRequestException extends AwsError {
  constructor(message: string) {
    super("TooManyEntriesInBatchRequestException", message, 400);
  }
}

export class BatchEntryIdsNotDistinctException extends AwsError {
  constructor(message: string) {
    super("BatchEntryIdsNotDistinctException", message, 400);
  }
}

export class BatchRequestTooLongException extends AwsError {
  constructor(message: string) {
    super("BatchRequestTooLongException", message, 400);
  }
}

export class InvalidBatchEntryIdException extends AwsError {
  constructor(message: string) {
    super("InvalidBatchEntryIdException", message, 400);
  }
}

/** Publish to a platform endpoint whose Enabled attribute is false. */
export class EndpointDisabledException extends AwsError {
  constructor(message: string) {
    super("EndpointDisabledException", message, 400);
  }
}

/** VerifySMSSandboxPhoneNumber with a wrong one-time password; `Status` is a member of the error. */
export class VerificationException extends AwsError {
  constructor(message: string, status: string) {
    super("VerificationException", message, 400, { Status: status });
  }
}

/** Common query errors (AWS "Common Errors"): no Action, an Action the service does not have. */

// AWS's texts, in one place.
export const topicNotFound = () => new NotFoundException("Topic does not exist");
export const subscriptionNotFound = () => new NotFoundException("Subscription does not exist");
export const resourceNotFound = () => new ResourceNotFoundException("Resource does not exist");
/** "Invalid parameter: TopicArn", "Invalid parameter: Token", … */
export const invalidParameter = (what: string) => new InvalidParameterException(`Invalid parameter: ${what}`);
/** Subscribe reports attribute problems under "Attributes Reason:". */
export const invalidAttribute = (reason: string, subscribing: boolean) =>
  new InvalidParameterException(`Invalid parameter: ${subscribing ? "Attributes Reason: " : ""}${reason}`);
export const tagLimitExceeded = () => new TagLimitExceededException("Could not complete request: tag quota of per resource exceeded");
export const applicationNotFound = () => new NotFoundException("PlatformApplication does not exist");
export const endpointNotFound = () => new NotFoundException("Endpoint does not exist");
export const endpointDisabled = () => new EndpointDisabledException("Endpoint is disabled");
/** Attribute maps SNS requires but an empty map leaves out of the query form. */
export const nullAttributes = () =>
  new AwsError("ValidationError", "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null", 400);
/** CheckIfPhoneNumberIsOptedOut, OptInPhoneNumber. */
export const phoneNumberIncorrectlyFormatted = () => invalidParameter("PhoneNumber Reason: input incorrectly formatted");
// The SMS sandbox's errors: AWS's model documents them with these texts (no recorded answer found).
export const sandboxNumberNotFound = () =>
  new ResourceNotFoundException("Can’t perform the action on the specified resource. Make sure that the resource exists.");
export const wrongOneTimePassword = () =>
  new VerificationException("Indicates that the one-time password (OTP) used for verification is invalid.", "Pending");
