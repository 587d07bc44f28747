/**
 * Captures what a function prints. console.* is formatted as the Node.js runtime does
 * ("<ISO time>\t<requestId>\tINFO\t<message>", or a JSON object with LogFormat JSON);
 * raw process.stdout/stderr writes pass through unchanged. Everything goes to the main
 * thread as "log" messages, in order with the invocation's result.
 */
import { format } from "node:util";

type Post = (text: string, stream: "stdout" | "stderr") => void;

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 } as const;
type Level = keyof typeof LEVELS;

export interface LogState {
  /** The current invocation's request id ("undefined" during init, as the runtime prints it). */
  requestId: string | undefined;
}

export function captureOutput(post: Post, logFormat: "Text" | "JSON", state: LogState): void {
  patchStream(process.stdout, "stdout", post);
  patchStream(process.stderr, "stderr", post);
  patchConsole(logFormat, state);
}

function patchStream(stream: NodeJS.WriteStream, name: "stdout" | "stderr", post: Post): void {
  const write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    const encoding = typeof encodingOrCallback === "string" ? (encodingOrCallback as BufferEncoding) : "utf8";
    post(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(encoding), name);
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (typeof done === "function") process.nextTick(done as () => void);
    return true;
  };
  stream.write = write as typeof stream.write;
}

function patchConsole(logFormat: "Text" | "JSON", state: LogState): void {
  // AWS_LAMBDA_LOG_LEVEL filters application logs (LoggingConfig.ApplicationLogLevel).
  const envLevel = process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase();
  const minLevel = envLevel && envLevel in LEVELS ? LEVELS[envLevel as Level] : LEVELS.TRACE;
  const make = (level: Level) => {
    if (LEVELS[level] < minLevel) return () => {};
    return (message?: unknown, ...params: unknown[]) => {
      const timestamp = new Date().toISOString();
      // During init there is no request id: text lines say "undefined", JSON records leave it out.
      const line =
        logFormat === "JSON"
          ? jsonLine(timestamp, state.requestId, level, message, params)
          : [timestamp, String(state.requestId), level, format(message, ...params)].join("\t");
      // CloudWatch keeps one event per line: the runtime turns inner newlines into \r.
      process.stdout.write(`${line.replace(/\n/g, "\r")}\n`);
    };
  };
  const target = console as Console & { fatal?: (...args: unknown[]) => void };
  target.trace = make("TRACE");
  target.debug = make("DEBUG");
  target.info = make("INFO");
  target.warn = make("WARN");
  target.error = make("ERROR");
  target.fatal = make("FATAL");
  target.log = target.info;
}

function jsonLine(timestamp: string, requestId: string | undefined, level: Level, message: unknown, params: unknown[]): string {
  const record: Record<string, unknown> = { timestamp, level, requestId };
  if (params.length === 0) {
    record.message = message;
    try {
      return JSON.stringify(record, errorReplacer);
    } catch {
      record.message = format(message);
      return JSON.stringify(record);
    }
  }
  record.message = format(message, ...params);
  const error = params.find((p): p is Error => p instanceof Error);
  if (error) {
    record.errorType = error.constructor?.name ?? "UnknownError";
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === "string" ? error.stack.split("\n") : [];
  }
  return JSON.stringify(record);
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return Object.assign(
    {
      errorType: value.constructor?.name ?? "UnknownError",
      errorMessage: value.message,
      stackTrace: typeof value.stack === "string" ? value.stack.split("\n") : value.stack,
    },
    value,
  );
}
