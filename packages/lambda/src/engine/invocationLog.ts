/**
 * The log of one invocation: the function's lines between START and END / REPORT, sent
 * to the EventBus as they come (functionLog) and kept for LogType Tail; the outcome is
 * published as an `invocation` event.
 */
import { hex, type Clock, type EventBus } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import { LATEST_VERSION, LOG_TAIL_BYTES } from "../limits.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import { applicationLineFilter, platformEventsShown } from "./logLevels.js";
import { endRecords, initDoneRecords, initStartRecord, startRecord, uncaughtRecord, type RecordTracing } from "./platformRecords.js";
import { initReportLine, initStartLine, reportLine, xrayReportLine, type ReportStatus } from "./reportLines.js";

export interface RunResult {
  /** The function's JSON answer (a subprocess runtime's bytes as it posted them), or its error payload. */
  payload: string | Buffer;
  functionError?: string;
  logTail?: string;
  /** A streamed response's content type. */
  contentType?: string;
}

export interface Report {
  durationMs: number;
  memoryUsedMb: number;
  initMs?: number;
  status?: ReportStatus;
}

export class InvocationLog {
  private readonly tail: string[] | undefined;
  /** LoggingConfig LogFormat JSON: platform lines are JSON records. */
  private readonly json: boolean;
  /** LoggingConfig ApplicationLogLevel (JSON format): the function's lines below it are dropped. */
  private readonly keepLine: ((line: string) => boolean) | undefined;
  /** LoggingConfig SystemLogLevel WARN (JSON format) drops the platform's INFO events. */
  private readonly platformShown: boolean;
  /** CloudWatch log stream of the environment serving the call (set once it is acquired). */
  logStream: string | undefined;
  /** A traced invocation's trace, carried by its JSON platform records. */
  tracing: RecordTracing | undefined;

  constructor(
    private readonly events: EventBus,
    private readonly fn: LambdaFunctionConfig,
    readonly requestId: string,
    keepTail: boolean,
    private readonly clock: Clock,
    /** The function version that runs ($LATEST or a published number). */
    private readonly version: string = LATEST_VERSION,
  ) {
    this.tail = keepTail ? [] : undefined;
    this.json = fn.logFormat === "JSON";
    this.keepLine = applicationLineFilter(fn);
    this.platformShown = platformEventsShown(fn);
  }

  /** One line of the function's own output, unless its level is below ApplicationLogLevel. */
  readonly emit = (line: string, stream: "stdout" | "stderr" = "stdout"): void => {
    if (this.keepLine === undefined || this.keepLine(line)) this.write(line, stream);
  };

  /** One platform line (START, END, REPORT, INIT_*, or their JSON records), unless SystemLogLevel drops them. */
  private platform(line: string): void {
    if (this.platformShown) this.write(line, "stdout");
  }

  private write(line: string, stream: "stdout" | "stderr"): void {
    flatten(line);
    const now = this.clock.now();
    // An Init failure has no environment, but AWS still writes its lines to a fresh stream.
    this.logStream ??= logStreamName(now, this.version);
    this.events.emit("functionLog", {
      functionName: this.fn.functionName,
      requestId: this.requestId,
      line,
      stream,
      logGroup: this.fn.logGroup ?? logGroupOf(this.fn.functionName),
      logStream: this.logStream,
      timestamp: now,
    });
    this.tail?.push(line);
  }

  /** A cold start's Init phase begins (INIT_START / platform.initStart). */
  initStart(region: string): void {
    this.platform(this.json ? initStartRecord(this.clock.now(), this.fn.runtime, region, this.fn.functionName, this.version) : initStartLine(this.fn.runtime, region));
  }

  /** The Init phase succeeded: only JSON logs report it (platform.initRuntimeDone, platform.initReport). */
  initDone(durationMs: number): void {
    if (this.json) for (const record of initDoneRecords(this.clock.now(), durationMs)) this.platform(record);
  }

  /** The Init phase failed (INIT_REPORT … Status: error / platform.initReport). */
  initFailed(durationMs: number, status: ReportStatus): void {
    if (this.json) for (const record of initDoneRecords(this.clock.now(), durationMs, status)) this.platform(record);
    else this.platform(initReportLine(durationMs, status));
  }

