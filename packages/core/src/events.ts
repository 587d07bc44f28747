import { EventEmitter } from "node:events";

/** Events services publish for the terminal, logs and other services to observe. */
export interface SandboxEvents {
  /** One HTTP request served on the app port or the edge. */
  request: [{ source: "api" | "edge"; method: string; path: string; status: number; durationMs: number; service?: string; action?: string }];
  /** One Lambda invocation finished. */
  invocation: [{ functionName: string; requestId: string; durationMs: number; cold: boolean; status: "ok" | "error" | "timeout"; error?: string }];
  /** A line a function wrote to stdout/stderr. */
  functionLog: [{
    functionName: string;
    requestId?: string;
    line: string;
    stream: "stdout" | "stderr";
    /** CloudWatch Logs destination of the line ("/aws/lambda/<name>", "2026/11/25/[$LATEST]<hex>"). */
    logGroup?: string;
    logStream?: string;
    /** When the line was written (ms since the epoch). */
    timestamp?: number;
  }];
}

export class EventBus extends EventEmitter<SandboxEvents> {}
