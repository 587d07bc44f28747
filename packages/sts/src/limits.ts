/** STS limits (AWS STS API Reference: AssumeRole, GetSessionToken, AssumeRoleWithWebIdentity). */

/** AssumeRole / AssumeRoleWithWebIdentity: DurationSeconds when not given (one hour). */
export const DEFAULT_ROLE_SESSION_SECONDS = 3600;
/** IAM role MaxSessionDuration when the role does not set one (IAM User Guide: "the default is one hour"). */
export const DEFAULT_MAX_SESSION_DURATION_SECONDS = 3600;
/** GetSessionToken: DurationSeconds when not given (12 hours). */
export const DEFAULT_SESSION_TOKEN_SECONDS = 43_200;
/** How many issued temporary credentials GetCallerIdentity remembers (oldest forgotten first). */
export const MAX_REMEMBERED_CREDENTIALS = 10_000;
/** GetFederationToken: DurationSeconds when not given (12 hours, STS API Reference). */
export const DEFAULT_FEDERATION_TOKEN_SECONDS = 43_200;
/**
 * The scale PackedPolicySize is reported against: the session policy's plain-text limit ("The
 * policy plain text must be 2048 bytes or shorter", STS API Reference, AssumeRole Policy).
 */
export const PACKED_POLICY_SCALE_BYTES = 2048;
/** AssumeRoleWithSAML: an assertion older than this is refused ("Token must be redeemed within 5 minutes of issuance"). */
export const MAX_SAML_ASSERTION_AGE_SECONDS = 300;
/** AssumeRoot: DurationSeconds when not given, and its maximum (STS API Reference: 900 seconds). */
export const DEFAULT_ROOT_SESSION_SECONDS = 900;
/**
 * AssumeRoot's TaskPolicyArn: one of the AWS managed root-task policies (STS API Reference,
 * AssumeRoot; IAM User Guide, "AWS managed policies for privileged tasks").
 */
export const ROOT_TASK_POLICIES = ["IAMAuditRootUserCredentials", "IAMCreateRootUserPassword", "IAMDeleteRootUserCredentials", "S3UnlockBucketPolicy", "SQSUnlockQueuePolicy"] as const;
