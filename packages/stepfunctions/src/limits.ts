/** Step Functions quotas and defaults, each with the AWS page it comes from. */

// "Step Functions service quotas": maximum input or output size for a state or execution (256 KiB, UTF-8 bytes).
export const MAX_PAYLOAD_BYTES = 256 * 1024;
// "Intrinsic functions": States.ArrayRange returns at most 1,000 elements.
export const INTRINSIC_ARRAY_RANGE_MAX_ITEMS = 1000;
// "Intrinsic functions": Base64Encode / Base64Decode / Hash accept at most 10,000 characters.
export const INTRINSIC_MAX_STRING_LENGTH = 10_000;
// "Intrinsic functions": States.MathAdd works on 32-bit integers.
export const INTRINSIC_MATH_MIN = -2_147_483_648;
export const INTRINSIC_MATH_MAX = 2_147_483_647;
// "Task workflow state": TimeoutSeconds defaults to 99999999 seconds.
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
// "Handling errors in Step Functions workflows": Retrier defaults.
export const DEFAULT_RETRY_INTERVAL_SECONDS = 1;
export const DEFAULT_RETRY_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_BACKOFF_RATE = 2.0;
// "Map state in Inline mode": at most 40 concurrent iterations whatever MaxConcurrency says.
export const INLINE_MAP_MAX_CONCURRENCY = 40;
// "Map state in Distributed mode": up to 10,000 parallel child workflow executions.
export const DISTRIBUTED_MAP_MAX_CONCURRENCY = 10_000;
// "Step Functions service quotas": a Standard execution's history holds at most 25,000 events (a hard
// quota; "Quotas for Express Workflows": unlimited for Express executions).
export const MAX_HISTORY_EVENTS = 25_000;
// RedriveExecution API reference: an execution can be redriven while its history has fewer than
// 24,999 events (room for ExecutionRedriven and one more event).
export const MAX_REDRIVABLE_HISTORY_EVENTS = 24_999;
// "Step Functions service quotas": a Standard execution runs at most one year.
export const MAX_STANDARD_EXECUTION_SECONDS = 365 * 24 * 3600;
// "Step Functions service quotas": an Express execution runs at most five minutes.
export const MAX_EXPRESS_EXECUTION_SECONDS = 5 * 60;
// TestState API reference: "The TestState API can run for up to five minutes" (then States.Timeout).
export const TEST_STATE_MAX_SECONDS = 5 * 60;
// GetExecutionHistory / ListExecutions / ListStateMachines: maxResults 0–1000, default 100 (API reference).
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
// CreateStateMachine / StartExecution: names are 1–80 characters (API reference).
export const MAX_NAME_LENGTH = 80;
// Amazon States Language: a state's name is at most 80 characters (INVALID_STATE_NAME past it).
export const MAX_STATE_NAME_LENGTH = 80;
// "Step Functions service quotas": 1 MiB maximum definition size.
export const MAX_DEFINITION_BYTES = 1024 * 1024;
/** Jackson's StreamReadConstraints.DEFAULT_MAX_DEPTH (2.15 on): the deepest JSON it parses. */
export const JACKSON_MAX_NESTING_DEPTH = 1000;
// Sandbox choice (AWS publishes no figure): guardrails that end a runaway JSONata evaluation with
// jsonata's own D1011 (stack) / D1012 (timeout) errors instead of freezing the process.
export const JSONATA_MAX_EVALUATION_DEPTH = 1000;
export const JSONATA_EVALUATION_TIMEOUT_MS = 5000;
// jsonata's range operator allocates at most 1e7 items (its D2014); $range keeps to the same.
export const JSONATA_MAX_RANGE_ITEMS = 10_000_000;
// Sandbox choice: an execution running states back to back gives the event loop a turn after this many.
export const STATES_BETWEEN_YIELDS = 1000;
// Sandbox choice: one JSONata regular-expression match may run this long (it runs on a worker thread).
export const JSONATA_REGEX_TIMEOUT_MS = 2000;
// "Step Functions service quotas": a standard execution's name can be reused 90 days after it closes.
export const EXECUTION_NAME_REUSE_DAYS = 90;
// RedriveExecution API reference: an execution can be redriven within 14 days of its end.
export const REDRIVABLE_PERIOD_DAYS = 14;
// "Step Functions service quotas": GetActivityTask long-polls for up to 60 seconds.
export const ACTIVITY_TASK_POLL_SECONDS = 60;
// Sandbox choice: parsed definitions kept for the executions that start on them (a cache, not a quota).
export const MAX_CACHED_DEFINITIONS = 500;
// "Call HTTPS APIs in Step Functions workflows": an HTTP Task's request times out after 60 seconds.
export const HTTP_TASK_TIMEOUT_SECONDS = 60;
// "Call HTTPS APIs in Step Functions workflows": the HTTP Task asks for the first 256 KiB (Range: bytes=0-262144).
export const HTTP_TASK_RANGE_END = 262_144;
// "EventBridge payloads" (Step Functions developer guide): an execution status-change event leaves out
// an escaped output, then an escaped input plus output, past 248 KB (EventBridge's event size quota).
export const MAX_STATUS_EVENT_PAYLOAD_BYTES = 248 * 1024;
