/**
 * Runs one invocation the way the Node.js runtime does. Up to nodejs22.x: callback
 * handlers, context.succeed/fail/done, callbackWaitsForEmptyEventLoop, and a handler that
 * neither returns a promise nor calls back answers null once the event loop is empty.
 * From nodejs24.x: the handler's (awaited) return value is the answer.
 */
import type { InvokeMessage, RuntimeErrorPayload } from "./protocol.js";
import type { UserHandler } from "./loader.js";
import { logInvokeError, toRuntimeResponse } from "./errors.js";

export interface Finish {
  response(result: unknown): void;
  error(error: RuntimeErrorPayload): void;
}

/** Waits for the worker's event loop to empty (the runtime's beforeExit listener). */
export interface Drain {
  wait(then: () => void): void;
  cancel(): void;
}

/** What the context says about the environment: its variables, set once when it started. */
interface EnvironmentFacts {
  functionName: string | undefined;
  functionVersion: string | undefined;
  memoryLimitInMB: string | undefined;
  logGroupName: string | undefined;
  logStreamName: string | undefined;
}

let facts: EnvironmentFacts | undefined;

// Read once: each process.env lookup is a call into the runtime, on every invocation otherwise.
function environmentFacts(): EnvironmentFacts {
  const env = process.env;
  facts ??= {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
  return facts;
}

export function buildContext(msg: InvokeMessage): Record<string, unknown> {
  const env = environmentFacts();
  const deadline = msg.deadlineMs;
  // The runtime's key order (a context returned as JSON shows it: localstack test_lambda_with_context, recorded on AWS).
  return {
    functionVersion: env.functionVersion,
    functionName: env.functionName,
    memoryLimitInMB: env.memoryLimitInMB,
    logGroupName: env.logGroupName,
    logStreamName: env.logStreamName,
    clientContext: msg.clientContext === undefined ? undefined : JSON.parse(msg.clientContext),
    identity: msg.identity === undefined ? undefined : JSON.parse(msg.identity),
    invokedFunctionArn: msg.invokedFunctionArn,
    awsRequestId: msg.requestId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

function failWith(finish: Finish, err: unknown): void {
  logInvokeError(err);
  finish.error(toRuntimeResponse(err));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** nodejs24.x and later. */
export async function invokeModern(handler: UserHandler, event: unknown, context: Record<string, unknown>, finish: Finish): Promise<void> {
  try {
    finish.response(await handler(event, context));
  } catch (err) {
    failWith(finish, err);
  }
}

/** Each legacy context's callbackWaitsForEmptyEventLoop (see CALLBACK_WAITS_FOR_EMPTY_EVENT_LOOP). */
const waitsForEmptyEventLoop = new WeakMap<object, { wait: boolean }>();

/**
 * context.callbackWaitsForEmptyEventLoop: an enumerable accessor, as the runtime's object literal
 * defines it, but one getter and setter for every context (each context's value kept in
 * waitsForEmptyEventLoop). A literal with a getter and setter made anew for each invocation gave
 * each context object a map of its own that V8 linked from the literal's shared map: everything
 * the invocation's closures held then outlived the next young-generation collection and was
 * promoted (~250 B per invocation; 11–15 full collections a second at 150k trivial invocations a
 * second, none now). Per trivial invocation, in batches of 32: the environment's thread 2.7 → 2.3 µs,
 * the process with V8's collector threads 4.4 → 3.4 µs.
 */
const CALLBACK_WAITS_FOR_EMPTY_EVENT_LOOP: PropertyDescriptor = {
  ...Object.getOwnPropertyDescriptor(
    {
      get callbackWaitsForEmptyEventLoop(): boolean {
        return waitsForEmptyEventLoop.get(this)?.wait ?? true;
      },
      set callbackWaitsForEmptyEventLoop(value: boolean) {
        const state = waitsForEmptyEventLoop.get(this);
        if (state) state.wait = value;
      },
    },
    "callbackWaitsForEmptyEventLoop",
  ),
};

/** nodejs22.x and earlier (CallbackContext.js / Runtime.js semantics). */
export function invokeLegacy(
  handler: UserHandler,
  event: unknown,
  base: Record<string, unknown>,
  finish: Finish,
  drain: Drain,
): void {
  const waiting = { wait: true };
  let finished = false;
  // Only the first of callback/succeed/fail/done counts.
  const once = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
    if (finished) return;
    finished = true;
    fn(...args);
  };
  const done = (err: unknown, result?: unknown) => {
    drain.cancel();
    if (err !== undefined && err !== null) failWith(finish, err);
    else finish.response(result);
  };
  const callback = once((err: unknown, result?: unknown) => {
    drain.cancel();
    if (err !== undefined && err !== null) failWith(finish, err);
    // Documented: with callbackWaitsForEmptyEventLoop the response waits for the event loop to empty.
    else if (waiting.wait) drain.wait(() => finish.response(result));
    else finish.response(result);
  });
  // The members in the runtime's order: the accessor, succeed, fail, done, then the environment's.
  const succeed = once((result?: unknown) => done(null, result));
  const fail = once((err?: unknown) => done(err === undefined || err === null ? "handled" : err));
  const context: Record<string, unknown> = {};
  Object.defineProperty(context, "callbackWaitsForEmptyEventLoop", CALLBACK_WAITS_FOR_EMPTY_EVENT_LOOP);
  waitsForEmptyEventLoop.set(context, waiting);
  context.succeed = succeed;
  context.fail = fail;
  context.done = once(done);
  Object.assign(context, base);
  // A handler that never answers gets null once nothing is left to run.
  drain.wait(() => finish.response(null));
  try {
    const result = handler(event, context, callback);
    if (isThenable(result)) result.then(succeed, fail);
  } catch (err) {
    callback(err);
  }
}
