/** X-Ray quotas and the sandbox's own bounds (AWS docs: "AWS X-Ray endpoints and quotas"). */

/** X-Ray keeps trace data for 30 days. */
export const TRACE_RETENTION_MS = 30 * 24 * 3600 * 1000;
/**
 * Traces kept (in memory and in the store's snapshot). AWS keeps every trace for 30 days;
 * a laptop cannot, so the least recently updated traces are dropped past this.
 */
export const MAX_TRACES_KEPT = 10_000;
/** GetTraceSummaries page size. AWS does not document one; its console pages by 100s. */
export const TRACE_SUMMARIES_PAGE_SIZE = 100;
/** Segment names: up to 200 characters (X-Ray segment documents, "name"). */
export const MAX_SEGMENT_NAME_LENGTH = 200;
/**
 * Segment names may hold Unicode letters, numbers and whitespace and the symbols
 * _ . : / % & # = + \ - @ (X-Ray segment documents, "name").
 */
export const SEGMENT_NAME = /^[\p{L}\p{N}\s_.:/%&#=+\\\-@]+$/u;
/** Groups per account and region, Default included (X-Ray endpoints and quotas: "Groups", 25). */
export const MAX_GROUPS = 25;
/** Sampling rules per account and region, Default included (X-Ray endpoints and quotas: 25). */
export const MAX_SAMPLING_RULES = 25;
/** Tags on one group or sampling rule (X-Ray API reference, TagResource: "maximum of 50 tags"). */
export const MAX_TAGS = 50;
/** Resource policies per account (X-Ray API reference, PutResourcePolicy: "a maximum of 5"). */
export const MAX_RESOURCE_POLICIES = 5;
/** Bytes in one resource policy (X-Ray API reference, PutResourcePolicy: "maximum size … is 5KB"). */
export const MAX_POLICY_BYTES = 5 * 1024;
/** Seconds between an SDK's GetSamplingTargets calls (X-Ray Developer Guide, sampling: every 10 s). */
export const SAMPLING_TARGET_INTERVAL_S = 10;
/** Default group / Default sampling rule name (reserved). */
export const DEFAULT_NAME = "Default";
/** GetTimeSeriesServiceStatistics period when none is given: 60 s (X-Ray API reference). */
export const DEFAULT_STATISTICS_PERIOD_S = 60;
/** Periods one GetTimeSeriesServiceStatistics page walks at most (a day of minutes); the rest follow NextToken. Not an AWS figure: AWS documents none. */
export const MAX_STATISTICS_PERIODS_PER_PAGE = 1440;
/** Indexing rule "Default": X-Ray indexes 1 % of spans as trace summaries by default (Transaction Search). */
export const DEFAULT_INDEXING_PERCENTAGE = 1;
/** The X-Ray daemon's UDP port, which the X-Ray SDKs send to when AWS_XRAY_DAEMON_ADDRESS is unset (X-Ray Developer Guide, "AWS X-Ray daemon"). */
export const DAEMON_DEFAULT_PORT = 2000;
/** A daemon datagram's first line (X-Ray Developer Guide, "Sending segment documents to the X-Ray daemon"). */
export const DAEMON_HEADER = { format: "json", version: 1 } as const;
/**
 * Nesting of a filter expression (parentheses, !, { } and AND/OR links) past which it is
 * refused. The sandbox's bound, Jackson's default nesting limit; X-Ray documents none.
 */
export const MAX_FILTER_DEPTH = 1000;
/**
 * JSON nesting of one segment document past which it is InvalidJson: Jackson's default
 * (StreamReadConstraints.maxNestingDepth, 1000), as X-Ray's Java front end parses it. A
 * 64 KB document (X-Ray's documented maximum) nests some 800 subsegments at most anyway.
 */
export const MAX_DOCUMENT_DEPTH = 1000;
/**
 * Subsegment nesting of an assembled trace (standalone subsegments grafted under their
 * parents) past which further ones are left out. The sandbox's bound: a document's own
 * nesting stops near 500 subsegments (MAX_DOCUMENT_DEPTH), chains of standalone ones do not.
 */
export const MAX_ASSEMBLED_DEPTH = 500;
