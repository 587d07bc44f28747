/**
 * A Node.js execution environment: a worker thread that loaded the function once and serves
 * one invocation at a time. Timeouts are wall-clock (a function's Timeout is real time):
 * on expiry the worker is terminated, which also stops an infinite loop.
 */
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Clock, TimerHandle } from "@sam-sandbox/core";
import type { BootstrapData, RuntimeErrorPayload, WorkerToMain } from "../worker/protocol.js";
import { INIT_TIMEOUT_MS, MAX_YOUNG_GENERATION_MB, MIN_YOUNG_GENERATION_MB } from "../limits.js";
import { LineSplitter, type Environment, type Failure, type InitOutcome, type Invocation, type InvokeOutcome, type LogSink } from "./environment.js";

export interface WorkerEnvironmentOptions {
  bootstrap: BootstrapData;
  env: Record<string, string>;
  memorySizeMb: number;
  logStreamName: string;
  /** Measures timeouts; real time unless a test scales it. */
  wallClock: Clock;
  /** Worker thread name, for debuggers. */
  name: string;
}

interface Pending {
  requestId: string;
  resolve(outcome: InvokeOutcome): void;
  timer: TimerHandle;
}

const BOOTSTRAP = bootstrapUrl();

export class WorkerEnvironment implements Environment {
  readonly logStreamName: string;
  readonly ready: Promise<InitOutcome>;
  /** Where log lines go: the invoker points it at the current invocation. */
  sink: LogSink = () => {};
  /** Called once when the environment is gone (crashed, exited, terminated). */
  onDeath: () => void = () => {};
  dead = false;

  private readonly worker: Worker;
  private readonly wallClock: Clock;
  private readonly started = performance.now();
  private settleReady: ((outcome: InitOutcome) => void) | undefined;
  private initTimer: TimerHandle | undefined;
  private pending: Pending | undefined;
  private failure: Failure | undefined;
  private readonly lines = new LineSplitter(() => this.sink);

  constructor(options: WorkerEnvironmentOptions) {
    this.logStreamName = options.logStreamName;
    this.wallClock = options.wallClock;
    this.ready = new Promise((resolve) => {
      this.settleReady = resolve;
    });
    this.worker = new Worker(BOOTSTRAP, {
      workerData: options.bootstrap,
      env: options.env,
      name: options.name,
      stdout: true,
      stderr: true,
      // MemorySize caps the environment's heap, as Lambda's memory limit does.
      resourceLimits: { maxOldGenerationSizeMb: options.memorySizeMb, maxYoungGenerationSizeMb: youngGenerationMb(options.memorySizeMb) },
    });
    this.worker.stdout.on("data", (chunk: Buffer) => this.text(chunk.toString("utf8"), "stdout"));
    this.worker.stderr.on("data", (chunk: Buffer) => this.text(chunk.toString("utf8"), "stderr"));
    this.worker.on("message", (msg: WorkerToMain) => this.message(msg));
    this.worker.on("error", (error: Error & { code?: string }) => {
      this.failure ??= error.code === "ERR_WORKER_OUT_OF_MEMORY" ? { kind: "outOfMemory" } : { kind: "crash", error: asPayload(error) };
    });
    this.worker.on("exit", (exitCode) => this.exited(exitCode));
    this.initTimer = this.wallClock.setTimeout(() => this.fail({ kind: "timeout" }), INIT_TIMEOUT_MS);
  }

  /** Runs one invocation; resolves when the function answers, fails or times out. */
  invoke(invocation: Invocation, timeoutMs: number): Promise<InvokeOutcome> {
    if (this.dead) return Promise.resolve({ kind: "failed", failure: this.failure ?? { kind: "exit", exitCode: 1 } });
    this.worker.ref();
    return new Promise((resolve) => {
      const timer = this.wallClock.setTimeout(() => this.fail({ kind: "timeout" }), timeoutMs);
      this.pending = { requestId: invocation.requestId, resolve, timer };
      this.worker.postMessage(invocation);
    });
  }

  /** Lets the process exit while this environment waits for work. */
  idle(): void {
    this.worker.unref();
  }

  async terminate(): Promise<void> {
    this.dead = true;
    this.initTimer?.cancel();
    await this.worker.terminate();
  }

  private message(msg: WorkerToMain): void {
    switch (msg.type) {
      case "log":
        this.text(msg.text, msg.stream);
        return;
      case "ready":
        this.initTimer?.cancel();
        this.settleReady?.({ ok: true, durationMs: performance.now() - this.started });
        this.settleReady = undefined;
        return;
      case "initError":
        this.fail({ kind: "crash", error: msg.error });
        return;
      case "crash":
        this.fail({ kind: "crash", error: msg.error });
        return;
      case "response":
        this.answer(msg.requestId, { kind: "response", payload: msg.payload, memoryUsedMb: msg.memoryUsedMb });
        return;
      case "error":
        this.answer(msg.requestId, { kind: "error", error: msg.error, memoryUsedMb: msg.memoryUsedMb });
        return;
    }
  }

  private answer(requestId: string, outcome: InvokeOutcome): void {
    const pending = this.pending;
    if (!pending || pending.requestId !== requestId) return;
    this.pending = undefined;
    pending.timer.cancel();
    this.flush();
    pending.resolve(outcome);
  }

  /** The environment is lost: settle whatever waits on it and stop the worker. */
  private fail(failure: Failure): void {
    if (this.dead) return;
    this.failure ??= failure;
    this.dead = true;
    this.initTimer?.cancel();
    this.flush();
    this.settleReady?.({ ok: false, durationMs: performance.now() - this.started, failure: this.failure });
    this.settleReady = undefined;
    const pending = this.pending;
    this.pending = undefined;
    pending?.timer.cancel();
    pending?.resolve({ kind: "failed", failure: this.failure });
    void this.worker.terminate();
    this.onDeath();
  }

  private exited(exitCode: number): void {
    this.fail(this.failure ?? { kind: "exit", exitCode });
  }

  private text(text: string, stream: "stdout" | "stderr"): void {
    this.lines.text(text, stream);
  }

  private flush(): void {
    this.lines.flush();
  }
}

function youngGenerationMb(memorySizeMb: number): number {
  return Math.min(MAX_YOUNG_GENERATION_MB, Math.max(MIN_YOUNG_GENERATION_MB, Math.round(memorySizeMb / 32)));
}

function asPayload(error: Error): RuntimeErrorPayload {
  return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? "").split("\n") };
}

/** dist/worker/bootstrap.js; from src (tests run TypeScript), the transpiled copy in dist. */
function bootstrapUrl(): URL {
  const sibling = new URL("../worker/bootstrap.js", import.meta.url);
  if (existsSync(sibling)) return sibling;
  return new URL("../../dist/worker/bootstrap.js", import.meta.url);
}
