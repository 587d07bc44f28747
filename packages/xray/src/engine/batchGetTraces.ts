import type { Trace, TraceStore } from "./traceStore.js";

export interface BatchGetTracesInput {
  TraceIds: string[];
  NextToken?: string;
}

/** Traces in the order asked; ids the sandbox does not know are left out, as X-Ray does. */
export function batchGetTraces(store: TraceStore, input: BatchGetTracesInput): { Traces: Trace[]; UnprocessedTraceIds: string[] } {
  const traces: Trace[] = [];
  for (const id of new Set(input.TraceIds)) {
    const trace = store.trace(id);
    if (trace !== undefined) traces.push(trace);
  }
  return { Traces: traces, UnprocessedTraceIds: [] };
}
