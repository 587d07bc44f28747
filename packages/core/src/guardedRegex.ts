/**
 * Regular expressions a client or an API author wrote, run over client data on a worker thread
 * with a deadline. JavaScript's RegExp backtracks: /(a+)+b/ against forty "a"s runs for hours,
 * and on the sandbox's thread it froze every service (V8's linear-time fallback, set in
 * sandbox.ts, takes no backreferences or lookarounds, and on Node 20 no i or u flag). Callers are
 * synchronous (jsonata's RegexEngine, Velocity templates), so they wait for the worker with
 * Atomics.wait; past the deadline the worker is ended (the next call starts a new one) and
 * RegexTimedOut is thrown, which each service turns into its own error.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";

/** A regular expression ran past its deadline. */
export class RegexTimedOut extends Error {
  constructor(
    readonly source: string,
    readonly timeoutMs: number,
  ) {
    super(`The regular expression /${source}/ ran longer than ${timeoutMs} ms`);
  }
}

interface Pattern {
  source: string;
  flags: string;
  text: string;
}

export type RegexCall =
  | (Pattern & { op: "test" })
  | (Pattern & { op: "replace"; replacement: string })
  | (Pattern & { op: "split" })
  | (Pattern & { op: "exec"; lastIndex: number });

/** RegExp.exec's answer, as the worker sends it back. */
export interface ExecReply {
  match: Array<string | undefined> | null;
  index: number;
  lastIndex: number;
}

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, flag } = workerData;
const signal = new Int32Array(flag);
port.on("message", (call) => {
  let reply;
  try {
    const re = new RegExp(call.source, call.flags);
    if (call.op === "test") reply = { value: re.test(call.text) };
    else if (call.op === "replace") reply = { value: call.text.replace(re, call.replacement) };
    else if (call.op === "split") reply = { value: call.text.split(re) };
    else {
      re.lastIndex = call.lastIndex;
      const m = re.exec(call.text);
      reply = { value: { match: m === null ? null : Array.from(m), index: m === null ? 0 : m.index, lastIndex: re.lastIndex } };
    }
  } catch (error) {
    reply = { error: String(error && error.message) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

interface Runner {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let runner: Runner | undefined;

function startRunner(): Runner {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, name: "guarded-regex", workerData: { port: port2, flag }, transferList: [port2] });
  // The worker must not keep the sandbox process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal: new Int32Array(flag) };
}

/** Runs one regex operation on the worker; an invalid pattern throws a SyntaxError with V8's text, a runaway one RegexTimedOut. */
export function runRegex(call: RegexCall & { op: "test" }, timeoutMs: number): boolean;
export function runRegex(call: RegexCall & { op: "replace" }, timeoutMs: number): string;
export function runRegex(call: RegexCall & { op: "split" }, timeoutMs: number): string[];
export function runRegex(call: RegexCall & { op: "exec" }, timeoutMs: number): ExecReply;
export function runRegex(call: RegexCall, timeoutMs: number): unknown {
  runner ??= startRunner();
  const current = runner;
  Atomics.store(current.signal, 0, 0);
  current.port.postMessage(call);
  if (Atomics.wait(current.signal, 0, 0, timeoutMs) === "timed-out") {
    runner = undefined;
    void current.worker.terminate();
    current.port.close();
    throw new RegexTimedOut(call.source, timeoutMs);
  }
  const reply = receiveMessageOnPort(current.port)?.message as { value?: unknown; error?: string } | undefined;
  if (reply === undefined || reply.error !== undefined) throw new SyntaxError(reply?.error ?? "no reply from the regular expression worker");
  return reply.value;
}
