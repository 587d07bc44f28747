/**
 * Invoke: RequestResponse (run and answer), Event (answer 202, run in the background with
 * Lambda's two retries), DryRun (204). One invocation writes START / END / REPORT lines
 * around the function's own output, on the EventBus and, for LogType Tail, in the reply.
 */
import type { Clock, EventBus, LambdaInvokeRequest, LambdaInvokeResult, Logger, TimerHandle, Tracer } from "@sam-sandbox/core";
import { hex, requestId as newRequestId, traceId } from "@sam-sandbox/core";
import type { LambdaFunctionConfig, MessageAttributes } from "../index.js";
import {
  InvalidRequestContentException,
  InvalidRuntimeException,
  RequestEntityTooLargeException,
  messages,
} from "../errors.js";
import {
  LATEST_VERSION,
  MAX_ASYNC_REQUEST_BYTES,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
} from "../limits.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import type { Artifact, ArtifactCache } from "./artifact.js";
import type { Concurrency } from "./concurrency.js";
import { DEFAULT_STREAM_CONTENT_TYPE, type Environment, type Failure, type InvokeOutcome } from "./environment.js";
import { functionErrors } from "./functionErrors.js";
import type { EnvironmentPool } from "./pool.js";
import type { FunctionRecord, FunctionRegistry, VersionRecord } from "./registry.js";
import { invokeAsync } from "./asyncInvoke.js";
import { InvocationLog, type RunResult } from "./invocationLog.js";
import type { ReportStatus } from "./reportLines.js";
import { runtimeFamily } from "./runtimes.js";
import { decidedHeader, InvocationTrace, isTraced, withParent } from "./tracing.js";

export type InvokeRequest = LambdaInvokeRequest & {
  logType?: "None" | "Tail";
  /** The wire passes the id it answers with (x-amzn-RequestId); otherwise one is made. */
  requestId?: string;
  /** The invocation was accepted and will run this version (InvokeWithResponseStream's headers). */
  onStart?: (executedVersion: string) => void;
};

/** What invoke() needs from the engine. */
export interface InvokeContext {
  readonly registry: FunctionRegistry;
  readonly artifacts: ArtifactCache;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly region: string;
  /** Records X-Ray segments of traced invocations (NOOP_TRACER: none). */
  readonly tracer: Tracer;
  /** Pending retries of asynchronous invocations, cancelled by close(). */
  readonly retryTimers: Set<TimerHandle>;
  /** Reserved concurrency: an event for a function reserved at 0 fails at once (asyncInvoke.ts). */
  readonly concurrency: Concurrency;
  readonly closed: boolean;
  /** false: Timeouts are not enforced (a debugger may hold a function at a breakpoint). */
  readonly enforceTimeouts?: boolean;
  poolFor(target: Target): EnvironmentPool;
  spawn(target: Target, artifact: Artifact): Environment;
  /** Sends an asynchronous invocation's record to an OnSuccess / OnFailure destination (or a failed event to a dead-letter queue, with attributes). */
  deliver(destinationArn: string, record: string, attributes?: MessageAttributes): Promise<void>;
}

/** The function version an invocation runs, and how it was named. */
export interface Target {
  record: FunctionRecord;
  version: VersionRecord;
  /** Its configuration (the version's). */
  fn: LambdaFunctionConfig;
  /** Pools and builds are per version: "name" for $LATEST, "name@3" for version 3. */
  key: string;
  /** The ARN the caller used (context.invokedFunctionArn): qualified with the alias or version given. */
  invokedArn: string;
  /** The qualifier the caller used, if any (event invoke configs are looked up by it). */
  qualifier?: string;
}

const EMPTY = Buffer.alloc(0);

