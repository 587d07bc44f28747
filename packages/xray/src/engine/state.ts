/**
 * Traces as kept in memory and in the store (collection "xray"): per trace the documents
 * received, by id. A newer document replaces an older one with the same id, except that an
 * in-progress document never replaces a completed one (they may arrive in either order).
 * Views (the assembled trace, its summary) are derived on read and cached per revision.
 */
import type { StateCodec } from "@sam-sandbox/core";
import { MAX_TRACES_KEPT, TRACE_RETENTION_MS } from "../limits.js";
import type { SegmentDocument } from "./document.js";
import type { TraceView } from "./assemble.js";

export interface StoredTrace {
  id: string;
  /** Segments and standalone subsegments by id. */
  docs: Map<string, SegmentDocument>;
  /** Epoch milliseconds of the last document received. */
  updatedAt: number;
  /** Counts updates (TraceSummary.Revision). */
  revision: number;
  /** Cached view of this revision (never stored). */
  view?: TraceView;
}

export interface TracesState {
  /** Ordered from least to most recently updated. */
  traces: Map<string, StoredTrace>;
}

/** One journal record per batch of documents. */
export interface TracesRecord {
  t: "docs";
  /** Epoch milliseconds when received. */
  at: number;
  docs: SegmentDocument[];
}

interface SnapshotTrace {
  id: string;
  updatedAt: number;
  revision: number;
  docs: SegmentDocument[];
}

export const tracesCodec: StateCodec<TracesState, TracesRecord> = {
  empty: () => ({ traces: new Map() }),
  toSnapshot: (state) => ({
    traces: [...state.traces.values()].map((t): SnapshotTrace => ({ id: t.id, updatedAt: t.updatedAt, revision: t.revision, docs: [...t.docs.values()] })),
  }),
  fromSnapshot: (json) => {
    const traces = new Map<string, StoredTrace>();
    for (const t of (json as { traces?: SnapshotTrace[] }).traces ?? []) {
      traces.set(t.id, { id: t.id, updatedAt: t.updatedAt, revision: t.revision, docs: new Map(t.docs.map((d) => [d.id, d])) });
    }
    return { traces };
  },
  apply: (state, record) => applyDocs(state, record.docs, record.at),
};

/** Adds validated documents (each has a trace_id), then drops what is past the bounds. */
export function applyDocs(state: TracesState, docs: readonly SegmentDocument[], at: number): void {
  for (const doc of docs) {
    const traceId = doc.trace_id;
    if (traceId === undefined) continue;
    let trace = state.traces.get(traceId);
    if (trace === undefined) {
      trace = { id: traceId, docs: new Map(), updatedAt: at, revision: 0 };
    } else {
      state.traces.delete(traceId); // re-inserted last: the map stays ordered by update
    }
    state.traces.set(traceId, trace);
    const existing = trace.docs.get(doc.id);
    if (existing !== undefined && existing.in_progress !== true && doc.in_progress === true) continue;
    trace.docs.set(doc.id, doc);
    trace.updatedAt = at;
    trace.revision++;
    trace.view = undefined;
  }
  evict(state, at);
}

function evict(state: TracesState, now: number): void {
  for (const [id, trace] of state.traces) {
    if (state.traces.size <= MAX_TRACES_KEPT && trace.updatedAt >= now - TRACE_RETENTION_MS) break;
    state.traces.delete(id);
  }
}