  /** The code could not even load: the runtime's "Uncaught Exception" line; `formatted` is the error's JSON. */
  uncaught(formatted: string): void {
    const now = this.clock.now();
    this.emit(this.json ? uncaughtRecord(now, formatted) : `${new Date(now).toISOString()}\tundefined\tERROR\tUncaught Exception \t${formatted}`);
  }

  start(): void {
    // LogType Tail begins at START: a cold start's INIT_START and Init-phase lines stay out
    // (localstack test_invocation_with_logs and test_invocation_with_qualifier, recorded on AWS).
    if (this.tail !== undefined) this.tail.length = 0;
    this.platform(this.json ? startRecord(this.clock.now(), this.requestId, this.version, this.tracing) : `START RequestId: ${this.requestId} Version: ${this.version}`);
  }

  /**
   * Writes END and REPORT, publishes the outcome, and shapes the answer. `errorBody`: the
   * error document exactly as a runtime posted it, answered instead of `answer`.
   */
  end(answer: RuntimeErrorPayload | string | Buffer, report: Report, cold: boolean, errorBody?: string): RunResult {
    const failed = typeof answer !== "string" && !Buffer.isBuffer(answer);
    const payload = failed ? (errorBody ?? JSON.stringify(answer)) : answer;
    if (this.json) {
      const metrics = { ...report, memorySizeMb: this.fn.memorySizeMb, producedBytes: Buffer.byteLength(payload) };
      for (const record of endRecords(this.clock.now(), this.requestId, metrics, this.tracing)) this.platform(record);
    } else {
      this.platform(`END RequestId: ${this.requestId}`);
      const line = reportLine(this.requestId, this.fn.memorySizeMb, report);
      this.platform(this.tracing === undefined ? line : `${line}\n${xrayReportLine(this.tracing.value, this.tracing.spanId)}`);
    }
    // Built only for a listener (the terminal's line per invocation).
    if (this.events.listenerCount("invocation") > 0) {
      this.events.emit("invocation", {
        functionName: this.fn.functionName,
        requestId: this.requestId,
        durationMs: report.durationMs,
        cold,
        status: report.status?.kind === "timeout" ? "timeout" : failed ? "error" : "ok",
        error: failed ? answer.errorType : undefined,
      });
    }
    return {
      payload,
      functionError: failed ? "Unhandled" : undefined,
      logTail: this.tail ? lastBytes(this.tail) : undefined,
    };
  }
}

/**
 * Has V8 copy a line built in pieces (START and END are template literals, each piece a
 * separate string object) into one flat string now. CloudWatch Logs keeps every line, and the
 * sandbox holds a line ~50 ms before it stores it (then it is flattened anyway, to count its
 * bytes): the pieces would be moved by every garbage collection in between. Flat at once, they
 * die young. Measured on Step Functions executions (one Lambda Task each), per young-generation
 * collection of the sandbox's heap: ~8 % less survives it (476 → 435 KB), ~5 % less is promoted.
 * charCodeAt is the cheapest call that flattens a string.
 */
function flatten(line: string): void {
  line.charCodeAt(0);
}

const logGroups = new Map<string, string>();

/** "/aws/lambda/<name>", made once per function (the group unless LoggingConfig.LogGroup names another). */
function logGroupOf(functionName: string): string {
  let group = logGroups.get(functionName);
  if (group === undefined) {
    group = `/aws/lambda/${functionName}`;
    logGroups.set(functionName, group);
  }
  return group;
}

/** The last 4 KB of the log, base64 (X-Amz-Log-Result). */
function lastBytes(lines: readonly string[]): string {
  const bytes = Buffer.from(`${lines.join("\n")}\n`, "utf8");
  return bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString("base64");
}

/** "2026/11/25/[$LATEST]<32 hex>", as Lambda names an environment's log stream ([3] for version 3). */
export function logStreamName(nowMs: number, version: string = LATEST_VERSION): string {
  const d = new Date(nowMs);
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
  return `${day}/[${version}]${hex(16)}`;
}
