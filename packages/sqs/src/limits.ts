/** Amazon SQS quotas and defaults (AWS API reference: CreateQueue, SendMessage, ReceiveMessage; "Amazon SQS quotas"). */

/** Queue names: 1–80 alphanumeric characters, hyphens and underscores (".fifo" counts). */
export const MAX_QUEUE_NAME_LENGTH = 80;
/** ListQueues: MaxResults 1–1000; without it, up to 1000 URLs and no paging. */
export const MAX_LIST_QUEUES_RESULTS = 1000;
/** VisibilityTimeout: 0–43,200 seconds (12 hours); default 30. */
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
/** DelaySeconds: 0–900 (15 minutes); default 0. */
export const MAX_DELAY_SECONDS = 900;
/**
 * MaximumMessageSize: 1,024–1,048,576 bytes (1 MiB); default 1,048,576, which is also the most a
 * SendMessageBatch may carry in all. The current CreateQueue / SendMessageBatch API reference (AWS
 * raised the quota from 256 KiB in August 2025; queues made before keep the value they were given).
 * The Smithy model in aws-models predates it and still documents 262,144.
 */
export const MIN_MESSAGE_SIZE_BYTES = 1024;
export const MAX_MESSAGE_SIZE_BYTES = 1_048_576;
/** MessageRetentionPeriod: 60–1,209,600 seconds (14 days); default 345,600 (4 days). */
export const MIN_RETENTION_SECONDS = 60;
export const MAX_RETENTION_SECONDS = 1_209_600;
export const DEFAULT_RETENTION_SECONDS = 345_600;
/** ReceiveMessageWaitTimeSeconds / WaitTimeSeconds: 0–20. */
export const MAX_WAIT_TIME_SECONDS = 20;
/** ReceiveMessage MaxNumberOfMessages: 1–10. */
export const MAX_RECEIVE_MESSAGES = 10;
/** Batch actions: at most 10 entries; entry ids up to 80 characters. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_ENTRY_ID_LENGTH = 80;
/** RedrivePolicy maxReceiveCount: 1–1000. */
export const MAX_RECEIVE_COUNT = 1000;
/** RedriveAllowPolicy sourceQueueArns: "You can specify up to 10 source queue ARNs" (SetQueueAttributes API reference). */
export const MAX_REDRIVE_SOURCE_QUEUE_ARNS = 10;
/** FIFO queues drop a message whose deduplication ID was sent in the last 5 minutes. */
export const DEDUP_WINDOW_MS = 5 * 60 * 1000;
/** MessageGroupId / MessageDeduplicationId: up to 128 characters. */
export const MAX_FIFO_ID_LENGTH = 128;
/** One PurgeQueue per queue every 60 seconds. */
export const PURGE_INTERVAL_MS = 60_000;
/** A deleted queue's name can be used again 60 seconds later (CreateQueue/DeleteQueue API reference). */
export const QUEUE_NAME_REUSE_DELAY_MS = 60_000;
/** Message attribute names and data types: under 256 bytes (SendMessage API reference). */
export const MAX_ATTRIBUTE_NAME_LENGTH = 255;
/** Message attributes per message: at most 10. */
export const MAX_MESSAGE_ATTRIBUTES = 10;
/** KmsDataKeyReusePeriodSeconds default (reported for SSE-KMS queues). */
export const DEFAULT_KMS_REUSE_SECONDS = 300;
/** AddPermission: "An Amazon SQS policy can have a maximum of seven actions per statement" (API reference). */
export const MAX_ACTIONS_PER_STATEMENT = 7;
