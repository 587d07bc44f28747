/**
 * An execution environment for runtimes that are not Node.js (Python, provided.*): one
 * subprocess talking to its own Runtime API, as a Lambda runtime does in its microVM.
 * It serves one invocation at a time, stays warm, and is killed (its whole process
 * group) on a timeout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import { INIT_TIMEOUT_MS, MAX_SYNC_RESPONSE_BYTES } from "../limits.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import {
  LineSplitter,
  type Environment,
  type Failure,
  type InitOutcome,
  type Invocation,
  type InvocationHooks,
  type InvokeOutcome,
  type LogSink,
} from "./environment.js";
import { functionErrors } from "./functionErrors.js";
import { RuntimeApi } from "./runtimeApi.js";

export interface ProcessEnvironmentOptions {
  /** The runtime's executable (python3, or the function's bootstrap) and its arguments. */
  command: string;
  args: string[];
  /** The task root (LAMBDA_TASK_ROOT), the process's working directory. */
  cwd: string;
  env: Record<string, string>;
  logStreamName: string;
  wallClock: Clock;
}

interface Pending {
  requestId: string;
  resolve(outcome: InvokeOutcome): void;
  timer: TimerHandle;
  /** InvocationHooks.started, called once the runtime has the event. */
  started(): void;
  /** Whether the runtime has the event: one it never took runs in another environment if this one ends. */
  taken: boolean;
}

export class ProcessEnvironment implements Environment {
  readonly logStreamName: string;
  readonly ready: Promise<InitOutcome>;
  sink: LogSink = () => {};
  onDeath: () => void = () => {};
  dead = false;
  /** The process's peak resident memory when last measured (see Environment). */
  memoryUsedMb = 0;

  private readonly wallClock: Clock;
  private readonly api: RuntimeApi;
  /** The current invocation's log, until the lines it printed have all arrived. */
  private currentSink: LogSink | undefined;
  /** Where the current invocation's streamed response goes (InvocationHooks.chunk). */
  private currentChunk: ((data: Buffer, contentType: string | undefined) => void) | undefined;
  private readonly lines = new LineSplitter(() => this.currentSink ?? this.sink);
  private readonly started = performance.now();
  private child: ChildProcess | undefined;
  private settleReady: ((outcome: InitOutcome) => void) | undefined;
  private initTimer: TimerHandle | undefined;
  private pending: Pending | undefined;
  private failure: Failure | undefined;
  /** The Runtime API's address, once it listens. */
  private address: string | undefined;
  /** Whether the runtime has asked for its first event. */
  private initialized = false;

  constructor(private readonly options: ProcessEnvironmentOptions) {
    this.logStreamName = options.logStreamName;
    this.wallClock = options.wallClock;
    this.ready = new Promise((resolve) => {
      this.settleReady = resolve;
    });
    this.api = new RuntimeApi({
      initDone: () => this.initDone(),
      taken: (requestId) => {
        const pending = this.pending;
        if (pending?.requestId !== requestId || pending.taken) return;
        pending.taken = true;
        pending.started();
      },
      initError: (body, errorType) => this.fail({ kind: "crash", error: parseError(body, errorType), body: errorBody(body, errorType) }),
      response: (requestId, body, contentType) =>
        this.answer(
          requestId,
          contentType === undefined
            ? { kind: "response", payload: body, memoryUsedMb: this.measureMemory() }
            : { kind: "response", payload: body, memoryUsedMb: this.measureMemory(), contentType },
        ),
      chunk: (requestId, data, contentType) => {
        if (this.pending?.requestId === requestId) this.currentChunk?.(data, contentType);
      },
      error: (requestId, body, errorType) =>
        this.answer(requestId, { kind: "error", error: parseError(body, errorType), body: errorBody(body, errorType), memoryUsedMb: this.measureMemory() }),
      tooLarge: (requestId) =>
        this.answer(requestId, { kind: "error", error: functionErrors.responseTooLarge(MAX_SYNC_RESPONSE_BYTES), memoryUsedMb: this.measureMemory() }),
      // Lambda ends the invocation with this error and no payload, and resets the environment.
      invalidResponseMode: (requestId) => {
        if (this.pending?.requestId === requestId) this.fail({ kind: "crash", error: functionErrors.invalidResponseMode(), body: "" });
      },
    });
    this.initTimer = this.wallClock.setTimeout(() => this.retryInit(), INIT_TIMEOUT_MS);
    void this.start();
  }

  /**
   * Runs one invocation at once (a subprocess never queues one); see InvocationHooks. It starts
   * when the runtime takes the event: a runtime that exits after its last answer instead of
   * asking for the next event never had this one, which runs in a fresh environment (as Lambda
   * hands an invocation only to a runtime waiting in /next).
   */
  async invoke<T>(invocation: Invocation, timeoutMs: number, hooks: InvocationHooks<T>): Promise<T> {
    if (this.dead) return hooks.finished({ kind: "notStarted" });
    this.reference(true);
    this.currentSink = hooks.sink;
    this.currentChunk = hooks.chunk;
    // The runtime starting again within this invocation (retryInit): the invocation has begun.
    const reinitializing = this.address !== undefined && this.settleReady === undefined && !this.initialized;
    if (reinitializing) hooks.started();
    const outcome = await new Promise<InvokeOutcome>((resolve) => {
      const timer = this.wallClock.setTimeout(() => this.fail({ kind: "timeout" }), timeoutMs);
      this.pending = { requestId: invocation.requestId, resolve, timer, started: () => hooks.started(), taken: reinitializing };
      this.api.deliver(invocation);
    });
    return hooks.finished(outcome);
  }

  /** The process waits in its long poll: it does not keep the sandbox's process alive. */
  idle(): void {
    this.reference(false);
  }

