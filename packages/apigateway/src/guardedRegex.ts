/**
 * Regular expressions the API author wrote, run over what the client sent, on a worker thread with
 * a deadline: a mapping template's Java String methods (matches, replaceAll, split), an integration
 * response's selectionPattern (over a Lambda error message), a TOKEN authorizer's
 * validationExpression (over the client's token). JavaScript's RegExp backtracks:
 * `$body.matches("(a+)+\1b")` over a long body ran for hours on the sandbox's only thread (V8's
 * linear-time fallback takes no backreferences, lookarounds or counted repeats). Callers are
 * synchronous (template rendering), so they wait for the worker with Atomics.wait; past the
 * deadline the worker is ended and RegexTimedOut is thrown.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { MAX_REGEX_MS } from "./limits.js";

/** A regular expression ran past MAX_REGEX_MS. */
export class RegexTimedOut extends Error {}

export type RegexCall =
  | { op: "test"; source: string; flags: string; text: string }
  | { op: "replace"; source: string; flags: string; text: string; replacement: string }
  | { op: "split"; source: string; flags: string; text: string };

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
    else reply = { value: call.text.split(re) };
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
  const worker = new Worker(WORKER_SOURCE, { eval: true, name: "apigateway-regex", workerData: { port: port2, flag }, transferList: [port2] });
  // The worker must not keep the sandbox process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal: new Int32Array(flag) };
}

/** Runs one regex operation on the worker; an invalid pattern throws its SyntaxError text, a runaway one RegexTimedOut. */
export function runRegex(call: { op: "test"; source: string; flags: string; text: string }): boolean;
export function runRegex(call: { op: "replace"; source: string; flags: string; text: string; replacement: string }): string;
export function runRegex(call: { op: "split"; source: string; flags: string; text: string }): string[];
export function runRegex(call: RegexCall): unknown {
  runner ??= startRunner();
  const current = runner;
  Atomics.store(current.signal, 0, 0);
  current.port.postMessage(call);
  if (Atomics.wait(current.signal, 0, 0, MAX_REGEX_MS) === "timed-out") {
    runner = undefined;
    void current.worker.terminate();
    current.port.close();
    throw new RegexTimedOut(`The regular expression /${call.source}/ ran longer than ${MAX_REGEX_MS} ms`);
  }
  const reply = receiveMessageOnPort(current.port)?.message as { value?: unknown; error?: string } | undefined;
  if (reply === undefined || reply.error !== undefined) throw new SyntaxError(reply?.error ?? "no reply from the regular expression worker");
  return reply.value;
}
