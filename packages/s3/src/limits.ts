/** Amazon S3 quotas and fixed values (AWS docs: "Amazon S3 quotas", API reference). */

/** Bucket names: 3 to 63 characters (General purpose bucket naming rules). */
export const MIN_BUCKET_NAME_LENGTH = 3;
export const MAX_BUCKET_NAME_LENGTH = 63;
/** Object keys: up to 1,024 bytes of UTF-8 (Naming Amazon S3 objects). */
export const MAX_KEY_BYTES = 1024;
/** User-defined metadata (x-amz-meta-*): names and values together at most 2 KB. */
export const MAX_USER_METADATA_BYTES = 2 * 1024;
/** One PutObject (or UploadPart) carries at most 5 GiB. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/** Multipart parts: 5 MiB at least, except the last part. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
/** Part numbers run from 1 to 10,000. */
export const MAX_PART_NUMBER = 10_000;
/** List operations return at most 1,000 keys (uploads, parts) per page. */
export const MAX_KEYS = 1000;
/** DeleteObjects: at most 1,000 keys per request. */
export const MAX_DELETE_OBJECTS = 1000;
/** Object tags: at most 10 per object; keys up to 128 and values up to 256 Unicode characters. */
export const MAX_OBJECT_TAGS = 10;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
/**
 * POST Object: the form fields before the file take at most 20 KB (AWS-recorded error
 * MaxPostPreDataLengthExceeded, <MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes>).
 */
export const MAX_POST_PRE_DATA_BYTES = 20 * 1024;
/**
 * Object Lock DefaultRetention: S3 documents no longest period, but refuses 999,999,999 days as
 * "too large" (versitygw#1738); the sandbox stops where a retain-until date would pass the last
 * one a JavaScript Date holds (year 275760).
 */
export const MAX_DEFAULT_RETENTION_DAYS = 36_500_000;
export const MAX_DEFAULT_RETENTION_YEARS = 100_000;
/** Bucket tags: at most 50 per bucket (AWS Billing: "User-defined tag restrictions"). */
export const MAX_BUCKET_TAGS = 50;
/** A CORS configuration holds at most 100 rules (PutBucketCors: "up to 100 rules"). */
export const MAX_CORS_RULES = 100;
/** A CORS rule's ID: at most 255 characters (CORSRule.ID). */
export const MAX_CORS_RULE_ID_LENGTH = 255;
/** A lifecycle configuration holds at most 1,000 rules (PutBucketLifecycleConfiguration). */
export const MAX_LIFECYCLE_RULES = 1000;
/** A lifecycle rule's ID: at most 255 characters (LifecycleRule.ID). */
export const MAX_RULE_ID_LENGTH = 255;
/** A SigV4 presigned URL lives at most a week (AuthorizationQueryParametersError past 604,800 seconds). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
/**
 * How often lifecycle rules are applied, in clock time. S3 runs its lifecycle about once a day
 * and rounds every due time to midnight UTC; an hour keeps the sandbox within an hour of it.
 */
export const LIFECYCLE_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Analytics, inventory, metrics and intelligent-tiering configurations one List answers (S3 API Reference: "up to 100"; AWS-recorded). */
export const MAX_CONFIGURATIONS_PER_LIST = 100;
/**
 * How long a RestoreObject takes, by storage class and retrieval tier ("Archive retrieval options" in the S3 User Guide:
 * S3 Glacier Flexible Retrieval Expedited 1–5 minutes, Standard 3–5 hours, Bulk 5–12 hours; S3 Glacier Deep Archive
 * Standard within 12 hours, Bulk within 48 hours). The sandbox uses the start of each documented range (Deep Archive
 * gives only an upper bound), so an application sees the in-progress state it must handle; a virtual clock skips it.
 */
export const RESTORE_DURATION_MS: Record<string, Record<string, number>> = {
  GLACIER: { Expedited: 60 * 1000, Standard: 3 * 60 * 60 * 1000, Bulk: 5 * 60 * 60 * 1000 },
  DEEP_ARCHIVE: { Standard: 12 * 60 * 60 * 1000, Bulk: 48 * 60 * 60 * 1000 },
};
