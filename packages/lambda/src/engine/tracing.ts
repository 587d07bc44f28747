/**
 * X-Ray for Lambda. A function with `Tracing: Active` samples every invocation its caller
 * has not decided on (a caller's Sampled=0 stays unsampled); PassThrough, the default,
 * records only what the caller sampled (Sampled=1). A traced invocation records the
 * AWS::Lambda service segment (its parent: the caller's subsegment) and the
 * AWS::Lambda::Function segment under it, with "Initialization" (cold starts), "Invocation"
 * and "Overhead" subsegments. The function's _X_AMZN_TRACE_ID names its Invocation
 * subsegment as Parent, so the SDK calls the handler makes (which forward that header)
 * nest under it. An untraced invocation still hands on a decided header (Sampled=0).
 */
import { isAwsError, parseTraceHeader, type SegmentHandle, type Tracer } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import type { RunResult } from "./invocationLog.js";
import type { RecordTracing } from "./platformRecords.js";

/** Whether this invocation is recorded. Cheap: the header is parsed only when tracing is on. */
export function isTraced(tracer: Tracer, fn: LambdaFunctionConfig, header: string | undefined): boolean {
  if (!tracer.enabled) return false;
  if (header === undefined) return fn.tracing === "Active";
  const sampled = samplingOf(header);
  return sampled === true || (sampled === undefined && fn.tracing === "Active");
}

/** The caller's decision; the common spellings are recognised without parsing the header. */
function samplingOf(header: string): boolean | undefined {
  if (header.includes("Sampled=1")) return true;
  if (header.includes("Sampled=0")) return false;
  return /sampled/i.test(header) ? parseTraceHeader(header)?.sampled : undefined;
}

/** A header the caller left undecided is handed on decided, as Lambda passes it to the function. */
export function decidedHeader(header: string, traced: boolean): string {
  if (samplingOf(header) !== undefined) return header;
  const decision = traced ? "Sampled=1" : "Sampled=0";
  return header.includes("Sampled=?") ? header.replace("Sampled=?", decision) : `${header};${decision}`;
}

/** The segments of one traced invocation attempt. */
export class InvocationTrace {
  private readonly service: SegmentHandle;
  private readonly function: SegmentHandle;
  private invocation: SegmentHandle | undefined;
  private overhead: SegmentHandle | undefined;

  constructor(tracer: Tracer, fn: LambdaFunctionConfig, incoming: string | undefined, requestId: string, region: string, invokedArn: string) {
    this.service = tracer.startSegment({
      name: fn.functionName,
      origin: "AWS::Lambda",
      traceHeader: incoming,
      aws: { request_id: requestId, function_arn: invokedArn, region },
      resourceArn: invokedArn,
    });
    this.function = tracer.startSegment({
      name: fn.functionName,
      origin: "AWS::Lambda::Function",
      traceHeader: this.service.header(),
      aws: { function_arn: invokedArn, request_id: requestId, region },
      resourceArn: invokedArn,
    });
  }

  /** The trace JSON platform records carry (platform.start, runtimeDone, report). */
  get recordTracing(): RecordTracing {
    return { spanId: this.function.id, type: "X-Amzn-Trace-Id", value: this.function.header() };
  }

  /** A cold start's Init phase, which ran from the environment's start until `endTime` (epoch ms). */
  initialization(durationMs: number, endTime: number, ok: boolean): void {
    const sub = this.function.addSubsegment({ name: "Initialization", startTime: endTime - durationMs });
    sub.close(ok ? { endTime } : { endTime, fault: true });
  }

  /** The handler starts: the header the function receives as _X_AMZN_TRACE_ID. */
  invocationStarted(): string {
    this.invocation = this.function.addSubsegment({ name: "Invocation" });
    return this.invocation.header();
  }

  /** The function answered; what remains is the runtime's overhead until the invocation ends. */
  invocationEnded(failed: boolean): void {
    this.invocation?.close(failed ? { fault: true } : {});
    if (this.invocation !== undefined) this.overhead = this.function.addSubsegment({ name: "Overhead" });
  }

  /** Ends every open (sub)segment with the invocation's outcome. */
  close(result: RunResult): void {
    this.overhead?.close();
    const failure = result.functionError === undefined ? undefined : errorOf(result.payload);
    this.function.close(failure ? { fault: true, cause: failure } : {});
    this.service.close({ status: 200 });
  }

  /** Lambda itself refused or failed the invocation (throttled, …): the service segment says so. */
  abort(error: unknown): void {
    const cause = error instanceof Error ? error : { message: String(error) };
    this.invocation?.close({ fault: true });
    this.overhead?.close();
    this.function.close({ fault: true, cause });
    this.service.close({ status: isAwsError(error) ? error.statusCode : 500, cause });
  }
}

function errorOf(payload: string): { message: string; type: string } {
  try {
    const error = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    return { type: String(error.errorType ?? "Error"), message: String(error.errorMessage ?? "") };
  } catch {
    return { type: "Error", message: payload };
  }
}
