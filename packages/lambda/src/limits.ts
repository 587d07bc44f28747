/** Lambda limits and fixed values, each with the AWS source it comes from. */

// Lambda quotas: "Invocation payload (request and response): 6 MB each for synchronous".
// AWS rejects a bigger request with "Request must be smaller than 6291456 bytes for the InvokeFunction operation".
export const MAX_SYNC_REQUEST_BYTES = 6_291_456;
// A bigger function response fails with "Response payload size exceeded maximum allowed payload size (6291556 bytes)."
export const MAX_SYNC_RESPONSE_BYTES = 6_291_556;
// Invoke API reference: "For asynchronous invocations, the maximum payload size is 1 MB."
export const MAX_ASYNC_REQUEST_BYTES = 1_048_576;

// Invoke API reference: LogType Tail returns "the last 4 KB of the execution log".
export const LOG_TAIL_BYTES = 4 * 1024;

// Lambda execution environment lifecycle: the Init phase is limited to 10 seconds.
export const INIT_TIMEOUT_MS = 10_000;

// Error handling and automatic retries: an asynchronous invocation that fails is retried
// twice, one minute and then two minutes later.
export const ASYNC_RETRY_DELAYS_MS: readonly number[] = [60_000, 120_000];

// AWS keeps an idle environment for minutes (not documented exactly); the sandbox
// reclaims its worker thread after this long without an invocation.
export const IDLE_ENVIRONMENT_MS = 10 * 60_000;

// Not an AWS limit: the young generation of a Node.js environment's heap, MemorySize/32
// within these bounds (4 MB at 128 MB). V8's default for a worker is ~40 MB whatever the
// old generation, which a small function never needs and which MemorySize covers on AWS.
export const MIN_YOUNG_GENERATION_MB = 2;
export const MAX_YOUNG_GENERATION_MB = 16;

// Not an AWS limit: how many environments of one function version the sandbox starts
// before further invocations wait for a free one (engine/pool.ts says why), unless
// configured (maxEnvironments, --max-environments). AWS starts one per concurrent request.
export const MIN_DEFAULT_ENVIRONMENTS = 2;
// Not an AWS limit: an invocation that waited this long (up to twice as long) for an
// environment starts one more: functions waiting on I/O still scale out.
export const SCALE_OUT_WAIT_MS = 50;
// Not an AWS limit: above this event loop utilization (busy share of the last
// SCALE_OUT_WAIT_MS) the sandbox's thread is the bottleneck and waiting invocations start no
// more environments.
export const SATURATED_EVENT_LOOP_UTILIZATION = 0.8;

// ListFunctions: "returns a maximum of 50 items in each response, even if you set the number higher".
export const LIST_FUNCTIONS_MAX_ITEMS = 50;

// Not an AWS limit: under load, a busy Node.js environment whose function answers within
// QUEUE_MAX_DURATION_MS takes up to this many invocations queued behind the running one
// (each still starts only when the one before it ends). Given with what else the same turn
// of the event loop gave it, they reach the worker in one message: it is woken once for
// several (engine/pool.ts). A slower function gains nothing from it. 8, not more: behind a
// fast function that turns slow, that many wait in its environment instead of starting
// another (measured on bench/lambda.mjs: 4 → 15 took the server's CPU from ~47 to ~43 µs per
// request, 8 in between; the rest was not worth 15 invocations held behind a slow one).
export const MAX_QUEUED_PER_ENVIRONMENT = 8;
export const QUEUE_MAX_DURATION_MS = 1;

// The destination ARN pattern Lambda checks and prints (localstack test_lambda_api.snapshot.json,
// recorded on AWS; the model's DestinationArn pattern predates the -iso partitions).
export const DESTINATION_ARN_PATTERN = "^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)";

// A function URL's qualifier as Lambda checks and prints it: an alias, never $LATEST or a version
// (localstack test_lambda_api.snapshot.json test_url_config_exceptions, recorded on AWS).
export const FUNCTION_URL_QUALIFIER_PATTERN = "((?!^\\d+$)^[0-9a-zA-Z-_]+$)";

// A layer version ARN as Lambda checks and prints it in a function's Layers (localstack
// test_lambda_api.snapshot.json test_layer_function_exceptions, recorded on AWS).
export const LAYER_VERSION_ARN_PATTERN =
  "(arn:[a-zA-Z0-9-]+:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)";

// GetLayerVersionByArn's Arn as Lambda checks and prints it (test_layer_exceptions, same file).
export const GET_LAYER_VERSION_ARN_PATTERN = "arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+";

// Lambda quotas: "Lambda layers: five layers" per function (localstack test_layer_function_quota_exception, recorded on AWS).
export const MAX_LAYERS_PER_FUNCTION = 5;

// Function names as Lambda checks and prints them: the FunctionName of CreateFunction & co. and the
// NamespacedFunctionName of Invoke (localstack test_lambda_api.snapshot.json test_function_arns and
// test_invalid_invoke, recorded on AWS; the model's patterns predate the -iso partitions).
export const FUNCTION_NAME_PATTERN_TEXT =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
export const NAMESPACED_FUNCTION_NAME_PATTERN_TEXT =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
// A function's own name, without ARN parts (Lambda quotas; CreateFunction answers a longer one with
// InvalidParameterValueException: localstack test_function_arns, recorded on AWS).
export const MAX_FUNCTION_NAME_LENGTH = 64;

