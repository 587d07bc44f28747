/**
 * Tracing port (DESIGN.md rule 7): the X-Amzn-Trace-Id header, X-Ray ids, and the `Tracer`
 * a service receives to record segments. packages/xray implements the Tracer; without it
 * (or with tracing off) services get NOOP_TRACER.
 *
 * Hot paths pay one check: record only when the request carries a trace header
 * (`isTracing(tracer, header)`), so an untraced DynamoDB call allocates nothing.
 */
import type { Clock } from "./clock.js";
import type { EdgeRequest, EdgeResponse } from "./http.js";
import { hex, traceId } from "./ids.js";

/** Header name as EdgeRequest keeps it (lower-case). */
export const TRACE_HEADER = "x-amzn-trace-id";
/** Environment variable a traced Lambda function reads (and the AWS SDK forwards as the header). */
export const TRACE_ENV = "_X_AMZN_TRACE_ID";

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/** X-Ray trace id: "1-<8 hex epoch seconds>-<24 hex>". */
export function isTraceId(value: string): boolean {
  return TRACE_ID.test(value);
}

/** Segment and subsegment ids: 64 bits in 16 hex digits. */
export function isSegmentId(value: string): boolean {
  return SEGMENT_ID.test(value);
}

export function newTraceId(clock: Clock): string {
  return traceId(clock.now());
}

export function newSegmentId(): string {
  return hex(8);
}

/** The parts of an X-Amzn-Trace-Id header. */
export interface TraceHeader {
  /** Trace id (Root=). */
  root: string;
  /** Id of the segment or subsegment that made the call (Parent=). */
  parent?: string;
  /** Sampled=1 → true, Sampled=0 → false; absent (or "?") → the receiver decides. */
  sampled?: boolean;
  /** Sampled=? — the caller asks the receiver to decide and tell it back. */
  sampleRequested?: boolean;
  /** Lambda's recursive-loop detection (Lineage=…), kept verbatim. */
  lineage?: string;
  /** Self= as an Application Load Balancer adds it. */
  self?: string;
  /** Other key=value pairs, kept in order and passed on unchanged as X-Ray does. */
  extra?: Array<[string, string]>;
}

/**
 * Parses "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1".
 * Undefined when there is no valid Root: the receiver then starts a new trace, as AWS
 * services do. Keys are matched case-insensitively; percent-escapes (the AWS SDKs'
 * recursion-detection middleware encodes the header) are decoded.
 */
export function parseTraceHeader(value: string | undefined): TraceHeader | undefined {
  if (value === undefined || value === "") return undefined;
  const text = value.includes("%") ? safeDecode(value) : value;
  let root: string | undefined;
  const out: Omit<TraceHeader, "root"> = {};
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const val = part.slice(eq + 1).trim();
    switch (key.toLowerCase()) {
      case "root":
        root = val;
        break;
      case "parent":
        if (isSegmentId(val)) out.parent = val;
        break;
      case "sampled":
        if (val === "1") out.sampled = true;
        else if (val === "0") out.sampled = false;
        else if (val === "?") out.sampleRequested = true;
        break;
      case "lineage":
        out.lineage = val;
        break;
      case "self":
        out.self = val;
        break;
      default:
        if (key !== "") (out.extra ??= []).push([key, val]);
    }
  }
  if (root === undefined || !isTraceId(root)) return undefined;
  return { root, ...out };
}

/** "Root=…;Parent=…;Sampled=1;Lineage=…" (Self first, as load balancers write it). */
export function formatTraceHeader(header: TraceHeader): string {
  let text = header.self !== undefined ? `Self=${header.self};Root=${header.root}` : `Root=${header.root}`;
  if (header.parent !== undefined) text += `;Parent=${header.parent}`;
  if (header.sampled !== undefined) text += `;Sampled=${header.sampled ? "1" : "0"}`;
  else if (header.sampleRequested) text += ";Sampled=?";
  if (header.lineage !== undefined) text += `;Lineage=${header.lineage}`;
  for (const [key, val] of header.extra ?? []) text += `;${key}=${val}`;
  return text;
}

/** A header for a request entering the sandbox without one (API Gateway adds one to every request). */
export function createTraceHeader(clock: Clock, sampled: boolean): string {
  return formatTraceHeader({ root: newTraceId(clock), sampled });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Segment origins the sandbox's services record (X-Ray's `origin` field). */
export type SegmentOrigin =
  | "AWS::ApiGateway::Stage"
  | "AWS::Lambda"
  | "AWS::Lambda::Function"
  | "AWS::DynamoDB::Table"
  | "AWS::SNS"
  | "AWS::SQS::Queue"
  | "AWS::StepFunctions::StateMachine"
  | "AWS::S3::Bucket"
  | (string & {});

export type AnnotationValue = string | number | boolean;

export interface SegmentHttpRequest {
  method?: string;
  url?: string;
  userAgent?: string;
  clientIp?: string;
  /** True when clientIp came from X-Forwarded-For. */
  xForwardedFor?: boolean;
}

export interface StartSegmentOptions {
  /** Service name shown on the trace map: function, table, "api-id/stage", state machine name. */
  name: string;
  origin?: SegmentOrigin;
  /** The incoming X-Amzn-Trace-Id value; without one a new trace starts. */
  traceHeader?: string;
  /** Overrides the header's Parent. */
  parentId?: string;
  /** Epoch milliseconds; the tracer's clock by default. */
  startTime?: number;
  http?: SegmentHttpRequest;
  /** X-Ray's free-form `aws` object: { operation, table_name, function_arn, request_id, … }. */
  aws?: Record<string, unknown>;
  resourceArn?: string;
  /** The user who made the request (filterable with `user = "…"`). */
  user?: string;
  annotations?: Record<string, AnnotationValue>;
  /** A decision the entry point already made with Tracer.sample(); without it an undecided header is sampled by the tracer's rules. */
  sampled?: boolean;
}

