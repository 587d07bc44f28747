/**
 * The Tracer services receive (core's tracing port), recording into the TraceStore.
 * A segment's subsegments are embedded in its document when it closes, as the X-Ray SDKs
 * send them; a subsegment still open then is sent on its own when it closes (type
 * "subsegment" with parent_id), and the store places it under its parent.
 * A request whose header carries no decision (or no header at all) is sampled by the
 * sampling rules stored in X-Ray (engine/sampler.ts), as X-Ray's centralized sampling does;
 * without rules (a tracer made alone) every such request is recorded.
 */
import {
  formatTraceHeader,
  newSegmentId,
  newTraceId,
  parseTraceHeader,
  type AnnotationValue,
  type Clock,
  type CloseSegmentOptions,
  type SegmentHandle,
  type SamplingRequest,
  type SegmentHttpRequest,
  type StartSegmentOptions,
  type SubsegmentOptions,
  type TraceHeader,
  type Tracer,
} from "@sam-sandbox/core";
import type { HttpDocument, SegmentDocument } from "./engine/document.js";

export type SegmentSink = (doc: SegmentDocument) => void;

export class RecordingTracer implements Tracer {
  readonly enabled = true;

  constructor(
    private readonly clock: Clock,
    private readonly sink: SegmentSink,
    private readonly sampler?: { sample(request: SamplingRequest): boolean },
  ) {}

  sample(request: SamplingRequest): boolean {
    return this.sampler === undefined || this.sampler.sample(request);
  }

  startSegment(options: StartSegmentOptions): SegmentHandle {
    const incoming = parseTraceHeader(options.traceHeader);
    const traceId = incoming?.root ?? newTraceId(this.clock);
    const parentId = options.parentId ?? incoming?.parent;
    const sampled = options.sampled ?? incoming?.sampled ?? this.sample(samplingRequest(options));
    if (!sampled) return new UnsampledSegment(traceId, { ...incoming, root: traceId });
    const doc: SegmentDocument = { id: newSegmentId(), name: options.name, trace_id: traceId, start_time: this.seconds(options.startTime) };
    if (parentId !== undefined) doc.parent_id = parentId;
    if (options.origin !== undefined) doc.origin = options.origin;
    if (options.user !== undefined) doc.user = options.user;
    if (options.resourceArn !== undefined) doc.resource_arn = options.resourceArn;
    describe(doc, options);
    return new LiveSegment(this, doc, traceId, incoming?.lineage, undefined);
  }

  /** Epoch seconds (X-Ray's unit) of a millisecond time, or of now. */
  seconds(ms: number | undefined): number {
    return (ms ?? this.clock.now()) / 1000;
  }

  emit(doc: SegmentDocument): void {
    this.sink(doc);
  }
}

class LiveSegment implements SegmentHandle {
  readonly sampled = true;
  private closed = false;
  /** Closed subsegments, embedded when this (sub)segment closes. */
  private readonly children: SegmentDocument[] = [];

  constructor(
    private readonly tracer: RecordingTracer,
    private readonly doc: SegmentDocument,
    readonly traceId: string,
    private readonly lineage: string | undefined,
    private readonly parent: LiveSegment | undefined,
  ) {}

  get id(): string {
    return this.doc.id;
  }

  header(): string {
    const header: TraceHeader = { root: this.traceId, parent: this.doc.id, sampled: true };
    if (this.lineage !== undefined) header.lineage = this.lineage;
    return formatTraceHeader(header);
  }

  addSubsegment(options: SubsegmentOptions): SegmentHandle {
    const doc: SegmentDocument = { id: newSegmentId(), name: options.name, start_time: this.tracer.seconds(options.startTime) };
    if (options.namespace !== undefined) doc.namespace = options.namespace;
    describe(doc, options);
    return new LiveSegment(this.tracer, doc, this.traceId, this.lineage, this);
  }

  annotate(key: string, value: AnnotationValue): void {
    if (this.closed) return; // the document may already be stored
    (this.doc.annotations ??= {})[key] = value;
  }