// Services an asynchronous invocation's destination may be in (Lambda docs, "Adding a destination").
export const DESTINATION_SERVICES: ReadonlySet<string> = new Set(["lambda", "sqs", "sns", "events", "s3"]);

// Runtimes SnapStart supports: Java 11 and later, Python 3.12 and later, .NET 8 and later
// (Lambda developer guide, "Improving startup performance with Lambda SnapStart").
export const SNAP_START_MIN_VERSIONS: readonly { readonly pattern: RegExp; readonly min: number }[] = [
  { pattern: /^java(\d+)$/, min: 11 },
  { pattern: /^python3\.(\d+)$/, min: 12 },
  { pattern: /^dotnet(\d+)$/, min: 8 },
];

// Lambda model, shape NamespacedFunctionName (Invoke's FunctionName), length 1–170.
export const FUNCTION_NAME_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
export const MAX_FUNCTION_NAME_INPUT_LENGTH = 170;

// Lambda defined runtime environment variables: the function version the sandbox runs.
export const LATEST_VERSION = "$LATEST";

/** The id in a function URL's host name: https://<32 characters>.lambda-url.<region>.on.aws/ (Lambda developer guide, "Creating and managing function URLs"). */
export const FUNCTION_URL_ID_LENGTH = 32;

// Lambda quotas: /tmp storage between 512 MB and 10,240 MB; 512 MB by default.
export const DEFAULT_EPHEMERAL_STORAGE_MB = 512;

// LoggingConfig: a JSON-format function's application and system log level unless set (Lambda docs, "log-level filtering").
export const DEFAULT_LOG_LEVEL = "INFO";

// Log-level filtering: application levels from most to least detail (TRACE … FATAL), system
// levels DEBUG, INFO, WARN; "Lambda sends logs at that level and lower" (Lambda docs, "Log-level filtering").
export const APPLICATION_LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export const SYSTEM_LOG_LEVELS = ["DEBUG", "INFO", "WARN"] as const;
// The platform events a function's log gets (platform.initStart … platform.report) are INFO
// system logs: SystemLogLevel WARN drops them, DEBUG and INFO keep them.
export const PLATFORM_EVENT_LEVEL = "INFO";

// Lambda quotas: "Concurrent executions: 1,000" per account and Region (default).
export const ACCOUNT_CONCURRENCY_LIMIT = 1000;

// Asynchronous invocation: "MaximumRetryAttempts" 0–2, default 2; "MaximumEventAgeInSeconds"
// 60–21600, default 21600 (6 hours).
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600;

// Dead-letter queues: the ErrorMessage attribute is "Error message (truncated to 1 KB)".
export const MAX_DEAD_LETTER_ERROR_MESSAGE_BYTES = 1024;

// Lambda quotas: the unreserved concurrency cannot go below 100 (PutFunctionConcurrency).
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

// Lambda quotas: "Function resource tags: 50".
export const MAX_TAGS_PER_FUNCTION = 50;
/** AWS's own tags' prefix (CloudFormation's aws:cloudformation:*): reserved, and not counted in the tag quota (Tagging AWS resources, "Tag naming limits and requirements"). */
export const RESERVED_TAG_PREFIX = "aws:";

// CreateFunction defaults: Timeout 3 seconds, MemorySize 128 MB.
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_MEMORY_SIZE_MB = 128;

// Lambda quotas: "Deployment package (.zip file archive) size: 50 MB (zipped, when uploaded
// through the Lambda API or SDKs)".
export const MAX_ZIPPED_CODE_BYTES = 52_428_800;

// A ZipFile upload's request (CreateFunction, UpdateFunctionCode, PublishLayerVersion) is refused
// past this size: "Request must be smaller than 70167211 bytes for the CreateFunction operation"
// (RequestEntityTooLargeException, 413, as Terraform and the AWS SDKs report it): 50 MB in base64, and 256 KB more.
export const MAX_CODE_REQUEST_BYTES = 70_167_211;

// Lambda quotas: "Total size of all environment variables: 4 KB".
export const MAX_ENVIRONMENT_BYTES = 4096;

// Defined runtime environment variables: "Lambda reserves these keys".
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
]);

// Lambda parameters for Amazon DynamoDB event source mappings: BatchSize default 100,
// MaximumRecordAgeInSeconds and MaximumRetryAttempts default -1 (until the record expires),
// ParallelizationFactor default 1.
export const DEFAULT_ESM_BATCH_SIZE = 100;
export const DEFAULT_ESM_MAXIMUM_RECORD_AGE_SECONDS = -1;
export const DEFAULT_ESM_MAXIMUM_RETRY_ATTEMPTS = -1;
export const DEFAULT_PARALLELIZATION_FACTOR = 1;
// Amazon SQS event source mappings: BatchSize default 10; above 10, a batching window of at
// least 1 second is required (Lambda's CreateEventSourceMapping reference).
export const DEFAULT_SQS_BATCH_SIZE = 10;
export const SQS_BATCH_SIZE_WITHOUT_WINDOW = 10;

// Lambda quotas (GetAccountSettings' AccountLimit): "Function and layer storage: 75 GB";
// "Deployment package (.zip file archive) size: 250 MB (unzipped, including layers)".
export const TOTAL_CODE_SIZE_BYTES = 80_530_636_800;
export const MAX_UNZIPPED_CODE_BYTES = 262_144_000;