/** What X-Ray's centralized sampling rules match a request on (the fields of a SamplingRule). */
export interface SamplingRequest {
  /** The segment's name (ServiceName): function, "api/stage", state machine. */
  serviceName: string;
  /** The segment's origin (ServiceType). */
  serviceType?: string;
  host?: string;
  httpMethod?: string;
  urlPath?: string;
  resourceArn?: string;
}

export interface SubsegmentOptions {
  name: string;
  /** "aws" for a call to an AWS service, "remote" for any other downstream call. */
  namespace?: "aws" | "remote";
  startTime?: number;
  http?: SegmentHttpRequest;
  aws?: Record<string, unknown>;
  annotations?: Record<string, AnnotationValue>;
}

export interface SegmentCause {
  message: string;
  /** Exception type, e.g. "ConditionalCheckFailedException". */
  type?: string;
  /** True when the exception came from a downstream service. */
  remote?: boolean;
}

export interface CloseSegmentOptions {
  /** HTTP status of the response; sets error (4xx), throttle (429) and fault (5xx) unless given. */
  status?: number;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: SegmentCause | Error;
  contentLength?: number;
  /** Epoch milliseconds; the tracer's clock by default. */
  endTime?: number;
  /** Merged into the `aws` object given at the start (e.g. request_id once known). */
  aws?: Record<string, unknown>;
}

export interface SegmentHandle {
  readonly id: string;
  readonly traceId: string;
  /** False when nothing is recorded (Sampled=0, or tracing off); the trace is still propagated. */
  readonly sampled: boolean;
  /** X-Amzn-Trace-Id for a call made from inside this (sub)segment: Root=…;Parent=<id>;Sampled=1. */
  header(): string;
  /** Starts a subsegment: a downstream call, or a phase such as "Invocation". */
  addSubsegment(options: SubsegmentOptions): SegmentHandle;
  /** An indexed annotation (searchable with `annotation.key = …`). */
  annotate(key: string, value: AnnotationValue): void;
  /** Ends the (sub)segment and records it. A second close is ignored. */
  close(result?: CloseSegmentOptions): void;
}

export interface Tracer {
  /** False for NOOP_TRACER: a hot path skips all tracing work on this one check. */
  readonly enabled: boolean;
  /**
   * Starts a segment. With `traceHeader` it joins that trace (parent = the header's Parent);
   * without one it starts a new trace. A header with Sampled=0 gives an unsampled handle.
   */
  startSegment(options: StartSegmentOptions): SegmentHandle;
  /**
   * X-Ray's sampling decision for a request that arrives without one (no Sampled= in its
   * header), by the sampling rules; absent: every such request is sampled.
   */
  sample?(request: SamplingRequest): boolean;
}

/**
 * The check a service makes before anything else: record a segment only when tracing is
 * on and the request carries a trace header. Entry points (API Gateway, Lambda with
 * Tracing: Active) start traces without a header; they check `tracer.enabled` alone.
 */
export function isTracing(tracer: Tracer, traceHeader: string | undefined): traceHeader is string {
  return traceHeader !== undefined && tracer.enabled;
}

/** How a service records one traced request as a segment of its own (withRequestTracing). */
export interface RequestTracing {
  /** The segment's name, origin and `aws` object, from the request. */
  describe(req: EdgeRequest): { name: string; origin: SegmentOrigin; aws: Record<string, unknown> };
  /** What the answer adds to `aws` (its request ids). */
  responseAws(res: EdgeResponse): Record<string, unknown> | undefined;
  /** The error an answer with status ≥ 400 names. */
  errorOf(res: EdgeResponse): SegmentCause | undefined;
}

/**
 * A service's handler that records each request carrying a sampled X-Amzn-Trace-Id (the
 * AWS SDK inside a traced function forwards _X_AMZN_TRACE_ID) as a segment, as DynamoDB and
 * S3 are recorded after their table or bucket. Tracing off: the handler itself; an untraced
 * request pays one header lookup.
 */
export function withRequestTracing(
  handle: (req: EdgeRequest) => Promise<EdgeResponse>,
  tracer: Tracer,
  tracing: RequestTracing,
): (req: EdgeRequest) => Promise<EdgeResponse> {
  if (!tracer.enabled) return handle;
  const traced = async (req: EdgeRequest, header: string): Promise<EdgeResponse> => {
    const segment = tracer.startSegment({ ...tracing.describe(req), traceHeader: header });
    const response = await handle(req);
    segment.close({
      status: response.status,
      aws: tracing.responseAws(response),
      cause: response.status >= 400 ? tracing.errorOf(response) : undefined,
    });
    return response;
  };
  return (req) => {
    const header = req.headers[TRACE_HEADER];
    return isTracing(tracer, header) ? traced(req, header) : handle(req);
  };
}

/** A handle that records nothing and passes the incoming header on unchanged. */
class PassThroughSegment implements SegmentHandle {
  readonly id = "";
  readonly sampled = false;

  constructor(
    readonly traceId: string,
    private readonly incoming: string,
  ) {}

  header(): string {
    return this.incoming;
  }

  addSubsegment(): SegmentHandle {
    return this;
  }

  annotate(): void {}

  close(): void {}
}

const EMPTY_SEGMENT = new PassThroughSegment("", "");

/** Tracing off: nothing is recorded; the incoming header is propagated as it came. */
export const NOOP_TRACER: Tracer = {
  enabled: false,
  startSegment(options) {
    if (options.traceHeader === undefined) return EMPTY_SEGMENT;
    return new PassThroughSegment(parseTraceHeader(options.traceHeader)?.root ?? "", options.traceHeader);
  },
};
