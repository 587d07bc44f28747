/**
 * Lambda's platform log lines with LoggingConfig LogFormat JSON: one JSON object per line,
 * {"time", "type": "platform.<event>", "record": {…}}, as CloudWatch Logs receives them
 * (the Telemetry API's event schema) in place of the text INIT_START / START / END / REPORT.
 */
import type { ReportStatus } from "./reportLines.js";
import { billedDurationMs, runtimeVersion } from "./reportLines.js";

/** The trace a traced invocation's records carry. */
export interface RecordTracing {
  spanId: string;
  type: "X-Amzn-Trace-Id";
  value: string;
}

export interface InvocationMetrics {
  durationMs: number;
  memorySizeMb: number;
  memoryUsedMb: number;
  initMs?: number;
  status?: ReportStatus;
  /** Bytes of the function's response. */
  producedBytes: number;
}

const INIT = { initializationType: "on-demand", phase: "init" } as const;

/** Durations as the platform writes them: milliseconds with three decimals. */
const ms = (value: number) => Math.round(value * 1000) / 1000;

function line(time: number, type: string, record: Record<string, unknown>): string {
  return JSON.stringify({ time: new Date(time).toISOString(), type, record });
}

/** "success" / "error" (+ errorType) / "timeout", as the records report an outcome. */
function outcome(status: ReportStatus | undefined): Record<string, unknown> {
  if (status === undefined) return { status: "success" };
  return status.kind === "timeout" ? { status: "timeout" } : { status: "error", errorType: status.errorType };
}

export function initStartRecord(time: number, runtime: string, region: string, functionName: string, version: string): string {
  const { name, arn } = runtimeVersion(runtime, region);
  return line(time, "platform.initStart", { ...INIT, runtimeVersion: name, runtimeVersionArn: arn, functionName, functionVersion: version });
}

/** The Init phase ended: platform.initRuntimeDone then platform.initReport. */
export function initDoneRecords(time: number, durationMs: number, status?: ReportStatus): string[] {
  const result = outcome(status);
  return [
    line(time, "platform.initRuntimeDone", { ...INIT, ...result }),
    line(time, "platform.initReport", { ...INIT, ...result, metrics: { durationMs: ms(durationMs) } }),
  ];
}

export function startRecord(time: number, requestId: string, version: string, tracing: RecordTracing | undefined): string {
  const record: Record<string, unknown> = { requestId, version };
  if (tracing !== undefined) record.tracing = tracing;
  return line(time, "platform.start", record);
}

/** The invocation ended: platform.runtimeDone (in place of END) then platform.report (REPORT). */
export function endRecords(time: number, requestId: string, metrics: InvocationMetrics, tracing: RecordTracing | undefined): string[] {
  const result = outcome(metrics.status);
  const done: Record<string, unknown> = { requestId, ...result, metrics: { durationMs: ms(metrics.durationMs), producedBytes: metrics.producedBytes } };
  if (tracing !== undefined) done.tracing = tracing;
  const reportMetrics: Record<string, number> = {
    durationMs: ms(metrics.durationMs),
    billedDurationMs: billedDurationMs(metrics.durationMs, metrics.initMs),
    memorySizeMB: metrics.memorySizeMb,
    maxMemoryUsedMB: Math.min(metrics.memoryUsedMb, metrics.memorySizeMb),
  };
  if (metrics.initMs !== undefined) reportMetrics.initDurationMs = ms(metrics.initMs);
  const report: Record<string, unknown> = { requestId, metrics: reportMetrics };
  if (tracing !== undefined) report.tracing = tracing;
  Object.assign(report, result);
  return [line(time, "platform.runtimeDone", done), line(time, "platform.report", report)];
}

/** A function whose code cannot load, as the runtime logs it in JSON (no request id yet). */
export function uncaughtRecord(time: number, formatted: string): string {
  return JSON.stringify({ timestamp: new Date(time).toISOString(), level: "ERROR", message: `Uncaught Exception \t${formatted}` });
}