  private reference(on: boolean): void {
    this.api.ref(on);
    const child = this.child;
    if (!child) return;
    for (const handle of [child, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null>) {
      if (on) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  async terminate(): Promise<void> {
    this.fail({ kind: "exit", exitCode: 0, signal: "SIGKILL" });
  }

  private async start(): Promise<void> {
    let address: string;
    try {
      address = await this.api.listen();
    } catch (error) {
      this.fail({ kind: "crash", error: { errorType: "Runtime.Unknown", errorMessage: String(error) } });
      return;
    }
    if (this.dead) {
      this.api.close();
      return;
    }
    this.address = address;
    this.spawnRuntime(address);
  }

  /**
   * The Init phase ran past its 10 seconds: as Lambda does, the runtime starts again at the
   * first invocation, which its function timeout then bounds ("Understanding the Lambda
   * execution environment lifecycle", Init phase). The Runtime API still waits for a first /next.
   */
  private retryInit(): void {
    if (this.dead || this.address === undefined) {
      this.fail({ kind: "timeout" });
      return;
    }
    this.measureMemory();
    this.kill();
    this.settleReady?.({ ok: true, durationMs: performance.now() - this.started, retried: true });
    this.settleReady = undefined;
    this.spawnRuntime(this.address);
  }

  private spawnRuntime(address: string): void {
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd,
      env: { ...this.options.env, AWS_LAMBDA_RUNTIME_API: address },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a timeout kills whatever the runtime started, too.
      detached: true,
    });
    this.child = child;
    child.stdout?.on("data", (chunk: Buffer) => this.lines.text(chunk.toString("utf8"), "stdout"));
    child.stderr?.on("data", (chunk: Buffer) => this.lines.text(chunk.toString("utf8"), "stderr"));
    child.on("error", (error: Error & { code?: string }) => {
      const message = error.code === "ENOENT" || error.code === "EACCES" ? `fork/exec ${this.options.command}: ${describeSpawnError(error.code)}` : error.message;
      if (child === this.child) this.fail({ kind: "crash", error: functionErrors.invalidEntrypoint(message), perRequest: true });
    });
    // A runtime killed for a retried Init phase is no longer this environment's.
    child.on("exit", (code, signal) => {
      if (child === this.child) this.exited(code, signal);
    });
  }

  private initDone(): void {
    this.initialized = true;
    this.measureMemory();
    this.initTimer?.cancel();
    this.settleReady?.({ ok: true, durationMs: performance.now() - this.started });
    this.settleReady = undefined;
  }

  private answer(requestId: string, outcome: InvokeOutcome): void {
    const pending = this.pending;
    if (!pending || pending.requestId !== requestId) return;
    this.pending = undefined;
    pending.timer.cancel();
    // Output written just before the answer may still be in the pipe: let it arrive first.
    setImmediate(() => {
      this.lines.flush();
      this.currentSink = undefined;
      pending.resolve(outcome);
    });
  }

  private fail(failure: Failure): void {
    if (this.dead) return;
    this.failure ??= failure;
    this.dead = true;
    this.initTimer?.cancel();
    // Still running on a timeout: its peak now, before it is killed.
    this.measureMemory();
    this.kill();
    this.api.close();
    const settle = (): void => {
      this.lines.flush();
      this.currentSink = undefined;
      this.settleReady?.({ ok: false, durationMs: performance.now() - this.started, failure: this.failure ?? failure });
      this.settleReady = undefined;
      const pending = this.pending;
      this.pending = undefined;
      if (pending) {
        pending.timer.cancel();
        const reported = this.failure ?? failure;
        if (!pending.taken && reported.kind === "exit") pending.resolve({ kind: "notStarted" });
        else {
          // A runtime that never came back for the event still had the invocation's time.
          if (!pending.taken) pending.started();
          pending.resolve({ kind: "failed", failure: reported });
        }
      }
      this.onDeath();
    };
    setImmediate(settle);
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.fail(this.failure ?? (signal ? { kind: "exit", exitCode: 0, signal } : { kind: "exit", exitCode: code ?? 0 }));
  }

  private kill(): void {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }

  /** The process's peak resident memory (VmHWM), as Lambda's Max Memory Used; kept as memoryUsedMb. */
  private measureMemory(): number {
    const pid = this.child?.pid;
    if (pid === undefined) return this.memoryUsedMb;
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      if (kb !== undefined) this.memoryUsedMb = Math.max(this.memoryUsedMb, Math.ceil(Number(kb) / 1024));
    } catch {
      // the process is gone (a crash): its last measure stands
    }
    return this.memoryUsedMb;
  }
}

/** The error document a runtime posted; Lambda falls back to the error-type header. */
function parseError(body: string, errorType: string | undefined): RuntimeErrorPayload {
  try {
    const parsed = JSON.parse(body) as { errorType?: unknown; errorMessage?: unknown };
    if (typeof parsed === "object" && parsed !== null) {
      return {
        errorType: typeof parsed.errorType === "string" && parsed.errorType !== "" ? parsed.errorType : (errorType ?? "Unhandled"),
        errorMessage: typeof parsed.errorMessage === "string" ? parsed.errorMessage : "",
      };
    }
  } catch {
    // not JSON: described by the header alone
  }
  return { errorType: errorType ?? "Unhandled", errorMessage: body };
}

function errorBody(body: string, errorType: string | undefined): string {
  try {
    JSON.parse(body);
    return body;
  } catch {
    return JSON.stringify({ errorType: errorType ?? "Unhandled", errorMessage: body });
  }
}

function describeSpawnError(code: string): string {
  return code === "ENOENT" ? "no such file or directory" : "permission denied";
}
