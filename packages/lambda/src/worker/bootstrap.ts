/**
 * One Lambda execution environment: the entry point of a worker thread. Loads the
 * handler once (the Init phase), then serves one invocation at a time. Kept tiny: it
 * imports only node: built-ins and its siblings.
 */
import { parentPort, workerData } from "node:worker_threads";
import { getHeapStatistics } from "node:v8";
import type { BootstrapData, InvokeMessage, MainToWorker, RuntimeErrorPayload, WorkerMessage } from "./protocol.js";
import { captureOutput, type LogState } from "./logging.js";
import { loadHandler, type UserHandler } from "./loader.js";
import { buildContext, invokeLegacy, invokeModern, type Drain, type Finish } from "./invoke.js";
import { intoError, runtimeErrors, toFormatted, toRuntimeResponse } from "./errors.js";
import { installAwsLambdaGlobal, invokeStreaming, isStreaming } from "./streaming.js";

if (!parentPort) throw new Error("bootstrap.js runs only as a worker thread");
const port = parentPort;
const data = workerData as BootstrapData;
/** Messages held for the end of this turn of the event loop (see post). */
let outbox: WorkerMessage[] = [];
let flushScheduled = false;

function flushOutbox(): void {
  flushScheduled = false;
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  port.postMessage(batch.length === 1 ? batch[0] : batch);
}

/**
 * Sends a message to the sandbox. `hold`: an answer followed by a queued invocation, which
 * starts right away; the messages of this turn go together at its end (one message, one
 * wake-up of the sandbox's thread for several answers, as it gave them in one). Anything
 * sent while messages are held joins them, keeping the order.
 */
function post(message: WorkerMessage, hold = false): void {
  outbox.push(message);
  if (!hold) flushOutbox();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushOutbox);
  }
}
const logState: LogState = { requestId: undefined };
let phase: "init" | "invoke" = "init";

// Stack traces point at the user's TypeScript through esbuild's source maps.
process.setSourceMapsEnabled(true);
captureOutput((text, stream) => post({ type: "log", text, stream }, outbox.length > 0), data.logFormat, logState);
installAwsLambdaGlobal();

/** Ends the environment after a fatal error, as the runtime exits (129 / 128). */
function die(label: string, error: Error, exitCode: number): void {
  console.error(label, toFormatted(error));
  const payload = toRuntimeResponse(error);
  post(phase === "init" ? { type: "initError", error: payload } : { type: "crash", error: payload });
  flushOutbox();
  process.exit(exitCode);
}
process.on("uncaughtException", (error) => die("Uncaught Exception", intoError(error), 129));
process.on("unhandledRejection", (reason) => die("Unhandled Promise Rejection", runtimeErrors.unhandledRejection(reason), 128));

let pendingDrain: (() => void) | undefined;
const drain: Drain = {
  wait(then) {
    pendingDrain = then;
    port.unref();
  },
  cancel() {
    pendingDrain = undefined;
    port.ref();
  },
};
// With the port unref'd, the loop empties exactly when the function has nothing left to run.
process.on("beforeExit", () => {
  const then = pendingDrain;
  if (!then) return;
  drain.cancel();
  then();
});

function memoryUsedMb(): number {
  const heap = getHeapStatistics();
  return Math.ceil((heap.used_heap_size + heap.external_memory) / (1024 * 1024));
}

/**
 * Invocations the sandbox queued here while one runs (under load, for a fast function):
 * each starts as soon as the one before has answered, one at a time, as on Lambda.
 */
const queued: Array<{ msg: InvokeMessage; at: number }> = [];
let running = false;
let loaded: UserHandler | undefined;

function finisher(requestId: string): Finish {
  const error = (payload: RuntimeErrorPayload) => {
    post({ type: "error", requestId, error: payload, memoryUsedMb: memoryUsedMb() }, queued.length > 0);
    next();
  };
  const response = (result: unknown) => {
    let payload: string;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch {
      error(toRuntimeResponse(runtimeErrors.stringify()));
      return;
    }
    post({ type: "response", requestId, payload, memoryUsedMb: memoryUsedMb() }, queued.length > 0);
    next();
  };
  return { response, error };
}

