import { AwsError } from "@sam-sandbox/core";

/**
 * Amazon SQS's errors. Codes are the model's shape names (the awsJson `__type`); the wire
 * answers each with its awsQuery code (x-amzn-query-error, and the Query/XML <Code>).
 * Codes the model has no shape for (InvalidParameterValue, MissingParameter) are AWS's
 * common query errors, the same on both wires. Texts as AWS answers them (recorded by
 * LocalStack's AWS-validated SQS tests and moto).
 */
export class QueueDoesNotExist extends AwsError {
  constructor() {
    super("QueueDoesNotExist", "The specified queue does not exist.", 400);
  }
}

export class QueueNameExists extends AwsError {
  constructor(attribute: string) {
    super("QueueNameExists", `A queue already exists with the same name and a different value for attribute ${attribute}`, 400);
  }
}

export class InvalidAttributeName extends AwsError {
  /** `verbatim`: `text` is the whole message, not an attribute name. */
  constructor(text: string, verbatim = false) {
    super("InvalidAttributeName", verbatim ? text : `Unknown Attribute ${text}.`, 400);
  }
}

export class InvalidAttributeValue extends AwsError {
  /** `reason`: "Modifying queue type is not supported." (localstack test_sqs.snapshot.json, recorded on AWS). */
  constructor(name: string, reason?: string) {
    super("InvalidAttributeValue", `Invalid value for the parameter ${name}.${reason === undefined ? "" : ` Reason: ${reason}`}`, 400);
  }
}

export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super("InvalidParameterValue", message, 400);
  }
}

export class MissingParameter extends AwsError {
  constructor(name: string) {
    super("MissingParameter", `The request must contain the parameter ${name}.`, 400);
  }
}

export class ReceiptHandleIsInvalid extends AwsError {
  constructor(handle: string) {
    super("ReceiptHandleIsInvalid", `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);
  }
}

export class InvalidMessageContents extends AwsError {
  constructor() {
    super(
      "InvalidMessageContents",
      "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
      400,
    );
  }
}

export class EmptyBatchRequest extends AwsError {
  constructor(entry: string) {
    super("EmptyBatchRequest", `There should be at least one ${entry} in the request.`, 400);
  }
}

export class TooManyEntriesInBatchRequest extends AwsError {
  constructor(count: number) {
    super("TooManyEntriesInBatchRequest", `Maximum number of entries per request are 10. You have sent ${count}.`, 400);
  }
}

export class BatchEntryIdsNotDistinct extends AwsError {
  constructor(id: string) {
    super("BatchEntryIdsNotDistinct", `Id ${id} repeated.`, 400);
  }
}

export class InvalidBatchEntryId extends AwsError {
  constructor() {
    super("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.", 400);
  }
}

export class BatchRequestTooLong extends AwsError {
  constructor(max: number, sent: number) {
    super("BatchRequestTooLong", `Batch requests cannot be longer than ${max} bytes. You have sent ${sent} bytes.`, 400);
  }
}

export class PurgeQueueInProgress extends AwsError {
  constructor(name: string) {
    super("PurgeQueueInProgress", `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`, 403);
  }
}

/** AddPermission with more actions than a statement may hold (HTTP 403, as the model says). */
export class OverLimit extends AwsError {
  constructor(message: string) {
    super("OverLimit", message, 403);
  }
}

/** CreateQueue within 60 seconds of deleting a queue of that name (localstack test_sqs.snapshot.json, recorded on AWS). */
export class QueueDeletedRecently extends AwsError {
  constructor() {
    super("QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you can create another with the same name.", 400);
  }
}

// AWS's texts, in one place.
export const invalidQueueName = () => new InvalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
/** "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided." */
export const invalidParameter = (value: unknown, name: string, reason: string) =>
  new InvalidParameterValue(`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
export const messageTooLong = (max: number) => new InvalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
export const dedupIdRequired = () =>
  new InvalidParameterValue("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
/** A FIFO-only parameter sent to a standard queue, or DelaySeconds sent to a FIFO queue. */
export const notForQueueType = (value: unknown, name: string) =>
  invalidParameter(value, name, "The request include parameter that is not valid for this queue type.");
export const notInFlight = (handle: string) =>
  invalidParameter(handle, "ReceiptHandle", "Message does not exist or is not available for visibility timeout change.");
/** DeleteMessage on a FIFO queue with the handle of a receive whose visibility timeout has passed. */
export const receiptHandleExpired = (handle: string) => invalidParameter(handle, "ReceiptHandle", "The receipt handle has expired.");
/** A RedrivePolicy whose deadLetterTargetArn is no SQS queue ARN; `value` is the policy text as sent. */
export const invalidDeadLetterTarget = (value: string) => invalidParameter(value, "RedrivePolicy", "Invalid value for deadLetterTargetArn.");
/** A RedrivePolicy that is no JSON object (AWS answers InvalidAttributeValue, as a terraform apply against AWS reported it). */
export const redrivePolicyNotAMap = () => new InvalidAttributeValue("RedrivePolicy", "Redrive policy is not a valid JSON map.");
/** A RedrivePolicy without maxReceiveCount or deadLetterTargetArn (maxReceiveCount is looked for first). */
export const redrivePolicyMissing = (value: string, member: "maxReceiveCount" | "deadLetterTargetArn") =>
  invalidParameter(value, "RedrivePolicy", `Redrive policy does not contain mandatory attribute: ${member}.`);
export const redrivePolicyExtraMembers = (value: string) =>
  invalidParameter(value, "RedrivePolicy", "Only following attributes are supported: [maxReceiveCount, deadLetterTargetArn].");
/** A RedrivePolicy whose dead-letter queue is of the other type (AWS's text ends in two periods). */
export const deadLetterTypeMismatch = (value: string) =>
  invalidParameter(value, "RedrivePolicy", "Dead-letter queue must be same type of queue as the source..");
/** A RedrivePolicy whose dead-letter queue ARN names no queue. */
export const deadLetterTargetMissing = (value: string) => invalidParameter(value, "RedrivePolicy", "Dead letter target does not exist.");
/** RedriveAllowPolicy that is no JSON object, or has an unknown member or redrivePermission (AWS's text has a typographic apostrophe). */
export const redriveAllowPolicyFormat = () =>
  new InvalidAttributeValue("RedriveAllowPolicy", "Amazon SQS can't create the redrive allow policy, as it\u2019s in an unsupported format.");
/** RedriveAllowPolicy whose sourceQueueArns do not fit its redrivePermission; `value` is the policy as sent. */
export const redriveAllowPolicyInvalid = (value: string, reason: string) =>
  invalidParameter(value, "RedriveAllowPolicy", `Amazon SQS can't create the redrive allow policy. ${reason}`);
export const sseConflict = () =>
  new InvalidAttributeName("You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.", true);
/** The Query protocol's answer to an action it does not know, or one the queue's own URL does not take. */
export const invalidAction = (action: string) => new AwsError("InvalidAction", `The action ${action} is not valid for this endpoint.`, 400);

/** Move tasks name a missing queue or task (localstack test_sqs_move_task.snapshot.json, recorded on AWS). */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, 404);
  }
}
export const noSuchArn = (parameter: "SourceArn" | "DestinationArn") =>
  new ResourceNotFoundException(`The resource that you specified for the ${parameter} parameter doesn't exist.`);
