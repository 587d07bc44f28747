/**
 * Invoke: RequestResponse (run and answer), Event (answer 202, run in the background with
 * Lambda's two retries), DryRun (204). One invocation writes START / END / REPORT lines
 * around the function's own output, on the EventBus and, for LogType Tail, in the reply.
 */
import type { Clock, EventBus, LambdaInvokeRequest, LambdaInvokeResult, Logger, TimerHandle } from "@sam-sandbox/core";
import { hex, requestId as newRequestId, traceId } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import {
  InvalidRequestContentException,
  InvalidRuntimeException,
  RequestEntityTooLargeException,
  messages,
} from "../errors.js";
import {
  ASYNC_RETRY_DELAYS_MS,
  LATEST_VERSION,
  MAX_ASYNC_REQUEST_BYTES,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
} from "../limits.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import type { Artifact, ArtifactCache } from "./artifact.js";
import type { ExecutionEnvironment, Failure } from "./environment.js";
import { functionErrors } from "./functionErrors.js";
import type { EnvironmentPool } from "./pool.js";
import type { FunctionRecord, FunctionRegistry } from "./registry.js";
import { InvocationLog, type RunResult } from "./invocationLog.js";
import { initReportLine, initStartLine, type ReportStatus } from "./reportLines.js";

export type InvokeRequest = LambdaInvokeRequest & {
  logType?: "None" | "Tail";
  /** The wire passes the id it answers with (x-amzn-RequestId); otherwise one is made. */
  requestId?: string;
};

/** What invoke() needs from the engine. */
export interface InvokeContext {
  readonly registry: FunctionRegistry;
  readonly artifacts: ArtifactCache;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly region: string;
  /** Pending retries of asynchronous invocations, cancelled by close(). */
  readonly retryTimers: Set<TimerHandle>;
  readonly closed: boolean;
  poolFor(fn: LambdaFunctionConfig): EnvironmentPool;
  spawn(fn: LambdaFunctionConfig, artifact: Artifact): ExecutionEnvironment;
}

const EMPTY = Buffer.alloc(0);

export async function invoke(ctx: InvokeContext, request: InvokeRequest): Promise<LambdaInvokeResult> {
  const record = ctx.registry.resolve(request.functionName, request.qualifier);
  const type = request.invocationType ?? "RequestResponse";
  const size = request.payload.length;
  if (type === "Event" && size > MAX_ASYNC_REQUEST_BYTES) {
    throw new RequestEntityTooLargeException(messages.asyncRequestTooLarge(size, MAX_ASYNC_REQUEST_BYTES));
  }
  if (type !== "Event" && size > MAX_SYNC_REQUEST_BYTES) {
    throw new RequestEntityTooLargeException(messages.syncRequestTooLarge(MAX_SYNC_REQUEST_BYTES));
  }
  if (!/^nodejs\d+\.x$/.test(record.config.runtime)) throw new InvalidRuntimeException(messages.unsupportedRuntime(record.config.runtime));
  const clientContext = decodeClientContext(request.clientContext);
  const requestId = request.requestId ?? newRequestId();
  if (type === "DryRun") return { statusCode: 204, payload: EMPTY, executedVersion: LATEST_VERSION };
  const event = size === 0 ? "{}" : request.payload.toString("utf8");
  const traceHeader = request.traceHeader ?? newTraceHeader(ctx.clock, record.config);
  const call: Call = { record, requestId, event, clientContext, traceHeader, tail: false, queue: false };
  if (type === "Event") {
    runAsync(ctx, { ...call, queue: true }, 0);
    return { statusCode: 202, payload: EMPTY, executedVersion: LATEST_VERSION };
  }
  const result = await run(ctx, { ...call, tail: request.logType === "Tail" });
  return {
    statusCode: 200,
    payload: Buffer.from(result.payload),
    functionError: result.functionError,
    logTail: result.logTail,
    executedVersion: LATEST_VERSION,
  };
}

interface Call {
  record: FunctionRecord;
  requestId: string;
  event: string;
  clientContext?: string;
  traceHeader: string;
  /** Collect the log for LogType Tail. */
  tail: boolean;
  /** Wait for a free environment at the reserved concurrency instead of throttling. */
  queue: boolean;
}

function runAsync(ctx: InvokeContext, call: Call, attempt: number): void {
  run(ctx, call).then(
    (result) => {
      const delay = ASYNC_RETRY_DELAYS_MS[attempt];
      if (result.functionError === undefined || delay === undefined || ctx.closed) return;
      const timer = ctx.clock.setTimeout(() => {
        ctx.retryTimers.delete(timer);
        runAsync(ctx, call, attempt + 1);
      }, delay);
      ctx.retryTimers.add(timer);
    },
    (error: unknown) => ctx.logger.warn(`lambda: asynchronous invocation of ${call.record.config.functionName} failed: ${String(error)}`),
  );
}

