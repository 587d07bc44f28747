/**
 * The service graph (GetServiceGraph, GetTraceGraph): one node per service (name + type),
 * an edge from the service that made a call to the one that answered it (a segment's
 * parent_id names a subsegment of the caller's segment), and a "client" node in front of
 * each entry point, with statistics and histograms as X-Ray computes them.
 */
import { durationOf, type SegmentDocument } from "./document.js";
import type { TraceView } from "./assemble.js";
import { seconds, serviceIdOf } from "./summary.js";

interface Stats {
  ok: number;
  errorOther: number;
  throttle: number;
  fault: number;
  total: number;
  totalResponseTime: number;
  durations: Map<number, number>;
  start: number;
  end: number;
}

function inWindow(segment: SegmentDocument, window: TimeWindow): boolean {
  if (window.byStart === true) return segment.start_time >= window.start && segment.start_time < window.end;
  return segment.start_time <= window.end && (segment.end_time ?? segment.start_time) >= window.start;
}

interface GraphNode {
  key: string;
  segment?: SegmentDocument;
  client: boolean;
  root: boolean;
  stats: Stats;
  edges: Map<string, { target: GraphNode; stats: Stats }>;
}

export interface TimeWindow {
  /** Epoch seconds. */
  start: number;
  end: number;
  /** Count a segment only in the window it started in (time series periods), not every window it overlaps. */
  byStart?: boolean;
}

export function serviceGraph(views: Iterable<TraceView>, window?: TimeWindow): Record<string, unknown>[] {
  const nodes = new Map<string, GraphNode>();
  const client: GraphNode = { key: "client", client: true, root: false, stats: emptyStats(), edges: new Map() };
  for (const view of views) {
    for (const segment of view.segments) {
      if (window !== undefined && !inWindow(segment, window)) continue;
      const node = nodeFor(nodes, segment);
      count(node.stats, segment);
      const parent = segment.parent_id === undefined ? undefined : view.owner.get(segment.parent_id);
      if (parent !== undefined && parent !== segment) {
        addEdge(nodeFor(nodes, parent), node, segment);
      } else if (segment === view.root && segment.inferred !== true) {
        node.root = true;
        addEdge(client, node, segment);
      }
    }
  }
  const ordered = [...nodes.values()].sort((a, b) => a.stats.start - b.stats.start || a.key.localeCompare(b.key));
  const all = client.edges.size > 0 ? [client, ...ordered] : ordered;
  const refs = new Map(all.map((node, i) => [node, i]));
  return all.map((node) => render(node, refs));
}

function nodeFor(nodes: Map<string, GraphNode>, segment: SegmentDocument): GraphNode {
  const key = `${segment.origin ?? ""}\u0000${segment.name}`;
  let node = nodes.get(key);
  if (node === undefined) {
    node = { key, segment, client: false, root: false, stats: emptyStats(), edges: new Map() };
    nodes.set(key, node);
  }
  return node;
}

function addEdge(from: GraphNode, to: GraphNode, segment: SegmentDocument): void {
  let edge = from.edges.get(to.key);
  if (edge === undefined) from.edges.set(to.key, (edge = { target: to, stats: emptyStats() }));
  count(edge.stats, segment);
}

function emptyStats(): Stats {
  return { ok: 0, errorOther: 0, throttle: 0, fault: 0, total: 0, totalResponseTime: 0, durations: new Map(), start: Infinity, end: -Infinity };
}

function count(stats: Stats, segment: SegmentDocument): void {
  stats.total++;
  if (segment.fault === true) stats.fault++;
  else if (segment.throttle === true) stats.throttle++;
  else if (segment.error === true) stats.errorOther++;
  else stats.ok++;
  const duration = durationOf(segment);
  if (duration !== undefined) {
    stats.totalResponseTime += duration;
    const bucket = seconds(duration);
    stats.durations.set(bucket, (stats.durations.get(bucket) ?? 0) + 1);
  }
  stats.start = Math.min(stats.start, segment.start_time);
  stats.end = Math.max(stats.end, segment.end_time ?? segment.start_time);
}

function statistics(stats: Stats): Record<string, unknown> {
  return {
    OkCount: stats.ok,
    ErrorStatistics: { ThrottleCount: stats.throttle, OtherCount: stats.errorOther, TotalCount: stats.throttle + stats.errorOther },
    FaultStatistics: { OtherCount: stats.fault, TotalCount: stats.fault },
    TotalCount: stats.total,
    TotalResponseTime: seconds(stats.totalResponseTime),
  };
}

function histogram(stats: Stats): Array<{ Value: number; Count: number }> {
  return [...stats.durations].sort((a, b) => a[0] - b[0]).map(([Value, Count]) => ({ Value, Count }));
}

function render(node: GraphNode, refs: Map<GraphNode, number>): Record<string, unknown> {
  const edges = [...node.edges.values()].map((edge) => ({
    ReferenceId: refs.get(edge.target),
    StartTime: edge.stats.start,
    EndTime: edge.stats.end,
    SummaryStatistics: statistics(edge.stats),
    ResponseTimeHistogram: histogram(edge.stats),
    Aliases: [],
  }));
  if (node.client || node.segment === undefined) {
    return { ReferenceId: refs.get(node), Names: [], Type: "client", State: "unknown", StartTime: minStart(node), EndTime: maxEnd(node), Edges: edges };
  }
  const id = serviceIdOf(node.segment);
  return {
    ReferenceId: refs.get(node),
    Name: id.Name,
    Names: id.Names,
    Root: node.root,
    ...(id.AccountId !== undefined ? { AccountId: id.AccountId } : {}),
    ...(id.Type !== undefined ? { Type: id.Type } : {}),
    State: node.segment.inferred === true ? "unknown" : "active",
    StartTime: node.stats.start,
    EndTime: node.stats.end,
    Edges: edges,
    SummaryStatistics: statistics(node.stats),
    DurationHistogram: histogram(node.stats),
    ResponseTimeHistogram: histogram(node.stats),
  };
}

function minStart(node: GraphNode): number {
  return Math.min(...[...node.edges.values()].map((e) => e.stats.start));
}

function maxEnd(node: GraphNode): number {
  return Math.max(...[...node.edges.values()].map((e) => e.stats.end));
}
