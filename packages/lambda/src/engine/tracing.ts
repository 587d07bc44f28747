/**
 * X-Ray for Lambda, recorded as Lambda records it (Lambda Developer Guide, "Visualize Lambda
 * function invocations using AWS X-Ray" and "Tracing Lambda-based applications"):
 *
 * - Sampling: a function with `Tracing: Active` samples an invocation its caller has not
 *   decided on by X-Ray's sampling rules (tracer.sample; the Default rule: the first request
 *   each second and 5 % of the rest); a caller's Sampled=0 stays unsampled. PassThrough, the
 *   default, records only what the caller sampled (Sampled=1).
 * - The AWS::Lambda service segment (named after the function; resource_arn the invoked ARN,
 *   aws.request_id, http.response.status) is a child of the caller's subsegment. A
 *   synchronous invocation's ends when the answer leaves Lambda; an asynchronous one's ends
 *   with the 202 and holds a "Dwell Time" subsegment (queued until the first attempt) and
 *   one "Attempt #N" subsegment per attempt, retries included.
 * - The AWS::Lambda::Function segment (aws.account_id, function_arn, resource_names) is a
 *   child of the service segment (of the attempt, asynchronously), with "Initialization"
 *   (cold starts), "Invocation" and "Overhead" subsegments, each naming aws.function_arn.
 *   The function's _X_AMZN_TRACE_ID names its Invocation subsegment as Parent, so the SDK
 *   calls the handler makes nest under it. A throttled attempt never reaches the function:
 *   it records no function segment.
 * - Outcomes: an error the handler returned or threw marks Invocation and the function
 *   segment `error`; one Lambda reports (timeout, crash, out of memory, init failure)
 *   marks them `fault`; the function segment carries the cause. The service segment
 *   answers 200 either way (Invoke succeeded); a throttle answers 429 (error + throttle).
 * An untraced invocation still hands on a decided header (Sampled=0).
 */
import { hex, isAwsError, parseTraceHeader, type CloseSegmentOptions, type SegmentCause, type SegmentHandle, type Tracer } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import type { InvokeOutcome } from "./environment.js";
import type { RunResult } from "./invocationLog.js";
import type { RecordTracing } from "./platformRecords.js";

/** The ServiceType sampling rules match a Lambda function's invocations on. */
export const SAMPLING_SERVICE_TYPE = "AWS::Lambda::Function";