async function run(ctx: InvokeContext, call: Call): Promise<RunResult> {
  const fn = call.record.config;
  const { requestId } = call;
  const log = new InvocationLog(ctx.events, fn, requestId, call.tail, ctx.clock);
  const artifact = await ctx.artifacts.get(fn);
  if (!artifact.ok) {
    // The code cannot even load: the Init phase fails before any environment runs it.
    const status: ReportStatus = { kind: "error", errorType: artifact.error.errorType };
    log.emit(initStartLine(fn.runtime, ctx.region));
    log.emit(uncaughtLine(artifact.error));
    log.emit(initReportLine(0, status));
    log.start();
    return log.end(artifact.error, { durationMs: 0, memoryUsedMb: 0, status }, true);
  }
  const pool = ctx.poolFor(fn);
  const built = artifact.artifact;
  const { env, cold } = await pool.acquire(call.queue, () => ctx.spawn(fn, built));
  env.sink = log.emit;
  log.logStream = env.logStreamName;
  try {
    let initMs: number | undefined;
    if (cold) {
      log.emit(initStartLine(fn.runtime, ctx.region));
      const init = await env.ready;
      initMs = init.durationMs;
      if (!init.ok) {
        const { error, status } = describeFailure(init.failure, requestId, fn);
        log.emit(initReportLine(init.durationMs, status));
        log.start();
        return log.end(error, { durationMs: 0, memoryUsedMb: 0, initMs, status }, true);
      }
    }
    log.start();
    return await invokeEnvironment(env, call, log, initMs, cold);
  } finally {
    // What the function prints between invocations (background timers) still reaches the bus.
    env.sink = (line, stream) =>
      ctx.events.emit("functionLog", {
        functionName: fn.functionName,
        line,
        stream,
        logGroup: `/aws/lambda/${fn.functionName}`,
        logStream: env.logStreamName,
        timestamp: ctx.clock.now(),
      });
    pool.release(env);
  }
}

async function invokeEnvironment(
  env: ExecutionEnvironment,
  call: Call,
  log: InvocationLog,
  initMs: number | undefined,
  cold: boolean,
): Promise<RunResult> {
  const fn = call.record.config;
  const timeoutMs = fn.timeoutSeconds * 1000;
  const started = performance.now();
  const outcome = await env.invoke(
    {
      type: "invoke",
      requestId: call.requestId,
      event: call.event,
      deadlineMs: Date.now() + timeoutMs,
      invokedFunctionArn: fn.arn,
      clientContext: call.clientContext,
      traceHeader: call.traceHeader,
    },
    timeoutMs,
  );
  const durationMs = performance.now() - started;
  if (outcome.kind === "failed") {
    const { error, status } = describeFailure(outcome.failure, call.requestId, fn);
    const memoryUsedMb = outcome.failure.kind === "outOfMemory" ? fn.memorySizeMb : 0;
    return log.end(error, { durationMs, memoryUsedMb, initMs, status }, cold);
  }
  const report = { durationMs, memoryUsedMb: outcome.memoryUsedMb, initMs };
  if (outcome.kind === "error") return log.end(outcome.error, report, cold);
  if (Buffer.byteLength(outcome.payload) > MAX_SYNC_RESPONSE_BYTES) {
    return log.end(functionErrors.responseTooLarge(MAX_SYNC_RESPONSE_BYTES), report, cold);
  }
  return log.end(outcome.payload, report, cold);
}

function describeFailure(failure: Failure, requestId: string, fn: LambdaFunctionConfig): { error: RuntimeErrorPayload; status: ReportStatus } {
  const error = failurePayload(failure, requestId, fn);
  return { error, status: failure.kind === "timeout" ? { kind: "timeout" } : { kind: "error", errorType: error.errorType } };
}

function failurePayload(failure: Failure, requestId: string, fn: LambdaFunctionConfig): RuntimeErrorPayload {
  switch (failure.kind) {
    case "crash":
      return failure.error;
    case "exit":
      return functionErrors.exited(requestId, failure.exitCode);
    case "outOfMemory":
      return functionErrors.outOfMemory(requestId);
    case "timeout":
      return functionErrors.timedOut(requestId, fn.timeoutSeconds);
  }
}

/** How the runtime logs an error that stops the Init phase. */
function uncaughtLine(error: RuntimeErrorPayload): string {
  const formatted = JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace ?? [] });
  return `${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${formatted}`.replace(/\n/g, "\r");
}

/** The Invoke API's ClientContext: base64 of a JSON object → the JSON text. */
function decodeClientContext(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  const text = Buffer.from(value, "base64").toString("utf8");
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return text;
  } catch {
    // falls through to AWS's error
  }
  throw new InvalidRequestContentException(messages.invalidClientContext());
}

/** Lambda gives every invocation an X-Ray trace header (_X_AMZN_TRACE_ID). */
function newTraceHeader(clock: Clock, fn: LambdaFunctionConfig): string {
  return `Root=${traceId(clock.now())};Parent=${hex(8)};Sampled=${fn.tracing === "Active" ? 1 : 0}`;
}
