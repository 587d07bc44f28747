/**
 * The log of one invocation: the function's lines between START and END / REPORT, sent
 * to the EventBus as they come (functionLog) and kept for LogType Tail; the outcome is
 * published as an `invocation` event.
 */
import { hex, type Clock, type EventBus } from "@sam-sandbox/core";
import type { LambdaFunctionConfig } from "../index.js";
import { LATEST_VERSION, LOG_TAIL_BYTES } from "../limits.js";
import type { RuntimeErrorPayload } from "../worker/protocol.js";
import { reportLine, type ReportStatus } from "./reportLines.js";

export interface RunResult {
  /** The function's JSON answer, or its error payload. */
  payload: string;
  functionError?: string;
  logTail?: string;
}

export interface Report {
  durationMs: number;
  memoryUsedMb: number;
  initMs?: number;
  status?: ReportStatus;
}

export class InvocationLog {
  private readonly tail: string[] | undefined;
  /** CloudWatch log stream of the environment serving the call (set once it is acquired). */
  logStream: string | undefined;

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
  }

  readonly emit = (line: string, stream: "stdout" | "stderr" = "stdout"): void => {
    // An Init failure has no environment, but AWS still writes its lines to a fresh stream.
    this.logStream ??= logStreamName(this.clock.now(), this.version);
    this.events.emit("functionLog", {
      functionName: this.fn.functionName,
      requestId: this.requestId,
      line,
      stream,
      logGroup: `/aws/lambda/${this.fn.functionName}`,
      logStream: this.logStream,
      timestamp: this.clock.now(),
    });
    this.tail?.push(line);
  };

  start(): void {
    this.emit(`START RequestId: ${this.requestId} Version: ${this.version}`);
  }

  /**
   * Writes END and REPORT, publishes the outcome, and shapes the answer. `errorBody`: the
   * error document exactly as a runtime posted it, answered instead of `answer`.
   */
  end(answer: RuntimeErrorPayload | string, report: Report, cold: boolean, errorBody?: string): RunResult {
    this.emit(`END RequestId: ${this.requestId}`);
    this.emit(reportLine(this.requestId, this.fn.memorySizeMb, report));
    const failed = typeof answer !== "string";
    this.events.emit("invocation", {
      functionName: this.fn.functionName,
      requestId: this.requestId,
      durationMs: report.durationMs,
      cold,
      status: report.status?.kind === "timeout" ? "timeout" : failed ? "error" : "ok",
      error: failed ? answer.errorType : undefined,
    });
    return {
      payload: failed ? (errorBody ?? JSON.stringify(answer)) : answer,
      functionError: failed ? "Unhandled" : undefined,
      logTail: this.tail ? lastBytes(this.tail) : undefined,
    };
  }
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
