/**
 * Lambda's log lines → CloudWatch Logs. A function's lines arrive on the EventBus one by
 * one (START, its output, END, REPORT); they are appended once per stream every
 * LOG_BATCH_MS, so a busy function costs one journal record per batch, not one per line.
 * Whoever reads the logs flushes first (the Logs API does), so nothing looks late.
 */
import type { Clock, EventBus } from "@sam-sandbox/core";

const LOG_BATCH_MS = 50;

interface Batch {
  group: string;
  stream: string;
  events: Array<{ timestamp: number; message: string }>;
}

type Append = (group: string, stream: string, events: Array<{ timestamp: number; message: string }>) => void;

/** Starts forwarding; answers a function that appends what is pending (before reads, on stop). */
export function forwardFunctionLogs(events: EventBus, clock: Clock, append: Append): () => void {
  let pending = new Map<string, Batch>();
  // Consecutive lines mostly share a stream (START, output, END, REPORT of one invocation).
  let last: Batch | undefined;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    last = undefined;
    const batches = pending;
    pending = new Map();
    for (const batch of batches.values()) append(batch.group, batch.stream, batch.events);
  };
  events.on("functionLog", (e) => {
    if (!e.logGroup || !e.logStream) return;
    let batch = last;
    if (batch?.stream !== e.logStream || batch.group !== e.logGroup) {
      const key = `${e.logGroup}\n${e.logStream}`;
      batch = pending.get(key);
      if (!batch) {
        batch = { group: e.logGroup, stream: e.logStream, events: [] };
        pending.set(key, batch);
      }
      last = batch;
    }
    batch.events.push({ timestamp: e.timestamp ?? clock.now(), message: cloudWatchMessage(e.line) });
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, LOG_BATCH_MS).unref();
    }
  });
  return flush;
}

// A console.* line of the Node.js runtime in Text format: "<ISO time>\t<request id>\t<LEVEL>\t<message>".
const CONSOLE_LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t[^\t]*\t(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\t/;

// A logging record of the Python runtime in Text format: "[<LEVEL>]\t<UTC time>Z\t<request id>\t<message>".
const PYTHON_LOGGING_LINE = /^\[(?:NOTSET|DEBUG|INFO|WARNING|ERROR|CRITICAL)\]\t\d{4}-\d\d-\d\dT[\d:.]+Z\t[^\t]*\t/;

// LogFormat JSON: a platform record ({"time":…,"type":"platform.…"}) or a Node.js console record
// ({"timestamp":…,"level":…}, compact as JSON.stringify writes it).
const JSON_RECORD = /^\{"(?:time":"[^"]*","type":"platform\.|timestamp":"[^"]*","level":")/;

/**
 * A line as CloudWatch keeps it. A line of text ends with "\n" (START, END, REPORT, INIT_START,
 * console lines, print() and other stdout lines, in either log format), while the JSON records the
 * platform and the Node.js runtime write do not (a subscription filter's payload recorded on AWS from
 * a LogFormat JSON Python function: platform.start / platform.report records without it, its logging
 * records and print() lines with it; LogPatch.js of aws-lambda-nodejs-runtime-interface-client:
 * logTextToFd frames `…${util.format(…)}\n`, logJsonToFd frames JSON.stringify(…) alone).
 */
function cloudWatchMessage(line: string): string {
  if (line.charCodeAt(0) === 0x7b && JSON_RECORD.test(line)) return line;
  return `${line.includes("\r") ? withNewlines(line) : line}\n`;
}

/**
 * A console.* line (Node.js) or a logging record (Python) as CloudWatch keeps it. The worker and
 * the Python bootstrap write one line per call with its inner newlines as \r (the runtime's stdout
 * form); on Lambda the runtime writes each call as one telemetry frame that keeps them, so the
 * event's message holds \n (aws-lambda-nodejs-runtime-interface-client LogPatch.js: logTextToFd
 * frames `${time}\t${requestId}\t${level}\t${format(…)}` unchanged, logTextToStdout alone turns \n
 * into \r; awslambdaric LambdaLoggerHandler sends the formatted record to FramedTelemetryLogSink
 * as one frame). Other output (print(), raw stdout writes) stays as written.
 */
function withNewlines(line: string): string {
  return CONSOLE_LINE.test(line) || PYTHON_LOGGING_LINE.test(line) ? line.replace(/\r/g, "\n") : line;
}