/** Resolves the function version to run; an alias with AdditionalVersionWeights picks one by weight. */
export function targetOf(registry: FunctionRegistry, functionName: string, qualifier?: string): Target {
  const resolved = registry.resolve(functionName, qualifier, true);
  let version = resolved.version;
  const weights = resolved.alias?.routing;
  if (weights) {
    let roll = Math.random();
    for (const [other, weight] of Object.entries(weights)) {
      roll -= weight;
      const candidate = resolved.record.versions.get(other);
      if (roll < 0 && candidate) {
        version = candidate;
        break;
      }
    }
  }
  const base = resolved.record.latest.config.arn;
  return {
    record: resolved.record,
    version,
    fn: version.config,
    key: version.version === LATEST_VERSION ? resolved.record.name : `${resolved.record.name}@${version.version}`,
    invokedArn: resolved.qualifier === undefined ? base : `${base}:${resolved.qualifier}`,
    qualifier: resolved.qualifier,
  };
}

export async function invoke(ctx: InvokeContext, request: InvokeRequest): Promise<LambdaInvokeResult> {
  const target = targetOf(ctx.registry, request.functionName, request.qualifier);
  const fn = target.fn;
  const type = request.invocationType ?? "RequestResponse";
  const size = request.payload.length;
  if (type === "Event" && size > MAX_ASYNC_REQUEST_BYTES) {
    throw new RequestEntityTooLargeException(messages.asyncRequestTooLarge(size, MAX_ASYNC_REQUEST_BYTES));
  }
  if (type !== "Event" && size > MAX_SYNC_REQUEST_BYTES) {
    throw new RequestEntityTooLargeException(messages.syncRequestTooLarge(MAX_SYNC_REQUEST_BYTES));
  }
  if (!runtimeFamily(fn.runtime)) throw new InvalidRuntimeException(messages.unsupportedRuntime(fn.runtime));
  const clientContext = decodeClientContext(request.clientContext);
  const requestId = request.requestId ?? newRequestId();
  const executedVersion = target.version.version;
  if (type === "DryRun") return { statusCode: 204, payload: EMPTY, executedVersion };
  const event = size === 0 ? "{}" : request.payload.toString("utf8");
  const traced = isTraced(ctx.tracer, fn, request.traceHeader);
  const traceHeader = request.traceHeader === undefined ? newTraceHeader(ctx.clock, fn) : ctx.tracer.enabled ? decidedHeader(request.traceHeader, traced) : request.traceHeader;
  const async = type === "Event";
  const call: Call = { target, requestId, event, clientContext, traceHeader, tail: !async && request.logType === "Tail", queue: async, traced, fresh: request.traceHeader === undefined };
  if (async) {
    invokeAsync(ctx, call);
    return { statusCode: 202, payload: EMPTY, executedVersion };
  }
  if (request.onChunk !== undefined) call.onChunk = request.onChunk;
  request.onStart?.(executedVersion);
  const result = await run(ctx, call);
  const answer: LambdaInvokeResult = {
    statusCode: 200,
    payload: Buffer.from(result.payload),
    functionError: result.functionError,
    logTail: result.logTail,
    executedVersion,
  };
  if (result.contentType !== undefined) answer.contentType = result.contentType;
  return answer;
}

export interface Call {
  target: Target;
  requestId: string;
  event: string;
  clientContext?: string;
  traceHeader: string;
  /** Collect the log for LogType Tail. */
  tail: boolean;
  /** Wait for a free environment at the reserved concurrency instead of throttling. */
  queue: boolean;
  /** Recorded as X-Ray segments (see tracing.ts). */
  traced?: boolean;
  /** The caller sent no trace header: a traced invocation starts the trace. */
  fresh?: boolean;
  /** Takes a streaming handler's writes (and its content type) as they happen; without it they make up the payload. */
  onChunk?: (chunk: Buffer, contentType: string) => void;
}

/** Runs one attempt of an invocation; a traced one records its segments (an untraced one adds no promise). */
export function run(ctx: InvokeContext, call: Call): Promise<RunResult> {
  return call.traced === true ? runTraced(ctx, call) : runAttempt(ctx, call, undefined);
}

async function runTraced(ctx: InvokeContext, call: Call): Promise<RunResult> {
  // An asynchronous invocation's attempts share one service segment (Dwell Time, Attempt #N).
  const trace = new InvocationTrace(ctx.tracer, call.target.fn, call.fresh === true ? undefined : call.traceHeader, call.requestId, ctx.region, call.target.invokedArn, call.queue ? call : undefined);
  let result: RunResult;
  try {
    result = await runAttempt(ctx, call, trace);
  } catch (error) {
    trace.abort(error);
    throw error;
  }
  trace.close(result);
  return result;
}

