/**
 * GetTimeSeriesServiceStatistics: the statistics of one service (or one edge) of the service
 * graph, per period, computed from the stored segments. EntitySelectorExpression names the
 * entity as a filter expression does: service("name"), id(name: …, type: …) or
 * edge("from", "to"); without it, "edge statistics are returned" (X-Ray API reference):
 * those of the edges from clients to the traces' entry points, together.
 */
import { InvalidRequestException, messages } from "../errors.js";
import { matchesFilter } from "../filter/evaluate.js";
import { parseFilter, type FilterNode, type NodeMatch } from "../filter/parse.js";
import { DEFAULT_STATISTICS_PERIOD_S, MAX_STATISTICS_PERIODS_PER_PAGE } from "../limits.js";
import type { TraceView } from "./assemble.js";
import { serviceGraph } from "./graph.js";
import { epochSeconds } from "./time.js";
import type { TraceStore } from "./traceStore.js";

export interface GetTimeSeriesServiceStatisticsInput {
  StartTime: unknown;
  EndTime: unknown;
  GroupName?: string;
  GroupARN?: string;
  EntitySelectorExpression?: string;
  Period?: number;
  ForecastStatistics?: boolean;
  NextToken?: string;
}

type Selector = { kind: "service"; match?: NodeMatch } | { kind: "edge"; from: NodeMatch; to: NodeMatch } | { kind: "entry" };


type GraphService = Record<string, unknown> & { Name?: string; Type?: string; Root?: boolean; ReferenceId?: number; Edges?: Array<Record<string, unknown>> };

function selector(expression: string | undefined): Selector {
  if (expression === undefined) return { kind: "entry" };
  // A bare id(…) selects the service it names.
  const node = parseFilter(/^\s*id\s*\(/.test(expression) ? `service(${expression})` : expression);
  if (node.kind === "service") return { kind: "service", ...(node.match !== undefined ? { match: node.match } : {}) };
  if (node.kind === "edge") return { kind: "edge", from: node.from, to: node.to };
  throw new InvalidRequestException(messages.invalidFilter("the entity selector must be service(…) or edge(…, …)"));
}

function matches(service: GraphService, match: NodeMatch | undefined): boolean {
  if (match === undefined) return true;
  return (match.name === undefined || service.Name === match.name) && (match.type === undefined || service.Type === match.type);
}

/** One period's statistics for the selected entity, or undefined when it saw no request. */
function periodStatistics(services: GraphService[], select: Selector): Record<string, unknown> | undefined {
  if (select.kind === "edge") {
    const from = services.find((s) => s.Type !== "client" && matches(s, select.from));
    const to = services.find((s) => s.Type !== "client" && matches(s, select.to));
    const edge = from?.Edges?.find((e) => e.ReferenceId === to?.ReferenceId);
    if (edge === undefined) return undefined;
    return { EdgeSummaryStatistics: edge.SummaryStatistics, ResponseTimeHistogram: edge.ResponseTimeHistogram };
  }
  if (select.kind === "entry") {
    const edges = services.filter((s) => s.Type === "client").flatMap((s) => s.Edges ?? []);
    if (edges.length === 0) return undefined;
    return { EdgeSummaryStatistics: sumStatistics(edges.map((e) => e.SummaryStatistics as Statistics)), ResponseTimeHistogram: sumHistograms(edges) };
  }
  const picked = services.filter((s) => s.Type !== "client" && matches(s, select.match));
  const first = picked[0];
  if (first === undefined) return undefined;
  return { ServiceSummaryStatistics: first.SummaryStatistics, ResponseTimeHistogram: first.ResponseTimeHistogram };
}

interface Statistics {
  OkCount: number;
  ErrorStatistics: { ThrottleCount: number; OtherCount: number; TotalCount: number };
  FaultStatistics: { OtherCount: number; TotalCount: number };
  TotalCount: number;
  TotalResponseTime: number;
}

function sumStatistics(all: Statistics[]): Statistics {
  const sum = (pick: (s: Statistics) => number) => all.reduce((total, s) => total + pick(s), 0);
  return {
    OkCount: sum((s) => s.OkCount),
    ErrorStatistics: {
      ThrottleCount: sum((s) => s.ErrorStatistics.ThrottleCount),
      OtherCount: sum((s) => s.ErrorStatistics.OtherCount),
      TotalCount: sum((s) => s.ErrorStatistics.TotalCount),
    },
    FaultStatistics: { OtherCount: sum((s) => s.FaultStatistics.OtherCount), TotalCount: sum((s) => s.FaultStatistics.TotalCount) },
    TotalCount: sum((s) => s.TotalCount),
    TotalResponseTime: Math.round(sum((s) => s.TotalResponseTime) * 1000) / 1000,
  };
}

function sumHistograms(edges: Array<Record<string, unknown>>): Array<{ Value: number; Count: number }> {
  const counts = new Map<number, number>();
  for (const edge of edges) {
    for (const entry of (edge.ResponseTimeHistogram ?? []) as Array<{ Value: number; Count: number }>) counts.set(entry.Value, (counts.get(entry.Value) ?? 0) + entry.Count);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([Value, Count]) => ({ Value, Count }));
}

export function getTimeSeriesServiceStatistics(store: TraceStore, groupFilter: FilterNode | undefined, input: GetTimeSeriesServiceStatisticsInput) {
  const start = epochSeconds(input.StartTime, "StartTime");
  const end = epochSeconds(input.EndTime, "EndTime");
  if (end < start) throw new InvalidRequestException(messages.timeRange());
  const period = input.Period !== undefined && input.Period > 0 ? input.Period : DEFAULT_STATISTICS_PERIOD_S;
  const select = selector(input.EntitySelectorExpression);
  const views: TraceView[] = [];
  for (const view of store.views()) {
    if (view.start <= end && view.end >= start && (groupFilter === undefined || matchesFilter(groupFilter, view))) views.push(view);
  }
  // A segment counts in the period it started in: only the periods holding a segment's start
  // are computed (a range of years at Period 1 is mostly empty periods), at most
  // MAX_STATISTICS_PERIODS_PER_PAGE of them a page, the rest behind NextToken.
  const from = pageStart(input.NextToken, start);
  const periods = new Map<number, TraceView[]>();
  for (const view of views) {
    for (const segment of view.segments) {
      if (segment.start_time < from || segment.start_time >= end) continue;
      const bucket = Math.floor(segment.start_time / period) * period;
      const list = periods.get(bucket);
      if (list === undefined) periods.set(bucket, [view]);
      else if (list[list.length - 1] !== view) list.push(view);
    }
  }
  const buckets = [...periods.keys()].sort((x, y) => x - y);
  const statistics: Record<string, unknown>[] = [];
  for (const [i, bucket] of buckets.entries()) {
    if (i === MAX_STATISTICS_PERIODS_PER_PAGE) return { TimeSeriesServiceStatistics: statistics, ContainsOldGroupVersions: false, NextToken: String(bucket) };
    const window = { start: Math.max(bucket, from), end: Math.min(bucket + period, end), byStart: true };
    const stats = periodStatistics(serviceGraph(periods.get(bucket) ?? [], window) as GraphService[], select);
    if (stats !== undefined) statistics.push({ Timestamp: bucket, ...stats });
  }
  return { TimeSeriesServiceStatistics: statistics, ContainsOldGroupVersions: false };
}

/** Where a page starts: NextToken is the epoch second of its first period. */
function pageStart(token: string | undefined, start: number): number {
  if (token === undefined) return start;
  const at = Number(token);
  if (!Number.isFinite(at) || at < start) throw new InvalidRequestException(messages.invalidNextToken());
  return at;
}
