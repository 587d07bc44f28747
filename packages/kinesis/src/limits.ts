/** Amazon Kinesis Data Streams quotas and defaults ("Quotas and limits", API reference of each action). */

/** Stream names: 1–128 characters of [a-zA-Z0-9_.-]. */
export const MAX_STREAM_NAME_LENGTH = 128;
/** A record's data blob (before base64): up to 1 MiB. */
export const MAX_RECORD_DATA_BYTES = 1_048_576;
/** A record's partition key: 1–256 Unicode characters. */
export const MAX_PARTITION_KEY_LENGTH = 256;
/** PutRecords: up to 500 records and 5 MiB (data plus partition keys) per request. */
export const MAX_PUT_RECORDS_ENTRIES = 500;
export const MAX_PUT_RECORDS_BYTES = 5 * 1_048_576;
/** GetRecords: Limit 1–10,000 (default 10,000), and at most 10 MiB of data per call. */
export const MAX_GET_RECORDS_LIMIT = 10_000;
export const MAX_GET_RECORDS_BYTES = 10 * 1_048_576;
/** A shard iterator expires 5 minutes after it is returned (GetShardIterator API reference). */
export const SHARD_ITERATOR_TTL_MS = 5 * 60 * 1000;
/** RetentionPeriodHours: 24 (default) to 8,760 (365 days). */
export const DEFAULT_RETENTION_HOURS = 24;
export const MIN_RETENTION_HOURS = 24;
export const MAX_RETENTION_HOURS = 8760;
/** An on-demand stream starts with 4 shards ("On-demand mode": 4 MB/s write capacity at creation). */
export const ON_DEMAND_SHARDS = 4;
/** Shards per account in a region, provisioned mode: 500 in us-east-1, us-west-2 and eu-west-1, 200 elsewhere. */
export const SHARD_LIMIT_LARGE_REGIONS = 500;
export const SHARD_LIMIT = 200;
export const LARGE_REGIONS: ReadonlySet<string> = new Set(["us-east-1", "us-west-2", "eu-west-1"]);
/** Tags: 50 per stream; AddTagsToStream takes 10 at a time; keys 1–128, values 0–256 characters. */
export const MAX_TAGS_PER_STREAM = 50;
/** ListStreams: Limit 1–10,000, default 100. ListShards: MaxResults 1–10,000, default 1,000. */
export const DEFAULT_LIST_STREAMS_LIMIT = 100;
export const DEFAULT_LIST_SHARDS_RESULTS = 1000;
/** ListTagsForStream: Limit 1–50, default 10. */
export const DEFAULT_LIST_TAGS_LIMIT = 10;
/** DescribeStream: Limit 1–10,000, default 100 shards. */
export const DEFAULT_DESCRIBE_SHARDS_LIMIT = 100;
/** Hash keys are 128-bit: [0, 2^128 - 1]. */
export const HASH_KEY_SPACE = 1n << 128n;
/** Lambda stream mappings: the invoke payload quota (6 MB). */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** RegisterStreamConsumer: up to 20 consumers per stream, and 5 in CREATING at a time (RegisterStreamConsumer API reference). */
export const MAX_CONSUMERS_PER_STREAM = 20;
export const MAX_CREATING_CONSUMERS = 5;
/**
 * How long a consumer stays CREATING after RegisterStreamConsumer, and DELETING after
 * DeregisterStreamConsumer, in Clock time: AWS takes a few seconds (the AWS CLI's
 * register-stream-consumer example answers CREATING; KCL polls DescribeStreamConsumer until ACTIVE).
 */
export const CONSUMER_CREATING_MS = 5_000;
export const CONSUMER_DELETING_MS = 5_000;
/** ListStreamConsumers: MaxResults 1–10,000, default 100 (ListStreamConsumers API reference). */
export const DEFAULT_LIST_CONSUMERS_RESULTS = 100;
/** A subscription's events flow for 5 minutes; then the client subscribes again (SubscribeToShard API reference). */
export const SUBSCRIPTION_LIFETIME_MS = 5 * 60 * 1000;
/** A second SubscribeToShard for the same consumer and shard within 5 seconds is refused; later it takes over (SubscribeToShard API reference). */
export const SUBSCRIPTION_TAKEOVER_MS = 5_000;
/** An idle subscription still gets an (empty) event this often, carrying ContinuationSequenceNumber (not documented: KCL-observed cadence). */
export const SUBSCRIPTION_HEARTBEAT_MS = 5_000;
/** Data per event: enhanced fan-out pushes up to 2 MiB per second per shard. */
export const MAX_SUBSCRIBE_EVENT_BYTES = 2 * 1_048_576;
