/**
 * JSONata's regular expressions ($match, $replace, $split, $contains, "~>") run on a worker
 * thread with a deadline. JavaScript's RegExp backtracks: /(a+)+b/ against forty "a"s runs for
 * hours, and on the main thread it froze the whole sandbox. The caller waits for the worker
 * synchronously (Atomics.wait), as jsonata calls its RegexEngine synchronously; past the deadline
 * the worker is ended and the evaluation fails with jsonata's own timeout error (D1012).
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { JSONATA_REGEX_TIMEOUT_MS } from "../../limits.js";

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, flag } = workerData;
const signal = new Int32Array(flag);
port.on("message", ({ source, flags, text, lastIndex }) => {
  let reply;
  try {
    const re = new RegExp(source, flags);
    re.lastIndex = lastIndex;
    const m = re.exec(text);
    reply = { match: m === null ? null : Array.from(m), index: m === null ? 0 : m.index, lastIndex: re.lastIndex };
  } catch (error) {
    reply = { error: String(error && error.message) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

interface Reply {
  match?: (string | undefined)[] | null;
  index?: number;
  lastIndex?: number;
  error?: string;
}

interface Runner {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let runner: Runner | undefined;

function startRunner(): Runner {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
  // The worker must not keep the sandbox process alive.
  worker.unref();
  port1.unref();
  return { worker, port: port1, signal: new Int32Array(flag) };
}

function exec(source: string, flags: string, text: string, lastIndex: number): Reply {
  runner ??= startRunner();
  const current = runner;
  Atomics.store(current.signal, 0, 0);
  current.port.postMessage({ source, flags, text, lastIndex });
  const waited = Atomics.wait(current.signal, 0, 0, JSONATA_REGEX_TIMEOUT_MS);
  if (waited === "timed-out") {
    runner = undefined;
    void current.worker.terminate();
    current.port.close();
    throw { code: "D1012", value: JSONATA_REGEX_TIMEOUT_MS };
  }
  const received = receiveMessageOnPort(current.port);
  return (received?.message as Reply | undefined) ?? { error: "no reply" };
}

/** The RegexEngine jsonata is given: the RegExp surface it uses (exec and lastIndex). */
export class GuardedRegExp {
  lastIndex = 0;
  private readonly source: string;
  private readonly flags: string;

  constructor(pattern: RegExp | string, flags?: string) {
    const re = new RegExp(pattern, flags);
    this.source = re.source;
    // jsonata matches from lastIndex onwards: the expression is global as it makes it.
    this.flags = re.flags.includes("g") ? re.flags : `${re.flags}g`;
  }

  exec(text: string): RegExpExecArray | null {
    const reply = exec(this.source, this.flags, text, this.lastIndex);
    if (reply.error !== undefined) throw new Error(reply.error);
    this.lastIndex = reply.lastIndex ?? 0;
    if (reply.match === null || reply.match === undefined) return null;
    const match = reply.match as RegExpExecArray;
    match.index = reply.index ?? 0;
    match.input = text;
    return match;
  }
}
