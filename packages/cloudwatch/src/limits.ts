/** CloudWatch limits (Amazon CloudWatch User Guide: "CloudWatch service quotas"; API reference of each action). */

/** PutMetricData: up to 1000 metrics (MetricData entries) per request. */
export const MAX_METRIC_DATA = 1000;
/** PutMetricData: a Values array holds up to 150 unique values. */
export const MAX_VALUES = 150;
/** A metric has up to 30 dimensions. */
export const MAX_DIMENSIONS = 30;
/** Values must lie in -2^360 … 2^360 (MetricDatum.Value). */
export const MAX_ABS_VALUE = 2 ** 360;
/** Timestamps may be up to two weeks in the past and up to two hours in the future. */
export const MAX_PAST_MS = 14 * 24 * 3600 * 1000;
export const MAX_FUTURE_MS = 2 * 3600 * 1000;
/** Data at 1-minute resolution is kept 15 days; the sandbox keeps every point that long and drops older ones. */
export const RETENTION_MS = 15 * 24 * 3600 * 1000;
/** GetMetricStatistics: at most 1,440 datapoints per request. */
export const MAX_STATISTICS_DATAPOINTS = 1440;
/** GetMetricData: at most 500 queries, 100,800 datapoints by default. */
export const MAX_METRIC_DATA_QUERIES = 500;
export const DEFAULT_MAX_DATAPOINTS = 100_800;
/** ListMetrics pages hold 500 metrics. */
export const LIST_METRICS_PAGE = 500;
/** DescribeAlarms / DescribeAlarmHistory default MaxRecords (1…100). */
export const DEFAULT_MAX_RECORDS = 50;
/** RecentlyActive PT3H: metrics with a datapoint in the past three hours. */
export const RECENTLY_ACTIVE_MS = 3 * 3600 * 1000;
/** Alarm history is kept for 30 days. */
export const HISTORY_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** An alarm has at most 50 tags. */
export const MAX_TAGS = 50;
/** Periods a high-resolution metric or alarm may use below 60 seconds. */
export const SUB_MINUTE_PERIODS: readonly number[] = [1, 5, 10, 20, 30];
/** Alarms evaluate 10 or 30 second periods, or multiples of 60. */
export const ALARM_SUB_MINUTE_PERIODS: readonly number[] = [10, 20, 30];
/** PutMetricAlarm: up to 5 actions per state. */
export const MAX_ACTIONS = 5;
/** A request is at most 1 MB (PutMetricData API reference: "limited to 1 MB in size for HTTP POST requests"); AWS holds the other actions to less. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** A gzip body is inflated up to this much (enough to name the size of any real request); past it, it is a gzip bomb. */
export const MAX_INFLATED_BYTES = 16 * MAX_REQUEST_BYTES;
/** A composite alarm rule nested deeper than this is refused (not an AWS limit: parsing recurses per level; AlarmRule is at most 10,240 characters). */
export const MAX_RULE_DEPTH = 200;
