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
