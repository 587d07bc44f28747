/** AWS IAM quotas and fixed values (IAM User Guide, "IAM and AWS STS quotas"; the API reference). */

/** List* actions answer up to 100 items when MaxItems is absent (API reference, MaxItems). */
export const DEFAULT_MAX_ITEMS = 100;
/** A managed policy keeps at most 5 versions (CreatePolicyVersion). */
export const MAX_POLICY_VERSIONS = 5;
/** Access keys per user. */
export const MAX_ACCESS_KEYS_PER_USER = 2;
/** Roles per instance profile. */
export const MAX_ROLES_PER_INSTANCE_PROFILE = 1;
/** Thumbprints per OpenID Connect provider. */
export const MAX_OIDC_THUMBPRINTS = 5;
/** Client ids per OpenID Connect provider. */
export const MAX_OIDC_CLIENT_IDS = 100;
/** A role's MaxSessionDuration when none is given (CreateRole: 3600 seconds). */
export const DEFAULT_MAX_SESSION_DURATION = 3600;
/** Unique ids: a four-letter prefix and 17 characters (IAM identifiers, "Unique identifiers"). */
export const UNIQUE_ID_SUFFIX_LENGTH = 17;
/** A managed policy's document, whitespace not counted (IAM quotas: "Managed policy size"). */
export const MAX_MANAGED_POLICY_SIZE = 6144;
/** A role's trust policy, whitespace not counted ("Role trust policy length"). */
export const MAX_TRUST_POLICY_SIZE = 2048;
/** All of an entity's inline policies together, whitespace not counted ("Inline policy size"). */
export const MAX_INLINE_POLICY_SIZE = { role: 10240, user: 2048, group: 5120 } as const;
