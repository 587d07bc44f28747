/**
 * What an execution environment is to the rest of the engine, whatever runs it: a worker
 * thread (Node.js) or a subprocess behind a Runtime API (Python, provided.*). It serves
 * one invocation at a time; a timeout or a crash ends it.
 */
import type { InvokeMessage, RuntimeErrorPayload } from "../worker/protocol.js";

/** Why an environment stopped while initializing or invoking. */
export type Failure =
  /**
   * `body`: the error document a runtime posted (Runtime API), returned verbatim;
   * `perRequest`: Lambda's own error, reported as "RequestId: <id> Error: <message>".
   */
  | { kind: "crash"; error: RuntimeErrorPayload; body?: string; perRequest?: boolean }
  /** `signal`: the process was killed by one (subprocess runtimes). */
  | { kind: "exit"; exitCode: number; signal?: string }
  | { kind: "outOfMemory" }
  | { kind: "timeout" };

export type InitOutcome =
  /**
   * `retried`: the Init phase ran past its 10 seconds and the runtime starts again within the
   * first invocation, bounded by its timeout (Lambda's retried Init phase).
   */
  | { ok: true; durationMs: number; retried?: boolean }
  | { ok: false; durationMs: number; failure: Failure };

export type InvokeOutcome =
  /**
   * `contentType`: a streamed response's (see InvocationHooks.chunk); absent for one that did not stream.
   * `payload` a Buffer: the bytes a runtime posted to the Runtime API, returned as they are (not only UTF-8).
   */
  | { kind: "response"; payload: string | Buffer; memoryUsedMb: number; contentType?: string }
  /** `body`: the error document as the runtime posted it (Runtime API), returned verbatim. */
  | { kind: "error"; error: RuntimeErrorPayload; memoryUsedMb: number; body?: string }
  | { kind: "failed"; failure: Failure }
  /** The environment ended before this invocation, queued in it behind others, began: it runs elsewhere. */
  | { kind: "notStarted" };

export type LogSink = (line: string, stream: "stdout" | "stderr") => void;

/** A streamed response's content type when its runtime names none (the Runtime API's default). */
export const DEFAULT_STREAM_CONTENT_TYPE = "application/octet-stream";

/** One invocation as an environment receives it. */
export type Invocation = InvokeMessage;

/**
 * What the invoker follows of one invocation. Called synchronously by the environment, in
 * order: `started` when it begins (at once, or once those queued before it in the
 * environment are done), log lines to `sink`, then `finished` with the outcome; what
 * `finished` answers is what invoke() resolves to. So the platform lines of one
 * invocation (START … END, REPORT) are written before the next one's START.
 */
export interface InvocationHooks<T> {
  sink: LogSink;
  started(): void;
  /**
   * One write of a streaming handler, as it happens (before `finished`); `contentType`, the
   * stream's, comes with the first one at least.
   */
  chunk?(data: Buffer, contentType: string | undefined): void;
  finished(outcome: InvokeOutcome): T;
}

export interface Environment {
  readonly logStreamName: string;
  /** Settles when the Init phase ends (the handler is loaded, or init failed). */
  readonly ready: Promise<InitOutcome>;
  /** Where lines printed between invocations go (background work of the function). */
  sink: LogSink;
  /** Called once when the environment is gone (crashed, exited, terminated). */
  onDeath: () => void;
  readonly dead: boolean;
  /**
   * The last Max Memory Used it measured (its answers, a subprocess's Init too); absent: none.
   * An invocation that times out or crashes reports it, as Lambda reports the memory used.
   */
  readonly memoryUsedMb?: number;
  /**
   * Runs one invocation; resolves when the function answers, fails or times out. An
   * environment that can queue (see `queues`) takes one while busy and starts it right
   * after the ones before it: still one invocation at a time.
   */
  invoke<T>(invocation: Invocation, timeoutMs: number, hooks: InvocationHooks<T>): Promise<T>;
  /**
   * Whether it takes invocations queued behind the running one now (warm, and its function
   * answers within QUEUE_MAX_DURATION_MS); absent: never. Saves thread wake-ups under load
   * (see pool.ts).
   */
  queues?(): boolean;
  /** Lets the process exit while this environment waits for work. */
  idle(): void;
  terminate(): Promise<void>;
}

/** Splits a stream of text into lines for a sink, keeping an unfinished line for later. */
export class LineSplitter {
  private readonly partial = { stdout: "", stderr: "" };

  constructor(private readonly target: () => LogSink) {}

  text(text: string, stream: "stdout" | "stderr"): void {
    const lines = (this.partial[stream] + text).split("\n");
    this.partial[stream] = lines.pop() ?? "";
    const sink = this.target();
    for (const line of lines) sink(line, stream);
  }

  flush(): void {
    const sink = this.target();
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream] !== "") sink(this.partial[stream], stream);
      this.partial[stream] = "";
    }
  }
}
