/** Amazon EventBridge quotas (EventBridge User Guide, "Amazon EventBridge quotas"). */

/** PutEvents: "Total size of the entries in the request" may not exceed 256 KB. */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;
/** Targets per rule (quota "Targets per rule": 5). */
export const MAX_TARGETS_PER_RULE = 5;
/** The event bus every account and Region has, which cannot be deleted. */
export const DEFAULT_BUS = "default";
/** Page size of List* without Limit (the model caps Limit at 100). */
export const DEFAULT_PAGE_SIZE = 100;
/** RetryPolicy defaults (PutTargets API reference): 185 attempts over 24 hours. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;
/** InvocationRateLimitPerSecond of an API destination created without one (recorded on AWS: 300). */
export const DEFAULT_INVOCATION_RATE_LIMIT = 300;
/** An API destination call that has not answered after 5 seconds fails (EventBridge User Guide, "API destinations": client execution timeout). */
export const API_DESTINATION_TIMEOUT_MS = 5000;
/** The rule EventBridge makes on the bus for each archive: "Events-Archive-<archive name>", managed by EventBridge (moto, AWS console). */
export const ARCHIVE_RULE_PREFIX = "Events-Archive-";
export const ARCHIVE_RULE_MANAGER = "prod.vhs.events.aws.internal";
