/** API Gateway quotas: "Payload size" 10 MB, for REST and HTTP APIs alike (cannot be raised). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** HTTP API quotas: "Maximum integration timeout" 30 seconds (also the default TimeoutInMillis). */
export const HTTP_API_INTEGRATION_TIMEOUT_MS = 30_000;

/** REST API quotas: "Integration timeout" 50 milliseconds – 29 seconds, 29 s by default. */
export const REST_API_INTEGRATION_TIMEOUT_MS = 29_000;

/** The stage an HTTP API created by SAM serves from the URL root. */
export const DEFAULT_STAGE = "$default";

/** API Gateway quotas: "Throttle quota per account, per Region across HTTP APIs, REST APIs, WebSocket APIs, and WebSocket callback APIs" 10,000 requests per second. */
export const ACCOUNT_RATE_LIMIT = 10_000;

/** API Gateway quotas: the account's burst quota, 5,000 requests. */
export const ACCOUNT_BURST_LIMIT = 5_000;

/** REST API quotas: "Number of iterations in a #foreach ... #end loop in mapping templates" 1000 (Velocity stops the loop there). */
export const MAX_FOREACH_ITERATIONS = 1000;

/**
 * Sandbox choice (AWS documents no bound): a range literal a mapping template keeps in a variable
 * (`#set($r = [1..n])`) holds at most this many numbers; a #foreach over a range never builds it.
 */
export const MAX_TEMPLATE_RANGE_ITEMS = 1_000_000;

/**
 * Sandbox choice (AWS documents no bound): one mapping template renders for at most this long.
 * Rendering holds the sandbox's only thread; a template within AWS's quotas renders in milliseconds.
 */
export const MAX_TEMPLATE_RENDER_MS = 2000;

/**
 * Sandbox choice (AWS documents no bound): one match of a regular expression the API author wrote
 * (a template's matches/replaceAll/split, a selectionPattern, a validationExpression) may take this long.
 */
export const MAX_REGEX_MS = 2000;
