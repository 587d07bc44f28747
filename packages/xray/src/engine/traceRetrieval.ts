/**
 * Trace retrieval (StartTraceRetrieval, ListRetrievedTraces, GetRetrievedTracesGraph,
 * CancelTraceRetrieval) over the stored traces. AWS runs the retrieval in the background;
 * the sandbox has every trace at hand, so a retrieval is COMPLETE as soon as it starts.
 * Retrievals live for the session (AWS keeps the results for a limited time too).
 */
import { randomBase64Url } from "@sam-sandbox/core";
import { InvalidRequestException, ResourceNotFoundException, messages } from "../errors.js";
import type { TraceView } from "./assemble.js";
import { serviceGraph } from "./graph.js";
import { seconds } from "./summary.js";
import { epochSeconds } from "./time.js";
import type { TraceStore } from "./traceStore.js";

/** ListRetrievedTraces returns at most 5 traces a page (the model's TraceSpanList). */
const TRACES_PAGE_SIZE = 5;

interface Retrieval {
  traceIds: string[];
  /** Epoch seconds, inclusive (StartTraceRetrieval: "The range is inclusive"). */
  start: number;
  end: number;
  status: "COMPLETE" | "CANCELLED";
}

export class TraceRetrieval {
  private readonly retrievals = new Map<string, Retrieval>();

  constructor(private readonly store: TraceStore) {}

  startTraceRetrieval(input: { TraceIds: string[]; StartTime: unknown; EndTime: unknown }) {
    const start = epochSeconds(input.StartTime, "StartTime");
    const end = epochSeconds(input.EndTime, "EndTime");
    if (end < start) throw new InvalidRequestException(messages.timeRange());
    const token = randomBase64Url(24);
    this.retrievals.set(token, { traceIds: [...new Set(input.TraceIds)], start, end, status: "COMPLETE" });
    return { RetrievalToken: token };
  }

  private retrieval(token: string): Retrieval {
    const retrieval = this.retrievals.get(token);
    if (retrieval === undefined) throw new ResourceNotFoundException(messages.retrievalNotFound());
    return retrieval;
  }

  private views(retrieval: Retrieval): TraceView[] {
    if (retrieval.status === "CANCELLED") return [];
    return retrieval.traceIds
      .map((id) => this.store.view(id))
      .filter((v): v is TraceView => v !== undefined && v.start <= retrieval.end && v.end >= retrieval.start);
  }

  listRetrievedTraces(input: { RetrievalToken: string; TraceFormat?: "XRAY" | "OTEL"; NextToken?: string }) {
    const retrieval = this.retrieval(input.RetrievalToken);
    const format = input.TraceFormat ?? "XRAY";
    const views = this.views(retrieval);
    const from = input.NextToken === undefined ? 0 : Number(input.NextToken);
    if (!Number.isInteger(from) || from < 0 || from > views.length) throw new InvalidRequestException(messages.invalidNextToken());
    const page = views.slice(from, from + TRACES_PAGE_SIZE);
    const traces = page.map((view) => ({
      Id: view.id,
      Duration: seconds(view.duration),
      Spans: view.segments.map((s) => ({ Id: s.id, Document: JSON.stringify(format === "OTEL" ? otelSpan(view.id, s) : s) })),
    }));
    const next = from + page.length < views.length ? { NextToken: String(from + page.length) } : {};
    return { RetrievalStatus: retrieval.status, TraceFormat: format, Traces: traces, ...next };
  }

  getRetrievedTracesGraph(input: { RetrievalToken: string }) {
    const retrieval = this.retrieval(input.RetrievalToken);
    const services = serviceGraph(this.views(retrieval)).map((Service) => ({ Service, Links: [] }));
    return { RetrievalStatus: retrieval.status, Services: services };
  }

  cancelTraceRetrieval(input: { RetrievalToken: string }) {
    const retrieval = this.retrieval(input.RetrievalToken);
    retrieval.status = "CANCELLED";
    return {};
  }
}

/** A segment as an OpenTelemetry span (the OTLP JSON field names X-Ray's OTEL format uses). */
function otelSpan(traceId: string, segment: { id: string; name: string; parent_id?: string; start_time: number; end_time?: number; fault?: boolean; error?: boolean }) {
  const nanos = (s: number) => String(Math.round(s * 1e6) * 1000);
  return {
    traceId: traceId.replace(/-/g, "").slice(1),
    spanId: segment.id,
    ...(segment.parent_id !== undefined ? { parentSpanId: segment.parent_id } : {}),
    name: segment.name,
    startTimeUnixNano: nanos(segment.start_time),
    endTimeUnixNano: nanos(segment.end_time ?? segment.start_time),
    status: { code: segment.fault === true || segment.error === true ? "ERROR" : "UNSET" },
  };
}
