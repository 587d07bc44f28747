/** Cognito user pool limits and defaults, each with the AWS document it comes from. */

// Token validity defaults (CreateUserPoolClient: AccessTokenValidity/IdTokenValidity 1 hour, RefreshTokenValidity 30 days).
export const DEFAULT_ACCESS_TOKEN_VALIDITY_SECONDS = 60 * 60;
export const DEFAULT_ID_TOKEN_VALIDITY_SECONDS = 60 * 60;
export const DEFAULT_REFRESH_TOKEN_VALIDITY_SECONDS = 30 * 24 * 60 * 60;

// Confirmation and password-reset codes are valid for 24 hours (Cognito developer guide, "Confirming user accounts").
export const CODE_VALIDITY_MS = 24 * 60 * 60 * 1000;

// An authentication session (Session / SECRET_BLOCK) lasts 3 minutes by default (AuthSessionValidity, 3–15 minutes).
export const AUTH_SESSION_VALIDITY_MS = 3 * 60 * 1000;

// A temporary password is valid for 7 days by default (PasswordPolicy.TemporaryPasswordValidityDays).
export const DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS = 7;

// Default password policy of a new user pool (CreateUserPool: MinimumLength 8, all character classes required).
export const DEFAULT_PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS,
} as const;

// The special characters a password policy's RequireSymbols counts (Cognito developer guide, "Password requirements").
export const PASSWORD_SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

// ListUsers / ListUserPools / ListGroups page sizes (API reference: Limit max 60).
export const MAX_LIST_USERS = 60;
export const MAX_LIST_GROUPS = 60;
export const MAX_LIST_POOLS = 60;
export const MAX_LIST_CLIENTS = 60;
// ListResourceServers page size (API reference: MaxResults 1–50).
export const MAX_LIST_RESOURCE_SERVERS = 50;

// A user pool id is "<region>_" followed by 9 alphanumerics (us-east-1_AbCdEf123).
export const POOL_ID_SUFFIX_LENGTH = 9;
// App client ids are 26 lower-case alphanumerics; generated secrets 51 (observed on AWS).
export const CLIENT_ID_LENGTH = 26;
export const CLIENT_SECRET_LENGTH = 51;

/** An authorization code is valid for 5 minutes (Cognito developer guide, "Authorize endpoint"). */
export const AUTHORIZATION_CODE_VALIDITY_MS = 5 * 60 * 1000;

/** The hosted UI's "cognito" session cookie is valid for 1 hour (AWS knowledge center, "logout endpoint and GlobalSignOut API"). */
export const HOSTED_UI_SESSION_VALIDITY_MS = 60 * 60 * 1000;

// TOTP software tokens (Cognito developer guide, "TOTP software token MFA"): RFC 6238 with a
// 30-second step and 6-digit codes; a code of the step before or after is accepted for clock drift.
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW_STEPS = 1;
// AssociateSoftwareToken's SecretCode: 52 base32 characters (32 bytes) as AWS returns it; the model asks ≥ 16 of [A-Za-z0-9].
export const SOFTWARE_TOKEN_SECRET_BYTES = 32;

// ListDevices / AdminListDevices page size (API reference: Limit 0–60).
export const MAX_LIST_DEVICES = 60;
// NewDeviceMetadata.DeviceGroupKey: 9 url-safe characters, as AWS returns it ("-wt2ha1Zd", awscli respond-to-auth-challenge example).
export const DEVICE_GROUP_KEY_LENGTH = 9;

// App client token validity ranges (CreateUserPoolClient: access and ID tokens 5 minutes to 1 day,
// refresh tokens 60 minutes to 10 years); outside them AWS answers "Invalid range for token validity.".
export const TOKEN_VALIDITY_RANGE_SECONDS = {
  AccessToken: { min: 5 * 60, max: 24 * 60 * 60 },
  IdToken: { min: 5 * 60, max: 24 * 60 * 60 },
  RefreshToken: { min: 60 * 60, max: 3650 * 24 * 60 * 60 },
} as const;

// Failed password sign-ins (developer guide, "Lockout behavior for failed sign-in attempts"): from the fifth on,
// the n-th locks the user out for 2^(n-5) seconds up to about 15 minutes, and 15 minutes without an attempt
// after a lockout starts the count over.
export const FREE_FAILED_SIGN_INS = 5;
export const MAX_LOCKOUT_MS = 15 * 60 * 1000;
export const LOCKOUT_RESET_IDLE_MS = 15 * 60 * 1000;

// ListIdentityProviders page size (API reference: MaxResults 0–60, ListProvidersLimitType).
export const MAX_LIST_PROVIDERS = 60;

// A user pool's ARN, as TagResource / UntagResource / ListTagsForResource name it (CreateUserPool's
// UserPool.Arn: arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>).
export const USER_POOL_ARN = /^arn:aws[\w-]*:cognito-idp:[\w-]+:\d{12}:userpool\/(.+)$/;

// A user attribute's value is at most 2048 characters (API reference, AttributeType Value), and so is a
// String attribute's MinLength / MaxLength (moto's test_create_user_pool_string_schema_max_length_over_2048).
export const MAX_ATTRIBUTE_VALUE_LENGTH = 2048;

// The SAML signing certificate is valid for 10 years from its issue (API reference, GetSigningCertificate).
export const SIGNING_CERTIFICATE_VALIDITY_DAYS = 3650;

// AdminListUserAuthEvents returns 60 events at most, and 60 when MaxResults is 0 or left out (API reference).
export const MAX_LIST_AUTH_EVENTS = 60;

// A user has at most five linked federated identities (API reference, AdminLinkProviderForUser).
export const MAX_LINKED_IDENTITIES = 5;

// A classic hosted UI logo is at most 100 KB (developer guide, "Customizing hosted UI (classic) branding").
export const MAX_UI_LOGO_BYTES = 100 * 1024;

// How many auth events the sandbox keeps per user, newest first (AWS keeps them for 90 days; the
// sandbox bounds the user record instead).
export const MAX_KEPT_AUTH_EVENTS = 100;
