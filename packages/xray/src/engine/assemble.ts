/**
 * Assembles a stored trace the way X-Ray returns it: subsegments sent on their own are
 * placed under their parent, and each downstream call recorded as an "aws"/"remote"
 * subsegment that no real segment answers becomes an inferred segment.
 */
import { createHash } from "node:crypto";
import { durationOf, walk, type SegmentDocument } from "./document.js";
import { MAX_ASSEMBLED_DEPTH } from "../limits.js";
import type { StoredTrace } from "./state.js";

export interface TraceView {
  id: string;
  /** Segments (real and inferred) with their subsegments, by start time. */
  segments: SegmentDocument[];
  /** Epoch seconds: earliest start and latest end over all segments. */
  start: number;
  end: number;
  /** Seconds. */
  duration: number;
  /** The segment that received the request: the earliest one without a parent in the trace. */
  root: SegmentDocument;
  /** Some (sub)segment is still in progress. */
  partial: boolean;
  /** (Sub)segment id → the segment holding it (a segment holds itself). */
  owner: Map<string, SegmentDocument>;
  revision: number;
}

/** Inferred segment types by downstream call name (the X-Ray SDKs name AWS calls after the service). */
const INFERRED_ORIGINS: Record<string, string> = {
  DynamoDB: "AWS::DynamoDB::Table",
  S3: "AWS::S3::Bucket",
  SNS: "AWS::SNS",
  SQS: "AWS::SQS::Queue",
  Lambda: "AWS::Lambda",
  SFN: "AWS::StepFunctions::StateMachine",
  StepFunctions: "AWS::StepFunctions::StateMachine",
};

/** The trace's view, built once per revision. Undefined while the trace has no segment yet. */
export function viewOf(trace: StoredTrace): TraceView | undefined {
  if (trace.view !== undefined && trace.view.revision === trace.revision) return trace.view;
  const view = assemble(trace);
  if (view !== undefined) trace.view = view;
  return view;
}

function assemble(trace: StoredTrace): TraceView | undefined {
  const stored = [...trace.docs.values()];
  const standalone = stored.filter((d) => d.type === "subsegment").sort(byStart);
  // Standalone subsegments are grafted onto copies: the stored documents stay as received.
  const segments = stored.filter((d) => d.type !== "subsegment").map((d) => (standalone.length > 0 ? structuredClone(d) : d));
  if (segments.length === 0) return undefined;
  const nodes = new Map<string, SegmentDocument>();
  const owner = new Map<string, SegmentDocument>();
  const depths = new Map<string, number>();
  for (const segment of segments) index(segment, segment, 0, { nodes, owner, depths });
  graft(standalone, { nodes, owner, depths });

  const answered = new Set(segments.map((s) => s.parent_id).filter((p): p is string => p !== undefined));
  const inferred: SegmentDocument[] = [];
  for (const segment of segments) {
    walk(segment, (node, depth) => {
      if (depth > 0 && (node.namespace === "aws" || node.namespace === "remote") && !answered.has(node.id)) {
        inferred.push(inferSegment(node, trace.id));
      }
    });
  }
  for (const segment of inferred) owner.set(segment.id, segment);
  const all = [...segments, ...inferred].sort(byStart);

  let partial = false;
  let start = Infinity;
  let end = -Infinity;
  for (const segment of all) {
    start = Math.min(start, segment.start_time);
    end = Math.max(end, segment.end_time ?? segment.start_time);
    walk(segment, (node) => {
      if (node.in_progress === true) partial = true;
    });
  }
  const roots = segments.filter((s) => s.parent_id === undefined || !nodes.has(s.parent_id)).sort(byStart);
  const root = roots[0] ?? all[0];
  return { id: trace.id, segments: all, start, end, duration: end - start, root, partial, owner, revision: trace.revision };
}

/** Every (sub)segment of a trace by id: the node, the segment holding it, its nesting under that segment. */
interface TraceIndex {
  nodes: Map<string, SegmentDocument>;
  owner: Map<string, SegmentDocument>;
  depths: Map<string, number>;
}

function index(doc: SegmentDocument, segment: SegmentDocument, base: number, { nodes, owner, depths }: TraceIndex): void {
  walk(doc, (node, depth) => {
    nodes.set(node.id, node);
    owner.set(node.id, segment);
    depths.set(node.id, base + depth);
  });
}

/** How deep a document's own subsegments nest. */
function ownDepth(doc: SegmentDocument): number {
  let deepest = 0;
  walk(doc, (_node, depth) => {
    deepest = Math.max(deepest, depth);
  });
  return deepest;
}

/**
 * Places standalone subsegments under their parents; ones whose parent has not arrived wait.
 * A chain of standalone subsegments, each the parent of the next, nests without end: past
 * MAX_ASSEMBLED_DEPTH they wait too (thousands of levels ran BatchGetTraces out of stack).
 */
function graft(standalone: SegmentDocument[], traceIndex: TraceIndex): void {
  const { nodes, owner, depths } = traceIndex;
  let pending = standalone;
  let progress = true;
  while (pending.length > 0 && progress) {
    progress = false;
    const waiting: SegmentDocument[] = [];
    for (const sub of pending) {
      const parent = sub.parent_id === undefined ? undefined : nodes.get(sub.parent_id);
      const segment = sub.parent_id === undefined ? undefined : owner.get(sub.parent_id);
      if (parent === undefined || segment === undefined) {
        waiting.push(sub);
        continue;
      }
      const depth = (depths.get(parent.id) ?? 0) + 1;
      if (depth + ownDepth(sub) > MAX_ASSEMBLED_DEPTH) {
        waiting.push(sub);
        continue;
      }
      const { trace_id: _trace, parent_id: _parent, type: _type, ...embedded } = sub;
      const children = (parent.subsegments ??= []);
      const at = children.findIndex((c) => c.id === sub.id);
      if (at >= 0) children[at] = embedded;
      else children.push(embedded);
      children.sort(byStart);
      index(embedded, segment, depth, traceIndex);
      progress = true;
    }
    pending = waiting;
  }
}

function inferSegment(sub: SegmentDocument, traceId: string): SegmentDocument {
  const id = createHash("sha1").update(`inferred:${sub.id}`).digest("hex").slice(0, 16);
  const inferred: SegmentDocument = {
    id,
    name: sub.name,
    start_time: sub.start_time,
    trace_id: traceId,
    parent_id: sub.id,
    inferred: true,
    origin: INFERRED_ORIGINS[sub.name] ?? (sub.namespace === "remote" ? "remote" : `AWS::${sub.name}`),
  };
  if (sub.end_time !== undefined) inferred.end_time = sub.end_time;
  else inferred.in_progress = true;
  for (const flag of ["error", "fault", "throttle"] as const) if (sub[flag] === true) inferred[flag] = true;
  if (sub.http !== undefined) inferred.http = sub.http;
  if (sub.aws !== undefined) inferred.aws = sub.aws;
  return inferred;
}

function byStart(a: SegmentDocument, b: SegmentDocument): number {
  return a.start_time - b.start_time || (durationOf(b) ?? 0) - (durationOf(a) ?? 0);
}
