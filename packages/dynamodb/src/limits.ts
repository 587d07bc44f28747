/**
 * DynamoDB's limits, each with the AWS page it comes from.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 */

/** Maximum item size, attribute names included (ServiceQuotas: "Item size"). */
export const MAX_ITEM_SIZE_BYTES = 400 * 1024;

/** Partition key value length (ServiceQuotas: "Partition key length"). */
export const MAX_PARTITION_KEY_BYTES = 2048;

/** Sort key value length (ServiceQuotas: "Sort key length"). */
export const MAX_SORT_KEY_BYTES = 1024;

/** A Query or Scan page stops once it has read 1 MB (API_Query: "Limit"). */
export const MAX_PAGE_BYTES = 1024 * 1024;

/** BatchGetItem: up to 100 items (API_BatchGetItem). */
export const MAX_BATCH_GET_KEYS = 100;
/** TransactWriteItems: ClientRequestToken is 1 to 36 characters (API_TransactWriteItems). */
export const MAX_CLIENT_REQUEST_TOKEN = 36;

/** BatchGetItem: up to 16 MB of data (API_BatchGetItem). */
export const MAX_BATCH_GET_BYTES = 16 * 1024 * 1024;

/**
 * A request body past 16 MB is refused with HTTP 413 before it is read as JSON (Alternator's
 * test_manual_requests.py::test_too_large_request_content_length / _chunked, run against DynamoDB).
 */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;

/** BatchWriteItem: up to 25 put or delete requests (API_BatchWriteItem). */
export const MAX_BATCH_WRITE_REQUESTS = 25;

/** TransactWriteItems: aggregate item size up to 4 MB (API_TransactWriteItems). */
export const MAX_TRANSACT_BYTES = 4 * 1024 * 1024;

/** Global secondary indexes per table (ServiceQuotas: "Secondary indexes"). */
export const MAX_GLOBAL_SECONDARY_INDEXES = 20;
/** A global index key may combine up to four HASH and four RANGE attributes (developer guide, "Multi-attribute keys"). */
export const MAX_MULTI_ATTRIBUTE_KEY_PARTS = 4;
/** A document nests at most 32 levels, the attribute itself being level 1 (DynamoDB quotas: "Nested attribute depth"). */
export const MAX_NESTING_DEPTH = 32;

/** Local secondary indexes per table (ServiceQuotas: "Secondary indexes"). */
export const MAX_LOCAL_SECONDARY_INDEXES = 5;

/** ListTables: Limit is 1..100 and defaults to 100 (API_ListTables). */
export const MAX_LIST_TABLES_LIMIT = 100;

/** ProvisionedThroughput units above this are "out of bounds" (recorded by dynalite). */
export const MAX_CAPACITY_UNITS = 1_000_000_000_000;

// DynamoDB Streams (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html)

