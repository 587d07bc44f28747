/**
 * Metrics the sandbox's own services publish, as AWS's do (AWS/Lambda Invocations, Errors,
 * Duration per FunctionName and across functions). They are summed per series and minute in
 * memory and stored as one point each when read (ListMetrics, GetMetric*, an alarm evaluation)
 * or every FLUSH_MS: one journal record per flush, not one per invocation.
 */
import type { TimerHandle } from "@sam-sandbox/core";
import type { CloudWatchContext } from "./context.js";
import { storePuts } from "./putMetricData.js";
import { seriesKey, type Dimension, type Point, type SeriesPut } from "./state.js";

const FLUSH_MS = 10_000;
/** Raw values kept per minute for percentiles (Duration p99); beyond them the aggregate alone grows. */
const MAX_RAW_VALUES = 1000;

interface Pending {
  namespace: string;
  name: string;
  dimensions: Dimension[];
  point: Point;
}

export class ServiceMetrics {
  private pending = new Map<string, Pending>();
  private timer: TimerHandle | undefined;

  constructor(private readonly ctx: CloudWatchContext) {}

  record(namespace: string, name: string, dimensions: Dimension[], value: number, unit: string): void {
    const t = Math.floor(this.ctx.clock.now() / 60_000) * 60_000;
    const key = `${seriesKey(namespace, name, dimensions)}\u0002${t}\u0002${unit}`;
    const entry = this.pending.get(key);
    if (!entry) {
      this.pending.set(key, { namespace, name, dimensions, point: { t, unit, res: 60, count: 1, sum: value, min: value, max: value, values: [value], counts: [1] } });
    } else {
      const p = entry.point;
      p.count += 1;
      p.sum += value;
      p.min = Math.min(p.min, value);
      p.max = Math.max(p.max, value);
      if ((p.values?.length ?? 0) < MAX_RAW_VALUES) {
        p.values?.push(value);
        p.counts?.push(1);
      }
    }
    this.timer ??= this.ctx.clock.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_MS);
  }

  /** A Lambda invocation ended: Invocations, Errors (timeouts included) and Duration, as Lambda publishes them. */
  lambdaInvocation(functionName: string, durationMs: number, failed: boolean): void {
    for (const dimensions of [[{ Name: "FunctionName", Value: functionName }], []]) {
      this.record("AWS/Lambda", "Invocations", dimensions, 1, "Count");
      this.record("AWS/Lambda", "Errors", dimensions, failed ? 1 : 0, "Count");
      this.record("AWS/Lambda", "Duration", dimensions, durationMs, "Milliseconds");
    }
  }

  /** Stores what is pending (applied at once, so a read right after sees it). */
  flush(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    const puts: SeriesPut[] = [...this.pending.values()].map((p) => ({ key: seriesKey(p.namespace, p.name, p.dimensions), ...p }));
    this.pending = new Map();
    return storePuts(this.ctx, puts).catch((error: unknown) => this.ctx.logger.error(`CloudWatch: service metrics not stored: ${String(error)}`));
  }

  close(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    return this.flush();
  }
}
