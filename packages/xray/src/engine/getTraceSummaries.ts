import { InvalidRequestException, messages } from "../errors.js";
import { matchesFilter } from "../filter/evaluate.js";
import { parseFilter, type FilterNode } from "../filter/parse.js";
import { TRACE_SUMMARIES_PAGE_SIZE } from "../limits.js";
import type { TraceView } from "./assemble.js";
import { traceSummary, type TraceSummary } from "./summary.js";
import { epochSeconds } from "./time.js";
import type { TraceStore } from "./traceStore.js";

export type TimeRangeType = "TraceId" | "Event" | "Service";

export interface GetTraceSummariesInput {
  StartTime: unknown;
  EndTime: unknown;
  TimeRangeType?: TimeRangeType;
  /** The sandbox records and returns every trace: Sampling and SamplingStrategy change nothing. */
  Sampling?: boolean;
  SamplingStrategy?: unknown;
  FilterExpression?: string;
  NextToken?: string;
}

export interface GetTraceSummariesOutput {
  TraceSummaries: TraceSummary[];
  ApproximateTime: number;
  TracesProcessedCount: number;
  NextToken?: string;
}

/**
 * Summaries of the traces in the time range that match the filter, newest first, a page at a
 * time. `resolveGroups` fills in the filters of the groups the expression names (group.name = …).
 */
export function getTraceSummaries(
  store: TraceStore,
  nowMs: number,
  input: GetTraceSummariesInput,
  resolveGroups: (node: FilterNode) => FilterNode = (node) => node,
): GetTraceSummariesOutput {
  const start = epochSeconds(input.StartTime, "StartTime");
  const end = epochSeconds(input.EndTime, "EndTime");
  const rangeType = input.TimeRangeType ?? "TraceId";
  const filter: FilterNode | undefined =
    input.FilterExpression === undefined || input.FilterExpression.trim() === "" ? undefined : resolveGroups(parseFilter(input.FilterExpression));
  const cursor = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);

  let processed = 0;
  const matched: TraceView[] = [];
  for (const view of store.views()) {
    if (!inRange(view, rangeType, start, end)) continue;
    processed++;
    if (filter === undefined || matchesFilter(filter, view)) matched.push(view);
  }
  matched.sort(newestFirst);
  const from = cursor === undefined ? 0 : matched.findIndex((v) => newestFirst(v, { start: cursor[0], id: cursor[1] }) > 0);
  const page = from < 0 ? [] : matched.slice(from, from + TRACE_SUMMARIES_PAGE_SIZE);
  const output: GetTraceSummariesOutput = {
    TraceSummaries: page.map(traceSummary),
    ApproximateTime: Math.floor(nowMs / 1000),
    TracesProcessedCount: processed,
  };
  const last = page[page.length - 1];
  if (from >= 0 && from + page.length < matched.length && last !== undefined) output.NextToken = encodeToken(last);
  return output;
}

function inRange(view: TraceView, rangeType: TimeRangeType, start: number, end: number): boolean {
  switch (rangeType) {
    case "TraceId": {
      // The trace id carries the request's start in epoch seconds.
      const at = Number.parseInt(view.id.slice(2, 10), 16);
      return at >= Math.floor(start) && at <= end;
    }
    case "Event":
      return view.end >= start && view.end <= end;
    case "Service":
      return view.segments.some((s) => s.start_time <= end && (s.end_time ?? s.start_time) >= start);
  }
}

function newestFirst(a: { start: number; id: string }, b: { start: number; id: string }): number {
  return b.start - a.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function encodeToken(view: TraceView): string {
  return Buffer.from(JSON.stringify([view.start, view.id])).toString("base64url");
}

function decodeToken(token: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string") return [value[0], value[1]];
  } catch {
    // falls through to the error below
  }
  throw new InvalidRequestException(messages.invalidNextToken());
}
