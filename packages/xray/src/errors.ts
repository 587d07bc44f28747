import { AwsError } from "@sam-sandbox/core";

/** X-Ray's error codes. Bodies carry `Message` (capitalized), as the model declares. */
export class InvalidRequestException extends AwsError {
  constructor(message: string) {
    super("InvalidRequestException", message, 400);
  }
}

/** X-Ray's not-found for tags and trace retrieval (HTTP 404, with the ARN in ResourceName). */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string, resourceName?: string) {
    super("ResourceNotFoundException", message, 404, resourceName === undefined ? {} : { ResourceName: resourceName });
  }
}

export class TooManyTagsException extends AwsError {
  constructor(message: string, resourceName: string) {
    super("TooManyTagsException", message, 400, { ResourceName: resourceName });
  }
}

export class RuleLimitExceededException extends AwsError {
  constructor(message: string) {
    super("RuleLimitExceededException", message, 400);
  }
}

export class InvalidPolicyRevisionIdException extends AwsError {
  constructor(message: string) {
    super("InvalidPolicyRevisionIdException", message, 400);
  }
}

export class MalformedPolicyDocumentException extends AwsError {
  constructor(message: string) {
    super("MalformedPolicyDocumentException", message, 400);
  }
}

export class PolicyCountLimitExceededException extends AwsError {
  constructor(message: string) {
    super("PolicyCountLimitExceededException", message, 400);
  }
}

export class PolicySizeLimitExceededException extends AwsError {
  constructor(message: string) {
    super("PolicySizeLimitExceededException", message, 400);
  }
}

export class ThrottledException extends AwsError {
  constructor(message = "Rate exceeded") {
    super("ThrottledException", message, 429);
  }
}

/**
 * Codes of PutTraceSegments' UnprocessedTraceSegments. Seen from X-Ray: MissingId,
 * InvalidTraceId, InvalidName, MissingEndTime, MissingParentId (daemon and SDK issue
 * reports); the others follow the same naming and are not verified. InvalidJson (a
 * document that is not JSON) is the sandbox's name: X-Ray answers such a document
 * without an Id.
 */
export type SegmentErrorCode =
  | "InvalidJson"
  | "MissingId"
  | "InvalidId"
  | "MissingTraceId"
  | "InvalidTraceId"
  | "MissingName"
  | "InvalidName"
  | "MissingStartTime"
  | "MissingEndTime"
  | "MissingParentId";

/** "Invalid segment. ErrorCode: MissingId" / "Invalid subsegment. ErrorCode: InvalidName, Cause: null" (X-Ray's texts). */
export function segmentErrorMessage(code: SegmentErrorCode, subsegment: boolean): string {
  return subsegment ? `Invalid subsegment. ErrorCode: ${code}, Cause: null` : `Invalid segment. ErrorCode: ${code}`;
}

export const messages = {
  /** AWS's exact text for a bad filter expression is not documented; this names the problem. */
  invalidFilter: (detail: string) => `Invalid filter expression: ${detail}`,
  invalidNextToken: () => "Invalid NextToken.",
  // AWS's texts, as clients match them: terraform-provider-aws (xray group and sampling
  // rule deletion), LocalStack's X-Ray tests (rule create/delete), the Terraform issue
  // #49597 transcript (UpdateSamplingRule on the Default rule).
  groupNotFound: () => "Group not found",
  samplingRuleNotFound: () => "Sampling rule does not exist",
  samplingRuleExists: () => "Sampling rule already exists",
  defaultRuleUpdate: () => "Invalid update request for default sampling rule",
  // Not recorded from AWS; worded after the texts above.
  groupExists: () => "Group already exists",
  notificationsWithoutInsights: () => "Notifications may only be enabled on a group with InsightsEnabled set to true",
  groupNameOrArn: () => "Either GroupName or GroupARN must be specified",
  ruleNameOrArn: () => "Either RuleName or RuleARN must be specified",
  defaultGroup: () => "Cannot modify the Default group",
  defaultRuleDelete: () => "Cannot delete the default sampling rule",
  ruleLimit: (max: number) => `You have reached the limit of ${max} sampling rules`,
  groupLimit: (max: number) => `You have reached the limit of ${max} groups`,
  tagLimit: (max: number) => `The resource can have at most ${max} tags`,
  reservedTagKey: () => "Tag keys starting with 'aws:' are reserved for system use",
  resourceNotFound: (arn: string) => `Resource not found: ${arn}`,
  policyRevision: () => "The policy revision id does not match the latest revision id",
  policyExists: () => "A policy with the same name already exists",
  malformedPolicy: () => "The policy document is not valid JSON",
  policyCount: (max: number) => `You have reached the limit of ${max} resource policies`,
  policySize: (max: number) => `The policy document exceeds the maximum size of ${max} bytes`,
  indexingRuleNotFound: (name: string) => `Indexing rule ${name} not found`,
  samplingPercentage: () => "DesiredSamplingPercentage must be between 0 and 100",
  retrievalNotFound: () => "Retrieval token not found",
  timeRange: () => "EndTime must be after StartTime",
  unsupportedOperation: (operation: string) => `The sandbox does not implement X-Ray's ${operation}.`,
  unknownPath: (method: string, path: string) => `No X-Ray operation for ${method} ${path}.`,
};
