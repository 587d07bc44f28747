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

export type InitOutcome = { ok: true; durationMs: number } | { ok: false; durationMs: number; failure: Failure };

export type InvokeOutcome =
  | { kind: "response"; payload: string; memoryUsedMb: number }
  /** `body`: the error document as the runtime posted it (Runtime API), returned verbatim. */
  | { kind: "error"; error: RuntimeErrorPayload; memoryUsedMb: number; body?: string }
  | { kind: "failed"; failure: Failure };

export type LogSink = (line: string, stream: "stdout" | "stderr") => void;

/** One invocation as an environment receives it. */
export type Invocation = InvokeMessage;

export interface Environment {
  readonly logStreamName: string;
  /** Settles when the Init phase ends (the handler is loaded, or init failed). */
  readonly ready: Promise<InitOutcome>;
  /** Where log lines go: the invoker points it at the current invocation. */
  sink: LogSink;
  /** Called once when the environment is gone (crashed, exited, terminated). */
  onDeath: () => void;
  readonly dead: boolean;
  /** Runs one invocation; resolves when the function answers, fails or times out. */
  invoke(invocation: Invocation, timeoutMs: number): Promise<InvokeOutcome>;
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
