/** API Gateway control-plane limits (API Gateway API Reference: GetRestApis, GetResources, GetApis). */

/** v1 list actions: `limit` when not given ("The default value is 25"). */
export const DEFAULT_V1_LIMIT = 25;
/** v1 list actions: the largest `limit` ("The maximum value is 500"). */
export const MAX_V1_LIMIT = 500;
/** v2 list actions: entries per page when maxResults is not given. */
export const DEFAULT_V2_MAX_RESULTS = 100;
/** HTTP API integration timeout when the template sets none (30 s). */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** v1 integrations: timeoutInMillis when PutIntegration gives none (29 s, API Gateway's REST integration timeout). */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;
/** RestApi minimumCompressionSize: the largest accepted (10 MiB; "must be between 0 and 10485760"). */
export const MAX_MINIMUM_COMPRESSION_SIZE = 10_485_760;
/** CreateApiKey: the shortest value accepted ("API Key value should be at least 20 characters"). */
export const MIN_API_KEY_VALUE_LENGTH = 20;
/** The length of the values API Gateway generates for API keys. */
export const GENERATED_API_KEY_LENGTH = 40;
/** GetAccount's throttleSettings: the account's default throttle (API Gateway quotas: 10,000 requests per second, bursts of 5,000). */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;
/** A stage cache's size when cacheClusterEnabled names none: 0.5 GB, the smallest CacheClusterSize (the console's default). */
export const DEFAULT_CACHE_CLUSTER_SIZE = "0.5";
