/**
 * Messages between the sandbox (main thread) and one execution environment (a worker
 * thread running bootstrap.ts). Type-only: both sides import it with `import type`.
 */

/** What a failed invocation returns, as the Node.js runtime serializes it. */
export interface RuntimeErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** `workerData` of a new environment. */
export interface BootstrapData {
  /** Absolute path of the module to load (the esbuild output or the user's .js file). */
  modulePath: string;
  /** "src/handlers/get.handler", for error messages. */
  handlerString: string;
  /** "handler", or "nested.handler" — the property path inside the module. */
  handlerName: string;
  /** nodejs24.x and later: async/sync handlers only; callback handlers fail at init. */
  callbackHandlersRemoved: boolean;
  logFormat: "Text" | "JSON";
}

/**
 * What an environment receives: one invocation (posted as is, no envelope), or several
 * given in one turn of the sandbox's event loop, in order (one message, one wake-up).
 */
export interface InvokeMessage {
  requestId: string;
  /** The JSON event, as the caller sent it. */
  event: string;
  /** Epoch ms when the invocation times out (context.getRemainingTimeInMillis). */
  deadlineMs: number;
  invokedFunctionArn: string;
  /** Decoded client context JSON (the Invoke API's ClientContext header). */
  clientContext?: string;
  /** Cognito identity JSON. */
  identity?: string;
  /** X-Ray trace header, for _X_AMZN_TRACE_ID. */
  traceHeader?: string;
}

export type MainToWorker = InvokeMessage | InvokeMessage[];

/** One message, or several sent in one turn of the worker's event loop, in order. */
export type WorkerToMain = WorkerMessage | WorkerMessage[];

export type WorkerMessage =
  /** Init succeeded; the memory the environment uses then (REPORT's figure if the first invocation fails). */
  | { type: "ready"; memoryUsedMb: number }
  | { type: "initError"; error: RuntimeErrorPayload }
  | { type: "log"; text: string; stream: "stdout" | "stderr" }
  /** `contentType`: a streaming handler's (its payload is then empty: it went in chunks). */
  | { type: "response"; requestId: string; payload: string; memoryUsedMb: number; contentType?: string }
  /**
   * One write of a streaming handler (awslambda.streamifyResponse), sent as it happens;
   * the first one carries the stream's content type.
   */
  | { type: "chunk"; requestId: string; data: Uint8Array; contentType?: string }
  | { type: "error"; requestId: string; error: RuntimeErrorPayload; memoryUsedMb: number }
  /** The environment is going away (uncaught exception, unhandled rejection). */
  | { type: "crash"; error: RuntimeErrorPayload };