async function runAttempt(ctx: InvokeContext, call: Call, trace: InvocationTrace | undefined): Promise<RunResult> {
  const { target, requestId } = call;
  const fn = target.fn;
  const log = new InvocationLog(ctx.events, fn, requestId, call.tail, ctx.clock, target.version.version);
  const artifact = await ctx.artifacts.get(fn, target.key);
  if (!artifact.ok) {
    // The code cannot even load: the Init phase fails before any environment runs it.
    const error = artifact.perRequest ? withRequestId(artifact.error, requestId) : artifact.error;
    const status: ReportStatus = { kind: "error", errorType: error.errorType };
    log.initStart(ctx.region);
    log.uncaught(formattedError(error));
    log.initFailed(0, status);
    log.start();
    return log.end(error, { durationMs: 0, memoryUsedMb: 0, status }, true);
  }
  const pool = ctx.poolFor(target);
  const built = artifact.artifact;
  const spawn = () => {
    const env = ctx.spawn(target, built);
    // What the function prints between invocations (background timers) still reaches the bus.
    env.sink = (line, stream) =>
      ctx.events.emit("functionLog", {
        functionName: fn.functionName,
        line,
        stream,
        logGroup: fn.logGroup ?? `/aws/lambda/${fn.functionName}`,
        logStream: env.logStreamName,
        timestamp: ctx.clock.now(),
      });
    return env;
  };
  // A traced invocation is never queued behind another: its segments time the environment's work.
  const queueable = trace === undefined;
  for (;;) {
    const lease = await pool.acquire(call.queue, spawn, queueable);
    const { env, cold } = lease;
    log.logStream = env.logStreamName;
    try {
      let initMs: number | undefined;
      if (cold) {
        log.initStart(ctx.region);
        // What the Init phase prints belongs to the invocation that started it.
        const background = env.sink;
        env.sink = log.emit;
        const init = await env.ready;
        env.sink = background;
        trace?.initialization(init.durationMs, ctx.clock.now(), init.ok);
        initMs = init.durationMs;
        if (!init.ok) {
          const { error, status, body } = describeFailure(init.failure, requestId, fn);
          log.initFailed(init.durationMs, status);
          log.start();
          return log.end(error, { durationMs: 0, memoryUsedMb: env.memoryUsedMb ?? 0, initMs, status }, true, body);
        }
        if (init.retried === true) {
          // INIT_REPORT … Status: timeout; the Init phase runs again inside the invocation.
          log.initFailed(init.durationMs, { kind: "timeout" });
          initMs = undefined;
        } else log.initDone(init.durationMs);
      }
      if (trace !== undefined) log.tracing = trace.recordTracing;
      const result = await invokeEnvironment(env, call, log, initMs, cold, trace, ctx.enforceTimeouts !== false);
      // Queued in an environment that ended before its turn: it runs in another one.
      if (result !== undefined) return result;
    } finally {
      pool.release(lease);
    }
  }
}

/**
 * Runs the call in `env`: START when it begins, END and REPORT the moment it answers;
 * undefined when it never started there (InvokeOutcome "notStarted").
 */