/** Stream records are kept 24 hours, then trimmed (Streams: "Data retention limit"). */
export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * DynamoDB Streams closes a shard and opens a child shard about every four hours (observed
 * behaviour that stream consumers such as the KCL adapter and Lambda's pollers handle).
 */
export const SHARD_ROLLOVER_MS = 4 * 60 * 60 * 1000;

/** A shard iterator expires 15 minutes after it is returned (API_streams_GetShardIterator). */
export const SHARD_ITERATOR_TTL_MS = 15 * 60 * 1000;

/** GetRecords: at most 1000 records per call (API_streams_GetRecords: "Limit"). */
export const MAX_GET_RECORDS_LIMIT = 1000;

/** GetRecords returns at most 1 MB of data (API_streams_GetRecords). */
export const MAX_GET_RECORDS_BYTES = 1024 * 1024;

/** DescribeStream: at most 100 shards per page (API_streams_DescribeStream: "Limit"). */
export const MAX_DESCRIBE_STREAM_LIMIT = 100;

/** ListStreams: at most 100 streams per page (API_streams_ListStreams: "Limit"). */
export const MAX_LIST_STREAMS_LIMIT = 100;

// Time to Live (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html)

/**
 * TTL ignores items whose expiry is more than five years in the past (a millisecond value
 * mistaken for seconds looks like the far future; a tiny one like the far past).
 */
export const TTL_MAX_PAST_SECONDS = 5 * 365 * 24 * 60 * 60;

/**
 * How often the sandbox looks for expired items, in clock time. AWS deletes "within a few
 * days"; locally users expect prompt deletion, so every 30 seconds.
 */
export const TTL_SWEEP_INTERVAL_MS = 30 * 1000;

/** Expired items deleted per journal record (keeps one sweep's records bounded). */
export const TTL_DELETES_PER_RECORD = 1000;

// Event source mappings from streams to Lambda
// (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html)

/** BatchSize for DynamoDB streams: 1 to 10,000, default 100. */
export const DEFAULT_STREAM_BATCH_SIZE = 100;
export const MAX_STREAM_BATCH_SIZE = 10_000;

/** MaximumBatchingWindowInSeconds: 0 to 300. */
export const MAX_BATCHING_WINDOW_SECONDS = 300;

/** MaximumRetryAttempts: -1 (until the record expires) or 0 to 10,000. */
export const MAX_RETRY_ATTEMPTS = 10_000;

/** MaximumRecordAgeInSeconds: -1 (no limit) or 60 to 604,800. */
export const MIN_RECORD_AGE_SECONDS = 60;
export const MAX_RECORD_AGE_SECONDS = 604_800;

/** A synchronous invocation's payload is at most 6 MB (Lambda quotas), so batches stay under it. */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

// Backups and account limits

/** DescribeLimits' answer: DynamoDB's default quotas per account and per table (ServiceQuotas: "Throughput default quotas"). */
export const ACCOUNT_MAX_READ_CAPACITY_UNITS = 80_000;
export const ACCOUNT_MAX_WRITE_CAPACITY_UNITS = 80_000;
export const TABLE_MAX_READ_CAPACITY_UNITS = 40_000;
export const TABLE_MAX_WRITE_CAPACITY_UNITS = 40_000;

/** DescribeEndpoints: clients cache the regional endpoint for a day (recorded from DynamoDB's answer). */
export const ENDPOINT_CACHE_PERIOD_MINUTES = 1440;

/** Point in time recovery keeps 35 days unless RecoveryPeriodInDays says fewer (API_UpdateContinuousBackups). */
export const DEFAULT_RECOVERY_PERIOD_DAYS = 35;

/**
 * After a TTL change, further UpdateTimeToLive calls fail for this long (API_UpdateTimeToLive:
 * "Any additional UpdateTimeToLive calls for the same table during this one hour duration
 * result in a ValidationException"; ack-api-quirks DDB-TABLE-143 measured ~31 minutes in 2026).
 */
export const TTL_CHANGE_COOLDOWN_MS = 60 * 60 * 1000;

// Tags

/** A table carries at most 50 tags; keys are 1 to 128 characters, values up to 256 (Tagging restrictions in DynamoDB). */
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

/**
 * Provisioned throughput decreases: 4 a UTC day, then one an hour after the last one
 * (API_UpdateTable / service quotas; ack-api-quirks DDB-TABLE-184/185/326, measured 2026-10).
 */
export const FREE_THROUGHPUT_DECREASES_PER_DAY = 4;
export const THROUGHPUT_DECREASE_INTERVAL_SECONDS = 3600;

/** TableClass changes a table may make in a rolling window (ack-api-quirks DDB-TABLE-283, 2026-10; DynamoDB table classes). */
export const MAX_TABLE_CLASS_CHANGES = 2;
export const TABLE_CLASS_CHANGE_WINDOW_DAYS = 30;

/** After a deletion protection change, further ones are throttled this long (ack-api-quirks DDB-TABLE-003/054, 2026-10). */
export const DELETION_PROTECTION_COOLDOWN_MS = 15_000;

/** After a resource-based policy change, further changes to that policy are throttled this long (ack-api-quirks DDB-TABLE-206/347/213, 2026-10). */
export const RESOURCE_POLICY_COOLDOWN_MS = 15_000;

/** DynamoDB's warm throughput of an on-demand table (DescribeTable recorded from DynamoDB, 2026-04). */
export const ON_DEMAND_WARM_READ_UNITS_PER_SECOND = 12_000;
export const ON_DEMAND_WARM_WRITE_UNITS_PER_SECOND = 4_000;
/**
 * How long UpdateTable's warm throughput raise takes: a table's first raise 272-514 s on DynamoDB,
 * any later one ~2 s (ack-api-quirks DDB-TABLE-121/179/459, measured 2026-10).
 */
export const WARM_THROUGHPUT_FIRST_RAISE_MS = 390_000;
export const WARM_THROUGHPUT_RAISE_MS = 2_000;

// ExportTableToPointInTime and ImportTable: "A client token is valid for 8 hours after the first
// request that uses it is completed" (API reference, ClientToken).
export const TRANSFER_CLIENT_TOKEN_WINDOW_MS = 8 * 60 * 60 * 1000;

// ListExports MaxResults and ListImports PageSize: at most 25 (the model's ListExportsMaxLimit /
// ListImportsMaxLimit); ListExports answers 25 a page when MaxResults is left out.
export const MAX_TRANSFERS_PAGE = 25;

/** ListExports / ListImports without MaxResults / PageSize answer ten (ack-api-quirks DDB-IMPORT-016, 2026-10). */
export const DEFAULT_TRANSFERS_PAGE = 10;

// Not an AWS limit: the items one export data file holds (AWS writes at least one file per partition).
export const ITEMS_PER_EXPORT_FILE = 10_000;

// Not an AWS limit: how far an ExportTime may lie before the request and still be taken as "now"
// (a client passing `new Date()`); the sandbox keeps no history to export an earlier table from.
export const EXPORT_TIME_TOLERANCE_SECONDS = 5;

// Not an AWS figure: DynamoDB's imports run for minutes; the sandbox keeps one IN_PROGRESS for a
// second of its clock from StartTime, so clients see the running phase (Alternator's
// test_import_in_flight / test_client_token_reuse poll it on AWS); `sandbox time advance` skips it.
export const IMPORT_MIN_DURATION_MS = 1_000;

// An incremental export's window: "at least 15 minutes" (API reference, IncrementalExportSpecification;
// InvalidExportTimeException below it, ack-api-quirks DDB-EXPORT-004/019, 2026-10).
export const MIN_INCREMENTAL_EXPORT_SECONDS = 15 * 60;

// Import from S3 quotas: "Up to 50,000 S3 objects" per import.
export const MAX_IMPORT_OBJECTS = 50_000;

// Not an AWS figure we could confirm: the most errors one import writes to CloudWatch Logs
// (DynamoDB logs an import's item errors there; the sandbox bounds how many).
export const MAX_LOGGED_IMPORT_ERRORS = 10_000;

/** DynamoDB compresses responses from 4 KB (Alternator's test_compressed_response.py, run against DynamoDB: "4KB for DynamoDB"). */
export const RESPONSE_COMPRESSION_THRESHOLD_BYTES = 4096;
