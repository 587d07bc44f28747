/**
 * Trace summaries as a terminal list, one line each:
 *   1-6955b900-…  2026-01-01 00:00:00   245.0 ms  200    GET /orders  api/prod › createOrder › orders
 */
import { fit, formatDuration, padStart, palette, statusOf } from "./ansi.js";

/** What GetTraceSummaries returns per trace (the AWS SDK's `TraceSummary` fits). */
export interface TraceSummaryLike {
  Id?: string;
  /** Epoch seconds, or a Date as the AWS SDK parses it. */
  StartTime?: number | Date;
  Duration?: number;
  HasFault?: boolean;
  HasError?: boolean;
  HasThrottle?: boolean;
  IsPartial?: boolean;
  Http?: { HttpURL?: string; HttpStatus?: number; HttpMethod?: string };
  ServiceIds?: Array<{ Name?: string }>;
}

export interface TraceListOptions {
  color?: boolean;
}

const STATUS_WIDTH = 6;
const DURATION_WIDTH = 10;
const REQUEST_WIDTH = 32;

export function renderTraceList(summaries: readonly TraceSummaryLike[], options: TraceListOptions = {}): string {
  if (summaries.length === 0) return "No traces.";
  const paint = palette(options.color ?? false);
  return summaries
    .map((summary) => {
      const status = statusOf({ fault: summary.HasFault, throttle: summary.HasThrottle, error: summary.HasError });
      const code = summary.Http?.HttpStatus !== undefined ? String(summary.Http.HttpStatus) : status === "ok" ? "" : status;
      const duration = summary.IsPartial === true ? "…" : summary.Duration === undefined ? "" : formatDuration(summary.Duration);
      const request = [summary.Http?.HttpMethod, pathOf(summary.Http?.HttpURL)].filter((p) => p !== undefined).join(" ");
      const services = [...new Set((summary.ServiceIds ?? []).map((s) => s.Name).filter((n): n is string => n !== undefined))].join(" › ");
      return [
        summary.Id ?? "?",
        paint.dim(startText(summary.StartTime)),
        padStart(duration, DURATION_WIDTH),
        paint[status](fit(code, STATUS_WIDTH)),
        fit(request, REQUEST_WIDTH),
        services,
      ]
        .join("  ")
        .trimEnd();
    })
    .join("\n");
}

function startText(start: number | Date | undefined): string {
  if (start === undefined) return " ".repeat(19);
  const date = start instanceof Date ? start : new Date(start * 1000);
  return date.toISOString().slice(0, 19).replace("T", " ");
}

/** The path of a URL (the host is the sandbox's own). */
function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
