/** Cognito identity pool limits and defaults, each with the AWS document it comes from. */

// GetCredentialsForIdentity: "Credentials … valid for one hour" (Cognito developer guide, "Identity pools (federated identities) authentication flow").
export const CREDENTIALS_VALIDITY_MS = 60 * 60 * 1000;

// GetOpenIdToken: "The OpenID token is valid for 10 minutes" (API reference, GetOpenIdToken).
export const OPEN_ID_TOKEN_VALIDITY_SECONDS = 10 * 60;

// GetOpenIdTokenForDeveloperIdentity TokenDuration: default 15 minutes, at most 24 hours (API reference).
export const DEFAULT_DEVELOPER_TOKEN_DURATION_SECONDS = 15 * 60;
export const MAX_DEVELOPER_TOKEN_DURATION_SECONDS = 24 * 60 * 60;

// The issuer of GetOpenIdToken's tokens and the audience claim's owner (Cognito developer guide, "Role trust and permissions").
export const OPEN_ID_ISSUER = "https://cognito-identity.amazonaws.com";
// Its Logins key (GetCredentialsForIdentity with a GetOpenIdToken token): the issuer without the scheme.
export const OPEN_ID_PROVIDER = OPEN_ID_ISSUER.replace("https://", "");

// Temporary credentials' key id: "ASIA" + 16 characters (IAM user guide, "Unique identifiers": ASIA = temporary access key).
export const ACCESS_KEY_ID_PREFIX = "ASIA";
export const ACCESS_KEY_ID_LENGTH = 20;
export const SECRET_KEY_LENGTH = 40;

// SetPrincipalTagAttributeMap UseDefaults: "default (username and clientID) attribute mappings" (API
// reference); the developer guide's "Default provider mappings" map the token's sub and aud to them.
export const DEFAULT_PRINCIPAL_TAGS: Readonly<Record<string, string>> = { username: "sub", client: "aud" };

// An identity pool's ARN, as TagResource / UntagResource / ListTagsForResource name it (IAM service
// authorization reference, "Actions, resources, and condition keys for Amazon Cognito Identity").
export const IDENTITY_POOL_ARN = /^arn:aws[\w-]*:cognito-identity:[\w-]+:\d{12}:identitypool\/(.+)$/;