function receive(msg: MainToWorker): void {
  received++;
  if (Array.isArray(msg)) {
    for (const one of msg) receive(one);
    return;
  }
  if (running) queued.push({ msg, at: Date.now() });
  else if (loaded) invoke(loaded, msg, 0);
}

/** The invocation answered: the next queued one starts now. */
function next(): void {
  running = false;
  const first = queued.shift();
  if (first && loaded) invoke(loaded, first.msg, Date.now() - first.at);
}

/** `waitedMs`: how long it was queued here; its Timeout (the deadline) runs from its start. */
function invoke(handler: UserHandler, msg: InvokeMessage, waitedMs: number): void {
  running = true;
  if (waitedMs > 0) msg.deadlineMs += waitedMs;
  logState.requestId = msg.requestId;
  if (msg.traceHeader) process.env._X_AMZN_TRACE_ID = msg.traceHeader;
  else delete process.env._X_AMZN_TRACE_ID;
  const finish = finisher(msg.requestId);
  let event: unknown;
  let context: Record<string, unknown>;
  try {
    event = JSON.parse(msg.event);
    context = buildContext(msg);
  } catch (error) {
    finish.error(toRuntimeResponse(error));
    return;
  }
  if (isStreaming(handler)) {
    const requestId = msg.requestId;
    // A chunk goes at once, unless messages are held this turn (it keeps their order).
    const chunk = (data: Buffer, contentType: string | undefined) =>
      post(contentType === undefined ? { type: "chunk", requestId, data } : { type: "chunk", requestId, data, contentType }, outbox.length > 0);
    const done = (contentType: string) => {
      post({ type: "response", requestId, payload: "", memoryUsedMb: memoryUsedMb(), contentType }, queued.length > 0);
      next();
    };
    void invokeStreaming(handler, event, context, { chunk, done, error: finish.error });
  } else if (data.callbackHandlersRemoved) void invokeModern(handler, event, context, finish);
  else invokeLegacy(handler, event, context, finish, drain);
}

/**
 * Like the sandbox's own process (core's watchIdleMemory), an environment gives back what a
 * burst of invocations grew once they stop: V8 keeps a young generation grown to its maximum
 * until its memory reducer runs much later. After RELEASE_AFTER_QUIET_CHECKS checks without an
 * invocation, one low-memory collection (~ms, never while invocations come).
 */
const IDLE_CHECK_MS = 500;
const RELEASE_AFTER_QUIET_CHECKS = 4;
let received = 0;

function watchIdleMemory(): void {
  let quietChecks = 0;
  let released = true;
  const timer = setInterval(() => {
    if (received > 0) {
      received = 0;
      quietChecks = 0;
      released = false;
      return;
    }
    if (released || ++quietChecks < RELEASE_AFTER_QUIET_CHECKS) return;
    released = true;
    void releaseMemory();
  }, IDLE_CHECK_MS);
  timer.unref();
}

async function releaseMemory(): Promise<void> {
  try {
    const { Session } = await import("node:inspector");
    const session = new Session();
    session.connect();
    session.post("HeapProfiler.collectGarbage", () => setImmediate(() => session.disconnect()));
  } catch {
    // No inspector in this Node.js build: V8's memory reducer does it, later.
  }
}

async function init(): Promise<void> {
  let handler: UserHandler;
  try {
    handler = await loadHandler(data.modulePath, data.handlerName, data.handlerString);
    if (data.callbackHandlersRemoved && handler.length >= 3) throw runtimeErrors.callbackHandlerRemoved();
  } catch (error) {
    const err = intoError(error);
    console.error("Uncaught Exception", toFormatted(err));
    post({ type: "initError", error: toRuntimeResponse(err) });
    return;
  }
  phase = "invoke";
  loaded = handler;
  port.on("message", receive);
  watchIdleMemory();
  post({ type: "ready", memoryUsedMb: memoryUsedMb() });
}

void init();
