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
