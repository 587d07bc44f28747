/** Amazon SNS quotas and fixed values (AWS docs: "Amazon SNS endpoints and quotas", API reference). */

/** ListTopics / ListSubscriptions / ListSubscriptionsByTopic return up to 100 items per page. */
export const PAGE_SIZE = 100;
/** Publish: message plus attributes at most 256 KiB (262,144 bytes). */
export const MAX_MESSAGE_BYTES = 262_144;
/** PublishBatch: at most 10 entries, together at most 256 KiB. */
export const MAX_BATCH_ENTRIES = 10;
/** PublishBatch entry Id: up to 80 alphanumeric characters, hyphens and underscores. */
export const MAX_BATCH_ENTRY_ID_LENGTH = 80;
/** Subject: ASCII, no line breaks or control characters, "less than 100 characters". */
export const MAX_SUBJECT_LENGTH = 99;
/** Topic names: up to 256 characters (including ".fifo"). */
export const MAX_TOPIC_NAME_LENGTH = 256;
/** Message attribute names: up to 256 characters. */
export const MAX_ATTRIBUTE_NAME_LENGTH = 256;
/** Tags per topic (AWS docs: "Amazon SNS tags", 50 per resource). */
export const MAX_TAGS_PER_TOPIC = 50;
/** FIFO topics drop a message whose deduplication ID was seen in the last 5 minutes. */
export const FIFO_DEDUP_WINDOW_MS = 5 * 60 * 1000;
/** A filter policy has at most 5 keys (top-level; nested policies count their parents). */
export const MAX_FILTER_POLICY_KEYS = 5;
/** The product of the value counts of a filter policy's arrays is at most 150. */
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
/** A filter policy is at most 256 KB. */
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;
/** Unconfirmed subscriptions (and their tokens) expire after 3 days. */
export const CONFIRMATION_TOKEN_TTL_MS = 3 * 24 * 3600 * 1000;
/** HTTP/S deliveries time out after 15 seconds (and count as failed attempts). */
export const HTTP_DELIVERY_TIMEOUT_MS = 15_000;
/** Platform application names: up to 256 characters (CreatePlatformApplication). */
export const MAX_PLATFORM_APPLICATION_NAME_LENGTH = 256;
/** An endpoint's CustomUserData: at most 2048 bytes in UTF-8 (CreatePlatformEndpoint). */
export const MAX_CUSTOM_USER_DATA_BYTES = 2048;
/** Default account SMS spend limit in USD (AWS docs: "Setting SMS messaging preferences"). */
export const DEFAULT_MONTHLY_SPEND_LIMIT = "1";
/** ListSMSSandboxPhoneNumbers: MaxResults 1–100 (model). */
export const MAX_SANDBOX_NUMBERS_PAGE = 100;
/** CreateSMSSandboxPhoneNumber's one-time password: 6 digits (model OTPCode allows 5–8). */
export const OTP_DIGITS = 6;
/** Push and SMS messages kept in memory for inspection (sentMessages()); the oldest are dropped. */
export const MAX_SENT_MESSAGES = 1000;
/**
 * HTTP/S delivery policy bounds (AWS docs: "Amazon SNS message delivery retries", creating an
 * HTTP/S delivery policy; the texts AWS answers name them, e.g. "numRetries must be less than or
 * equal to 100", "minDelayTarget must be greater than or equal to 1").
 */
export const MAX_DELIVERY_RETRIES = 100;
export const MIN_DELIVERY_DELAY_TARGET_SECONDS = 1;
export const MAX_DELIVERY_DELAY_TARGET_SECONDS = 3600;
/** throttlePolicy.maxReceivesPerSecond: at least one delivery a second. */
export const MIN_RECEIVES_PER_SECOND = 1;
