/** Limits the loader checks, each with the AWS page it comes from. */

// CloudFormation quotas: stack name up to 128 characters.
export const MAX_STACK_NAME_LENGTH = 128;
// CloudFormation quotas: template body size in an Amazon S3 object (how `sam deploy` and CDK upload it), 1 MB.
export const MAX_TEMPLATE_BODY_BYTES = 1_000_000;

// Lambda quotas: function timeout 1–900 seconds, memory 128–10,240 MB, name up to 64 characters.
export const MIN_FUNCTION_TIMEOUT_SECONDS = 1;
export const MAX_FUNCTION_TIMEOUT_SECONDS = 900;
export const MIN_FUNCTION_MEMORY_MB = 128;
export const MAX_FUNCTION_MEMORY_MB = 10_240;
export const MAX_FUNCTION_NAME_LENGTH = 64;
// AWS::Serverless::Function and AWS::Lambda::Function defaults.
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 3;
export const DEFAULT_FUNCTION_MEMORY_MB = 128;

// DynamoDB: table names are 3–255 characters of [a-zA-Z0-9_.-].
export const MAX_TABLE_NAME_LENGTH = 255;
// IAM role names up to 64; SNS topic and SQS queue names up to 256 / 80; S3 bucket names 3–63 lower-case.
export const MAX_ROLE_NAME_LENGTH = 64;
export const MAX_TOPIC_NAME_LENGTH = 256;
export const MAX_QUEUE_NAME_LENGTH = 80;
export const MAX_BUCKET_NAME_LENGTH = 63;
// Step Functions state machine names up to 80; CloudWatch Logs group names up to 512.
export const MAX_STATE_MACHINE_NAME_LENGTH = 80;
export const MAX_GENERIC_NAME_LENGTH = 128;

// CloudFormation: Fn::And / Fn::Or take 2 to 10 conditions.
export const MIN_CONDITIONS_IN_AND_OR = 2;
export const MAX_CONDITIONS_IN_AND_OR = 10;

// Lambda CreateEventSourceMapping for DynamoDB streams: BatchSize 1–10,000 (default 100),
// MaximumBatchingWindowInSeconds 0–300, MaximumRetryAttempts -1–10,000 (default -1: until the
// record expires), MaximumRecordAgeInSeconds -1 or 60–604,800, ParallelizationFactor 1–10,
// TumblingWindowInSeconds 0–900.
export const DEFAULT_STREAM_BATCH_SIZE = 100;
export const MAX_STREAM_BATCH_SIZE = 10_000;
export const MAX_BATCHING_WINDOW_SECONDS = 300;
export const MAX_RETRY_ATTEMPTS = 10_000;
export const MIN_RECORD_AGE_SECONDS = 60;
export const MAX_RECORD_AGE_SECONDS = 604_800;
export const MAX_PARALLELIZATION_FACTOR = 10;
export const MAX_TUMBLING_WINDOW_SECONDS = 900;

/** EventBridge PutRule Name and Scheduler CreateSchedule Name: 1–64 characters. */
export const MAX_SCHEDULE_NAME_LENGTH = 64;

// Runtimes SnapStart supports: Java 11 and later, Python 3.12 and later, .NET 8 and later
// (Lambda developer guide, "Improving startup performance with Lambda SnapStart").
export const SNAP_START_MIN_VERSIONS: readonly { readonly pattern: RegExp; readonly min: number }[] = [
  { pattern: /^java(\d+)$/, min: 11 },
  { pattern: /^python3\.(\d+)$/, min: 12 },
  { pattern: /^dotnet(\d+)$/, min: 8 },
];
