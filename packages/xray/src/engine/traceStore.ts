import type { Clock, DurableState, Logger } from "@sam-sandbox/core";
import { viewOf, type TraceView } from "./assemble.js";
import type { SegmentDocument } from "./document.js";
import { applyDocs, type TracesRecord, type TracesState } from "./state.js";
import { seconds, traceSummary, type TraceSummary } from "./summary.js";

/** A trace as BatchGetTraces returns it. */
export interface Trace {
  Id: string;
  Duration: number;
  LimitExceeded: boolean;
  Segments: Array<{ Id: string; Document: string }>;
}

/**
 * Every segment the sandbox knows: documents sent with PutTraceSegments and segments the
 * services record through the tracer land here alike. State lives in the store's "xray"
 * collection, bounded to the most recently updated traces (limits.ts).
 */
export class TraceStore {
  constructor(
    private readonly durable: DurableState<TracesState, TracesRecord>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.durable.state.traces.size;
  }

  /** Adds checked documents; resolves once they are durable (PutTraceSegments answers then). */
  put(docs: SegmentDocument[]): Promise<void> {
    if (docs.length === 0) return Promise.resolve();
    const at = this.clock.now();
    applyDocs(this.durable.state, docs, at);
    return this.durable.commit({ t: "docs", at, docs });
  }

  /** The tracer's path: applied at once, written in the background (a failed write is logged). */
  record(doc: SegmentDocument): void {
    this.put([doc]).catch((error: unknown) => {
      this.logger.error(`X-Ray: could not store segment ${doc.id}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  view(traceId: string): TraceView | undefined {
    const trace = this.durable.state.traces.get(traceId);
    return trace === undefined ? undefined : viewOf(trace);
  }

  /** Every trace with at least one segment, most recently updated first. */
  *views(): Generator<TraceView> {
    const traces = [...this.durable.state.traces.values()];
    for (let i = traces.length - 1; i >= 0; i--) {
      const view = viewOf(traces[i]);
      if (view !== undefined) yield view;
    }
  }

  /** The trace as BatchGetTraces returns it (also what renderWaterfall takes). */
  trace(traceId: string): Trace | undefined {
    const view = this.view(traceId);
    return view === undefined ? undefined : toTrace(view);
  }

  summary(traceId: string): TraceSummary | undefined {
    const view = this.view(traceId);
    return view === undefined ? undefined : traceSummary(view);
  }
}

export function toTrace(view: TraceView): Trace {
  return {
    Id: view.id,
    Duration: seconds(view.duration),
    LimitExceeded: false,
    Segments: view.segments.map((s) => ({ Id: s.id, Document: JSON.stringify(s) })),
  };
}
