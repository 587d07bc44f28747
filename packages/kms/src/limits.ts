/** KMS limits (AWS KMS API Reference and Developer Guide "Quotas"). */

/** ScheduleKeyDeletion: PendingWindowInDays when not given, and its bounds (inclusive). */
export const DEFAULT_PENDING_WINDOW_DAYS = 30;
export const MIN_PENDING_WINDOW_DAYS = 7;
export const MAX_PENDING_WINDOW_DAYS = 30;
/** EnableKeyRotation: RotationPeriodInDays when not given (the model bounds it to 90–2560). */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
/** ListKeys / ListAliases: page size when Limit is not given ("it defaults to 100"). */
export const DEFAULT_LIST_LIMIT = 100;
/** ListGrants / ListRetirableGrants / ListResourceTags / ListKeyRotations: "it defaults to 50"? The API reference says 50 for grants. */
export const DEFAULT_GRANT_LIMIT = 50;
/** GenerateDataKey: NumberOfBytes of each DataKeySpec. */
export const DATA_KEY_BYTES: Readonly<Record<string, number>> = { AES_128: 16, AES_256: 32 };
/** GetParametersForImport: "These items are valid for 24 hours" (API reference). */
export const IMPORT_PARAMETERS_VALID_MS = 24 * 60 * 60 * 1000;
