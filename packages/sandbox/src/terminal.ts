import pc from "picocolors";
import type { EventBus } from "@sam-sandbox/core";

export interface TerminalOptions {
  /** One JSON object per line instead of colored text (`--log-format json`). */
  json?: boolean;
  /** Also print edge (AWS API) requests. */
  verbose?: boolean;
  write?: (line: string) => void;
}

const time = () => new Date().toISOString().slice(11, 23);

/** A platform record of a LogFormat JSON function: {"time":"…","type":"platform.start",…}. */
const PLATFORM_RECORD = /^\{"time":"[^"]*","type":"platform\./;

function statusColor(status: number): (s: string) => string {
  if (status >= 500) return pc.red;
  if (status >= 400) return pc.yellow;
  return pc.green;
}

/** A request line shows at most this much of a path (a 9,000-character path filled the screen). */
const MAX_SHOWN_PATH = 120;

function shownPath(path: string): string {
  return path.length <= MAX_SHOWN_PATH ? path : `${path.slice(0, MAX_SHOWN_PATH)}… (${path.length} characters)`;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** Prints one concise line per request and invocation, plus the functions' own output. */
export function attachTerminal(events: EventBus, options: TerminalOptions = {}): () => void {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));

  const request = (e: { source: "api" | "edge"; method: string; path: string; status: number; durationMs: number; service?: string; action?: string }) => {
    if (e.source === "edge" && !options.verbose) return;
    if (options.json) return write(JSON.stringify({ time: new Date().toISOString(), type: "request", ...e }));
    const what = e.source === "edge" ? `${e.service ?? "?"} ${e.action ?? `${e.method} ${shownPath(e.path)}`}` : `${e.method} ${shownPath(e.path)}`;
    const line = `${pc.dim(time())} ${e.source === "edge" ? pc.dim("aws") : pc.cyan("api")} ${what} ${statusColor(e.status)(String(e.status))} ${pc.dim(ms(e.durationMs))}`;
    write(line);
  };
  const invocation = (e: { functionName: string; requestId: string; durationMs: number; cold: boolean; status: "ok" | "error" | "timeout"; error?: string }) => {
    if (options.json) return write(JSON.stringify({ time: new Date().toISOString(), type: "invocation", ...e }));
    const status = e.status === "ok" ? pc.green("ok") : pc.red(e.status === "timeout" ? "timed out" : "error");
    const detail = e.error ? ` ${pc.red(e.error)}` : "";
    write(`${pc.dim(time())} ${pc.magenta("λ")}   ${e.functionName} ${e.cold ? pc.yellow("cold") : pc.dim("warm")} ${pc.dim(ms(e.durationMs))} ${status}${detail}`);
  };
  const functionLog = (e: { functionName: string; line: string; stream: "stdout" | "stderr" }) => {
    if (options.json) return write(JSON.stringify({ time: new Date().toISOString(), type: "log", ...e }));
    // The invocation line says what START/END/REPORT (or LogFormat JSON's platform records) say.
    if (/^(START|END|REPORT) RequestId:/.test(e.line) || PLATFORM_RECORD.test(e.line)) return;
    // Lambda turns a multi-line message into one record with \r separators.
    const text = e.line.replace(/\n$/, "").replace(/\r/g, "\n");
    write(`${pc.dim(`    ${e.functionName} │`)} ${e.stream === "stderr" ? pc.red(text) : text}`);
  };

  const functionReload = (e: { functionName: string; ok: boolean; durationMs: number; error?: string }) => {
    if (options.json) return write(JSON.stringify({ time: new Date().toISOString(), type: "reload", ...e }));
    // A failed build is reported by the Lambda runtime with its file:line; say only what was reloaded.
    if (e.ok) write(`${pc.dim(time())} ${pc.blue("↻")}   ${e.functionName} reloaded ${pc.dim(ms(e.durationMs))}`);
  };

  events.on("request", request);
  events.on("functionReload", functionReload);
  events.on("invocation", invocation);
  events.on("functionLog", functionLog);
  return () => {
    events.off("request", request);
    events.off("functionReload", functionReload);
    events.off("invocation", invocation);
    events.off("functionLog", functionLog);
  };
}
