/** Parameter Store limits (AWS Systems Manager User Guide: "Parameter Store quotas", "Requirements and constraints for parameter names"). */

/** A hierarchy can have a maximum of 15 levels. */
export const MAX_HIERARCHY_LEVELS = 15;
/** Parameter Store keeps the 100 most recent versions of a parameter. */
export const MAX_PARAMETER_VERSIONS = 100;
/** PutParameter Value as the service checks it before the tier rules: 1 to 32768 characters. */
export const PARAMETER_VALUE_LENGTH = { min: 1, max: 32768 } as const;
/** Standard tier: values up to 4 KB. */
export const MAX_STANDARD_VALUE_LENGTH = 4096;
/** A parameter version can have at most 10 labels. */
export const MAX_LABELS_PER_VERSION = 10;
/** GetParametersByPath / DescribeParameters / GetParameterHistory page size when MaxResults is not given. */
export const DEFAULT_BY_PATH_RESULTS = 10;
export const DEFAULT_DESCRIBE_RESULTS = 50;
export const DEFAULT_HISTORY_RESULTS = 50;
/** KMS key of SecureString parameters that name none. */
export const DEFAULT_KEY_ID = "alias/aws/ssm";
/**
 * How long an AllowedPattern may run over a value. A value is at most 32 KB, so an honest pattern
 * answers in microseconds; only catastrophic backtracking ("^(a+)+$" against "aaaa…!") runs longer,
 * and it would otherwise hold the whole single-threaded process.
 */
export const ALLOWED_PATTERN_TIMEOUT_MS = 250;
