import { EventEmitter } from "node:events";

/** Events services publish for the terminal, logs and other services to observe. */
export interface SandboxEvents {
  /** One HTTP request served on the app port or the edge. */
  request: [{ source: "api" | "edge"; method: string; path: string; status: number; durationMs: number; service?: string; action?: string }];
  /** One Lambda invocation finished. */
  invocation: [{ functionName: string; requestId: string; durationMs: number; cold: boolean; status: "ok" | "error" | "timeout"; error?: string }];
  /**
   * Hot reload: a function's code changed on disk and was rebuilt (ok: new invocations
   * run it) or failed to build (ok: false: the previous code keeps serving).
   */
  functionReload: [{ functionName: string; ok: boolean; durationMs: number; error?: string }];
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
  /**
   * An SNS message handed to one subscription (or given up on). Email deliveries carry the
   * text the terminal shows, since the sandbox sends no mail.
   */
  snsDelivery: [{
    topicArn: string;
    subscriptionArn: string;
    protocol: string;
    endpoint: string;
    messageId: string;
    /** "Notification", "SubscriptionConfirmation" or "UnsubscribeConfirmation". */
    type: string;
    /** delivered; failed (retries exhausted or a permanent error); skipped (protocol not emulated). */
    status: "delivered" | "failed" | "skipped";
    attempts: number;
    subject?: string;
    /** The body sent (email: the text; email-json/http: the JSON document). */
    body?: string;
    error?: string;
  }];
}

export class EventBus extends EventEmitter<SandboxEvents> {}