  close(result: CloseSegmentOptions = {}): void {
    if (this.closed) return;
    this.closed = true;
    const doc = this.doc;
    doc.end_time = Math.max(doc.start_time, this.tracer.seconds(result.endTime));
    applyResult(doc, result);
    if (this.children.length > 0) doc.subsegments = this.children.sort((a, b) => a.start_time - b.start_time);
    if (this.parent === undefined) {
      this.tracer.emit(doc);
    } else if (!this.parent.closed) {
      this.parent.children.push(doc);
    } else {
      this.tracer.emit({ ...doc, type: "subsegment", trace_id: this.traceId, parent_id: this.parent.id });
    }
  }
}

/** Sampled=0: nothing is recorded, the decision travels on downstream. */
class UnsampledSegment implements SegmentHandle {
  readonly sampled = false;
  readonly id = newSegmentId();

  constructor(
    readonly traceId: string,
    private readonly incoming: TraceHeader,
  ) {}

  header(): string {
    return formatTraceHeader({ ...this.incoming, parent: this.id, sampled: false });
  }

  addSubsegment(): SegmentHandle {
    return this;
  }

  annotate(): void {}

  close(): void {}
}

/** What the rules match an entry point's request on. */
function samplingRequest(options: StartSegmentOptions): SamplingRequest {
  const request: SamplingRequest = { serviceName: options.name };
  if (options.origin !== undefined) request.serviceType = options.origin;
  if (options.resourceArn !== undefined) request.resourceArn = options.resourceArn;
  const url = parseUrl(options.http?.url);
  if (url !== undefined) {
    request.host = url.hostname;
    request.urlPath = url.pathname;
  }
  if (options.http?.method !== undefined) request.httpMethod = options.http.method;
  return request;
}

function parseUrl(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined; // a request line the rules then match on name and type only
  }
}

function describe(doc: SegmentDocument, options: { http?: SegmentHttpRequest; aws?: Record<string, unknown>; annotations?: Record<string, AnnotationValue> }): void {
  if (options.http !== undefined) doc.http = { request: httpRequest(options.http) };
  if (options.aws !== undefined) doc.aws = { ...options.aws };
  if (options.annotations !== undefined) doc.annotations = { ...options.annotations };
}

function httpRequest(http: SegmentHttpRequest): NonNullable<HttpDocument["request"]> {
  const request: NonNullable<HttpDocument["request"]> = {};
  if (http.method !== undefined) request.method = http.method;
  if (http.url !== undefined) request.url = http.url;
  if (http.userAgent !== undefined) request.user_agent = http.userAgent;
  if (http.clientIp !== undefined) request.client_ip = http.clientIp;
  if (http.xForwardedFor !== undefined) request.x_forwarded_for = http.xForwardedFor;
  return request;
}

/** Flags from the status as the X-Ray SDKs set them: 4xx error, 429 also throttle, 5xx fault. */
function applyResult(doc: SegmentDocument, result: CloseSegmentOptions): void {
  const status = result.status;
  const error = result.error ?? (status !== undefined && status >= 400 && status < 500);
  const throttle = result.throttle ?? status === 429;
  const fault = result.fault ?? (status !== undefined && status >= 500);
  if (error || throttle) doc.error = true;
  if (throttle) doc.throttle = true;
  if (fault) doc.fault = true;
  if (status !== undefined || result.contentLength !== undefined) {
    const response: NonNullable<HttpDocument["response"]> = {};
    if (status !== undefined) response.status = status;
    if (result.contentLength !== undefined) response.content_length = result.contentLength;
    doc.http = { ...doc.http, response };
  }
  if (result.aws !== undefined) doc.aws = { ...doc.aws, ...result.aws };
  if (result.cause !== undefined) {
    const cause = result.cause;
    const exception: Record<string, unknown> = { id: newSegmentId(), message: cause.message };
    const type = cause instanceof Error ? cause.name : cause.type;
    if (type !== undefined) exception.type = type;
    if (!(cause instanceof Error) && cause.remote === true) exception.remote = true;
    doc.cause = { exceptions: [exception] };
  }
}
