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
