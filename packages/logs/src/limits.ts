/** CloudWatch Logs quotas (AWS docs: "CloudWatch Logs quotas"). */

/** GetLogEvents/FilterLogEvents return at most this many events by default. */
export const MAX_EVENTS_PER_PAGE = 10_000;
/** PutLogEvents: at most 10,000 events per batch. */
export const MAX_PUT_EVENTS = 10_000;
/** PutLogEvents: an event is at most 256 KB (1 MB since 2025; we keep the documented 1 MB batch). */
export const MAX_EVENT_BYTES = 1_048_576;
/** Each event's overhead counted towards the batch size. */
export const EVENT_OVERHEAD_BYTES = 26;
/** DescribeLogGroups/DescribeLogStreams page size limit. */
export const MAX_DESCRIBE_LIMIT = 50;
/** Events more than 14 days in the past are rejected (tooOldLogEventEndIndex). */
export const MAX_EVENT_AGE_MS = 14 * 24 * 3600 * 1000;
/** Events more than 2 hours in the future are rejected (tooNewLogEventStartIndex). */
export const MAX_EVENT_FUTURE_MS = 2 * 3600 * 1000;
/**
 * Events kept per log stream in memory. AWS keeps everything until retention expires;
 * a laptop cannot, so the oldest events of a very chatty stream are dropped past this.
 * A Lambda environment's stream lives as long as the environment, which under load
 * serves every invocation (three platform lines each, ~250 bytes kept per line): 10,000
 * lines keep a stream's recent history at ~2.5 MB.
 */
export const MAX_EVENTS_KEPT_PER_STREAM = 10_000;
/** Valid values of retentionInDays (PutRetentionPolicy). */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** Logs Insights returns at most 10,000 rows (StartQuery `limit`, "CloudWatch Logs quotas"). */
export const MAX_QUERY_RESULTS = 10_000;
/** GetLogGroupFields looks at the events of the last 15 minutes (GetLogGroupFields API reference). */
export const LOG_GROUP_FIELDS_WINDOW_MS = 15 * 60 * 1000;
/** …or the 8 minutes either side of the `time` asked for. */
export const LOG_GROUP_FIELDS_HALF_WINDOW_MS = 8 * 60 * 1000;
/** DescribeQueries returns up to 1000 queries by default (DescribeQueries API reference). */
export const MAX_DESCRIBE_QUERIES = 1000;
/** Metric filters per log group ("CloudWatch Logs quotas": 100). */
export const MAX_METRIC_FILTERS_PER_GROUP = 100;
/** Subscription filters per log group ("CloudWatch Logs quotas": 2). */
export const MAX_SUBSCRIPTION_FILTERS_PER_GROUP = 2;
/** Resource policies per Region per account ("CloudWatch Logs quotas": 10). */
export const MAX_RESOURCE_POLICIES = 10;
/** TestMetricFilter takes 1–50 messages (model: TestEventMessages). */
export const MAX_TEST_MESSAGES = 50;
/**
 * Subscription deliveries are batched per filter and stream: at most one Lambda invocation per
 * window, and at most this many events in one (AWS batches too; a function subscribed to its own
 * log group then loops at this pace instead of spinning the sandbox).
 */
export const SUBSCRIPTION_BATCH_MS = 1000;
export const MAX_SUBSCRIPTION_BATCH_EVENTS = 10_000;
/** Events waiting for delivery per filter beyond this are dropped (with a warning). */
export const MAX_SUBSCRIPTION_PENDING_EVENTS = 50_000;
/**
 * How long an Insights query that nobody polls stays Scheduled/Running before it is Complete
 * (the sandbox's own choice: queries run at once, AWS's take seconds).
 */
export const QUERY_RUN_MS = 1000;
/**
 * How long a Logs Insights query with regular expressions may run on its worker thread before it
 * ends with status Timeout. AWS's queries time out after 60 minutes (StartQuery API reference);
 * the sandbox's logs are small, and a query still running after this is a runaway regex.
 */
export const INSIGHTS_QUERY_TIMEOUT_MS = 5000;
/** CreateExportTask's destinationPrefix when none is given (CreateExportTask API reference). */
export const DEFAULT_EXPORT_PREFIX = "exportedlogs";
/**
 * Insights queries remembered for GetQueryResults/DescribeQueries. AWS keeps results for 7 days;
 * the sandbox keeps the most recent ones in memory, the oldest dropped first.
 */
export const MAX_KEPT_QUERIES = 1000;

/** StartLiveTail: a LiveTailSessionUpdate every second (StartLiveTail API reference). */
export const LIVE_TAIL_UPDATE_INTERVAL_MS = 1000;
/** StartLiveTail: at most 500 log events per update, sampled beyond (StartLiveTail API reference). */
export const LIVE_TAIL_MAX_EVENTS_PER_UPDATE = 500;
/** StartLiveTail: a slow reader's backlog is cut at 5000 log events, the oldest dropped (StartLiveTail API reference). */
export const LIVE_TAIL_MAX_BUFFERED_EVENTS = 5000;
/** StartLiveTail: sessions time out after three hours (SessionTimeoutException, StartLiveTail API reference). */
export const LIVE_TAIL_SESSION_TIMEOUT_MS = 3 * 3600 * 1000;
/** CloudWatch Logs quotas: StartLiveTail concurrent sessions per account and Region. */
export const MAX_LIVE_TAIL_SESSIONS = 15;
/** Log group and log stream names (CreateLogGroup/CreateLogStream API reference: Length 1–512). */
export const MAX_NAME_LENGTH = 512;
/** A filter regex's {n,m} counts go up to 1000, as in RE2 (the sandbox's bound; AWS documents none). */
export const MAX_REGEX_REPEAT = 1000;
/**
 * States of one filter regex's automaton (each counted repetition adds one per count): bounds
 * the work per character of a message. The sandbox's bound; AWS caps the pattern at 1024
 * characters and documents no other.
 */
export const MAX_REGEX_STATES = 2_000;

/** A log anomaly detector's evaluationFrequency and anomalyVisibilityTime (days) when created without them (the AWS CLI's example logs/get-log-anomaly-detector.rst). */
export const DEFAULT_EVALUATION_FREQUENCY = "FIVE_MIN";
export const DEFAULT_ANOMALY_VISIBILITY_DAYS = 7;
