import { AwsError } from "@sam-sandbox/core";

/**
 * AWS STS's errors. Codes are the model's shape names; the awsQuery wire answers each with
 * its awsQueryError code ("InvalidIdentityToken", …) and status. Input constraint failures
 * are "ValidationError" (as STS reports them: "1 validation error detected: …").
 */
export class ValidationError extends AwsError {
  constructor(message: string) {
    super("ValidationError", message, 400);
  }
}

/** Query code "InvalidIdentityToken". */
export class InvalidIdentityTokenException extends AwsError {
  constructor(message: string) {
    super("InvalidIdentityTokenException", message, 400);
  }
}

export class ExpiredTokenException extends AwsError {
  constructor(message: string) {
    super("ExpiredTokenException", message, 400);
  }
}

/** STS's code for a well-formed request whose values do not fit together (session tags, …). */
export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super("InvalidParameterValue", message, 400);
  }
}

/** Query code "MalformedPolicyDocument". */
export class MalformedPolicyDocumentException extends AwsError {
  constructor(message: string) {
    super("MalformedPolicyDocumentException", message, 400);
  }
}

export class AccessDenied extends AwsError {
  constructor(message: string) {
    super("AccessDenied", message, 403);
  }
}

// AWS's texts, in one place.
/** AssumeRole beyond the role's MaxSessionDuration. */
export const durationExceedsMax = () => new ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
/** A WebIdentityToken that is no JWT (an opaque OAuth access token, say). */
export const notAJwt = () => new InvalidIdentityTokenException("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
/** The ExpiredTokenException text of the STS API reference. */
export const webIdentityTokenExpired = () =>
  new ExpiredTokenException("The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.");
/** GetSessionToken called with temporary credentials. */
export const sessionTokenWithSessionCredentials = () => new AccessDenied("Cannot call GetSessionToken with session credentials");
/**
 * A session policy that is no JSON: STS's answer as the AWS SDK for Java reports it (Apache Hadoop,
 * S3A assumed-role troubleshooting, "MalformedPolicyDocumentException"). AWS has lately been seen to
 * answer its JSON parser's own message instead (ansible-collections/amazon.aws pull request 2778).
 */
export const policyNotJson = () => new MalformedPolicyDocumentException("The policy is not in the valid JSON format.");
/** A RoleArn that is not an ARN (localstack test_sts_invalid_parameters, recorded on AWS). */
export const invalidArn = (arn: string) => new ValidationError(`${arn} is invalid`);
// Session tag texts: localstack tests/aws/services/sts/test_sts.snapshot.json (TestSTSAssumeRoleTagging, recorded on AWS).
export const duplicateTagKeys = () => new InvalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
export const transitiveKeyNotInTags = () => new InvalidParameterValue("The specified transitive tag key must be included in the requested tags.");
export const transitiveKeyConflict = () =>
  new InvalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");

export class InvalidAuthorizationMessageException extends AwsError {
  constructor(message: string) {
    super("InvalidAuthorizationMessageException", message, 400);
  }
}

/**
 * DecodeAuthorizationMessage of a message the sandbox did not encode (it encodes none). No
 * answer of AWS's to such a message was found recorded: the text is the model's description
 * of the error.
 */
export const authorizationMessageInvalid = () =>
  new InvalidAuthorizationMessageException("The message passed to DecodeAuthorizationMessage was invalid.");
