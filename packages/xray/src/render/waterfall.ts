/**
 * A trace as a terminal waterfall: one line per segment and subsegment, indented under
 * the (sub)segment that called it, with a bar placed by start and end relative to the
 * whole trace, the duration, and the HTTP status or error flag, colored by outcome.
 *
 *   Trace 1-…  ·  245.0 ms  ·  GET /orders → 200
 *   api/prod (ApiGateway::Stage)  ████████████████████████   245.0 ms  200
 *     createOrder (Lambda::Function)  ██████████████████     210.0 ms
 */
import type { SegmentDocument } from "../engine/document.js";
import { fit, formatDuration, padStart, palette, statusOf, type Palette } from "./ansi.js";

/** What BatchGetTraces returns per trace (the AWS SDK's `Trace` fits). */
export interface TraceLike {
  Id?: string;
  Duration?: number;
  Segments?: Array<{ Id?: string; Document?: string }>;
}

export interface WaterfallOptions {
  /** Line width in columns (default 100). */
  width?: number;
  /** ANSI colors (default false). */
  color?: boolean;
}

interface Row {
  node: SegmentDocument;
  depth: number;
  segment: boolean;
}

const DURATION_WIDTH = 10;
const STATUS_WIDTH = 8;
const MIN_BAR_WIDTH = 10;

export function renderWaterfall(trace: TraceLike, options: WaterfallOptions = {}): string {
  const paint = palette(options.color ?? false);
  const width = options.width ?? 100;
  const segments = parseSegments(trace);
  if (segments.length === 0) return `Trace ${trace.Id ?? "?"}: no segments.`;
  const rows = layout(segments);
  const t0 = Math.min(...rows.map((r) => r.node.start_time));
  const t1 = Math.max(...rows.map((r) => r.node.end_time ?? r.node.start_time));
  const total = t1 - t0;

  const labels = rows.map((row) => "  ".repeat(row.depth) + label(row));
  const nameWidth = Math.max(12, Math.min(Math.max(...labels.map((l) => [...l].length)), Math.floor(width * 0.4)));
  const barWidth = Math.max(MIN_BAR_WIDTH, width - nameWidth - DURATION_WIDTH - STATUS_WIDTH - 3);

  const lines = [header(trace, segments, total, paint)];
  const axisEnd = formatDuration(total);
  lines.push(paint.dim(`${" ".repeat(nameWidth)} 0${padStart(axisEnd, barWidth - 1)}`));
  rows.forEach((row, i) => {
    const status = statusOf(row.node);
    const color = row.node.inferred === true ? paint.dim : paint[status];
    const name = fit(labels[i], nameWidth);
    const bar = color(renderBar(row.node, t0, total, barWidth));
    const duration = padStart(row.node.end_time === undefined ? "…" : formatDuration(row.node.end_time - row.node.start_time), DURATION_WIDTH);
    const outcome = statusText(row.node);
    lines.push(`${row.segment ? name : paint.dim(name)} ${bar} ${duration} ${outcome === "" ? "" : paint[status](outcome)}`.trimEnd());
  });
  return lines.join("\n");
}

function parseSegments(trace: TraceLike): SegmentDocument[] {
  const out: SegmentDocument[] = [];
  for (const segment of trace.Segments ?? []) {
    if (segment.Document === undefined) continue;
    try {
      const doc = JSON.parse(segment.Document) as SegmentDocument;
      if (typeof doc.start_time === "number" && typeof doc.name === "string") out.push(doc);
    } catch {
      // a document the renderer cannot read is left out of the picture
    }
  }
  return out;
}

/** Depth-first rows: each (sub)segment followed by its subsegments and the segments it called. */
function layout(segments: SegmentDocument[]): Row[] {
  const ids = new Set<string>();
  for (const segment of segments) collectIds(segment, ids);
  const called = new Map<string, SegmentDocument[]>();
  const roots: SegmentDocument[] = [];
  for (const segment of segments) {
    if (segment.parent_id !== undefined && ids.has(segment.parent_id)) {
      const list = called.get(segment.parent_id) ?? [];
      list.push(segment);
      called.set(segment.parent_id, list);
    } else {
      roots.push(segment);
    }
  }
  const rows: Row[] = [];
  const visit = (node: SegmentDocument, depth: number, segment: boolean): void => {
    rows.push({ node, depth, segment });
    const children: Array<[SegmentDocument, boolean]> = [
      ...(node.subsegments ?? []).map((s): [SegmentDocument, boolean] => [s, false]),
      ...(called.get(node.id) ?? []).map((s): [SegmentDocument, boolean] => [s, true]),
    ];
    children.sort((a, b) => a[0].start_time - b[0].start_time);
    for (const [child, isSegment] of children) visit(child, depth + 1, isSegment);
  };
  for (const root of roots.sort((a, b) => a.start_time - b.start_time)) visit(root, 0, true);
  return rows;
}

function collectIds(doc: SegmentDocument, ids: Set<string>): void {
  ids.add(doc.id);
  for (const sub of doc.subsegments ?? []) collectIds(sub, ids);
}

function label(row: Row): string {
  const node = row.node;
  if (row.segment) {
    const origin = node.origin === undefined ? "" : node.origin.replace(/^AWS::/, "");
    const tags = [origin, node.inferred === true ? "inferred" : ""].filter((t) => t !== "").join(", ");
    return tags === "" ? node.name : `${node.name} (${tags})`;
  }
  const operation = node.aws?.operation;
  return typeof operation === "string" && !node.name.includes(operation) ? `${node.name} ${operation}` : node.name;
}

function renderBar(node: SegmentDocument, t0: number, total: number, width: number): string {
  if (total <= 0) return "█".repeat(width);
  const from = Math.min(width - 1, Math.floor(((node.start_time - t0) / total) * width));
  if (node.end_time === undefined) return " ".repeat(from) + "░".repeat(width - from);
  const to = Math.max(from + 1, Math.min(width, Math.round(((node.end_time - t0) / total) * width)));
  return " ".repeat(from) + "█".repeat(to - from) + " ".repeat(width - to);
}

function statusText(node: SegmentDocument): string {
  const status = node.http?.response?.status;
  if (typeof status === "number") return String(status);
  const outcome = statusOf(node);
  return outcome === "ok" ? "" : outcome;
}

function header(trace: TraceLike, segments: SegmentDocument[], total: number, paint: Palette): string {
  const parts = [paint.bold(`Trace ${trace.Id ?? segments[0].trace_id ?? "?"}`), formatDuration(trace.Duration ?? total)];
  const root = segments.find((s) => s.parent_id === undefined) ?? segments[0];
  const request = root.http?.request;
  if (request?.method !== undefined || request?.url !== undefined) {
    const status = root.http?.response?.status;
    const text = [request.method, request.url].filter((p) => p !== undefined).join(" ");
    parts.push(status === undefined ? text : `${text} → ${paint[statusOf(root)](String(status))}`);
  }
  return parts.join("  ·  ");
}
