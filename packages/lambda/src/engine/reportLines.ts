/**
 * Lambda's platform log lines (text format), as CloudWatch shows them:
 * INIT_START, INIT_REPORT (failed init only), REPORT with the new-style Status field.
 */

export type ReportStatus = { kind: "timeout" } | { kind: "error"; errorType: string };

const ms = (value: number) => value.toFixed(2);

export function initStartLine(runtime: string, region: string): string {
  const { name, arn } = runtimeVersion(runtime, region);
  return `INIT_START Runtime Version: ${name}\tRuntime Version ARN: ${arn}`;
}

/** The runtime version Lambda names in INIT_START ("nodejs:20.v13") and its ARN. */
export function runtimeVersion(runtime: string, region: string): { name: string; arn: string } {
  const node = /^nodejs(\d+)\.x$/.exec(runtime);
  if (node || !/^(python|provided)/.test(runtime)) {
    // Lambda names its runtime build; the sandbox names the Node.js that runs the function.
    return {
      name: `nodejs:${node?.[1] ?? "20"}.v${process.versions.node.split(".")[1]}`,
      arn: `arn:aws:lambda:${region}::runtime:sandbox-node-${process.versions.node}`,
    };
  }
  // "python3.12" → "python:3.12", "provided.al2023" → "provided:al2023".
  const name = runtime === "provided" ? runtime : runtime.replace(/^(python|provided)\.?/, "$1:");
  return { name: `${name}.v1`, arn: `arn:aws:lambda:${region}::runtime:sandbox-${runtime}` };
}

export function initReportLine(initMs: number, status: ReportStatus): string {
  const fields = [`INIT_REPORT Init Duration: ${ms(initMs)} ms`, "Phase: init", ...statusFields(status)];
  return fields.join("\t");
}

export function reportLine(
  requestId: string,
  memorySizeMb: number,
  report: { durationMs: number; memoryUsedMb: number; initMs?: number; status?: ReportStatus },
): string {
  const fields = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${ms(report.durationMs)} ms`,
    `Billed Duration: ${billedDurationMs(report.durationMs, report.initMs)} ms`,
    `Memory Size: ${memorySizeMb} MB`,
    `Max Memory Used: ${Math.min(report.memoryUsedMb, memorySizeMb)} MB`,
  ];
  if (report.initMs !== undefined) fields.push(`Init Duration: ${ms(report.initMs)} ms`);
  if (report.status) fields.push(...statusFields(report.status));
  return `${fields.join("\t")}\t`;
}

/**
 * The line a traced invocation's REPORT carries after a newline (one log event with it):
 * "XRAY TraceId: 1-…\tSegmentId: <function segment>\tSampled: true\t", as Lambda writes it for
 * functions with Tracing Active (public CloudWatch excerpts of real REPORT events).
 */
export function xrayReportLine(traceHeader: string, segmentId: string): string {
  const root = /(?:^|;)\s*Root=([^;]+)/.exec(traceHeader)?.[1] ?? "";
  return `XRAY TraceId: ${root}\tSegmentId: ${segmentId}\tSampled: true\t`;
}

/**
 * Lambda bills in 1 ms steps, rounded up; since 1 August 2025 a cold start's Init phase is
 * billed too (AWS Compute Blog, "AWS Lambda standardizes billing for INIT Phase"), so its
 * Init Duration is part of the Billed Duration.
 */
export function billedDurationMs(durationMs: number, initMs: number | undefined): number {
  return Math.max(1, Math.ceil(durationMs + (initMs ?? 0)));
}

function statusFields(status: ReportStatus): string[] {
  return status.kind === "timeout" ? ["Status: timeout"] : ["Status: error", `Error Type: ${status.errorType}`];
}