function invokeEnvironment(
  env: Environment,
  call: Call,
  log: InvocationLog,
  initMs: number | undefined,
  cold: boolean,
  trace: InvocationTrace | undefined,
  enforceTimeout: boolean,
): Promise<RunResult | undefined> {
  const fn = call.target.fn;
  const traceHeader = trace === undefined ? withParent(call.traceHeader) : trace.invocationStarted();
  const timeoutMs = fn.timeoutSeconds * 1000;
  let started = 0;
  // A streaming handler's writes when nobody reads them as they come (Invoke): its payload.
  let written: Buffer[] | undefined;
  let contentType = DEFAULT_STREAM_CONTENT_TYPE;
  const invocation = {
    requestId: call.requestId,
    event: call.event,
    deadlineMs: Date.now() + timeoutMs,
    invokedFunctionArn: call.target.invokedArn,
    clientContext: call.clientContext,
    traceHeader,
  };
  return env.invoke(invocation, enforceTimeout ? timeoutMs : Infinity, {
    sink: log.emit,
    started: () => {
      started = performance.now();
      log.start();
    },
    chunk: (data, type) => {
      if (type !== undefined) contentType = type;
      if (call.onChunk) call.onChunk(data, contentType);
      else (written ??= []).push(data);
    },
    finished: (outcome) => {
      if (outcome.kind === "notStarted") return undefined;
      const answer = written && outcome.kind === "response" ? { ...outcome, payload: Buffer.concat(written) } : outcome;
      const result = finishInvocation(fn, call.requestId, answer, log, performance.now() - started, initMs, cold, trace, env.memoryUsedMb ?? 0);
      // A streamed response: its caller answers with its content type.
      if (outcome.kind === "response" && outcome.contentType !== undefined && result.functionError === undefined) result.contentType = outcome.contentType;
      return result;
    },
  });
}

/** END and REPORT, written the moment the environment answers (before the next invocation's START). */
function finishInvocation(
  fn: LambdaFunctionConfig,
  requestId: string,
  outcome: Exclude<InvokeOutcome, { kind: "notStarted" }>,
  log: InvocationLog,
  durationMs: number,
  initMs: number | undefined,
  cold: boolean,
  trace: InvocationTrace | undefined,
  /** The environment's last known Max Memory Used: what a failed invocation reports (as Lambda does, not 0). */
  lastMemoryUsedMb: number,
): RunResult {
  trace?.invocationEnded(outcome.kind);
  if (outcome.kind === "failed") {
    const { error, status, body } = describeFailure(outcome.failure, requestId, fn);
    const memoryUsedMb = outcome.failure.kind === "outOfMemory" ? fn.memorySizeMb : lastMemoryUsedMb;
    return log.end(error, { durationMs, memoryUsedMb, initMs, status }, cold, body);
  }
  const report = { durationMs, memoryUsedMb: outcome.memoryUsedMb, initMs };
  if (outcome.kind === "error") return log.end(outcome.error, report, cold, outcome.body);
  if (outcome.payload.length > MAX_SYNC_RESPONSE_BYTES / 3 && Buffer.byteLength(outcome.payload) > MAX_SYNC_RESPONSE_BYTES) {
    return log.end(functionErrors.responseTooLarge(MAX_SYNC_RESPONSE_BYTES), report, cold);
  }
  return log.end(outcome.payload, report, cold);
}

function describeFailure(
  failure: Failure,
  requestId: string,
  fn: LambdaFunctionConfig,
): { error: RuntimeErrorPayload; status: ReportStatus; body?: string } {
  const error = failurePayload(failure, requestId, fn);
  const status: ReportStatus = failure.kind === "timeout" ? { kind: "timeout" } : { kind: "error", errorType: error.errorType };
  return { error, status, body: failure.kind === "crash" ? failure.body : undefined };
}

function failurePayload(failure: Failure, requestId: string, fn: LambdaFunctionConfig): RuntimeErrorPayload {
  switch (failure.kind) {
    case "crash":
      return failure.perRequest ? withRequestId(failure.error, requestId) : failure.error;
    case "exit":
      return functionErrors.exited(requestId, failure.exitCode, failure.signal);
    case "outOfMemory":
      return functionErrors.outOfMemory(requestId);
    case "timeout":
      return functionErrors.timedOut(requestId, fn.timeoutSeconds);
  }
}

/** Errors Lambda itself (not the runtime) reports carry the request id in their message. */
function withRequestId(error: RuntimeErrorPayload, requestId: string): RuntimeErrorPayload {
  return { errorType: error.errorType, errorMessage: `RequestId: ${requestId} Error: ${error.errorMessage}` };
}

/** The error document the runtime logs when the Init phase stops ("Uncaught Exception \t{…}"). */
function formattedError(error: RuntimeErrorPayload): string {
  return JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace ?? [] }).replace(/\n/g, "\r");
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