/** Whether this invocation is recorded. Cheap: the header is parsed only when tracing is on. */
export function isTraced(tracer: Tracer, fn: LambdaFunctionConfig, header: string | undefined): boolean {
  if (!tracer.enabled) return false;
  const sampled = header === undefined ? undefined : samplingOf(header);
  if (sampled !== undefined) return sampled;
  if (fn.tracing !== "Active") return false;
  return tracer.sample?.({ serviceName: fn.functionName, serviceType: SAMPLING_SERVICE_TYPE, resourceArn: fn.arn }) ?? true;
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

/**
 * The header an untraced function receives: Lambda always names a Parent (its own segment's id),
 * "Root=…;Parent=…;Sampled=0". Without one the X-Ray SDK (Powertools Tracer) logs
 * "_X_AMZN_TRACE_ID is missing required information" at every invocation.
 */
export function withParent(header: string): string {
  // Every invocation passes here: no regex, and an id only when one is added.
  if (header.includes("Parent=") || !header.startsWith("Root=")) return header;
  const end = header.indexOf(";");
  return end < 0 ? `${header};Parent=${hex(8)}` : `${header.slice(0, end)};Parent=${hex(8)}${header.slice(end)}`;
}

/** An asynchronous invocation's service segment, shared by its attempts. */
interface QueuedTrace {
  service: SegmentHandle;
  dwell: SegmentHandle | undefined;
  attempts: number;
}

/** Asynchronous invocations in flight, by their call (the same object for every attempt). */
const queued = new WeakMap<object, QueuedTrace>();

type Failure = "error" | "fault";

/** The segments of one traced invocation attempt. */
export class InvocationTrace {
  private readonly service: SegmentHandle;
  private readonly queuedTrace: QueuedTrace | undefined;
  private readonly attemptName: string | undefined;
  private attempt: SegmentHandle | undefined;
  private function: SegmentHandle | undefined;
  private invocation: SegmentHandle | undefined;
  private overhead: SegmentHandle | undefined;
  private failure: Failure | undefined;
  private readonly arnAws: { function_arn: string };

  /**
   * `asyncCall`: an asynchronous invocation's call, the same object for each attempt; its
   * first attempt answers the 202 (the service segment) and queues the event (Dwell Time).
   */
  constructor(
    private readonly tracer: Tracer,
    private readonly fn: LambdaFunctionConfig,
    incoming: string | undefined,
    requestId: string,
    _region: string,
    private readonly invokedArn: string,
    asyncCall?: object,
  ) {
    this.arnAws = { function_arn: invokedArn };
    const known = asyncCall === undefined ? undefined : queued.get(asyncCall);
    if (known !== undefined) {
      this.service = known.service;
      this.queuedTrace = known;
    } else {
      this.service = tracer.startSegment({
        name: fn.functionName,
        origin: "AWS::Lambda",
        traceHeader: incoming,
        sampled: true,
        aws: { request_id: requestId },
        resourceArn: invokedArn,
      });
      if (asyncCall !== undefined) {
        // The event is queued: Lambda answers 202 now; the attempts run after.
        const dwell = this.service.addSubsegment({ name: "Dwell Time" });
        this.service.close({ status: 202 });
        this.queuedTrace = { service: this.service, dwell, attempts: 0 };
        queued.set(asyncCall, this.queuedTrace);
      }
    }
    if (this.queuedTrace !== undefined) this.attemptName = `Attempt #${++this.queuedTrace.attempts}`;
  }

  /** The trace JSON platform records carry (platform.start, runtimeDone, report). */
  get recordTracing(): RecordTracing {
    const segment = this.functionSegment();
    return { spanId: segment.id, type: "X-Amzn-Trace-Id", value: segment.header() };
  }

  /** A cold start's Init phase, which ran from the environment's start until `endTime` (epoch ms). */
  initialization(durationMs: number, endTime: number, ok: boolean): void {
    // Whole milliseconds, as the clock counts: never before the millisecond the invocation arrived in.
    const startTime = Math.ceil(endTime - durationMs);
    const sub = this.functionSegment(startTime).addSubsegment({ name: "Initialization", startTime, aws: this.arnAws });
    sub.close(ok ? { endTime } : { endTime, fault: true });
  }

  /** The handler starts: the header the function receives as _X_AMZN_TRACE_ID. */
  invocationStarted(): string {
    this.invocation = this.functionSegment().addSubsegment({ name: "Invocation", aws: this.arnAws });
    return this.invocation.header();
  }

  /** The function answered; what remains is the runtime's overhead until the invocation ends. */
  invocationEnded(outcome: InvokeOutcome["kind"] | boolean): void {
    // The handler's own error is an error; one Lambda detected (timeout, crash) a fault.
    if (outcome === "error") this.failure = "error";
    else if (outcome === "failed" || outcome === true) this.failure = "fault";
    this.invocation?.close(flags(this.failure));
    if (this.invocation !== undefined) this.overhead = this.functionSegment().addSubsegment({ name: "Overhead", aws: this.arnAws });
  }

  /** Ends every open (sub)segment with the invocation's outcome. */
  close(result: RunResult): void {
    this.overhead?.close();
    if (result.functionError === undefined) {
      this.functionSegment().close();
      this.attempt?.close();
    } else {
      const cause = errorOf(result.payload.toString());
      const failure = this.failure ?? (LAMBDA_ERROR.test(cause.type) ? "fault" : "error");
      this.functionSegment().close({ ...flags(failure), cause });
      this.attempt?.close(flags(failure));
    }
    if (this.queuedTrace === undefined) this.service.close({ status: 200 });
  }

  /** Lambda itself refused or failed the attempt (throttled, …): the function never ran. */
  abort(error: unknown): void {
    const cause: SegmentCause = error instanceof Error ? { message: error.message, type: error.name } : { message: String(error) };
    const status = isAwsError(error) ? error.statusCode : 500;
    this.invocation?.close({ fault: true });
    this.overhead?.close();
    this.function?.close({ fault: true, cause });
    if (this.queuedTrace === undefined) {
      this.service.close({ status, cause });
    } else {
      this.startAttempt(undefined).close({ status, cause });
    }
  }

  /** The function segment, started (with the attempt) when the environment takes the invocation. */
  private functionSegment(startTime?: number): SegmentHandle {
    if (this.function !== undefined) return this.function;
    const parent = this.queuedTrace === undefined ? this.service : this.startAttempt(startTime);
    this.function = this.tracer.startSegment({
      name: this.fn.functionName,
      origin: "AWS::Lambda::Function",
      traceHeader: parent.header(),
      sampled: true,
      startTime,
      aws: { account_id: accountOf(this.invokedArn), function_arn: this.invokedArn, resource_names: [this.fn.functionName] },
    });
    return this.function;
  }

  /** "Attempt #N" (asynchronous invocations); the first one ends the event's Dwell Time. */
  private startAttempt(startTime: number | undefined): SegmentHandle {
    if (this.attempt !== undefined) return this.attempt;
    const queuedTrace = this.queuedTrace;
    if (queuedTrace?.dwell !== undefined) {
      queuedTrace.dwell.close(startTime === undefined ? {} : { endTime: startTime });
      queuedTrace.dwell = undefined;
    }
    this.attempt = this.service.addSubsegment({ name: this.attemptName ?? "Attempt #1", startTime });
    return this.attempt;
  }
}

/** Error types Lambda (not the handler) reports: timeouts, runtime crashes, init and size failures. */
const LAMBDA_ERROR = /^(Sandbox|Runtime|Function)\./;

function flags(failure: Failure | undefined): CloseSegmentOptions {
  if (failure === "error") return { error: true };
  if (failure === "fault") return { fault: true };
  return {};
}

/** The account in arn:aws:lambda:<region>:<account>:function:<name>. */
function accountOf(arn: string): string {
  return arn.split(":")[4] ?? "";
}

function errorOf(payload: string): { message: string; type: string } {
  try {
    const error = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
    return { type: String(error.errorType ?? "Error"), message: String(error.errorMessage ?? "") };
  } catch {
    return { type: "Error", message: payload };
  }
}
