/**
 * Runs Logs Insights queries that hold regular expressions on a worker thread, one at a time,
 * each with a deadline. The query syntax documents `(?i)` and named groups and refuses no other
 * regex feature, so the sandbox runs what JavaScript's RegExp accepts (backreferences and
 * lookarounds too). RegExp backtracks, and V8's linear-time fallback takes neither those nor the
 * i flag `(?i)` becomes: `filter @message like /(?i)(a+)+b/` over a long event ran for hours and
 * froze the whole sandbox. On a worker the sandbox keeps serving; past the deadline the worker is
 * ended and the query ends as one that ran past AWS's own limit does, with status Timeout
 * ("Queries time out after 60 minutes of runtime", StartQuery API reference).
 */
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { INSIGHTS_QUERY_TIMEOUT_MS } from "../../limits.js";
import type { EventSource } from "./records.js";
import type { QueryOutput } from "./run.js";

export interface WorkerRequest {
  id: string;
  queryString: string;
  events: EventSource[];
  limit: number;
}

export type WorkerReply = { id: string; output: QueryOutput } | { id: string; error: string };

export type RunOutcome = { kind: "complete"; output: QueryOutput } | { kind: "timeout" } | { kind: "failed"; message: string };

interface Job {
  request: WorkerRequest;
  /** Called when the worker takes the job (the query is then Running). */
  started: () => void;
  done: (outcome: RunOutcome) => void;
}

const WORKER_URL = workerUrl();

export class QueryRunner {
  private worker: Worker | undefined;
  private current: { job: Job; timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly queue: Job[] = [];

  /** Queues the query; the promise settles when it ends (never rejects). */
  run(request: WorkerRequest, started: () => void): Promise<RunOutcome> {
    return new Promise((done) => {
      this.queue.push({ request, started, done });
      this.next();
    });
  }

  /** StopQuery: a queued query is dropped, a running one ends its worker. */
  cancel(id: string): void {
    const queued = this.queue.findIndex((job) => job.request.id === id);
    if (queued >= 0) {
      this.queue.splice(queued, 1)[0].done({ kind: "failed", message: "cancelled" });
      return;
    }
    if (this.current?.job.request.id === id) this.end({ kind: "failed", message: "cancelled" });
  }

  close(): void {
    for (const job of this.queue.splice(0)) job.done({ kind: "failed", message: "closed" });
    if (this.current) this.end({ kind: "failed", message: "closed" });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private next(): void {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.end({ kind: "timeout" }), INSIGHTS_QUERY_TIMEOUT_MS);
    // A query's deadline must not keep the process alive.
    timer.unref();
    this.current = { job, timer };
    job.started();
    worker.postMessage(job.request);
  }

  /** Ends the running job without its answer: its worker, busy with it, is ended too. */
  private end(outcome: RunOutcome): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
    current.job.done(outcome);
    this.next();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL, { name: "logs-insights" });
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      if (this.worker !== worker || this.current?.job.request.id !== reply.id) return;
      const current = this.current;
      clearTimeout(current.timer);
      this.current = undefined;
      current.job.done("output" in reply ? { kind: "complete", output: reply.output } : { kind: "failed", message: reply.error });
      this.next();
    });
    // The worker died (out of memory, say): its query failed; the next one gets a new worker.
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.current) this.end({ kind: "failed", message: why });
    };
    worker.on("error", (error) => died(error.message));
    worker.on("exit", (code) => died(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}

/** The built worker beside this file; from the TypeScript sources (tests), the package's dist. */
function workerUrl(): URL {
  const sibling = new URL("./worker.js", import.meta.url);
  if (existsSync(sibling)) return sibling;
  return new URL("../../../dist/engine/insights/worker.js", import.meta.url);
}
